"""만 나이 (full years since birth, in Asia/Seoul days) and the ages users type.

``BirthDate`` is an interval of possible birth dates: a full date is a one-day interval;
"만 26세" answered on a given day is the year-long interval of dates that make someone 26 on
that day. Rules about age are decided on the whole interval, so an age answer settles most
age rules and leaves only the close calls unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from content.text.numbers import NUMBER, to_number
from content.text.typed import tidy_text

MAX_AGE = 120
MAX_AGE_TEXT = 20  # "만 25세입니다" fits; a sentence is not an age


def manse_age(birth: date, on: date) -> int:
    """만 나이 on ``on``: full years since ``birth``.

    Someone born on 29 February turns a year older on 1 March in common years (the
    civil-law reading used by Korean administrations: the age changes at the end of the
    day before the birthday, and 28 February is not that day when 29 February is absent).
    """
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def birthday_in(year: int, birth: date) -> date:
    """The day ``birth``'s birthday is kept in ``year`` (29 Feb → 28 Feb in common years)."""
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _shift_years(day: date, years: int) -> date:
    return birthday_in(day.year + years, day)


def last_day_aged(birth: date, age: int) -> date:
    """The last day on which someone born on ``birth`` is still ``age`` (만 나이)."""
    next_year = birth.year + age + 1
    if birth.month == 2 and birth.day == 29:
        try:
            return date(next_year, 2, 29) - timedelta(days=1)
        except ValueError:
            return date(next_year, 2, 28)
    return birth.replace(year=next_year) - timedelta(days=1)


def first_day_aged(birth: date, age: int) -> date:
    """The day someone born on ``birth`` turns ``age`` (만 나이)."""
    return last_day_aged(birth, age - 1) + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BirthDate:
    """Birth date known to lie in ``earliest..latest`` (both inclusive)."""

    earliest: date
    latest: date

    @property
    def exact(self) -> date | None:
        return self.earliest if self.earliest == self.latest else None

    @classmethod
    def on(cls, day: date) -> BirthDate:
        return cls(day, day)

    @classmethod
    def from_age(cls, age: int, today: date) -> BirthDate:
        """Everyone whose 만 나이 is ``age`` on ``today``."""
        # latest: the last day one could be born and already be ``age`` today.
        latest = _shift_years(today, -age)
        earliest = _shift_years(today, -(age + 1)) + timedelta(days=1)
        return cls(earliest, latest)

    def age_range(self, on: date) -> tuple[int, int]:
        """Youngest and oldest possible 만 나이 on ``on``."""
        return manse_age(self.latest, on), manse_age(self.earliest, on)

    def to_json(self) -> dict[str, str]:
        return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}

    @classmethod
    def from_json(cls, data: Any) -> BirthDate:
        if isinstance(data, str):
            return cls.on(date.fromisoformat(data))
        return cls(date.fromisoformat(data["earliest"]), date.fromisoformat(data["latest"]))


# -- ages as typed ---------------------------------------------------------------------------

_AGE = re.compile(
    r"(?:만\s*)?"
    + NUMBER
    + r"\s*(살|세|years?\s*old|yo|y/o)?(?:\s*(?:이에요|예요|입니다|이요|요))?"
)


@dataclass(frozen=True, slots=True)
class TypedAge:
    """A number typed the way an age is: "26", "26살", "만 26세", "스물여섯", "26 years old"."""

    number: str  # as typed: "26", "스물여섯", "26.5"
    value: float | None  # what it says (None for a digit-less word that is not a number)
    with_unit: bool  # 살, 세, years old … was said

    @property
    def digits_only(self) -> bool:
        return re.fullmatch(r"\d+", self.number) is not None

    @property
    def lone_syllable(self) -> bool:
        """ "네", "이", "세" alone: more often yes, a particle or a slip than an age."""
        return not self.with_unit and not self.digits_only and len(self.number) < 2

    @property
    def whole(self) -> int | None:
        """The age as a whole number of years, when it is one."""
        if self.value is None or not self.value.is_integer():
            return None
        return int(self.value)


def typed_age(text: str) -> TypedAge | None:
    """``text`` (tidied: see ``content.text.typed.tidy_text``) read as an age, or None when it
    is not shaped like one. Bounds are the caller's: a bare "1999" is a TypedAge of 1999."""
    match = _AGE.fullmatch(text)
    if match is None:
        return None
    return TypedAge(match.group(1), to_number(match.group(1)), match.group(2) is not None)


def parse_age(text: str) -> int | None:
    """An age typed on its own (만 나이): 25, 25살, 만 25세, 스물다섯.

    None for anything else, for 0, for ages over ``MAX_AGE`` and for a lone number syllable
    ("네" is yes, not 4). Birth-date questions read ages with the same ``typed_age``
    (``content.text.birthdates``), giving reasons instead of None."""
    if not isinstance(text, str) or len(text) > MAX_AGE_TEXT:
        return None
    said = typed_age(tidy_text(text))
    age = None if said is None or said.lone_syllable else said.whole
    return age if age is not None and 0 < age <= MAX_AGE else None
