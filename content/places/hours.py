"""Opening hours per weekday, public holidays, and "open now" in Asia/Seoul.

Staff write hours as one short line, in Korean or English, the same in YAML and CSV::

    월-금 10:00-22:00; 토,일,공휴일 10:00-19:00
    mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00; 공휴일 휴무
    매일 18:00-02:00          (past midnight: open until 2 a.m. the next day)
    24시간

Days a line does not mention are closed. ``공휴일``/``holiday`` applies on Korean public
holidays (the ``holidays`` package, substitute holidays included) instead of the weekday
rule; without it a holiday keeps its weekday's hours. An empty text or ``미확인``/``unknown``
means the hours are not known (``parse_hours`` returns None): the bot says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise

import holidays

from content.text.clock import SEOUL

DAY = 24 * 60
HOLIDAY = 7  # index of the public-holiday rule next to Monday (0) … Sunday (6)

_DAY_NAMES: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("월", "월요일", "mon", "monday"),
        ("화", "화요일", "tue", "tues", "tuesday"),
        ("수", "수요일", "wed", "wednesday"),
        ("목", "목요일", "thu", "thur", "thurs", "thursday"),
        ("금", "금요일", "fri", "friday"),
        ("토", "토요일", "sat", "saturday"),
        ("일", "일요일", "sun", "sunday"),
        ("공휴일", "휴일", "holiday", "holidays", "hol", "ph"),
    )
):
    for _name in _names:
        _DAY_NAMES[_name] = _i
_GROUPS: dict[str, tuple[int, ...]] = {
    "평일": (0, 1, 2, 3, 4),
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "주말": (5, 6),
    "weekend": (5, 6),
    "weekends": (5, 6),
    "매일": (0, 1, 2, 3, 4, 5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
}
_UNKNOWN = {"", "미확인", "unknown", "?", "확인필요", "확인 필요", "-"}
_CLOSED = {"휴무", "closed", "off", "휴관", "닫음"}
_ALWAYS = {"24시간", "24h", "24/7", "24hours", "24 hours"}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?$")
KO_DAYS = ("월", "화", "수", "목", "금", "토", "일", "공휴일")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Holidays")

Interval = tuple[int, int]  # minutes after midnight; the end may pass 24:00 (until 48:00)


class HoursError(ValueError):
    """The hours text cannot be read; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Intervals for Monday..Sunday (0..6) and an optional public-holiday rule (7)."""

    week: tuple[tuple[Interval, ...], ...]
    holiday: tuple[Interval, ...] | None = None

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        if self.holiday is not None and is_public_holiday(day):
            return self.holiday
        return self.week[day.weekday()]

    def is_open(self, at: datetime) -> bool:
        """Whether the place is open at ``at`` (converted to Seoul time)."""
        local = at.astimezone(SEOUL)
        minute = local.hour * 60 + local.minute
        today = local.date()
        if any(start <= minute < end for start, end in self.intervals_on(today)):
            return True
        yesterday = today - timedelta(days=1)
        return any(minute + DAY < end for _, end in self.intervals_on(yesterday) if end > DAY)

    def closes_at(self, at: datetime) -> datetime | None:
        """When the current opening ends (None if closed now, or open round the clock).

        Openings that run into the next day's opening (23:00-24:00 then 00:00-…) are one.
        """
        local = at.astimezone(SEOUL).replace(second=0, microsecond=0)
        minute = local.hour * 60 + local.minute
        today = local.date()
        end: int | None = None
        for start, stop in self.intervals_on(today):
            if start <= minute < stop:
                end = stop
        if end is None:
            for _, stop in self.intervals_on(today - timedelta(days=1)):
                if stop > DAY and minute + DAY < stop:
                    end = stop - DAY
        if end is None:
            return None
        day = today
        for _ in range(8):  # follow openings that continue past midnight
            if end < DAY:
                break
            day += timedelta(days=1)
            end -= DAY
            following = [stop for start, stop in self.intervals_on(day) if start == end]
            if not following:
                break
            end = max(following)
        else:
            return None  # open round the clock
        return datetime.combine(day, time(0), SEOUL) + timedelta(minutes=end)

    def always_open(self) -> bool:
        return self.holiday in (None, ((0, DAY),)) and all(d == ((0, DAY),) for d in self.week)

    def next_opening(self, at: datetime, *, days: int = 8) -> datetime | None:
        """The next time it opens after ``at``, looking ``days`` ahead (None if never)."""
        local = at.astimezone(SEOUL)
        for offset in range(days):
            day = local.date() + timedelta(days=offset)
            midnight = datetime.combine(day, time(0), SEOUL)
            for start, _ in sorted(self.intervals_on(day)):
                opening = midnight + timedelta(minutes=start)
                if opening > local:
                    return opening
        return None

    def to_text(self, locale: str = "ko") -> str:
        """The canonical one-line form (parseable again): "월-금 10:00-22:00; 토-일 10:00-19:00"."""
        names = KO_DAYS if locale == "ko" else EN_DAYS
        closed = "휴무" if locale == "ko" else "closed"
        always = "24시간" if locale == "ko" else "24h"

        def times(intervals: tuple[Interval, ...]) -> str:
            if intervals == ((0, DAY),):
                return always
            return format_intervals(intervals) or closed

        parts: list[str] = []
        day = 0
        while day < 7:
            end = day
            while end + 1 < 7 and self.week[end + 1] == self.week[day]:
                end += 1
            if day == 0 and end == 6:
                span = "매일" if locale == "ko" else "Daily"
            else:
                span = names[day] if end == day else f"{names[day]}-{names[end]}"
            parts.append(f"{span} {times(self.week[day])}")
            day = end + 1
        if self.holiday is not None:
            parts.append(f"{names[HOLIDAY]} {times(self.holiday)}")
        return "; ".join(parts)

    def __str__(self) -> str:
        return self.to_text("ko")


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_intervals(intervals: tuple[Interval, ...]) -> str:
    return ",".join(
        f"{format_minutes(s)}-{format_minutes(e % DAY if e > DAY else e)}" for s, e in intervals
    )


def _parse_time(text: str, *, is_end: bool) -> int:
    match = _TIME.match(text.strip())
    if not match:
        raise HoursError(f"'{text}' is not a time like 09:00")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not is_end)):
        raise HoursError(f"'{text}' is not a time of day")
    return hour * 60 + minute


def _parse_intervals(text: str) -> tuple[Interval, ...]:
    text = text.strip().lower()
    if text in _CLOSED:
        return ()
    if text in _ALWAYS:
        return ((0, DAY),)
    out: list[Interval] = []
    for piece in re.split(r"[,/]", text):
        bits = re.split(r"\s*[-~–—]\s*", piece.strip())
        if len(bits) != 2:
            raise HoursError(f"'{piece.strip()}' should look like 10:00-22:00")
        start = _parse_time(bits[0], is_end=False)
        end = _parse_time(bits[1], is_end=True)
        if end <= start:
            end += DAY  # closes after midnight
        if end - start > DAY:
            raise HoursError(f"'{piece.strip()}' is longer than a day")
        out.append((start, end))
    out.sort()
    for (_, end_a), (start_b, _) in pairwise(out):
        if start_b < end_a:
            raise HoursError(f"'{text}' has overlapping times")
    return tuple(out)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for token in re.split(r"[,·/]", text.strip().lower()):
        token = token.strip()
        if not token:
            continue
        if token in _GROUPS:
            days.extend(_GROUPS[token])
            continue
        span = re.split(r"\s*[-~–]\s*", token)
        if len(span) == 2 and span[0] in _DAY_NAMES and span[1] in _DAY_NAMES:
            first, last = _DAY_NAMES[span[0]], _DAY_NAMES[span[1]]
            if HOLIDAY in (first, last):
                raise HoursError(f"'{token}': write 공휴일 on its own, not in a range")
            days.extend(
                range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            )
        elif token in _DAY_NAMES:
            days.append(_DAY_NAMES[token])
        else:
            raise HoursError(f"'{token}' is not a day (월…일, 평일, 주말, 매일, 공휴일, mon…sun)")
    if not days:
        raise HoursError("a rule needs days before the times, e.g. '월-금 10:00-18:00'")
    return days


def parse_hours(text: str | None) -> OpeningHours | None:
    """Read an hours line; None when unknown. Raises ``HoursError`` naming the problem."""
    if text is None or text.strip().lower() in _UNKNOWN:
        return None
    text = text.strip()
    if text.lower() in _ALWAYS:
        return OpeningHours(week=tuple(((0, DAY),) for _ in range(7)))
    rules: dict[int, tuple[Interval, ...]] = {}
    for rule in filter(None, (r.strip() for r in re.split(r"[;\n]", text))):
        match = re.match(r"^(\S+(?:\s*[-~–,·]\s*\S+)*)\s+(.+)$", rule)
        if not match:
            raise HoursError(f"'{rule}' should look like '월-금 10:00-18:00'")
        days, intervals = _parse_days(match.group(1)), _parse_intervals(match.group(2))
        for day in days:
            if day in rules:
                raise HoursError(f"'{rule}': {KO_DAYS[day]} is given twice")
            rules[day] = intervals
    if not rules:
        return None
    return OpeningHours(
        week=tuple(rules.get(day, ()) for day in range(7)), holiday=rules.get(HOLIDAY)
    )


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year)


def is_public_holiday(day: date) -> bool:
    """Korean public holidays, substitute holidays included."""
    return day in _holidays_for(day.year)


def holiday_name(day: date, locale: str = "ko") -> str | None:
    if not is_public_holiday(day):
        return None
    if locale == "ko":
        return holidays.country_holidays("KR", years=day.year, language="ko").get(day)
    return _holidays_for(day.year).get(day)
