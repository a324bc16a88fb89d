"""Bookings in SQLite: seats, yearly limit, same day, cancel, move, waitlist offers, reminders."""

from __future__ import annotations

import asyncio
import itertools
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from db.bookings import (
    AlreadyWaiting,
    Booking,
    BookingNotFound,
    BookingPolicy,
    BookingRepository,
    BookingRequest,
    CutOffPassed,
    NotChangeable,
    OfferGone,
    Reminder,
    SameDayBooking,
    SlotFull,
    YearlyLimitReached,
)
from db.database import Database
from db.users import UserRepository

SEOUL_NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")
SLOT = "2026-12-01 10:00"


def reminders(booking: Booking, now: datetime) -> list[Reminder]:
    start = booking.start
    plan = [("day_before", start - timedelta(hours=16)), ("morning_of", start - timedelta(hours=1))]
    return [Reminder(kind, when, {"text": f"{kind} {booking.code}"}) for kind, when in plan
            if when > now]


def policy(seats: int = 1, yearly: int = 3) -> BookingPolicy:
    return BookingPolicy(
        seats=lambda shop_id: seats if shop_id == "shop" else 0,
        yearly_limit=yearly,
        cancel_cutoff=timedelta(hours=3),
        offer_deadline=lambda now: now + timedelta(minutes=30),
        reminders=reminders,
        offer_payload=lambda entry, expires: {"expires": expires.isoformat()},
    )


_codes = itertools.count()


def codes() -> str:
    return f"C{next(_codes):05d}"


def request(user_id: int, slot: str = SLOT, **extra) -> BookingRequest:
    return BookingRequest(user_id=user_id, shop_id="shop", slot_start=slot,
                          return_date=slot[:8] + "04", items=[{"item": "jacket", "size": "L"}],
                          interview_date=slot[:10], basis="live", **extra)


@pytest.fixture
def repo(db: Database) -> BookingRepository:
    return BookingRepository(db)


async def make_users(db: Database, n: int) -> list[int]:
    users = UserRepository(db)
    return [(await users.touch("test", f"u{i}", SEOUL_NOW)).id for i in range(n)]


async def outbox_rows(db: Database, user_id: int) -> list[tuple[str, str, str]]:
    rows = await db.fetchall(
        "SELECT kind, dedupe_key, status FROM outbox WHERE user_id = ? ORDER BY id", (user_id,)
    )
    return [(r[0], r[1], r[2]) for r in rows]


# -- booking and capacity ---------------------------------------------------------------------


async def test_booking_stores_the_request_and_queues_reminders(db, repo) -> None:
    (user,) = await make_users(db, 1)
    booking = await repo.book(request(user), policy(), now=SEOUL_NOW, new_code=codes)
    assert booking.status == "booked" and booking.day == "2026-12-01"
    assert booking.items == [{"item": "jacket", "size": "L"}]
    assert await repo.get_by_code(booking.code) == booking
    rows = await outbox_rows(db, user)
    assert rows == [
        ("booking_reminder", f"booking:{booking.id}:1:day_before", "pending"),
        ("booking_reminder", f"booking:{booking.id}:1:morning_of", "pending"),
    ]
    payload = json.loads((await db.fetchone("SELECT payload FROM outbox LIMIT 1"))[0])
    assert payload["booking_code"] == booking.code and payload["reminder"] == "day_before"


async def test_fifty_concurrent_requests_for_the_last_seat_give_one_booking(db, repo) -> None:
    users = await make_users(db, 50)

    async def attempt(user_id: int) -> str:
        try:
            await repo.book(request(user_id), policy(seats=1), now=SEOUL_NOW, new_code=codes)
        except SlotFull:
            return "full"
        return "booked"

    results = await asyncio.gather(*(attempt(u) for u in users))
    assert results.count("booked") == 1
    assert results.count("full") == 49
    assert (await repo.taken_seats("shop", "2026-12-01", "2026-12-01", SEOUL_NOW)) == {SLOT: 1}


