"""The push dispatcher: drains due outbox rows through each channel's sender.

One pass (``Dispatcher.run_once``, also ``goyang-bot alerts send``):

1. re-queue rows whose claim expired (a dispatcher died holding them);
2. claim a batch of due rows atomically (a second dispatcher never gets the same rows);
3. for each row: render it (the kind's renderer may say "wait until" — quiet hours — or
   "drop" — the posting closed, the subscription was deleted), wait for a send slot
   (29 messages/s overall by default, 1 s between two messages to one chat), send, then settle:

   ======================  ====================================================
   sender result            row becomes
   ======================  ====================================================
   ok                       ``sent`` (only now: after the platform accepted it)
   rate_limited (429)       ``pending`` again after ``retry_after``; every send
                            pauses for ``retry_after``; not counted as an attempt
   blocked (403)            user marked inactive; this and all their waiting rows
                            ``dropped``
   transient (5xx, timeout) ``pending`` after an exponential backoff; ``failed``
                            after ``max_attempts``
   permanent (400)          ``failed``
   ======================  ====================================================

4. repeat until nothing is due (or due within ``linger``).

Crash safety: a row is marked sent only after the sender returned ok. While a pass holds
claimed rows it renews them every ``renew_every`` seconds (a heartbeat on the rows
themselves, ``OutboxDispatch.renew``). A claim not renewed for ``lease`` (10 s) belongs to a
dead dispatcher: the next pass of any dispatcher puts it back to pending, and a pass that
finds nothing else to do waits for such a claim to expire when that is within ``linger``.
So a dispatcher restarted after a SIGKILL resends the dead one's rows within seconds, not
after a long lease. Killing the process between the platform accepting a message and the
``UPDATE ... 'sent'`` leaves that row claimed: it is sent a second time. With one message in
flight at a time, at most one message per crashed dispatcher repeats. Nothing is lost:
unsent claimed rows return to pending. A live dispatcher never sends a row it may have lost
(its heartbeat late, e.g. the event loop was blocked): before each send it re-confirms the
claim when the last renewal is more than half a lease old.

``max_in_flight`` (default 1) lets several sends overlap while the pacer still spaces their
starts: needed to reach ~30 messages/s when one request takes longer than 1/30 s (real
Telegram, a busy machine). The price: after a crash up to ``max_in_flight`` messages may
repeat. The bot process uses 4 (see ``bot/jobs/runtime.py``); 1 gives the strict bound.

The clock (``now``/``monotonic``/``sleep``) is injectable, so tests run without waiting.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Protocol

from bot.push.pacing import Clock, Pacer, Slot
from db.database import Database
from db.outbox import OutboxDispatch, OutboxRow
from db.users import User, UserRepository
from handlers.dialog.push import Defer, Drop, Renderer
from handlers.dialog.types import Reply

log = logging.getLogger(__name__)


class SendStatus(Enum):
    OK = "ok"
    RATE_LIMITED = "rate_limited"
    BLOCKED = "blocked"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


@dataclass(frozen=True, slots=True)
class SendResult:
    status: SendStatus
    retry_after: float = 0.0
    error: str = ""

    @classmethod
    def ok(cls) -> SendResult:
        return cls(SendStatus.OK)


class Sender(Protocol):
    """A channel's way to push one message to one user. Must not raise for platform errors:
    it returns a ``SendResult`` (an exception escaping it is treated as transient)."""

    async def send(self, user: User, message: Reply) -> SendResult: ...


@dataclass(slots=True)
class PassStats:
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    rate_limited: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0
    blocked_users: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{id(object()):x}"


class Dispatcher:
    def __init__(
        self,
        db: Database,
        senders: Mapping[str, Sender],
        renderers: Mapping[str, Renderer],
        *,
        clock: Clock | None = None,
        worker_id: str | None = None,
        rate: float = 29.0,
        per_chat: float = 1.0,
        max_attempts: int = 5,
        backoff: float = 30.0,
        max_backoff: float = 3600.0,
        batch: int = 50,
        lease: timedelta = timedelta(seconds=10),
        renew_every: float = 2.0,
        linger: float = 5.0,
        max_in_flight: int = 1,
        pacer: Pacer | None = None,
        channels: Collection[str] = (),
        exclude_channels: Collection[str] = (),
    ) -> None:
        self.db = db
        # only the rows of users on ``channels`` (all when empty), never ``exclude_channels``
        self.outbox = OutboxDispatch(
            db, only=tuple(sorted(channels)), never=tuple(sorted(exclude_channels))
        )
        self.users = UserRepository(db)
        self.senders = dict(senders)
        self.renderers = dict(renderers)
        self.clock = clock or Clock()
        self.worker = worker_id or default_worker_id()
        self.pacer = pacer or Pacer(self.clock, rate=rate, per_chat=per_chat)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.batch = batch
        self.lease = lease
        self.renew_every = renew_every
        self.linger = linger
        self._renewed_at = float("-inf")
        self._held: set[int] = set()  # our claims as of the last claim or renewal
        self._slots = asyncio.Semaphore(max(1, max_in_flight))
        self.before_pass: Callable[[datetime], Awaitable[object]] | None = None

    async def run_once(self) -> PassStats:
        """Send everything due now (and due within ``linger`` seconds), then return. One
        process passes at a time (``Database.exclusive``), so the pace and the jobs riding
        on the pass (digests, offers, daily upkeep) hold across processes; others skip."""
        async with self.db.exclusive("push-pass") as ours:
            return await self._pass() if ours else PassStats()

    async def _pass(self) -> PassStats:
        stats = PassStats()
        self._held = set()
        # Our own too: a pass holds nothing when it starts, so claims of ours are left from a
        # pass that failed or was cancelled (within a pass our claims are never stale to us).
        await self.outbox.release_stale(self.clock.now(), self.lease)
        if self.before_pass is not None:
            await self.before_pass(self.clock.now())
        heartbeat = asyncio.create_task(self._heartbeat(), name="push-claims-heartbeat")
        try:
            await self._drain(stats)
        finally:
            heartbeat.cancel()
            # wait() never raises the heartbeat's CancelledError, so a cancellation meant
            # for this pass (the bot stopping right now) is not swallowed here.
            await asyncio.wait([heartbeat])
        return stats

    async def _drain(self, stats: PassStats) -> None:
        users: dict[int, User | None] = {}
        blocked: set[int] = set()
        # Sends stay in flight while the next batch is claimed and rendered.
        async with asyncio.TaskGroup() as in_flight:
            while True:
                rows = await self.outbox.claim_due(self.worker, self.clock.now(), self.batch)
                if rows:
                    self._renewed_at = self.clock.monotonic()
                    self._held.update(r.id for r in rows)
                    stats.claimed += len(rows)
                    queue = list(rows)
                    while queue:
                        await self._deliver_next(queue, users, blocked, stats, in_flight)
                    continue
                now = self.clock.now()
                if await self.outbox.release_stale(now, self.lease, self.worker):
                    continue  # a dead dispatcher's rows: ours now
                wake = [
                    t
                    for t in (
                        await self.outbox.next_due_at(),
                        await self.outbox.next_expiry_at(self.lease, self.worker),
                    )
                    if t is not None
                ]
                wait = (min(wake) - now).total_seconds() if wake else None
                if wait is None or wait > self.linger:
                    break
                await self.clock.sleep(max(wait, 0.05))

    async def _heartbeat(self) -> None:
        """Renew our claims while the pass runs, in real time (a dead process stops it)."""
        while True:
            await asyncio.sleep(self.renew_every)
            try:
                await self._renew()
            except asyncio.CancelledError:
                raise
            except Exception:  # a busy database: try again at the next beat
                log.warning("renewing push claims failed", exc_info=True)

    async def _renew(self) -> None:
        self._held = await self.outbox.renew(self.worker, self.clock.now())
        self._renewed_at = self.clock.monotonic()

    async def _still_ours(self, row: OutboxRow) -> bool:
        """Whether we may send ``row``: held at a recent renewal, or re-confirmed now."""
        if self.clock.monotonic() - self._renewed_at > self.lease.total_seconds() / 2:
            await self._renew()
        return row.id in self._held

    async def run_forever(self, interval: float = 10.0) -> None:
        """The in-process schedule: a pass every ``interval`` seconds until cancelled."""
        while True:
            try:
                stats = await self.run_once()
                if stats.claimed:
                    log.info(
                        "push pass: %d sent, %d deferred, %d retried, %d failed, %d dropped",
                        stats.sent,
                        stats.deferred,
                        stats.retried,
                        stats.failed,
                        stats.dropped,
                    )
            except asyncio.CancelledError:
                raise
            except Exception:  # a bad pass must not stop the schedule
                log.exception("push pass failed")
            await self.clock.sleep(interval)

    async def _deliver_next(
        self,
        queue: list[OutboxRow],
        users: dict[int, User | None],
        blocked: set[int],
        stats: PassStats,
        in_flight: asyncio.TaskGroup,
    ) -> None:
        # Prefer a row whose chat may be written to now; otherwise wait the least.
        row = min(
            queue,
            key=lambda r: (self.pacer.chat_ready_in(str(r.user_id)) > 0, r.id),
        )
        queue.remove(row)
        if row.user_id in blocked:
            return  # already dropped with the user's other rows
        if row.user_id not in users:
            users[row.user_id] = await self.users.get(row.user_id)
        user = users[row.user_id]
        await self._deliver_one(row, user, stats, blocked, in_flight)

    async def _deliver_one(
        self,
        row: OutboxRow,
        user: User | None,
        stats: PassStats,
        blocked: set[int],
        in_flight: asyncio.TaskGroup,
    ) -> None:
        now = self.clock.now()
        if user is None or not user.active:
            stats.dropped += int(
                await self.outbox.settle(row.id, self.worker, "dropped", "user inactive")
            )
            return
        sender = self.senders.get(user.channel)
        renderer = self.renderers.get(row.kind)
        if sender is None or renderer is None:
            what = "channel" if sender is None else "kind"
            stats.failed += int(
                await self.outbox.settle(row.id, self.worker, "failed", f"no sender for {what}")
            )
            return
        try:
            rendered = await renderer(row, user, now)
        except Exception as exc:
            log.exception("rendering outbox row %d failed", row.id)
            stats.failed += int(
                await self.outbox.settle(row.id, self.worker, "failed", f"render: {exc!r}")
            )
            return
        if isinstance(rendered, Drop):
            stats.dropped += int(
                await self.outbox.settle(row.id, self.worker, "dropped", rendered.reason)
            )
            return
        if isinstance(rendered, Defer):
            stats.deferred += int(
                await self.outbox.retry_later(
                    row.id, self.worker, rendered.until, "deferred", count_attempt=False
                )
            )
            return
        await self._slots.acquire()
        slot: Slot | None = None
        try:
            slot = await self.pacer.wait_slot(str(user.id))
            if await self._still_ours(row):
                in_flight.create_task(
                    self._send(sender, row, user, rendered, stats, blocked, slot)
                )
                return
            log.warning("outbox row %d was taken over while we waited; not sent", row.id)
        except BaseException:
            self._end(slot)
            raise
        self._end(slot)

    def _end(self, slot: Slot | None) -> None:
        """A slot taken but not used for a send: free it and its window place."""
        if slot is not None:
            slot.done(self.clock.monotonic())
        self._slots.release()

    async def _send(
        self,
        sender: Sender,
        row: OutboxRow,
        user: User,
        message: Reply,
        stats: PassStats,
        blocked: set[int],
        slot: Slot,
    ) -> None:
        try:
            try:
                result = await sender.send(user, message)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a sender should not raise; treat it as transient
                result = SendResult(SendStatus.TRANSIENT, error=f"{type(exc).__name__}: {exc}")
            finally:
                slot.done(self.clock.monotonic())
            await self._settle(row, user, result, stats, blocked)
        finally:
            self._slots.release()

    async def _settle(
        self, row: OutboxRow, user: User, result: SendResult, stats: PassStats, blocked: set[int]
    ) -> None:
        now = self.clock.now()
        status = result.status
        if status is SendStatus.OK:
            if await self.outbox.mark_sent(row.id, self.worker, now):
                stats.sent += 1
                stats.by_kind[row.kind] = stats.by_kind.get(row.kind, 0) + 1
        elif status is SendStatus.RATE_LIMITED:
            wait = max(result.retry_after, 1.0)
            self.pacer.pause(wait)
            stats.rate_limited += 1
            await self.outbox.retry_later(
                row.id, self.worker, now + timedelta(seconds=wait), "429", count_attempt=False
            )
        elif status is SendStatus.BLOCKED:
            await self.users.set_active(user.id, False)
            blocked.add(user.id)
            stats.blocked_users += 1
            stats.dropped += await self.outbox.drop_user_pending(
                user.id, self.worker, "blocked by user"
            )
        elif status is SendStatus.TRANSIENT and row.attempts + 1 < self.max_attempts:
            delay = min(self.backoff * (2**row.attempts), self.max_backoff)
            stats.retried += 1
            await self.outbox.retry_later(
                row.id,
                self.worker,
                now + timedelta(seconds=delay),
                result.error or "transient",
                count_attempt=True,
            )
        else:
            stats.failed += int(
                await self.outbox.settle(
                    row.id, self.worker, "failed", result.error or status.value
                )
            )
