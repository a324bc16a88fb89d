"""The booking store split by job (values, reads, in-transaction steps, waitlist, writes)
still answers through the one ``Store.bookings``, and the seams between the parts hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from db.booking_model import BookingPolicy, BookingRequest, WaitlistEntry
from db.booking_steps import check_seat
from db.bookings import OfferGone, SlotFull
from db.seoul import SEOUL, minute_key, stamp
from db.store import Store

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=SEOUL)
SLOT = "2026-12-01 10:00"


def one_seat() -> BookingPolicy:
    return BookingPolicy(seats=lambda shop: 1 if shop == "shop" else 0, yearly_limit=3)


def codes() -> str:
    codes.n = getattr(codes, "n", 0) + 1  # type: ignore[attr-defined]
    return f"P{codes.n:05d}"  # type: ignore[attr-defined]


async def users(store: Store, n: int) -> list[int]:
    return [(await store.users.touch("test", f"b{i}", NOW)).id for i in range(n)]


async def test_one_door_books_queues_offers_and_accepts(store: Store) -> None:
    first, second = await users(store, 2)
    bookings = store.bookings
    booked = await bookings.book(BookingRequest(first, "shop", SLOT, "2026-12-03"), one_seat(),
                                 now=NOW, new_code=codes)
    with pytest.raises(SlotFull):
        await bookings.book(BookingRequest(second, "shop", SLOT, "2026-12-03"), one_seat(),
                            now=NOW, new_code=codes)
    entry = await bookings.join_waitlist(second, "shop", SLOT,
                                         {"return_date": "2026-12-04", "company": "ACME"},
                                         now=NOW)
    await bookings.cancel(booked.id, first, one_seat(), now=NOW)
    offered = await bookings.get_waitlist_entry(entry.id)
    assert offered is not None and offered.status == "offered"
    assert await bookings.taken_seats("shop", "2026-12-01", "2026-12-01", NOW) == {SLOT: 1}
    taken = await bookings.accept_offer(entry.id, second, one_seat(), now=NOW, new_code=codes)
    assert (taken.user_id, taken.return_date, taken.company) == (second, "2026-12-04", "ACME")
    assert [b.id for b in await bookings.for_user(second)] == [taken.id]
    with pytest.raises(OfferGone):
        await bookings.accept_offer(entry.id, second, one_seat(), now=NOW, new_code=codes)


def test_a_request_from_an_empty_draft_returns_on_the_slot_day() -> None:
    entry = WaitlistEntry(7, 3, "shop", SLOT, {}, "offered", "", None, None, None)
    request = BookingRequest.from_draft(entry)
    assert request == BookingRequest(3, "shop", SLOT, "2026-12-01")


async def test_a_users_own_offer_does_not_count_against_their_seat(store: Store) -> None:
    waiting, other = await users(store, 2)
    entry = await store.bookings.join_waitlist(waiting, "shop", SLOT, {}, now=NOW)
    async with store.db.transaction() as tx:
        await tx.execute(
            "UPDATE booking_waitlist SET status = 'offered', offer_expires_at = ? WHERE id = ?",
            (stamp(NOW + timedelta(minutes=30)), entry.id),
        )
    async with store.db.transaction() as tx:
        await check_seat(tx, "shop", SLOT, waiting, one_seat(), NOW)
        with pytest.raises(SlotFull):
            await check_seat(tx, "shop", SLOT, other, one_seat(), NOW)


def test_stored_times_are_seoul_and_refuse_naive_moments() -> None:
    utc_3am = datetime.fromisoformat("2026-11-28T03:00:00+00:00")
    assert stamp(utc_3am) == "2026-11-28T12:00:00+09:00"
    assert minute_key(datetime.fromisoformat("2026-11-28T03:05:59+00:00")) == "2026-11-28 12:05"
    with pytest.raises(ValueError):
        stamp(datetime(2026, 11, 28, 12, 0))


async def test_outbox_payload_by_key_inside_and_outside_a_transaction(store: Store) -> None:
    (user,) = await users(store, 1)
    assert await store.outbox.payload_of(user, "digest:2026-11-28") is None
    await store.outbox.enqueue(user, "job_digest", "digest:2026-11-28", {"posting_ids": [3]},
                               not_before=NOW, now=NOW)
    assert await store.outbox.payload_of(user, "digest:2026-11-28") == {"posting_ids": [3]}
    async with store.db.transaction() as tx:
        found = await store.outbox.payload_of(user, "digest:2026-11-28", tx=tx)
    assert found == {"posting_ids": [3]}


async def test_still_open_keeps_order_and_drops_closed_and_missing_postings(
    store: Store,
) -> None:
    async with store.db.transaction() as tx:
        for source_id, closes in (("a", "2026-11-27"), ("b", None), ("c", "2026-11-28")):
            await tx.execute(
                "INSERT INTO job_postings (source, source_id, title, company, closes_on,"
                " content_hash, first_seen_at, updated_at)"
                " VALUES ('t', ?, 'x', 'co', ?, ?, ?, ?)",
                (source_id, closes, source_id, stamp(NOW), stamp(NOW)),
            )
        ids = [int(r[0]) for r in await tx.fetchall("SELECT id FROM job_postings ORDER BY id")]
        still = await store.postings.still_open(tx, [ids[2], 999, ids[0], ids[1]],
                                                date(2026, 11, 28))
    assert still == [ids[2], ids[1]]