async def test_two_connections_racing_for_three_seats_give_three_bookings(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    first = await Database(path).connect()
    second = await Database(path, busy_timeout_ms=30000).connect()
    try:
        users = await make_users(first, 40)
        repos = [BookingRepository(first), BookingRepository(second)]

        async def attempt(index: int, user_id: int) -> str:
            try:
                await repos[index % 2].book(request(user_id), policy(seats=3), now=SEOUL_NOW,
                                            new_code=codes)
            except SlotFull:
                return "full"
            return "booked"

        results = await asyncio.gather(*(attempt(i, u) for i, u in enumerate(users)))
        assert results.count("booked") == 3
        row = await second.fetchone("SELECT COUNT(*) FROM bookings WHERE status = 'booked'")
        assert row[0] == 3
    finally:
        await first.close()
        await second.close()


async def test_yearly_limit_counts_bookings_not_cancelled(db, repo) -> None:
    (user,) = await make_users(db, 1)
    pol = policy(seats=5, yearly=3)
    made = [await repo.book(request(user, f"2026-12-0{d} 10:00"), pol, now=SEOUL_NOW,
                            new_code=codes) for d in (1, 2, 3)]
    with pytest.raises(YearlyLimitReached) as exc:
        await repo.book(request(user, "2026-12-04 10:00"), pol, now=SEOUL_NOW, new_code=codes)
    assert (exc.value.used, exc.value.limit) == (3, 3)
    await repo.cancel(made[0].id, user, pol, now=SEOUL_NOW)
    again = await repo.book(request(user, "2026-12-04 10:00"), pol, now=SEOUL_NOW,
                            new_code=codes)
    assert again.status == "booked"
    assert await repo.used_this_year(user, 2026) == 3


async def test_yearly_limit_is_per_calendar_year(db, repo) -> None:
    (user,) = await make_users(db, 1)
    pol = policy(seats=5, yearly=1)
    await repo.book(request(user, "2026-12-30 10:00"), pol, now=SEOUL_NOW, new_code=codes)
    nxt = await repo.book(request(user, "2027-01-04 10:00"), pol, now=SEOUL_NOW, new_code=codes)
    assert nxt.rental_year == 2027


async def test_concurrent_requests_cannot_exceed_the_yearly_limit(db, repo) -> None:
    (user,) = await make_users(db, 1)
    pol = policy(seats=5, yearly=2)
    slots = [f"2026-12-{d:02d} 10:00" for d in range(1, 11)]

    async def attempt(slot: str) -> bool:
        try:
            await repo.book(request(user, slot), pol, now=SEOUL_NOW, new_code=codes)
        except YearlyLimitReached:
            return False
        return True

    assert sum(await asyncio.gather(*(attempt(s) for s in slots))) == 2


async def test_second_booking_on_the_same_day_is_refused(db, repo) -> None:
    (user,) = await make_users(db, 1)
    first = await repo.book(request(user), policy(seats=5), now=SEOUL_NOW, new_code=codes)
    with pytest.raises(SameDayBooking) as exc:
        await repo.book(request(user, "2026-12-01 15:00"), policy(seats=5), now=SEOUL_NOW,
                        new_code=codes)
    assert exc.value.code == first.code


async def test_unknown_shop_has_no_seats(db, repo) -> None:
    (user,) = await make_users(db, 1)
    bad = BookingRequest(user_id=user, shop_id="nowhere", slot_start=SLOT,
                         return_date="2026-12-04")
    with pytest.raises(SlotFull):
        await repo.book(bad, policy(), now=SEOUL_NOW, new_code=codes)


async def test_code_collision_draws_a_new_code(db, repo) -> None:
    a, b = await make_users(db, 2)
    drawn = iter(["SAME00", "SAME00", "OTHER1"])
    first = await repo.book(request(a), policy(seats=2), now=SEOUL_NOW,
                            new_code=lambda: next(drawn))
    second = await repo.book(request(b), policy(seats=2), now=SEOUL_NOW,
                             new_code=lambda: next(drawn))
    assert (first.code, second.code) == ("SAME00", "OTHER1")


# -- cancel -------------------------------------------------------------------------------------


async def test_cancel_frees_the_seat_and_drops_reminders(db, repo) -> None:
    a, b = await make_users(db, 2)
    booking = await repo.book(request(a), policy(), now=SEOUL_NOW, new_code=codes)
    cancelled = await repo.cancel(booking.id, a, policy(), now=SEOUL_NOW)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at
    assert {status for _, _, status in await outbox_rows(db, a)} == {"dropped"}
    assert (await repo.book(request(b), policy(), now=SEOUL_NOW, new_code=codes)).user_id == b


async def test_cancel_after_the_cut_off_is_refused(db, repo) -> None:
    (user,) = await make_users(db, 1)
    booking = await repo.book(request(user), policy(), now=SEOUL_NOW, new_code=codes)
    late = datetime.fromisoformat("2026-12-01T07:01:00+09:00")
    with pytest.raises(CutOffPassed):
        await repo.cancel(booking.id, user, policy(), now=late)
    on_time = datetime.fromisoformat("2026-12-01T07:00:00+09:00")
    assert (await repo.cancel(booking.id, user, policy(), now=on_time)).status == "cancelled"


async def test_someone_elses_booking_cannot_be_cancelled(db, repo) -> None:
    a, b = await make_users(db, 2)
    booking = await repo.book(request(a), policy(), now=SEOUL_NOW, new_code=codes)
    with pytest.raises(BookingNotFound):
        await repo.cancel(booking.id, b, policy(), now=SEOUL_NOW)
    with pytest.raises(BookingNotFound):
        await repo.cancel(999_999, a, policy(), now=SEOUL_NOW)


async def test_cancelling_twice_is_refused(db, repo) -> None:
    (user,) = await make_users(db, 1)
    booking = await repo.book(request(user), policy(), now=SEOUL_NOW, new_code=codes)
    await repo.cancel(booking.id, user, policy(), now=SEOUL_NOW)
    with pytest.raises(NotChangeable):
        await repo.cancel(booking.id, user, policy(), now=SEOUL_NOW)


# -- move -----------------------------------------------------------------------------------------


async def test_move_takes_the_new_seat_and_releases_the_old(db, repo) -> None:
    a, b = await make_users(db, 2)
    booking = await repo.book(request(a), policy(), now=SEOUL_NOW, new_code=codes)
    moved = await repo.move(booking.id, a, "2026-12-02 11:00", "2026-12-05", policy(),
                            now=SEOUL_NOW)
    assert (moved.slot_start, moved.day, moved.return_date, moved.revision) == (
        "2026-12-02 11:00", "2026-12-02", "2026-12-05", 2)
    assert moved.code == booking.code
    rows = await outbox_rows(db, a)
    assert [r for r in rows if r[2] == "pending"] == [
        ("booking_reminder", f"booking:{booking.id}:2:day_before", "pending"),
        ("booking_reminder", f"booking:{booking.id}:2:morning_of", "pending"),
    ]
    await repo.book(request(b), policy(), now=SEOUL_NOW, new_code=codes)  # old seat is free


async def test_move_to_a_full_slot_keeps_the_old_booking(db, repo) -> None:
    a, b = await make_users(db, 2)
    mine = await repo.book(request(a), policy(), now=SEOUL_NOW, new_code=codes)
    await repo.book(request(b, "2026-12-02 11:00"), policy(), now=SEOUL_NOW, new_code=codes)
    with pytest.raises(SlotFull):
        await repo.move(mine.id, a, "2026-12-02 11:00", "2026-12-05", policy(), now=SEOUL_NOW)
    assert await repo.get(mine.id) == mine
    assert {r[2] for r in await outbox_rows(db, a)} == {"pending"}


async def test_move_within_the_same_day_is_not_a_second_booking(db, repo) -> None:
    (user,) = await make_users(db, 1)
    booking = await repo.book(request(user), policy(seats=2, yearly=1), now=SEOUL_NOW,
                              new_code=codes)
    moved = await repo.move(booking.id, user, "2026-12-01 15:00", "2026-12-04",
                            policy(seats=2, yearly=1), now=SEOUL_NOW)
    assert moved.slot_start == "2026-12-01 15:00"


async def test_concurrent_moves_into_the_last_seat_give_one_winner(db, repo) -> None:
    users = await make_users(db, 10)
    pol = policy(seats=1)
    bookings = [await repo.book(request(u, f"2026-12-{i + 2:02d} 10:00"), pol, now=SEOUL_NOW,
                                new_code=codes) for i, u in enumerate(users)]

    async def attempt(booking: Booking) -> bool:
        try:
            await repo.move(booking.id, booking.user_id, SLOT, "2026-12-04", pol, now=SEOUL_NOW)
        except SlotFull:
            return False
        return True

    assert sum(await asyncio.gather(*(attempt(b) for b in bookings))) == 1
    live = await db.fetchone("SELECT COUNT(*) FROM bookings WHERE status = 'booked'")
    assert live[0] == 10


async def test_cancel_racing_a_booking_never_overbooks(db, repo) -> None:
    users = await make_users(db, 21)
    pol = policy(seats=1)
    holder = await repo.book(request(users[0]), pol, now=SEOUL_NOW, new_code=codes)

    async def attempt(user_id: int) -> bool:
        try:
            await repo.book(request(user_id), pol, now=SEOUL_NOW, new_code=codes)
        except SlotFull:
            return False
        return True

    results = await asyncio.gather(
        repo.cancel(holder.id, users[0], pol, now=SEOUL_NOW), *(attempt(u) for u in users[1:])
    )
    assert sum(results[1:]) <= 1
    live = await db.fetchone(
        "SELECT COUNT(*) FROM bookings WHERE slot_start = ? AND status <> 'cancelled'", (SLOT,)
    )
    assert live[0] <= 1


# -- waitlist -----------------------------------------------------------------------------------


async def test_freed_seat_is_offered_to_the_first_waiting_user_then_the_next(db, repo) -> None:
    holder, first, second, walk_in = await make_users(db, 4)
    pol = policy(seats=1)
    booking = await repo.book(request(holder), pol, now=SEOUL_NOW, new_code=codes)
    draft = {"return_date": "2026-12-04", "items": [{"item": "tie", "size": "-"}]}
    w1 = await repo.join_waitlist(first, "shop", SLOT, draft, now=SEOUL_NOW)
    w2 = await repo.join_waitlist(second, "shop", SLOT, draft, now=SEOUL_NOW)
    with pytest.raises(AlreadyWaiting):
        await repo.join_waitlist(first, "shop", SLOT, draft, now=SEOUL_NOW)

    await repo.cancel(booking.id, holder, pol, now=SEOUL_NOW)
    assert (await repo.get_waitlist_entry(w1.id)).status == "offered"
    assert (await repo.get_waitlist_entry(w2.id)).status == "waiting"
    assert await outbox_rows(db, first) == [("booking_offer", f"booking-offer:{w1.id}",
                                             "pending")]
    # The held seat is not free for anyone else.
    with pytest.raises(SlotFull):
        await repo.book(request(walk_in), pol, now=SEOUL_NOW, new_code=codes)

    later = SEOUL_NOW + timedelta(minutes=31)
    assert await repo.expire_offers(pol, now=later) == 1
    assert (await repo.get_waitlist_entry(w1.id)).status == "expired"
    assert (await repo.get_waitlist_entry(w2.id)).status == "offered"
    with pytest.raises(OfferGone):
        await repo.accept_offer(w1.id, first, pol, now=later, new_code=codes)

    accepted = await repo.accept_offer(w2.id, second, pol, now=later, new_code=codes)
    assert accepted.user_id == second and accepted.items == [{"item": "tie", "size": "-"}]
    assert (await repo.get_waitlist_entry(w2.id)).status == "accepted"


async def test_declining_an_offer_passes_it_on(db, repo) -> None:
    holder, first, second = await make_users(db, 3)
    pol = policy(seats=1)
    booking = await repo.book(request(holder), pol, now=SEOUL_NOW, new_code=codes)
    w1 = await repo.join_waitlist(first, "shop", SLOT, {}, now=SEOUL_NOW)
    w2 = await repo.join_waitlist(second, "shop", SLOT, {}, now=SEOUL_NOW)
    await repo.cancel(booking.id, holder, pol, now=SEOUL_NOW)
    assert await repo.leave_waitlist(w1.id, first, pol, now=SEOUL_NOW)
    assert (await repo.get_waitlist_entry(w2.id)).status == "offered"
    assert not await repo.leave_waitlist(w1.id, first, pol, now=SEOUL_NOW)


async def test_offer_for_a_user_at_the_yearly_limit_is_refused_on_accept(db, repo) -> None:
    holder, waiter = await make_users(db, 2)
    pol = policy(seats=1, yearly=1)
    await repo.book(request(waiter, "2026-12-05 10:00"), pol, now=SEOUL_NOW, new_code=codes)
    booking = await repo.book(request(holder), pol, now=SEOUL_NOW, new_code=codes)
    entry = await repo.join_waitlist(waiter, "shop", SLOT, {}, now=SEOUL_NOW)
    await repo.cancel(booking.id, holder, pol, now=SEOUL_NOW)
    with pytest.raises(YearlyLimitReached):
        await repo.accept_offer(entry.id, waiter, pol, now=SEOUL_NOW, new_code=codes)
    assert (await repo.get_waitlist_entry(entry.id)).status == "offered"


async def test_waiting_for_a_past_slot_expires(db, repo) -> None:
    (user,) = await make_users(db, 1)
    entry = await repo.join_waitlist(user, "shop", SLOT, {}, now=SEOUL_NOW)
    await repo.expire_offers(policy(), now=datetime.fromisoformat("2026-12-01T10:00:00+09:00"))
    assert (await repo.get_waitlist_entry(entry.id)).status == "expired"


# -- staff ----------------------------------------------------------------------------------------


async def test_staff_marks_no_show_and_it_is_counted(db, repo) -> None:
    a, b = await make_users(db, 2)
    pol = policy(seats=3)
    first = await repo.book(request(a), pol, now=SEOUL_NOW, new_code=codes)
    await repo.book(request(b), pol, now=SEOUL_NOW, new_code=codes)
    marked = await repo.set_status(first.code, "no_show", now=SEOUL_NOW)
    assert marked.status == "no_show"
    assert await repo.no_show_count(a) == 1
    day = await repo.for_day("2026-12-01")
    assert [(bk.user_id, n) for bk, n in day] == [(a, 1), (b, 0)]
    assert {r[2] for r in await outbox_rows(db, a)} == {"dropped"}


async def test_staff_status_changes_refuse_bad_input(db, repo) -> None:
    (user,) = await make_users(db, 1)
    booking = await repo.book(request(user), policy(), now=SEOUL_NOW, new_code=codes)
    with pytest.raises(ValueError):
        await repo.set_status(booking.code, "stolen", now=SEOUL_NOW)
    with pytest.raises(BookingNotFound):
        await repo.set_status("NOPE00", "returned", now=SEOUL_NOW)
    await repo.cancel(booking.id, user, policy(), now=SEOUL_NOW)
    with pytest.raises(NotChangeable):
        await repo.set_status(booking.code, "picked_up", now=SEOUL_NOW)


async def test_forget_deletes_bookings_and_waitlist(db, repo) -> None:
    (user,) = await make_users(db, 1)
    await repo.book(request(user), policy(), now=SEOUL_NOW, new_code=codes)
    await repo.join_waitlist(user, "shop", "2026-12-02 10:00", {}, now=SEOUL_NOW)
    await UserRepository(db).delete(user)
    assert (await db.fetchone("SELECT COUNT(*) FROM bookings"))[0] == 0
    assert (await db.fetchone("SELECT COUNT(*) FROM booking_waitlist"))[0] == 0


async def test_text_with_sql_is_stored_as_text(db, repo) -> None:
    (user,) = await make_users(db, 1)
    evil = "'); DROP TABLE bookings; --"
    booking = await repo.book(request(user, company=evil), policy(), now=SEOUL_NOW,
                              new_code=codes)
    assert (await repo.get(booking.id)).company == evil


async def test_offer_acceptance_racing_direct_bookings_gives_the_seat_once(db, repo) -> None:
    holder, waiter, *walk_ins = await make_users(db, 22)
    pol = policy(seats=1)
    booking = await repo.book(request(holder), pol, now=SEOUL_NOW, new_code=codes)
    entry = await repo.join_waitlist(waiter, "shop", SLOT, {"return_date": "2026-12-04"},
                                     now=SEOUL_NOW)
    await repo.cancel(booking.id, holder, pol, now=SEOUL_NOW)

    async def walk_in(user_id: int) -> bool:
        try:
            await repo.book(request(user_id), pol, now=SEOUL_NOW, new_code=codes)
        except SlotFull:
            return False
        return True

    accepted, *others = await asyncio.gather(
        repo.accept_offer(entry.id, waiter, pol, now=SEOUL_NOW, new_code=codes),
        *(walk_in(u) for u in walk_ins),
    )
    assert accepted.user_id == waiter
    assert not any(others)
    live = await db.fetchone(
        "SELECT COUNT(*) FROM bookings WHERE slot_start = ? AND status <> 'cancelled'", (SLOT,))
    assert live[0] == 1


async def test_expire_offers_twice_at_once_offers_each_seat_once(tmp_path: Path) -> None:
    path = tmp_path / "offers.sqlite3"
    first = await Database(path).connect()
    second = await Database(path, busy_timeout_ms=30000).connect()
    try:
        holder, w1, w2, w3 = await make_users(first, 4)
        pol = policy(seats=1)
        repo1, repo2 = BookingRepository(first), BookingRepository(second)
        booking = await repo1.book(request(holder), pol, now=SEOUL_NOW, new_code=codes)
        entries = [await repo1.join_waitlist(u, "shop", SLOT, {}, now=SEOUL_NOW)
                   for u in (w1, w2, w3)]
        await repo1.cancel(booking.id, holder, pol, now=SEOUL_NOW)
        later = SEOUL_NOW + timedelta(minutes=31)
        made = await asyncio.gather(repo1.expire_offers(pol, now=later),
                                    repo2.expire_offers(pol, now=later))
        assert sorted(made) == [0, 1]
        statuses = [(await repo1.get_waitlist_entry(e.id)).status for e in entries]
        assert statuses == ["expired", "offered", "waiting"]
    finally:
        await first.close()
        await second.close()
