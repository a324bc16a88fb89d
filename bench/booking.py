"""How long a booking takes when it checks seats and the yearly limit in one transaction.

Run: ``.venv/bin/python -m bench.booking``. Prints medians over several rounds and the ratio
to a baseline measured in the same run: a bare one-row INSERT in its own BEGIN IMMEDIATE
transaction on the same database (the least any booking write can cost).

Scenarios:
- ``book (free slot)``: one booking with its seat, same-day and yearly checks and 4 reminders;
- ``race 50 -> 1 seat``: 50 coroutines asking for the last seat at once, per attempt;
- ``request (pending hold)``: the same booking at a 'request' point: the seat is held, no
  reminders until staff confirm;
- ``week view``: seats taken in 7 days plus the day statuses for the bundled bookable point
  (내일꿈제작소, what every day-picker screen costs), with a few hundred bookings in the table.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from content.booking.calendar import week_days
from content.catalogue import load_catalogue
from db.bookings import Booking, BookingPolicy, BookingRepository, BookingRequest, Reminder
from db.database import Database
from db.users import UserRepository

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")
ROUNDS = 7
PER_ROUND = 50


def _policy(seats: int) -> BookingPolicy:
    def reminders(booking: Booking, now: datetime) -> list[Reminder]:
        return [Reminder(k, booking.start - timedelta(hours=h), {"booking_id": booking.id})
                for k, h in (("a", 40), ("b", 16), ("c", 2), ("d", 1))]

    return BookingPolicy(seats=lambda _: seats, yearly_limit=10**6, reminders=reminders)


async def _users(db: Database, n: int, tag: str) -> list[int]:
    repo = UserRepository(db)
    return [(await repo.touch("bench", f"{tag}{i}", NOW)).id for i in range(n)]


async def main() -> None:
    counter = iter(range(10**9))

    def code() -> str:
        return f"B{next(counter):08d}"

    with tempfile.TemporaryDirectory() as folder:
        db = await Database(Path(folder) / "bench.sqlite3").connect()
        await db.execute("CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, v TEXT)")
        repo = BookingRepository(db)
        baseline, single, race, held = [], [], [], []
        for r in range(ROUNDS):
            t0 = time.perf_counter()
            for i in range(PER_ROUND):
                async with db.transaction() as tx:
                    await tx.execute("INSERT INTO bench_baseline (v) VALUES (?)", (str(i),))
            baseline.append((time.perf_counter() - t0) / PER_ROUND)

            users = await _users(db, PER_ROUND, f"s{r}-")
            t0 = time.perf_counter()
            for i, user in enumerate(users):
                slot = f"2026-12-{1 + r:02d} {8 + i // 4:02d}:{(i % 4) * 15:02d}"
                request = BookingRequest(user, "shop", slot, "2026-12-20",
                                         [{"item": "jacket", "size": "100"}])
                await repo.book(request, _policy(1), now=NOW, new_code=code)
            single.append((time.perf_counter() - t0) / PER_ROUND)

            askers = await _users(db, PER_ROUND, f"q{r}-")
            ask = replace(_policy(1), needs_confirmation=lambda _: True)
            t0 = time.perf_counter()
            for i, user in enumerate(askers):
                slot = f"2026-12-{1 + r:02d} {8 + i // 4:02d}:{(i % 4) * 15 + 5:02d}"
                await repo.book(BookingRequest(user, "shop", slot, "2026-12-20"), ask, now=NOW,
                                new_code=code)
            held.append((time.perf_counter() - t0) / PER_ROUND)

            racers = await _users(db, PER_ROUND, f"r{r}-")
            slot = f"2026-12-{10 + r:02d} 10:00"

            async def attempt(user: int, slot: str = slot) -> bool:
                try:
                    await repo.book(BookingRequest(user, "shop", slot, "2026-12-20"),
                                    _policy(1), now=NOW, new_code=code)
                except Exception:
                    return False
                return True

            t0 = time.perf_counter()
            won = await asyncio.gather(*(attempt(u) for u in racers))
            race.append((time.perf_counter() - t0) / PER_ROUND)
            assert sum(won) == 1, won
        content = load_catalogue().booking
        assert content is not None, "the bundled content has the suit shops"
        shop = content.shops["naeil_kkum"]
        week = []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            for _ in range(PER_ROUND):
                taken = await repo.taken_seats("shop", "2026-12-01", "2026-12-07", NOW)
                week_days(shop, content.rules, NOW, 0, taken)
            week.append((time.perf_counter() - t0) / PER_ROUND)
        await db.close()

    base = statistics.median(baseline)
    print(f"{'scenario':<28}{'median/op':>12}{'ratio':>9}")
    print(f"{'baseline insert':<28}{base * 1e3:>10.3f}ms{1.0:>9.2f}")
    for name, values in (("book (free slot)", single), ("request (pending hold)", held),
                         ("race 50 -> 1 seat", race), ("week view", week)):
        med = statistics.median(values)
        print(f"{name:<28}{med * 1e3:>10.3f}ms{med / base:>9.2f}")


if __name__ == "__main__":
    asyncio.run(main())
