"""The one fake clock for tests: wall time (Asia/Seoul) and monotonic time that move only
when a test says so (``advance``, ``set``) or when the code under test sleeps.

It fits both clocks the code takes: the engine's (``clock.now(tz)``) and the push
dispatcher's (``now()``, ``monotonic()``, ``await sleep(s)``).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, tzinfo

from content.text.clock import SEOUL


def seoul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or seoul(2026, 11, 28, 12, 0)  # a Saturday noon
        self._mono = 1000.0
        self.slept: list[float] = []

    def now(self, tz: tzinfo | None = None) -> datetime:
        return self._now.astimezone(tz) if tz is not None else self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float = 0.0, **delta: float) -> None:
        """Move both clocks forward: ``advance(90)`` or ``advance(minutes=31)``."""
        extra = timedelta(**delta)
        self._now += timedelta(seconds=seconds) + extra
        # unrounded: a timedelta keeps whole microseconds, the pacer's gaps need more
        self._mono += seconds + extra.total_seconds()

    def set(self, when: datetime) -> None:
        """Jump the wall clock (monotonic time never goes back)."""
        self._mono += max(0.0, (when - self._now).total_seconds())
        self._now = when

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(max(0.0, seconds))
        await asyncio.sleep(0)
