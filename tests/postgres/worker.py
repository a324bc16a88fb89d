"""A second process on the same store, for ``tests/postgres/test_processes.py``:
``python -m tests.postgres.worker MODE DB ARG…``. It connects, prints ``ready``, waits for a
line on stdin (so both processes start together), does its part and prints the result.

book DB USER_ID…      book the same slot for each user at once; prints "booked=N full=M"
turn DB KEY LOG NAME  hold KEY's turn: appends "NAME start", waits for a second line on
                      stdin, appends "NAME end"
push DB LOG           one dispatcher pass whose sender appends one line per message to LOG
pushloop DB LOG       passes at 20 messages/s (2 in flight, a 5 s lease) until nothing is
                      pending or claimed; LOG lines carry the send time
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import time
from datetime import datetime, timedelta

from db.bookings import BookingPolicy, BookingRepository, BookingRequest, SlotFull
from db.database import Database
from tests.postgres import redirect

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")
SLOT = "2026-12-01 10:00"
SEATS = 3


def policy() -> BookingPolicy:
    return BookingPolicy(seats=lambda shop: SEATS, yearly_limit=3,
                         cancel_cutoff=timedelta(hours=3))


def request(user_id: int) -> BookingRequest:
    return BookingRequest(user_id=user_id, shop_id="shop", slot_start=SLOT,
                          return_date="2026-12-04")


async def book(db: Database, users: list[int]) -> str:
    repo = BookingRepository(db)
    numbers = itertools.count()

    def code() -> str:
        return f"P{os.getpid()}-{next(numbers)}"

    async def attempt(user_id: int) -> bool:
        try:
            await repo.book(request(user_id), policy(), now=NOW, new_code=code)
        except SlotFull:
            return False
        return True

    await asyncio.to_thread(sys.stdin.readline)
    results = await asyncio.gather(*(attempt(u) for u in users))
    return f"booked={sum(results)} full={len(results) - sum(results)}"


def append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as log:
        log.write(line + "\n")


async def turn(db: Database, key: str, log: str, name: str) -> str:
    await asyncio.to_thread(sys.stdin.readline)
    async with db.user_turn(key):
        append(log, f"{name} start")
        print("holding", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        append(log, f"{name} end")
    return "done"


async def push(db: Database, log: str, *, loop: bool = False) -> str:
    from bot.push.dispatcher import Dispatcher, SendResult
    from db.store import Store
    from handlers.jobs.messages import job_renderers
    from tests.jobs.support import job_catalogue

    class LogSender:
        async def send(self, user, message):  # type: ignore[no-untyped-def]
            await asyncio.sleep(0.005)
            append(log, f"{os.getpid()} {user.channel_user_id} {time.time():.4f}")
            return SendResult.ok()

    pace = {"rate": 20.0, "max_in_flight": 2, "lease": timedelta(seconds=5)} if loop else {}
    dispatcher = Dispatcher(db, {"telegram": LogSender()}, job_renderers(Store(db), job_catalogue),
                            per_chat=0.0, worker_id=f"w{os.getpid()}", **{"rate": 1000.0, **pace})
    await asyncio.to_thread(sys.stdin.readline)
    sent = (await dispatcher.run_once()).sent
    while loop and await _unsettled(db):
        await asyncio.sleep(0.2)
        sent += (await dispatcher.run_once()).sent
    return f"sent={sent}"


async def _unsettled(db: Database) -> int:
    row = await db.fetchone("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'claimed')")
    return int(row[0]) if row else 0


async def main(mode: str, target: str, args: list[str]) -> None:
    async with Database(target) as db:
        print("ready", flush=True)
        if mode == "book":
            result = await book(db, [int(a) for a in args])
        elif mode == "turn":
            result = await turn(db, args[0], args[1], args[2])
        else:
            result = await push(db, args[0], loop=mode == "pushloop")
        print(result, flush=True)


if __name__ == "__main__":
    redirect.install()
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
