"""Counts behind the staff console's charts, recorded as the bot talks: aggregates only.

Per day and channel: turns, flows started, flows finished (closed by the flow itself, not
by /cancel, /menu, /start, /forget or an error), the verdicts of finished eligibility checks
per program (running programs only); and the texts the bot did not understand,
cut to ``UNKNOWN_MAX_CHARS`` with digit runs and e-mail addresses masked, never with who
typed them. Counts wait in memory and are written at most once a minute (and on close), so
a turn costs no extra write; a crash loses at most a minute of counts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from content.text.clock import SEOUL
from db.insights import UsageKey
from handlers.dialog.context import NOT_UNDERSTOOD_MEMO, Context
from handlers.dialog.engine import Engine, clean_text
from handlers.dialog.types import Incoming, Reply
from handlers.eligibility.results import OUTCOMES_MEMO

log = logging.getLogger(__name__)

UNKNOWN_MAX_CHARS = 40
FLUSH_EVERY = timedelta(seconds=60)
FLUSH_SIZE = 500
KEEP_UNKNOWN = timedelta(days=90)
NOT_FINISHING = ("cancel", "menu", "start", "forget")
_DIGITS = re.compile(r"\d{3,}")
_EMAIL = re.compile(r"\S+@\S+")


def masked(text: str) -> str:
    """What is kept of a not-understood text: short, no phone numbers or e-mail addresses."""
    text = _EMAIL.sub("(메일)", clean_text(text))
    text = _DIGITS.sub(lambda m: "#" * min(len(m.group()), 4), text)
    return " ".join(text.split())[:UNKNOWN_MAX_CHARS]


class CountingEngine(Engine):
    """The dialog engine, counting what the insight charts show (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts: Counter[UsageKey] = Counter()
        self.unknown: Counter[str] = Counter()
        self._flushed_at: datetime | None = None

    async def _dispatch(self, ctx: Context) -> None:
        before = ctx.state.flow
        await super()._dispatch(ctx)
        after = ctx.state.flow
        self._count(ctx, before, after)

    def _count(self, ctx: Context, before: str | None, after: str | None) -> None:
        day = ctx.now.astimezone(SEOUL).date().isoformat()
        channel = ctx.incoming.channel
        self.counts[(day, channel, "turn", "")] += 1
        if after and after != before:
            self.counts[(day, channel, "flow_start", after)] += 1
        if before and after is None and ctx.incoming.command not in NOT_FINISHING:
            self.counts[(day, channel, "flow_finish", before)] += 1
        for program, verdict in ctx.memo.get(OUTCOMES_MEMO, ()):
            self.counts[(day, channel, "eligibility", f"{program}:{verdict}")] += 1
        if ctx.incoming.text and ctx.memo.get(NOT_UNDERSTOOD_MEMO):
            kept = masked(ctx.incoming.text)
            if kept:
                self.unknown[kept] += 1

    async def handle(self, incoming: Incoming) -> Reply:
        reply = await super().handle(incoming)
        now = self.now()
        due = self._flushed_at is None or now - self._flushed_at >= FLUSH_EVERY
        if due or sum(self.counts.values()) >= FLUSH_SIZE:
            await self.flush(now)
        return reply

    async def flush(self, now: datetime | None = None) -> None:
        """Write the counts kept so far (a failure keeps them for the next try)."""
        now = now or self.now()
        new_day = self._flushed_at is None or self._flushed_at.date() != now.date()
        self._flushed_at = now
        if new_day:
            await self._forget_old(now)
        if not self.counts and not self.unknown:
            return
        counts, unknown = self.counts, self.unknown
        self.counts, self.unknown = Counter(), Counter()
        try:
            await self.store.usage.add(counts, unknown, now.date())
        except Exception as exc:
            log.warning("usage counts not written: %s", type(exc).__name__)
            self.counts.update(counts)
            self.unknown.update(unknown)

    async def _forget_old(self, now: datetime) -> None:
        try:
            await self.store.usage.forget_before((now - KEEP_UNKNOWN).date())
        except Exception as exc:
            log.warning("old not-understood texts not deleted: %s", type(exc).__name__)
