"""Birth dates typed as answers, in any common form, or an age instead of a date.

``parse_birth_date`` returns a ``BirthAnswer`` (a ``BirthDate`` interval and how it was
read) or raises ``AnswerError`` naming why: no day, no year, ambiguous day/month order,
a day that does not exist, the future, an age over ``MAX_AGE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from content.text.ages import MAX_AGE, BirthDate, manse_age, typed_age
from content.text.errors import AnswerError
from content.text.typed import tidy_text, typed_answer

_EXAMPLE = "1999년 3월 2일"
_ISO_EXAMPLE = "1999-03-02"

_MONTHS_EN = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_RRN = re.compile(r"^(\d{6})\s*-\s*[1-8]\d{0,6}$")
_BIRTH_WORDS = re.compile(r"\s*(생|출생|태어났어요|이에요|예요|입니다)$")
_KOREAN_DATE = re.compile(r"(\d{2}|\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?")
_KOREAN_NO_DAY = re.compile(r"(\d{2}|\d{4})\s*년(\s*\d{1,2}\s*월)?(생)?")
_KOREAN_NO_YEAR = re.compile(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일?")
_YEAR_FIRST = re.compile(r"(\d{4}|\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})")
_YEAR_LAST = re.compile(r"\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*(\d{4}|\d{2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})|(\d{2})(\d{2})(\d{2})")
_MONTH_FIRST_EN = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST_EN = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")


@dataclass(frozen=True, slots=True)
class BirthAnswer:
    """What a birth-date question got: the value and how it was read (for the echo)."""

    value: BirthDate
    from_age: bool = False
    dropped_id_number: bool = False  # the user typed a 주민등록번호; only the date was kept


def parse_birth_date(text: str, today: date) -> BirthAnswer:
    """A birth date in any common form, or an age ("26살", "만 26세", "스물여섯").

    Accepted: 1999-03-02, 1999.3.2, 1999. 3. 2., 1999/03/02, 1999년 3월 2일(생),
    99년 3월 2일, 99.3.2, 990302, 19990302, 990302-1234567 (only the date is kept),
    "March 2, 1999", "2 March 1999". Refused with a reason: 3/2/1999 and 2/3/1999
    (day and month order is ambiguous), 1999년 3월 (no day), 2월 30일, future dates,
    ages over 120.
    """
    t = _BIRTH_WORDS.sub("", typed_answer(text).rstrip(".")).strip()
    rrn = _RRN.match(t)
    if rrn:
        answer = parse_birth_date(rrn.group(1), today)
        return BirthAnswer(answer.value, dropped_id_number=True)
    for read in _READERS:
        found = read(t, today)
        if found is not None:
            return found
    raise AnswerError("bad_date", example=_EXAMPLE)


_BIRTH_YEAR = re.compile(r"(\d{2}|\d{4})\s*년생")


def parse_birth_year(text: str, today: date) -> BirthDate | None:
    """ "99년생", "1999년생": every day of that year (a 2-digit year is the latest one not in
    the future); None for anything else. A birth-date *answer* wants the day
    (``parse_birth_date`` refuses "1999년"), but in a sentence "99년생" says the age."""
    m = _BIRTH_YEAR.fullmatch(tidy_text(text)) if isinstance(text, str) and len(text) < 12 \
        else None
    if m is None:
        return None
    year = _full_year(m.group(1), 1, 1, today)
    if not today.year - MAX_AGE <= year <= today.year:
        return None
    return BirthDate(date(year, 1, 1), min(date(year, 12, 31), today))


def _age(t: str, today: date) -> BirthAnswer | None:
    """An age instead of a date; a bare number is an age only up to ``MAX_AGE``."""
    said = typed_age(t)
    if said is None or (not said.with_unit and re.fullmatch(r"\d{5,}", said.number)):
        return None
    value = said.value
    if value is not None and (said.with_unit or not said.digits_only or value <= MAX_AGE):
        if not value.is_integer():
            raise AnswerError("bad_age")
        if value > MAX_AGE:
            raise AnswerError("too_old", maximum=MAX_AGE)
        return BirthAnswer(BirthDate.from_age(int(value), today), from_age=True)
    if said.digits_only and len(said.number) == 4 and not said.with_unit:
        raise AnswerError("no_day", example=_EXAMPLE)  # "1999": a year alone
    return None


def _korean(t: str, today: date) -> BirthAnswer | None:
    """1999년 3월 2일, 99년 3월 2일; "1999년 3월" and "3월 2일" are refused with a reason."""
    m = _KOREAN_DATE.fullmatch(t)
    if m:
        return _exact(m.group(1), int(m.group(2)), int(m.group(3)), today)
    if _KOREAN_NO_DAY.fullmatch(t):
        raise AnswerError("no_day", example=_EXAMPLE)
    m = _KOREAN_NO_YEAR.fullmatch(t)
    if m:
        _build_date(2000, int(m.group(1)), int(m.group(2)))  # 2월 30일 → no_such_day
        raise AnswerError("no_year", example=_EXAMPLE)
    return None


def _numeric(t: str, today: date) -> BirthAnswer | None:
    """1999-03-02, 1999.3.2, 1999/3/2, 99.3.2; 3/2/1999 is refused (which is the month?)."""
    m = _YEAR_FIRST.fullmatch(t)
    if m:
        if len(m.group(1)) == 2 and "/" in t:
            raise AnswerError("ambiguous_date", example=_ISO_EXAMPLE)
        return _exact(m.group(1), int(m.group(2)), int(m.group(3)), today)
    if _YEAR_LAST.fullmatch(t):
        raise AnswerError("ambiguous_date", example=_ISO_EXAMPLE)
    return None


def _compact(t: str, today: date) -> BirthAnswer | None:
    """19990302 and 990302."""
    m = _COMPACT.fullmatch(t)
    if m is None:
        return None
    if m.group(1):
        return _exact(m.group(1), int(m.group(2)), int(m.group(3)), today)
    return _exact(m.group(4), int(m.group(5)), int(m.group(6)), today)


def _english(t: str, today: date) -> BirthAnswer | None:
    """March 2, 1999 and 2 March 1999."""
    m = _MONTH_FIRST_EN.fullmatch(t)
    if m and m.group(1) in _MONTHS_EN:
        return _exact(m.group(3), _MONTHS_EN[m.group(1)], int(m.group(2)), today)
    m = _DAY_FIRST_EN.fullmatch(t)
    if m and m.group(2) in _MONTHS_EN:
        return _exact(m.group(3), _MONTHS_EN[m.group(2)], int(m.group(1)), today)
    return None


_READERS: tuple[Callable[[str, date], BirthAnswer | None], ...] = (
    _age, _korean, _numeric, _compact, _english
)


def _exact(year_text: str, month: int, day: int, today: date) -> BirthAnswer:
    """A one-day answer; a two-digit year is the latest century that is not in the future."""
    year = _full_year(year_text, month, day if 1 <= month <= 12 else 1, today)
    birth = _build_date(year, month, day)
    if birth > today:
        raise AnswerError("future_date")
    if manse_age(birth, today) > MAX_AGE:
        raise AnswerError("too_old", maximum=MAX_AGE)
    return BirthAnswer(BirthDate.on(birth))


def _full_year(year_text: str, month: int, day: int, today: date) -> int:
    year = int(year_text)
    if len(year_text) == 4:
        return year
    if len(year_text) != 2:
        raise AnswerError("bad_date", example=_EXAMPLE)
    candidate = 2000 + year
    try:
        if date(candidate, month, day) > today:
            candidate -= 100
    except ValueError:
        if candidate > today.year:
            candidate -= 100
    return candidate


def _build_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise AnswerError("no_such_month", month=month)
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerError("no_such_day", month=month, day=day) from None
