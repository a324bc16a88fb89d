"""Two real processes on one PostgreSQL store (run by ``make test-pg``; skipped on SQLite):
the race for the last seat, one user's turns in order, one push pass at a time, and a
dispatcher killed mid-broadcast."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.jobs.ingest import import_postings
from content.jobs.postings import ParseResult
from db.bookings import BookingRepository
from db.database import Database
from db.jobs import AlertSettings, AlertSettingsRepository, SubscriptionFields
from db.store import Store
from db.users import UserRepository
from tests.jobs.support import SEOUL, posting
from tests.postgres import redirect
from tests.postgres.worker import NOW, SEATS, SLOT, policy, request

pytestmark = pytest.mark.skipif(not redirect.server(), reason="PostgreSQL only (make test-pg)")
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    async def start(cls, *args: str) -> Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.postgres.worker", *args, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        worker = cls(proc)
        assert await worker.line() == "ready"
        return worker

    async def line(self) -> str:
        assert self.proc.stdout is not None
        raw = await asyncio.wait_for(self.proc.stdout.readline(), timeout=60)
        return raw.decode().strip()

    async def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        await self.proc.stdin.drain()

    async def finish(self) -> str:
        result = await self.line()
        assert await asyncio.wait_for(self.proc.wait(), timeout=60) == 0
        return result


@pytest.fixture
async def shared(tmp_path: Path) -> AsyncIterator[tuple[Path, Database]]:
    path = tmp_path / "shared.sqlite3"
    async with Database(path) as db:
        yield path, db


async def test_fifty_requests_from_two_processes_for_the_last_seat_give_one_booking(
    shared: tuple[Path, Database],
) -> None:
    path, db = shared
    users = UserRepository(db)
    ids = [(await users.touch("test", f"u{i}", NOW)).id for i in range(SEATS - 1 + 50)]
    repo = BookingRepository(db)
    for n, user_id in enumerate(ids[: SEATS - 1]):
        await repo.book(request(user_id), policy(), now=NOW, new_code=f"X{n}".strip)
    racers = ids[SEATS - 1:]
    workers = [await Worker.start("book", str(path), *map(str, racers[i::2])) for i in (0, 1)]
    for worker in workers:
        await worker.go()
    results = [await worker.finish() for worker in workers]
    booked = sum(int(r.split()[0].removeprefix("booked=")) for r in results)
    assert booked == 1, results
    row = await db.fetchone(
        "SELECT COUNT(*) FROM bookings WHERE slot_start = ? AND status <> 'cancelled'", (SLOT,)
    )
    assert row is not None and row[0] == SEATS


async def _advisory_waiters(db: Database) -> int:
    row = await db.fetchone(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    )
    return int(row[0]) if row else 0


async def test_one_users_turn_in_a_second_process_waits_for_the_first(
    shared: tuple[Path, Database], tmp_path: Path
) -> None:
    path, db = shared
    log = tmp_path / "turns.log"
    first = await Worker.start("turn", str(path), "telegram:42", str(log), "A")
    second = await Worker.start("turn", str(path), "telegram:42", str(log), "B")
    await first.go()
    assert await first.line() == "holding"
    await second.go()
    for _ in range(600):  # the second process is queued on the user's lock (bounded wait)
        if await _advisory_waiters(db):
            break
        await asyncio.sleep(0.05)
    assert await _advisory_waiters(db) == 1
    assert log.read_text().splitlines() == ["A start"]
    await first.go()  # the first turn ends; only now does the second begin
    assert await first.finish() == "done"
    assert await second.line() == "holding"
    await second.go()
    assert await second.finish() == "done"
    assert log.read_text().splitlines() == ["A start", "A end", "B start", "B end"]


async def _subscribers_and_a_posting(db: Database, users: int) -> None:
    """``users`` Telegram users with an instant alert for every posting, then one posting:
    one outbox row each."""
    now = datetime.now(SEOUL)
    store = Store(db)
    for i in range(users):
        user = await store.users.touch("telegram", f"chat{i}", now)
        await AlertSettingsRepository(db).save(
            AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), now
        )
        await store.subscriptions.create(user.id, SubscriptionFields(), now=now)
    await import_postings(db, ParseResult([posting("K1")]), now)


async def test_two_dispatcher_processes_send_each_message_once_from_one_process(
    shared: tuple[Path, Database], tmp_path: Path
) -> None:
    path, db = shared
    log = tmp_path / "sent.log"
    await _subscribers_and_a_posting(db, 40)
    workers = [await Worker.start("push", str(path), str(log)) for _ in range(2)]
    for worker in workers:
        await worker.go()
    results = [await worker.finish() for worker in workers]
    lines = [line.split() for line in log.read_text().splitlines()]
    assert Counter(chat for _, chat, _ in lines) == Counter(f"chat{i}" for i in range(40))
    assert len({pid for pid, _, _ in lines}) == 1, "one process passes at a time"
    assert sorted(results) == ["sent=0", "sent=40"]


async def test_killing_the_sending_dispatcher_loses_nothing_and_keeps_the_pace(
    shared: tuple[Path, Database], tmp_path: Path
) -> None:
    path, db = shared
    log = tmp_path / "sent.log"
    await _subscribers_and_a_posting(db, 40)
    workers = [await Worker.start("pushloop", str(path), str(log)) for _ in range(2)]
    for worker in workers:
        await worker.go()
    for _ in range(600):  # until one process is mid-broadcast (bounded wait)
        if log.exists() and len(log.read_text().splitlines()) >= 10:
            break
        await asyncio.sleep(0.05)
    sender = int(log.read_text().split()[0])
    killed = next(w for w in workers if w.proc.pid == sender)
    killed.proc.send_signal(signal.SIGKILL)
    await killed.proc.wait()
    survivor = next(w for w in workers if w is not killed)
    assert (await survivor.finish()).startswith("sent=")
    lines = [line.split() for line in log.read_text().splitlines()]
    per_chat = Counter(chat for _, chat, _ in lines)
    assert set(per_chat) == {f"chat{i}" for i in range(40)}  # nobody lost
    assert sum(per_chat.values()) - 40 <= 2  # repeats within the in-flight bound
    times = sorted(float(at) for _, _, at in lines)
    busiest = max(sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times))
    assert busiest <= 29, "the pace holds across both processes, before and after the kill"
