"""Claims on outbox rows: renewed while their dispatcher lives, taken over within seconds once
it is gone, and a row whose claim was lost is never sent by the old owner."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Dispatcher
from content.jobs.postings import ParseResult
from db.database import Database
from db.jobs import SubscriptionFields, SubscriptionRepository
from db.outbox import OutboxDispatch
from db.seoul import stamp
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers
from tests.fakes.clock import FakeClock
from tests.jobs.support import ScriptedSender, job_catalogue, posting, seoul

NOON = seoul(2026, 11, 28, 12, 0)
CHATS = {f"chat{i}" for i in range(6)}


@pytest.fixture
async def db(tmp_path):
    async with Database(tmp_path / "claims.sqlite3") as database:
        for i in range(6):
            user = await UserRepository(database).touch("telegram", f"chat{i}", NOON)
            fields = SubscriptionFields(keywords=(), frequency="instant")
            await SubscriptionRepository(database).create(user.id, fields, now=NOON)
        await import_postings(database, ParseResult([posting("K1")]), NOON)
        yield database


def dispatcher(db, clock, sender, **kw):
    return Dispatcher(
        db, {"telegram": sender}, job_renderers(Store(db), job_catalogue), clock=clock,
        per_chat=0.0, **kw,
    )


class Gated(ScriptedSender):
    """Hands every message to ``inner`` once ``gate`` opens (the first send hangs until then)."""

    def __init__(self, inner: ScriptedSender, gate: asyncio.Event) -> None:
        super().__init__()
        self.inner, self.gate = inner, gate

    async def send(self, user, message):
        await self.gate.wait()
        return await self.inner.send(user, message)


async def claimed(db) -> int:
    return (await OutboxDispatch(db).status_counts())["claimed"]


async def until_claimed(db) -> None:
    for _ in range(500):
        if await claimed(db):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the first dispatcher never claimed its rows")


async def until_renewed(db, clock) -> None:
    """Every claim renewed at the clock's now (polled: a loaded machine renews late)."""
    now = stamp(clock.now())
    for _ in range(1000):
        row = await db.fetchone("SELECT MIN(claimed_at) FROM outbox WHERE status = 'claimed'")
        if row is not None and row[0] is not None and row[0] >= now:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the live dispatcher's heartbeat never renewed its claims")


async def holding(db, clock, **kw):
    """Dispatcher "a" mid-pass: it has claimed every row and its first send hangs."""
    sender, gate = ScriptedSender(clock), asyncio.Event()
    first = dispatcher(db, clock, Gated(sender, gate), worker_id="a", **kw)
    running = asyncio.create_task(first.run_once())
    await until_claimed(db)
    return sender, gate, running


async def test_a_live_dispatchers_claims_are_renewed_and_never_taken_over(db):
    clock = FakeClock(NOON)
    sender, gate, running = await holding(db, clock, renew_every=0.01)
    clock.advance(60)  # a minute without progress (a long 429 pause, a slow platform) ...
    await until_renewed(db, clock)  # ... while its heartbeat keeps renewing the claims
    second = await dispatcher(db, clock, sender, worker_id="b").run_once()
    assert second.claimed == 0 and await claimed(db) == 6
    gate.set()
    await running
    assert Counter(chat for chat, _, _ in sender.delivered) == dict.fromkeys(CHATS, 1)


async def test_a_dead_dispatchers_claims_are_taken_over_in_the_same_pass(db):
    clock = FakeClock(NOON)
    sender, _, dead = await holding(db, clock)
    dead.cancel()  # killed: its heartbeat stops with it
    with pytest.raises(asyncio.CancelledError):
        await dead
    clock.advance(6)  # restarted 6 s later: the claims expire 4 s into its pass
    stats = await dispatcher(db, clock, sender, worker_id="b").run_once()
    assert stats.sent == 6 and await claimed(db) == 0
    assert Counter(chat for chat, _, _ in sender.delivered) == dict.fromkeys(CHATS, 1)


async def test_the_same_dispatcher_takes_back_what_a_failed_pass_left_claimed(db):
    clock = FakeClock(NOON)
    sender, gate = ScriptedSender(clock), asyncio.Event()
    same = dispatcher(db, clock, Gated(sender, gate), worker_id="a")
    failed = asyncio.create_task(same.run_once())
    await until_claimed(db)
    failed.cancel()  # a pass that died (a database error, a cancelled task)
    with pytest.raises(asyncio.CancelledError):
        await failed
    clock.advance(11)
    gate.set()
    assert (await same.run_once()).sent == 6  # run_forever's next pass, same worker id
    assert await claimed(db) == 0


# On PostgreSQL one push pass runs at a time in the whole fleet (an advisory lock on the
# stalled dispatcher's live connection), so no second dispatcher passes while it lives;
# a killed one is taken over (tests/postgres/test_processes.py).
@pytest.mark.sqlite_only
async def test_a_dispatcher_that_lost_its_claims_does_not_send_them(db):
    clock = FakeClock(NOON)
    # no heartbeat at all (a blocked event loop): its claims go stale
    sender, gate, running = await holding(db, clock, renew_every=3600)
    clock.advance(60)
    taken = await dispatcher(db, clock, sender, worker_id="b").run_once()
    assert taken.sent == 6
    gate.set()  # the stalled one wakes up: only the message already in flight repeats
    stats = await running
    per_chat = Counter(chat for chat, _, _ in sender.delivered)
    assert set(per_chat) == CHATS and sum(per_chat.values()) == 7
    assert stats.sent == 0


async def test_renew_and_release_touch_only_the_right_claims(db):
    outbox, lease = OutboxDispatch(db), timedelta(seconds=10)
    mine = await outbox.claim_due("a", NOON, 3)
    theirs = await outbox.claim_due("b", NOON, 3)
    later = NOON + timedelta(seconds=30)
    assert await outbox.renew("a", later) == {r.id for r in mine}
    assert await outbox.release_stale(later, lease, "c") == 3  # b's, not renewed for 30 s
    assert await outbox.release_stale(later + timedelta(minutes=5), lease, "a") == 0  # own
    assert await outbox.next_expiry_at(lease, "b") == later + lease
    again = await outbox.claim_due("c", later, 10)
    assert {r.id for r in again} == {r.id for r in theirs}


async def test_stopping_the_bot_at_any_moment_of_a_pass_stops_the_dispatcher(db):
    """A cancellation landing while a pass winds down (its heartbeat being stopped) must not
    be swallowed: the bot's shutdown waits for this task."""
    for ticks in range(0, 120, 3):
        clock = FakeClock(NOON)
        running = asyncio.create_task(
            dispatcher(db, clock, ScriptedSender(clock), worker_id=f"w{ticks}").run_forever(0)
        )
        for _ in range(ticks):
            await asyncio.sleep(0)
        running.cancel()
        done, _ = await asyncio.wait([running], timeout=5)
        assert done, f"still running after a cancel {ticks} ticks in"
        assert running.cancelled()
