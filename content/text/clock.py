"""The Seoul clock: the one time zone every rule uses, clock times, and quiet hours.

Quiet hours may wrap midnight (21:00–08:00); start == end means no quiet hours at all.
Job alerts and suit-rental reminders both hold messages with the same ``QuietHours``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:시]\s*([0-5]\d)?\s*분?\s*$")
_HOUR = re.compile(r"\s*([01]?\d|2[0-3])\s*")


def seoul_now() -> datetime:
    """Now, in Asia/Seoul."""
    return datetime.now(SEOUL)


def parse_clock(text: str) -> time:
    """'9:00', '09:30', '21시', '7시 30분', '21' → a time of day; ValueError otherwise."""
    match = _HHMM.match(text or "")
    if match:
        return time(int(match.group(1)), int(match.group(2) or 0))
    plain = _HOUR.fullmatch(text or "")
    if not plain:
        raise ValueError(f"'{(text or '')[:20]}' is not a time like 09:00")
    return time(int(plain.group(1)), 0)


def format_clock(value: time) -> str:
    """09:05: how a clock time is written in data files and shown to users."""
    return f"{value.hour:02d}:{value.minute:02d}"


@dataclass(frozen=True, slots=True)
class QuietHours:
    """The nightly spell no message is pushed in, from ``start`` (included) to ``end``."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """'21:00-08:00' → QuietHours; ValueError for anything else."""
        start, sep, end = text.partition("-")
        if not sep:
            raise ValueError(f"'{text[:20]}' is not a range like 21:00-08:00")
        return cls(parse_clock(start), parse_clock(end))

    def covers(self, clock: time) -> bool:
        """Is the Seoul clock time ``clock`` inside quiet hours?"""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def contains(self, moment: datetime) -> bool:
        return self.covers(moment.astimezone(SEOUL).time().replace(tzinfo=None))

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself when outside quiet hours, else the end of this quiet spell."""
        if not self.contains(moment):
            return moment
        local = moment.astimezone(SEOUL)
        end = datetime.combine(local.date(), self.end, tzinfo=SEOUL)
        if end <= local:
            end += timedelta(days=1)
        return end
