"""Send slots for the push dispatcher: at most 29 messages arrive at the platform in any
rolling second, at least 1 s apart per chat, and an injectable clock for tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from datetime import datetime

from content.text.clock import SEOUL


class Clock:
    """Wall clock (Asia/Seoul), monotonic clock and sleep: replaced by a fake in tests."""

    def now(self) -> datetime:
        return datetime.now(SEOUL)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


LOST_SEND = 60.0  # longer than any send's own timeouts


class Slot:
    """One send: when it started and, once the platform answered, when it ended."""

    __slots__ = ("_ended", "end", "start")

    def __init__(self, start: float) -> None:
        self.start = start
        self.end: float | None = None
        self._ended = asyncio.Event()

    def done(self, at: float) -> None:
        """The platform has answered (or the send gave up): it has arrived by ``at``."""
        if self.end is None:
            self.end = max(at, self.start)
            self._ended.set()

    async def ended(self, give_up: float = LOST_SEND) -> float:
        """When the send ended; a slot never finished (a bug, a lost task) counts as ended
        after ``give_up`` seconds rather than stopping every later send."""
        if self.end is None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(give_up):
                    await self._ended.wait()
            self.done(time.monotonic())  # no-op when it did end meanwhile
        return self.end if self.end is not None else self.start


class Pacer:
    """Send slots: evenly spaced overall, never more than ``limit`` in any rolling
    ``period`` as the platform sees them, and per chat at least ``per_chat`` apart.

    Evenly spaced beats a token bucket: a strict server counting 30 per rolling second
    answers a 30-message burst followed by 30/s with 429s (research: python-telegram-bot §3.x).
    The schedule runs on a virtual clock (slot k at t0 + k/rate), so a send that starts a
    little late (a busy event loop) does not slow the whole broadcast: the next ones catch
    up, at most ``catch_up`` seconds' worth and never closer than ``min_gap``.

    The rolling window is counted where the platform counts: at arrival. A message arrives
    somewhere between the start of its request and the answer, so spacing *starts* one
    second apart is not enough (a slow first request and a fast thirtieth arrive less than a
    second apart: a strict observer saw 30 within 999 ms). Instead send k+``limit`` starts
    no earlier than ``period`` + ``margin`` after send k *ended*: then it arrives at least a
    period after send k arrived, whatever the network did in between. The cost is one round
    trip per ``limit`` messages (29 per ~1.002 s on a local server; ~26 per second with a
    100 ms round trip to Telegram). ``margin`` covers the clock's resolution and timer
    wake-ups a little early.
    """

    def __init__(
        self,
        clock: Clock,
        rate: float = 29.0,
        per_chat: float = 1.0,
        *,
        limit: int = 29,
        period: float = 1.0,
        margin: float = 0.0005,
        min_gap: float = 0.02,
        catch_up: float = 0.15,
    ) -> None:
        self.clock = clock
        self.interval = 1.0 / rate
        self.per_chat = per_chat
        self.period = period + margin
        self.min_gap = min_gap
        self.catch_up = catch_up
        self._window: deque[Slot] = deque(maxlen=max(1, limit))
        self._virtual: float | None = None
        self._last = float("-inf")
        self._next_chat: dict[str, float] = {}
        self._paused_until = 0.0

    def chat_ready_in(self, chat: str) -> float:
        return max(0.0, self._next_chat.get(chat, 0.0) - self.clock.monotonic())

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock.monotonic() + seconds)

    async def wait_slot(self, chat: str) -> Slot:
        """Wait until ``chat`` may be sent to; the caller calls ``done`` on the returned slot
        when the platform has answered (an unfinished slot holds back the window)."""
        if len(self._window) == self._window.maxlen:
            await self._window[0].ended()  # the oldest may still be on its way
        now = self.clock.monotonic()
        slot = now if self._virtual is None else max(self._virtual, now - self.catch_up)
        at = max(slot, self._last + self.min_gap, self._paused_until)
        at = max(at, self._next_chat.get(chat, 0.0))
        if len(self._window) == self._window.maxlen:
            at = max(at, await self._window[0].ended() + self.period)
        if at > now:
            await self.clock.sleep(at - now)
        started = max(at, self.clock.monotonic())
        self._virtual = max(slot, at if at > slot + self.interval else slot) + self.interval
        self._last = started
        taken = Slot(started)
        self._window.append(taken)
        self._next_chat[chat] = started + self.per_chat
        if len(self._next_chat) > 10_000:
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > started}
        return taken


def busiest_second(times: list[float], period: float = 1.0) -> int:
    """The most events a strict observer counts inside one rolling window ``(t - period, t]``:
    the figure the pacer's promise (at most ``limit``) is about."""
    ordered = sorted(times)
    most = start = 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - period:
            start += 1
        most = max(most, end - start + 1)
    return most
