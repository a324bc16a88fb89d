"""Days and times of day as users type them, for any question that asks for one.

``parse_day``: 2026-12-03, 2026.12.3, 12/3, 12월 3일, 3일, 오늘, 내일, 모레, 금요일,
다음 주 금요일. ``parse_time``: 10:30, 10시, 10시 반, 오후 2시, 2pm. Both return None for
anything else and never raise; a day without a year is the next such day from today.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

MAX_DAY_TEXT = 40
MAX_TIME_TEXT = 30

_RELATIVE = {"오늘": 0, "today": 0, "내일": 1, "tomorrow": 1, "모레": 2, "내일모레": 2, "글피": 3}
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("월요일", "월욜", "monday", "mon"),
            ("화요일", "화욜", "tuesday", "tue"),
            ("수요일", "수욜", "wednesday", "wed"),
            ("목요일", "목욜", "thursday", "thu"),
            ("금요일", "금욜", "friday", "fri"),
            ("토요일", "토욜", "saturday", "sat"),
            ("일요일", "일욜", "sunday", "sun"),
        ]
    )
    for name in names
}
_WEEKDAY = re.compile(
    r"(?:(이번|다음|담|this|next)\s*(?:주|week)?\s*)?([a-z]+|[월화수목금토일]욜|.요일)"
)
_FULL_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*(?:[/.-]|월)\s*(\d{1,2})\s*일?")
_DAY_ONLY = re.compile(r"(\d{1,2})\s*일")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2})|시(?:(\d{1,2})분|(반))?)?")


def parse_day(text: str, today: date) -> date | None:
    """A day typed by a user; None when the text names no day (see the module docstring)."""
    if not isinstance(text, str) or len(text) > MAX_DAY_TEXT:
        return None
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).rstrip(".!?요 ")
    cleaned = re.sub(r"(이에|예|이요|입니다|이|에)$", "", cleaned).strip()
    if cleaned in _RELATIVE:
        return today + timedelta(days=_RELATIVE[cleaned])
    m = _FULL_DATE.fullmatch(cleaned)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MONTH_DAY.fullmatch(cleaned)
    if m:
        return _next_occurrence(today, int(m.group(1)), int(m.group(2)))
    m = _DAY_ONLY.fullmatch(cleaned)
    if m:
        return _next_day_of_month(today, int(m.group(1)))
    return _weekday(cleaned, today)


def _weekday(cleaned: str, today: date) -> date | None:
    """금요일: the next Friday from today (today included); 다음 주 금요일: next week's."""
    m = _WEEKDAY.fullmatch(cleaned)
    if m is None or m.group(2) not in _WEEKDAYS:
        return None
    weekday = _WEEKDAYS[m.group(2)]
    if m.group(1) in ("다음", "담", "next"):
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7
    if m.group(1) in ("이번", "this") and today.weekday() + ahead > 6:
        return None  # this week's day has passed
    return today + timedelta(days=ahead)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_occurrence(today: date, month: int, day: int) -> date | None:
    this_year = _safe_date(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _safe_date(today.year + 1, month, day)


def _next_day_of_month(today: date, day: int) -> date | None:
    """"3일": the next 3rd from today, looking at most two months ahead (31일 skips short
    months)."""
    for months_ahead in range(3):
        month = (today.month - 1 + months_ahead) % 12 + 1
        year = today.year + (today.month - 1 + months_ahead) // 12
        found = _safe_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def parse_time(text: str) -> time | None:
    """A time of day typed by a user: 10:30, 10시, 10시 반, 오후 2시, 2pm; None otherwise."""
    if not isinstance(text, str) or len(text) > MAX_TIME_TEXT:
        return None
    cleaned = re.sub(r"\s+", "", text.strip().lower()).rstrip(".!?요에")
    pm = cleaned.startswith("오후") or cleaned.endswith("pm")
    am = cleaned.startswith("오전") or cleaned.endswith("am")
    cleaned = re.sub(r"^(오전|오후)|(am|pm)$", "", cleaned)
    m = _CLOCK.fullmatch(cleaned)
    if not m:
        return None
    said = int(m.group(1))
    minute = int(m.group(2) or m.group(3) or 0) + (30 if m.group(4) else 0)
    if (pm or am) and not 0 <= said <= 12:
        return None
    hour = _twenty_four_hour(said, pm=pm, am=am)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


HALF_OF_DAY = ("오전", "오후", "아침", "저녁", "밤", "새벽", "am", "pm")


def half_of_day_said(text: str) -> bool:
    """Whether a time says which half of the day ("오후 2시", "2pm"): without it "2시" may be
    read as the afternoon where the morning is not offered."""
    said = text.lower()
    return any(word in said for word in HALF_OF_DAY)


def _twenty_four_hour(hour: int, *, pm: bool, am: bool) -> int:
    """오후 2시 → 14, 12am → 0; other hours as said."""
    if pm and hour < 12:
        return hour + 12
    if am and hour == 12:
        return 0
    return hour
