"""Requests in the store (a lending point in 'request' mode): the seat is held while pending,
reminders start on confirmation, a decline or expiry frees the seat for the waitlist, and the
race for the last seat still has one winner. Real SQLite file, no mocks."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from db.bookings import (
    ANSWER_KIND,
    AwaitingConfirmation,
    BookingNotFound,
    BookingPolicy,
    BookingRepository,
    NotPending,
    SlotFull,
)
from db.database import Database
from tests.booking.test_repository import (
    SEOUL_NOW,
    SLOT,
    codes,
    make_users,
    outbox_rows,
    policy,
    request,
)


def request_policy(seats: int = 1) -> BookingPolicy:
    return replace(policy(seats=seats), needs_confirmation=lambda shop_id: shop_id == "shop")


@pytest.fixture
def repo(db: Database) -> BookingRepository:
    return BookingRepository(db)


async def test_a_request_holds_the_seat_with_no_reminders_until_confirmed(db, repo) -> None:
    first, second = await make_users(db, 2)
    pending = await repo.book(request(first), request_policy(), now=SEOUL_NOW, new_code=codes)
    assert pending.confirmation == "pending" and pending.pending
    assert pending.status == "booked"  # the row is live: it holds the seat
    assert await outbox_rows(db, first) == []  # no reminder for an unconfirmed visit
    with pytest.raises(SlotFull):
        await repo.book(request(second), request_policy(), now=SEOUL_NOW, new_code=codes)

    confirmed = await repo.confirm_request(pending.code, request_policy(), now=SEOUL_NOW)
    assert confirmed.confirmation == "confirmed" and confirmed.decided_at
    kinds = [(kind, key) for kind, key, _ in await outbox_rows(db, first)]
    assert (ANSWER_KIND, f"booking-answer:{pending.id}:1:confirmed") in kinds
    assert ("booking_reminder", f"booking:{pending.id}:1:day_before") in kinds
    assert ("booking_reminder", f"booking:{pending.id}:1:morning_of") in kinds


async def test_a_decline_frees_the_seat_and_offers_it_to_the_waitlist(db, repo) -> None:
    first, waiting = await make_users(db, 2)
    pending = await repo.book(request(first), request_policy(), now=SEOUL_NOW, new_code=codes)
    await repo.join_waitlist(waiting, "shop", SLOT, {"return_date": "2026-12-04"},
                             now=SEOUL_NOW)
    declined = await repo.decline_request(pending.code, request_policy(), now=SEOUL_NOW,
                                          reason="재고 없음")
    assert (declined.status, declined.confirmation) == ("cancelled", "declined")
    assert declined.decision_note == "재고 없음"
    answer = await db.fetchone("SELECT payload FROM outbox WHERE kind = ?", (ANSWER_KIND,))
    assert json.loads(answer[0]) == {"booking_id": pending.id, "answer": "declined"}
    assert [k for k, _, _ in await outbox_rows(db, waiting)] == ["booking_offer"]
    # The offer holds the seat for the person waiting, not for a newcomer.
    assert await repo.taken_seats("shop", "2026-12-01", "2026-12-01", SEOUL_NOW) == {SLOT: 1}
    assert await repo.used_this_year(first, 2026) == 0  # a declined request is not a rental


async def test_a_request_nobody_answered_expires_at_the_cut_off(db, repo) -> None:
    (user,) = await make_users(db, 1)
    pending = await repo.book(request(user), request_policy(), now=SEOUL_NOW, new_code=codes)
    before_cut_off = pending.start - timedelta(hours=3, minutes=1)
    await repo.expire_offers(request_policy(), now=before_cut_off)
    assert (await repo.get(pending.id)).pending
    await repo.expire_offers(request_policy(), now=pending.start - timedelta(hours=3))
    expired = await repo.get(pending.id)
    assert (expired.status, expired.confirmation) == ("cancelled", "expired")
    assert (ANSWER_KIND, f"booking-answer:{pending.id}:1:expired", "pending") in \
        await outbox_rows(db, user)
    assert await repo.taken_seats("shop", "2026-12-01", "2026-12-01", SEOUL_NOW) == {}


async def test_confirm_and_decline_refuse_what_is_not_a_pending_request(db, repo) -> None:
    first, second = await make_users(db, 2)
    with pytest.raises(BookingNotFound):
        await repo.confirm_request("NOSUCH", request_policy(), now=SEOUL_NOW)
    pending = await repo.book(request(first), request_policy(), now=SEOUL_NOW, new_code=codes)
    await repo.confirm_request(pending.code, request_policy(), now=SEOUL_NOW)
    with pytest.raises(NotPending) as twice:
        await repo.confirm_request(pending.code, request_policy(), now=SEOUL_NOW)
    assert twice.value.confirmation == "confirmed"
    with pytest.raises(NotPending):
        await repo.decline_request(pending.code, request_policy(), now=SEOUL_NOW)
    assert (await repo.get(pending.id)).status == "booked"  # the refused decline changed nothing
    direct = await repo.book(request(second, slot="2026-12-01 10:30"), policy(seats=1),
                             now=SEOUL_NOW, new_code=codes)
    with pytest.raises(NotPending):  # a direct booking was never a request
        await repo.confirm_request(direct.code, request_policy(), now=SEOUL_NOW)


async def test_staff_cannot_mark_a_pending_request_picked_up(db, repo) -> None:
    (user,) = await make_users(db, 1)
    pending = await repo.book(request(user), request_policy(), now=SEOUL_NOW, new_code=codes)
    with pytest.raises(AwaitingConfirmation):
        await repo.set_status(pending.code, "picked_up", now=SEOUL_NOW)


async def test_a_user_cancelling_a_request_frees_the_seat_and_it_cannot_be_confirmed(
        db, repo) -> None:
    (user,) = await make_users(db, 1)
    pending = await repo.book(request(user), request_policy(), now=SEOUL_NOW, new_code=codes)
    await repo.cancel(pending.id, user, request_policy(), now=SEOUL_NOW)
    with pytest.raises(NotPending):
        await repo.confirm_request(pending.code, request_policy(), now=SEOUL_NOW)


async def test_fifty_concurrent_requests_for_the_last_seat_give_one_pending_hold(db, repo) -> None:
    users = await make_users(db, 50)

    async def attempt(user_id: int) -> str:
        try:
            booking = await repo.book(request(user_id), request_policy(seats=1), now=SEOUL_NOW,
                                      new_code=codes)
        except SlotFull:
            return "full"
        return booking.confirmation

    results = await asyncio.gather(*(attempt(u) for u in users))
    assert results.count("pending") == 1
    assert results.count("full") == 49
    assert await repo.taken_seats("shop", "2026-12-01", "2026-12-01", SEOUL_NOW) == {SLOT: 1}


async def test_two_connections_racing_requests_for_two_seats_hold_two(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first = await Database(path).connect()
    second = await Database(path, busy_timeout_ms=30000).connect()
    try:
        users = await make_users(first, 20)
        repos = [BookingRepository(first), BookingRepository(second)]

        async def attempt(index: int, user_id: int) -> bool:
            try:
                await repos[index % 2].book(request(user_id), request_policy(seats=2),
                                            now=SEOUL_NOW, new_code=codes)
            except SlotFull:
                return False
            return True

        assert sum(await asyncio.gather(*(attempt(i, u) for i, u in enumerate(users)))) == 2
        row = await second.fetchone(
            "SELECT COUNT(*) FROM bookings WHERE confirmation = 'pending' AND status = 'booked'")
        assert row[0] == 2
    finally:
        await first.close()
        await second.close()


@pytest.mark.sqlite_only  # writes an SQLite file of the old schema by hand
async def test_rows_written_before_the_migration_load_as_confirmed(tmp_path: Path) -> None:
    """An existing database (migrations up to 0007) gets the column; its bookings stay
    confirmed (they were booked in the only mode there was) and keep their reminders."""
    import aiosqlite

    from db.database import available_migrations, split_sql

    path = tmp_path / "old.sqlite3"
    async with aiosqlite.connect(path) as conn:
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)")
        for version, name, sql in available_migrations():
            if version > 7:
                break
            for statement in split_sql(sql):
                await conn.execute(statement)
            await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                               (version, name))
        await conn.execute("INSERT INTO users (channel, channel_user_id, created_at)"
                           " VALUES ('test', 'old', '2026-11-01T00:00:00+09:00')")
        await conn.execute(
            "INSERT INTO bookings (code, user_id, shop_id, slot_start, day, rental_year,"
            " return_date, created_at, updated_at) VALUES ('OLD123', 1, 'shop',"
            " '2026-12-01 10:00', '2026-12-01', 2026, '2026-12-04', 'x', 'x')")
        await conn.commit()
    database = await Database(path).connect()
    try:
        old = await BookingRepository(database).get_by_code("OLD123")
        assert old is not None
        assert (old.status, old.confirmation, old.pending) == ("booked", "confirmed", False)
        with pytest.raises(NotPending):
            await BookingRepository(database).confirm_request("OLD123", request_policy(),
                                                              now=SEOUL_NOW)
    finally:
        await database.close()
