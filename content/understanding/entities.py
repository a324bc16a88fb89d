"""The values a message names, wherever they are in it: "저 26살인데 일산동구 살아요" says
an age and a district; "덕양구 바리스타 알바 공고 뜨면 알려주세요" a district, a job and an
employment type.

Every value is read by the parser that reads it as an answer (``content.text`` for ages,
days, times and money, ``content.booking.sizes`` for sizes, the gazetteer for places,
``content.jobs.matching.parse_search`` for jobs): this module only finds where in the
sentence to look. Each word is tried as typed and without its particle ("26살인데" →
"26살"), alone and with its neighbours ("다음 주 수요일", "오후 3시", "만 26세").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import TypeVar

from content.booking.sizes import size_word
from content.jobs.matching import SearchQuery, parse_search
from content.places.gazetteer import DISTRICT_LABELS, Gazetteer, Spot
from content.text.ages import BirthDate, typed_age
from content.text.birthdates import parse_birth_year
from content.text.dates import half_of_day_said, parse_day, parse_time
from content.text.errors import AnswerError
from content.text.matching import fold
from content.text.money import parse_money
from content.text.typed import particle_forms, tidy_text
from content.text.yesno import parse_yes_no

T = TypeVar("T")
MAX_WORDS = 30  # a message longer than this is read by its first words only
WINDOW = 3  # words read together: "다음 주 수요일"
_EDGE = re.compile(r"^[\"'“”‘’(\[]+|[\"'“”‘’)\],.!?~…]+$")
_CLOCK_SAID = re.compile(r"\d\s*(시|:)|\d\s*(am|pm)$")
_MONEY_SAID = re.compile(r"\d.*(만|억|천|원)|(만|억)\s*원")
_AGE_WORDS = re.compile(r"\b(?:i'?m|i am|age)\s+(\d{1,3})\b")
# Cheap tests that a span may hold a value, before its parser is asked.
_CLOCK_HINT = re.compile(r"\d\s*(시|:|am|pm)")
_DAY_HINT = re.compile(r"\d|오늘|내일|모레|글피|요일|욜|day|tomorrow|mon|tue|wed|thu|fri|sat|sun")
_SIZE_HINT = re.compile(r"^(\d{2,3}|\d?x*[sml]|\d+(인치|inch|in|cm))$")
_AGE_INSIDE = re.compile(r"(?<!\d)(?:만\s*)?\d{1,3}\s*(?:살|세)")
_AGE_HINT = re.compile(r"살|세|년생|year|^만")


@dataclass(frozen=True, slots=True)
class Entities:
    """What one message names. Empty fields: not said."""

    places: tuple[Spot, ...] = ()
    age: int | None = None
    birth: BirthDate | None = None  # from an age or a birth year ("99년생")
    day: date | None = None
    clock: time | None = None
    clock_half_said: bool = False  # 오전/오후/am/pm said: "2시" may still mean 14:00
    size: str | None = None  # as typed ("100", "L", "55", "265"): the step knows the item
    money: int | None = None  # won
    job: SearchQuery = field(default_factory=SearchQuery)
    yes: bool | None = None  # a leading yes or no ("넹 일산동구 살아요")
    dont_care: bool = False

    @property
    def districts(self) -> tuple[str, ...]:
        """Districts (덕양구 …) said by name or through a place in one."""
        named = [DISTRICT_LABELS[s.district]["ko"] for s in self.places if s.district]
        named += [s.name for s in self.places if s.kind == "district"]
        return tuple(dict.fromkeys([*self.job.districts, *named]))

    def said(self) -> dict[str, object]:
        """The values as plain data (for tests, the utterance table and logs of shape)."""
        out: dict[str, object] = {}
        if self.places:
            out["places"] = [s.name for s in self.places]
        for name in ("age", "day", "size", "money"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, date) else value
        if self.yes is not None:
            out["yes_no"] = self.yes
        if self.birth is not None and self.age is None:
            out["birth_year"] = self.birth.latest.year
        if self.clock is not None:
            out["time"] = self.clock.strftime("%H:%M")
        if self.job.keywords:
            out["keywords"] = list(self.job.keywords)
        if self.job.emp_type:
            out["emp_type"] = self.job.emp_type
        if self.districts:
            out["districts"] = list(self.districts)
        if self.dont_care:
            out["dont_care"] = True
        return out


def words_of(text: str) -> list[str]:
    """The words of a message, punctuation at their edges dropped ("12/9", "15:00" kept)."""
    words = [_EDGE.sub("", w) for w in tidy_text(text[:400]).split()[:MAX_WORDS]]
    return [w for w in words if w]


class EntityReader:
    """Reads ``Entities`` out of messages; built once per catalogue."""

    def __init__(self, gazetteer: Gazetteer | None, dont_care: frozenset[str] = frozenset()):
        self.gazetteer = gazetteer
        self.dont_care = frozenset(fold(p) for p in dont_care if len(fold(p)) >= 3)

    def read(self, text: str, today: date | None = None, *, routing: bool = False) -> Entities:
        """The values ``text`` names. ``routing``: only what the intent rules look at
        (places, age, job), for a message that may start a flow."""
        words = words_of(text)
        if not words:
            return Entities()
        if routing:
            return self._for_routing(words, today)
        forms = [particle_forms(w) for w in words]
        spans = _spans(words, forms)
        used: set[int] = set()  # words that said a value: not job keywords
        places = self._places(forms, used)
        birth, age = _age(spans, words, today, used)
        clock = _first(spans, _CLOCK_HINT, _clock, used)
        day = _first(spans, _DAY_HINT, lambda f: parse_day(f, today), used) if today else None
        money = _first(spans, _MONEY_SAID, _money, used)
        size = _first([s for s in spans if s.end - s.start == 1], _SIZE_HINT, size_word, used)
        yes = _leading_yes(words[0])
        if yes is not None:
            used.add(0)
        return Entities(
            places=places,
            age=age,
            birth=birth,
            day=day,
            clock=clock,
            clock_half_said=clock is not None and half_of_day_said(" ".join(words)),
            size=size,
            money=money,
            job=parse_search(" ".join(w for i, w in enumerate(words) if i not in used)),
            yes=yes,
            dont_care=any(p in fold(text) for p in self.dont_care),
        )


    def _places(self, forms: list[list[str]], used: set[int]) -> tuple[Spot, ...]:
        """The places named, their words added to ``used``."""
        named = self.gazetteer.spots_in(forms) if self.gazetteer is not None else []
        for said, _ in named:
            used.update(said)
        return tuple(spot for _, spot in named)

    def _for_routing(self, words: list[str], today: date | None) -> Entities:
        forms = [particle_forms(w) for w in words]
        used: set[int] = set()
        places = self._places(forms, used)
        spans = _spans(words, forms) if _AGE_HINT.search(" ".join(words)) else []
        birth, age = _age(spans, words, today, used)
        return Entities(
            places=places, age=age, birth=birth,
            job=parse_search(" ".join(w for i, w in enumerate(words) if i not in used)),
        )


@dataclass(frozen=True, slots=True)
class _Span:
    text: str
    start: int
    end: int


def _spans(words: list[str], forms: list[list[str]]) -> list[_Span]:
    """Every run of up to ``WINDOW`` words, the last one also without its particle; at each
    start the longest run first ("오후 2시 반" before "오후 2시")."""
    out: list[_Span] = []
    for start in range(len(words)):
        for end in range(min(start + WINDOW, len(words)), start, -1):  # longest first
            head = " ".join(words[start : end - 1])
            out.extend(_Span(f"{head} {f}".strip(), start, end) for f in forms[end - 1])
    return out


def _first(spans: list[_Span], hint: re.Pattern[str] | None, read: Callable[[str], T | None],
           used: set[int]) -> T | None:
    """The value of the first span ``read`` accepts (tried only where ``hint`` is found)."""
    for span in spans:
        if hint is not None and not hint.search(span.text):
            continue
        found = read(span.text)
        if found is not None:
            used.update(range(span.start, span.end))
            return found
    return None


def _clock(span: str) -> time | None:
    return parse_time(span) if _CLOCK_SAID.search(span) else None


def _money(span: str) -> int | None:
    if not _MONEY_SAID.search(span):
        return None
    try:
        found = parse_money(span)
    except AnswerError:
        return None
    return int(found.low) if found.low is not None and found.low == found.high else None


def _age(spans: list[_Span], words: list[str], today: date | None, used: set[int]
         ) -> tuple[BirthDate | None, int | None]:
    """An age said with its unit ("26살", "만 26세", "26 years old") or a birth year."""
    for span in spans:
        if not _AGE_HINT.search(span.text):
            continue
        if today is not None and (year := parse_birth_year(span.text, today)) is not None:
            used.update(range(span.start, span.end))
            return year, None
        said = typed_age(span.text)
        if said is None or said.whole is None or not 0 < said.whole <= 120:
            continue
        if said.with_unit or span.text.startswith("만"):
            used.update(range(span.start, span.end))
            return (BirthDate.from_age(said.whole, today) if today else None), said.whole
    for i, word in enumerate(words):  # "26살인데받을수있는지원": an age inside a long word
        inside = _AGE_INSIDE.search(word) if len(word) > WINDOW * 2 else None
        said = typed_age(inside.group(0)) if inside is not None else None
        if said is not None and said.whole is not None and 0 < said.whole <= 120:
            used.add(i)
            return (BirthDate.from_age(said.whole, today) if today else None), said.whole
    english = _AGE_WORDS.search(" ".join(words))  # "i'm 26", "I am 26"
    if english is not None and 0 < int(english.group(1)) <= 120:
        age = int(english.group(1))
        used.update(i for i, w in enumerate(words) if w == english.group(1))
        return (BirthDate.from_age(age, today) if today else None), age
    return None, None


def _leading_yes(word: str) -> bool | None:
    try:
        return parse_yes_no(word)
    except AnswerError:
        return None
