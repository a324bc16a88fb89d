"""Typed place names → a point in Goyang: "화정녁 근처", "주엽동", "일산서구", "킨텍스".

The gazetteer holds Goyang's 3 districts, 44 administrative dongs, subway stations,
landmarks and every known place. Resolution, in order:

1. exact match of the normalised text (and of the text without filler words like 근처/카페),
   names before automatic variants ("화정1동" also answers to "화정동" and "화정");
2. the longest known name of 3+ letters the text starts with ("화정역 2번 출구" → 화정역);
3. names of places outside Goyang ("홍대", "파주") → ``OutsideGoyang``;
4. fuzzy match on jamo-decomposed text (rapidfuzz), so one wrong letter ("녁"/"역") is a
   small difference.

Several equally good candidates within ``SAME_AREA_M`` of each other are one answer (the
station first: "화정" → 화정역, not a question about 화정1동/화정2동); farther apart they
become a choice (``Ambiguous``). Groups ("고양시", "일산") always ask which part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from content.localized import pick
from content.places.geo import Point, distance_m
from content.places.hangul import normalise, strip_fillers
from content.text.matching import jamo

if TYPE_CHECKING:
    from content.places.models import GazetteerEntry, Place

SAME_AREA_M = 2_500.0
FAR_FROM_GOYANG_M = 5_000.0
FUZZY_CUTOFF = 85.0  # one wrong jamo in a 3-syllable name scores ~87
SHORTER_KEY_CUTOFF = 88.0
SUGGEST_CUTOFF = 55.0
TIE_MARGIN = 2.0
MAX_FUZZY_WORD = 8  # letters; a longer word in a sentence is not a misspelt place name
MIN_PREFIX = 3  # "화정역…" may start a longer text; "고양…" (고양이) may not
# Which kind answers first when candidates are close together.
KIND_RANK = {"station": 0, "place": 1, "landmark": 2, "dong": 3, "district": 4}
SECTION_KIND = {
    "districts": "district",
    "dongs": "dong",
    "stations": "station",
    "landmarks": "landmark",
}
DISTRICT_LABELS = {
    "deogyang": {"ko": "덕양구", "en": "Deogyang-gu"},
    "ilsandong": {"ko": "일산동구", "en": "Ilsandong-gu"},
    "ilsanseo": {"ko": "일산서구", "en": "Ilsanseo-gu"},
}
# Names that stand for several districts: the user picks one.
GROUPS = {"ilsan": ("일산", ("ilsandong", "ilsanseo"))}


@dataclass(frozen=True, slots=True)
class Spot:
    """A resolved location a search can start from."""

    id: str
    kind: str  # district | dong | station | landmark | place
    name: str
    name_en: str | None
    district: str | None
    lat: float
    lon: float
    approximate: bool = False

    @property
    def point(self) -> Point:
        return Point(self.lat, self.lon)

    def label(self, locale: str) -> str:
        name = self.name_en if locale == "en" and self.name_en else self.name
        if self.kind == "dong" and self.district:
            return f"{name} ({pick(DISTRICT_LABELS[self.district], locale)})"
        return name


@dataclass(frozen=True, slots=True)
class Found:
    spot: Spot
    score: float


@dataclass(frozen=True, slots=True)
class Ambiguous:
    choices: tuple[Spot, ...]


@dataclass(frozen=True, slots=True)
class OutsideGoyang:
    name: str


@dataclass(frozen=True, slots=True)
class NotFound:
    query: str
    suggestions: tuple[Spot, ...] = ()


Resolution = Found | Ambiguous | OutsideGoyang | NotFound


def _variants(kind: str, name: str, name_en: str | None) -> list[str]:
    """Automatic extra keys: 화정1동 → 화정동, 화정; 화정역 → 화정; Hwajeong Station → hwajeong."""
    out: list[str] = []
    if kind == "dong":
        base = re.sub(r"\d*동$", "", name)
        if base and base != name:
            out += [base + "동", base]
    elif kind == "station" and name.endswith("역") and len(name) > 2:
        out.append(name[:-1])
    if name_en and kind == "station":
        out.append(re.sub(r"\s*station$", "", name_en, flags=re.IGNORECASE))
    return out


class Gazetteer:
    def __init__(
        self,
        entries: Sequence[GazetteerEntry],
        *,
        sections: dict[str, str],
        city_aliases: Iterable[str] = ("고양시", "고양"),
        outside_names: Iterable[str] = (),
        places: Sequence[Place] = (),
    ) -> None:
        self._entries = list(entries)
        self._sections = dict(sections)
        self._city_aliases = list(city_aliases)
        self._outside_names = list(outside_names)
        self.spots: dict[str, Spot] = {}
        self.areas: list[Spot] = []  # districts, dongs and stations: where Goyang is
        # key → list of (priority, spot id); priority 0 = a name or alias, 1 = a variant
        self._exact: dict[str, list[tuple[int, str]]] = {}
        for entry in self._entries:
            kind = SECTION_KIND.get(self._sections.get(entry.id, ""), "landmark")
            spot = Spot(
                entry.id,
                kind,
                entry.name,
                entry.name_en,
                entry.district,
                entry.lat,
                entry.lon,
                entry.approximate,
            )
            self._add(
                spot,
                [entry.name, *entry.aliases, *([entry.name_en] if entry.name_en else [])],
                _variants(kind, entry.name, entry.name_en),
            )
            if kind in ("district", "dong", "station"):
                self.areas.append(spot)
        for place in places:
            if place.status == "closed":
                continue
            spot = Spot(
                f"p.{place.id}",
                "place",
                place.name["ko"],
                place.name.get("en"),
                place.district,
                place.lat,
                place.lon,
                place.approximate,
            )
            self._add(spot, [place.name["ko"], place.name.get("en") or "", *place.aliases], [])
        self._groups: dict[str, tuple[str, ...]] = {}
        district_ids = tuple(e.id for e in self._entries if self._sections.get(e.id) == "districts")
        for alias in self._city_aliases:
            self._groups[normalise(alias)] = district_ids
        for name, members in GROUPS.values():
            if all(m in self.spots for m in members):
                self._groups[normalise(name)] = members
        self._outside = {normalise(n) for n in self._outside_names if normalise(n)}
        self._keys = list(self._exact)
        self._jamo_keys = [jamo(k) for k in self._keys]
        self._first_letters: dict[str, list[int]] | None = None
        self._places = list(places)

    def _add(self, spot: Spot, names: Iterable[str], variants: Iterable[str]) -> None:
        self.spots[spot.id] = spot
        for priority, group in ((0, names), (1, variants)):
            for raw in group:
                key = normalise(raw or "")
                if not key:
                    continue
                bucket = self._exact.setdefault(key, [])
                if all(sid != spot.id for _, sid in bucket):
                    bucket.append((priority, spot.id))

    def area_names(self) -> list[str]:
        """Names that mean "somewhere in Goyang" when typed on their own: every district,
        dong, station and landmark, plus a split dong's common name (화정1동 → 화정동)."""
        names: list[str] = []
        for spot in self.spots.values():
            if spot.kind == "place":
                continue
            names.append(spot.name)
            if spot.kind == "dong":
                names.extend(v for v in _variants("dong", spot.name, None) if v.endswith("동"))
        return list(dict.fromkeys(names))

    def with_places(self, places: Sequence[Place]) -> Gazetteer:
        return Gazetteer(
            self._entries,
            sections=self._sections,
            city_aliases=self._city_aliases,
            outside_names=self._outside_names,
            places=places,
        )

    def get(self, spot_id: str) -> Spot | None:
        return self.spots.get(spot_id)

    def districts(self) -> list[Spot]:
        return [s for s in self.spots.values() if s.kind == "district"]

    def is_far_from_goyang(self, point: Point) -> bool:
        """True when the point is more than 5 km from every district, dong and station point."""
        return all(distance_m(point, area.point) > FAR_FROM_GOYANG_M for area in self.areas)

    # -- resolution --

    def resolve(self, text: str) -> Resolution:
        text = (text or "")[:200]
        whole, core = normalise(text), strip_fillers(text)
        if not core and not whole:
            return NotFound(text)
        for query in dict.fromkeys(q for q in (whole, core) if q):
            if query in self._groups:
                return Ambiguous(tuple(self.spots[s] for s in self._groups[query]))
            if query in self._exact:
                return self._pick(self._exact[query], 100.0)
        if not core:  # only filler words ("근처 카페"): no place named
            return NotFound(text.strip())
        query = core
        for end in range(len(query) - 1, MIN_PREFIX - 1, -1):  # "화정역2번출구" → 화정역
            prefix = query[:end]
            if prefix in self._exact:
                return self._pick(self._exact[prefix], 95.0)
            if prefix in self._outside:
                return OutsideGoyang(text.strip())
        if query in self._outside or whole in self._outside or query[:2] in self._outside:
            return OutsideGoyang(text.strip())
        scored = process.extract(
            jamo(query), self._jamo_keys, scorer=fuzz.ratio, limit=12, score_cutoff=SUGGEST_CUTOFF
        )
        # A known name shorter than the text is a weak match ("고양이" is not 고양).
        matches = [
            m
            for m in scored
            if m[1] >= (SHORTER_KEY_CUTOFF if len(self._keys[m[2]]) < len(query) else FUZZY_CUTOFF)
        ]
        if not matches:
            suggestions = self._unique(self._keys[i] for _, _, i in scored)[:3]
            return NotFound(text.strip(), tuple(suggestions))
        best = matches[0][1]
        close = [
            (p, sid)
            for _, score, i in matches
            if score >= best - TIE_MARGIN
            for p, sid in self._exact[self._keys[i]]
        ]
        return self._pick(close, float(best))

    def spots_in(self, words: Sequence[Sequence[str]]) -> list[tuple[range, Spot]]:
        """The places a sentence names, in order: ``words`` are its words, each as a list of
        forms (the word, then without its particle: "일산동구에서" → "일산동구"). A form
        names a place when it is a known name, or one jamo away from a name of 3+ letters
        ("화정녁"); two neighbouring words are tried together too ("화정 역"). Group names
        ("고양", "일산") and suggestions are not places here. Each comes with the words that
        named it."""
        found: dict[str, tuple[range, Spot]] = {}
        keys = [[normalise(f) for f in forms] for forms in words]
        for i, forms in enumerate(keys):
            pair = [forms[0] + k for k in keys[i + 1]] if i + 1 < len(keys) else []
            spot, said = self._named(forms), range(i, i + 1)
            if spot is None:
                spot, said = self._named(pair, fuzzy=False), range(i, i + 2)
            if spot is not None:
                found.setdefault(spot.id, (said, spot))
        return list(found.values())

    def _named(self, forms: Sequence[str], *, fuzzy: bool = True) -> Spot | None:
        forms = [key for key in forms if key not in self._groups]  # "고양이" is not 고양
        for key in forms:
            if key in self._exact:
                resolved = self._pick(self._exact[key], 100.0)
                return resolved.spot if isinstance(resolved, Found) else resolved.choices[0] \
                    if isinstance(resolved, Ambiguous) else None
        for key in forms if fuzzy else ():  # "화정역근처카페", "일산동구사는": a name first
            for end in range(min(len(key) - 1, MAX_FUZZY_WORD), MIN_PREFIX - 1, -1):
                if key[:end] in self._exact and key[:end] not in self._groups:
                    return self.spots[sorted(self._exact[key[:end]])[0][1]]
        for key in forms if fuzzy else ():
            if MIN_PREFIX <= len(key) <= MAX_FUZZY_WORD and not key.isascii():
                # A slip is rarely in the first letter: compare names that start alike.
                spelled = jamo(key)
                bucket = self._by_first_letter().get(spelled[0], [])
                best = process.extractOne(spelled, [self._jamo_keys[i] for i in bucket],
                                          scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                name = self._keys[bucket[best[2]]] if best is not None else ""
                if best is not None and (best[1] >= SHORTER_KEY_CUTOFF or len(name) >= len(key)):
                    return self.spots[sorted(self._exact[name])[0][1]]
        return None

    def _by_first_letter(self) -> dict[str, list[int]]:
        if self._first_letters is None:
            buckets: dict[str, list[int]] = {}
            for i, key in enumerate(self._jamo_keys):
                buckets.setdefault(key[:1], []).append(i)
            self._first_letters = buckets
        return self._first_letters

    def _unique(self, keys: Iterable[str]) -> list[Spot]:
        seen: dict[str, Spot] = {}
        for key in keys:
            for _, sid in sorted(self._exact[key]):
                seen.setdefault(sid, self.spots[sid])
        return list(seen.values())

    def _pick(self, candidates: list[tuple[int, str]], score: float) -> Resolution:
        top = min(p for p, _ in candidates)
        ids = list(dict.fromkeys(sid for p, sid in candidates if p == top))
        spots = sorted((self.spots[s] for s in ids), key=lambda s: (KIND_RANK[s.kind], s.id))
        if len(spots) == 1 or all(
            distance_m(a.point, b.point) <= SAME_AREA_M for a, b in combinations(spots, 2)
        ):
            return Found(spots[0], score)
        return Ambiguous(tuple(spots[:6]))
