"""Read ``places/places.yaml`` and ``places/gazetteer.yaml`` into one ``PlacesContent``.

Attached to ``Catalogue.places`` by ``load_catalogue``; every problem is reported
as ``file: entry: field: problem`` like the rest of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from content.errors import describe_validation_error
from content.files import Problems, read_yaml
from content.localized import pick
from content.places.gazetteer import Gazetteer
from content.places.geo import PlaceIndex
from content.places.models import DISTRICTS, PLACE_KINDS, GazetteerEntry, Label, Place

PLACES_FILE = Path("places") / "places.yaml"
GAZETTEER_FILE = Path("places") / "gazetteer.yaml"
GAZETTEER_SECTIONS = ("districts", "dongs", "stations", "landmarks")


@dataclass(frozen=True)
class PlacesContent:
    """The shipped places, their vocabularies and the gazetteer (immutable once loaded)."""

    places: dict[str, Place]
    kinds: dict[str, Label]
    services: dict[str, Label]
    gazetteer: Gazetteer
    index: PlaceIndex = field(repr=False)

    def kind_label(self, kind: str, locale: str) -> str:
        label = self.kinds.get(kind)
        return pick(label.label, locale) if label else kind

    def service_label(self, service: str, locale: str) -> str:
        label = self.services.get(service)
        return pick(label.label, locale) if label else service

    def with_imported(self, imported: list[Place]) -> PlacesContent:
        """A copy where imported places are added (and replace shipped ones with their id)."""
        if not imported:
            return self
        places = dict(self.places)
        places.update({p.id: p for p in imported})
        return PlacesContent(
            places=places,
            kinds=self.kinds,
            services=self.services,
            gazetteer=self.gazetteer.with_places(list(places.values())),
            index=PlaceIndex([p for p in places.values() if p.searchable]),
        )


def _models(
    path: Path,
    items: Any,
    model: Any,
    problems: Problems,
    section: str,
    defaults: dict[str, Any] | None = None,
) -> list[Any]:
    if items is None:
        return []
    if not isinstance(items, list):
        problems.add(path, section, "(section)", "must be a list of entries")
        return []
    out = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.add(
                path, f"{section} entry {index + 1}", "(entry)", "must be a mapping of fields"
            )
            continue
        entry = str(item.get("id") or f"{section} entry {index + 1}")
        try:
            value = model.model_validate({**(defaults or {}), **item})
        except ValidationError as exc:
            problems.lines.extend(describe_validation_error(problems.rel(path), entry, exc))
            continue
        if value.id in seen:
            problems.add(path, value.id, "id", "is used twice")
            continue
        seen.add(value.id)
        out.append(value)
    return out


def load_gazetteer(root: Path, problems: Problems) -> tuple[list[GazetteerEntry], dict[str, Any]]:
    path = root / GAZETTEER_FILE
    raw = read_yaml(path, problems)
    if raw is None:
        return [], {}
    if not isinstance(raw, dict):
        problems.add(path, "(file)", "(file)", "must be a mapping of sections")
        return [], {}
    entries: list[GazetteerEntry] = []
    kinds: dict[str, str] = {}
    for section in GAZETTEER_SECTIONS:
        block = raw.get(section)
        if not isinstance(block, dict) or "entries" not in block:
            problems.add(path, section, "(section)", "needs 'source' and 'entries'")
            continue
        defaults = {"source": block.get("source")} if block.get("source") else {}
        found = _models(path, block["entries"], GazetteerEntry, problems, section, defaults)
        for entry in found:
            if entry.id in kinds:
                problems.add(path, entry.id, "id", f"is also used in {kinds[entry.id]}")
                continue
            if entry.source is None:
                problems.add(path, entry.id, "source", "needs a source (here or for the section)")
            kinds[entry.id] = section
            if section == "districts":
                entry = entry.model_copy(update={"district": entry.id})
            entries.append(entry)
    extras = {
        "kinds": kinds,
        "city": raw.get("city") if isinstance(raw.get("city"), dict) else {},
        "outside": (raw.get("outside") or {}).get("names", [])
        if isinstance(raw.get("outside"), dict)
        else [],
    }
    known_districts = {e.id for e in entries if kinds.get(e.id) == "districts"}
    if entries and known_districts != set(DISTRICTS):
        problems.add(path, "districts", "(section)", f"must list exactly {sorted(DISTRICTS)}")
    return entries, extras


def empty_places() -> PlacesContent:
    return PlacesContent(
        places={},
        kinds={},
        services={},
        gazetteer=Gazetteer([], sections={}),
        index=PlaceIndex([]),
    )


def load_places(root: Path, problems: Problems) -> PlacesContent:
    """Load and cross-check both files; problems are added, never raised.

    A content folder without a ``places/`` folder (a test fixture, a bare install) has no
    places; once the folder exists both files must be there and valid.
    """
    if not (root / "places").is_dir():
        return empty_places()
    path = root / PLACES_FILE
    raw = read_yaml(path, problems)
    places: list[Place] = []
    kinds: list[Label] = []
    services: list[Label] = []
    if isinstance(raw, dict):
        kinds = _models(path, raw.get("kinds"), Label, problems, "kinds")
        services = _models(path, raw.get("services"), Label, problems, "services")
        places = _models(path, raw.get("places"), Place, problems, "places")
    elif raw is not None:
        problems.add(path, "(file)", "(file)", "must have kinds, services and places")
    missing_kinds = set(PLACE_KINDS) - {k.id for k in kinds}
    if raw is not None and missing_kinds:
        problems.add(path, "kinds", "(section)", f"needs labels for {sorted(missing_kinds)}")
    known_services = {s.id for s in services}
    ids = {p.id for p in places}
    for place in places:
        for service in place.services:
            if service not in known_services:
                problems.add(path, place.id, "services", f"'{service}' is not in services")
        if place.moved_to is not None and place.moved_to not in ids:
            problems.add(path, place.id, "moved_to", f"'{place.moved_to}' is not a place id")
        if place.status == "moved" and place.moved_to is None:
            problems.add(path, place.id, "moved_to", "a moved place needs moved_to")
    entries, extras = load_gazetteer(root, problems)
    gazetteer = Gazetteer(
        entries,
        sections=extras.get("kinds", {}),
        city_aliases=[
            extras.get("city", {}).get("name", "고양시"),
            *extras.get("city", {}).get("aliases", []),
        ],
        outside_names=list(extras.get("outside", [])),
        places=places,
    )
    return PlacesContent(
        places={p.id: p for p in places},
        kinds={k.id: k for k in kinds},
        services={s.id: s for s in services},
        gazetteer=gazetteer,
        index=PlaceIndex([p for p in places if p.searchable]),
    )
