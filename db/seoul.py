"""Stored times are Asia/Seoul ISO strings, so that text comparisons in SQL compare times.

Kept inside ``db/`` because the store may not import ``content/``; both name the same zone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def stamp(moment: datetime) -> str:
    """A timezone-aware moment as stored: Seoul time, ISO form, to the second."""
    if moment.tzinfo is None:
        raise ValueError("stored times must be timezone-aware")
    return moment.astimezone(SEOUL).isoformat(timespec="seconds")


def minute_key(moment: datetime) -> str:
    """A moment in the form slot keys take ('YYYY-MM-DD HH:MM', Seoul), to compare with them."""
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
