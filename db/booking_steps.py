"""The steps booking writes are made of, each run inside the caller's write transaction.

Booking, cancelling, moving and the waitlist all end in the same few steps (count the seats,
check the user's day and year, insert, queue or drop reminders, offer a freed seat on), so
they live here once. Every function takes the open ``Transaction``: a step that counts and
then writes is only safe because ``BEGIN IMMEDIATE`` lets one such transaction run at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from db.booking_model import (
    ANSWER_KIND,
    BOOKING_COLUMNS,
    OFFER_KIND,
    REMINDER_KIND,
    WAIT_COLUMNS,
    Booking,
    BookingNotFound,
    BookingPolicy,
    BookingRequest,
    CutOffPassed,
    NotChangeable,
    SameDayBooking,
    SlotFull,
    YearlyLimitReached,
    booking_from_row,
    dump_json,
    entry_from_row,
    reminder_key,
)
from db.database import Transaction
from db.outbox import OutboxRepository
from db.seoul import SEOUL, minute_key, stamp

# Seats held in a slot: live bookings plus live offers (except, when given, one user's own).
_SEATS_TAKEN = (
    "SELECT (SELECT COUNT(*) FROM bookings WHERE shop_id = ? AND slot_start = ?"
    "        AND status <> 'cancelled')"
    "     + (SELECT COUNT(*) FROM booking_waitlist WHERE shop_id = ? AND slot_start = ?"
    "        AND status = 'offered' AND offer_expires_at > ? AND user_id <> ?)"
)


async def insert_booking(tx: Transaction, outbox: OutboxRepository, request: BookingRequest,
                         policy: BookingPolicy, *, now: datetime,
                         new_code: Callable[[], str]) -> Booking:
    """Take a seat for the request, or raise ``SlotFull``, ``YearlyLimitReached`` or
    ``SameDayBooking``; queues the booking's reminders. At a shop that needs confirmation
    the booking is 'pending': the seat is held, the reminders wait for staff."""
    day = request.slot_start[:10]
    await check_seat(tx, request.shop_id, request.slot_start, request.user_id, policy, now)
    await check_day_and_year(tx, request.user_id, day, policy, exclude=None)
    code = await _unused_code(tx, new_code)
    at = stamp(now)
    confirmation = "pending" if policy.needs_confirmation(request.shop_id) else "confirmed"
    row = await tx.fetchone(
        "INSERT INTO bookings (code, user_id, shop_id, slot_start, day, rental_year,"
        " return_date, items, interview_date, company, basis, created_at, updated_at,"
        " confirmation)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {BOOKING_COLUMNS}",
        (
            code, request.user_id, request.shop_id, request.slot_start, day, int(day[:4]),
            request.return_date, dump_json(request.items), request.interview_date,
            request.company, request.basis, at, at, confirmation,
        ),
    )
    assert row is not None
    booking = booking_from_row(row)
    # A user who was waiting for this slot and booked it directly leaves the waitlist.
    await tx.execute(
        "UPDATE booking_waitlist SET status = 'accepted', booking_id = ?"
        " WHERE user_id = ? AND shop_id = ? AND slot_start = ?"
        " AND status IN ('waiting', 'offered')",
        (booking.id, request.user_id, request.shop_id, request.slot_start),
    )
    await enqueue_reminders(tx, outbox, booking, policy, now)
    return booking


async def check_seat(tx: Transaction, shop_id: str, slot_start: str, user_id: int,
                     policy: BookingPolicy, now: datetime) -> None:
    row = await tx.fetchone(
        _SEATS_TAKEN, (shop_id, slot_start, shop_id, slot_start, stamp(now), user_id)
    )
    taken = int(row[0]) if row else 0
    if taken >= policy.seats(shop_id):
        raise SlotFull(slot_start)


async def check_day_and_year(tx: Transaction, user_id: int, day: str, policy: BookingPolicy,
                             *, exclude: int | None) -> None:
    same_day = await tx.fetchone(
        "SELECT code FROM bookings WHERE user_id = ? AND day = ? AND status <> 'cancelled'"
        " AND id <> ?",
        (user_id, day, exclude or 0),
    )
    if same_day is not None:
        raise SameDayBooking(str(same_day[0]))
    row = await tx.fetchone(
        "SELECT COUNT(*) FROM bookings WHERE user_id = ? AND rental_year = ?"
        " AND status <> 'cancelled' AND id <> ?",
        (user_id, int(day[:4]), exclude or 0),
    )
    used = int(row[0]) if row else 0
    if used >= policy.yearly_limit:
        raise YearlyLimitReached(used, policy.yearly_limit)


async def fetch_booking(tx: Transaction, booking_id: int) -> Booking | None:
    row = await tx.fetchone(f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = ?",
                            (booking_id,))
    return booking_from_row(row) if row else None


async def owned_booking(tx: Transaction, booking_id: int, user_id: int) -> Booking:
    booking = await fetch_booking(tx, booking_id)
    if booking is None or booking.user_id != user_id:
        raise BookingNotFound(str(booking_id))
    return booking


def check_changeable(booking: Booking, policy: BookingPolicy, now: datetime) -> None:
    if booking.status != "booked":
        raise NotChangeable(booking.code)
    if now.astimezone(SEOUL) > booking.start - policy.cancel_cutoff:
        raise CutOffPassed(booking.code)


async def _unused_code(tx: Transaction, new_code: Callable[[], str]) -> str:
    for _ in range(20):
        code = new_code()
        if await tx.fetchone("SELECT 1 FROM bookings WHERE code = ?", (code,)) is None:
            return code
    raise RuntimeError("could not find an unused booking code in 20 tries")


async def enqueue_reminders(tx: Transaction, outbox: OutboxRepository, booking: Booking,
                            policy: BookingPolicy, now: datetime) -> None:
    """Queue the booking's reminders; none while it is a request staff have not confirmed."""
    if booking.confirmation != "confirmed":
        return
    for reminder in policy.reminders(booking, now):
        payload = {"booking_code": booking.code, "reminder": reminder.kind, **reminder.payload}
        await outbox.enqueue(
            booking.user_id, REMINDER_KIND, reminder_key(booking, reminder.kind), payload,
            not_before=reminder.not_before, now=now, tx=tx,
        )


async def drop_reminders(tx: Transaction, booking: Booking) -> None:
    await tx.execute(
        "UPDATE outbox SET status = 'dropped', last_error = 'booking changed'"
        " WHERE user_id = ? AND status = 'pending' AND kind = ? AND dedupe_key LIKE ?",
        (booking.user_id, REMINDER_KIND, f"booking:{booking.id}:%"),
    )


async def offer_free_seats(tx: Transaction, outbox: OutboxRepository, shop_id: str,
                           slot_start: str, policy: BookingPolicy, now: datetime) -> int:
    """Offer each free seat of a future slot to the next waiting user; count the offers."""
    if slot_start <= minute_key(now):
        return 0
    made = 0
    at = stamp(now)
    while True:
        # user 0 is nobody (ids start at 1): every live offer holds its seat here.
        row = await tx.fetchone(_SEATS_TAKEN, (shop_id, slot_start, shop_id, slot_start, at, 0))
        if (int(row[0]) if row else 0) >= policy.seats(shop_id):
            return made
        nxt = await tx.fetchone(
            f"SELECT {WAIT_COLUMNS} FROM booking_waitlist WHERE shop_id = ?"
            " AND slot_start = ? AND status = 'waiting' ORDER BY id LIMIT 1",
            (shop_id, slot_start),
        )
        if nxt is None:
            return made
        entry = entry_from_row(nxt)
        expires = policy.offer_deadline(now)
        if expires <= now:  # a deadline already past would hold no seat: offer nothing
            return made
        await tx.execute(
            "UPDATE booking_waitlist SET status = 'offered', offered_at = ?,"
            " offer_expires_at = ? WHERE id = ?",
            (at, stamp(expires), entry.id),
        )
        offered = replace(entry, status="offered", offered_at=at,
                          offer_expires_at=stamp(expires))
        await outbox.enqueue(
            entry.user_id, OFFER_KIND, f"booking-offer:{entry.id}",
            {"waitlist_id": entry.id, **policy.offer_payload(offered, expires)},
            not_before=now, now=now, tx=tx,
        )
        made += 1


async def tell_answer(tx: Transaction, outbox: OutboxRepository, booking: Booking,
                      policy: BookingPolicy, now: datetime) -> None:
    """Push the user the answer to their request (confirmed, declined or expired); the
    message is rendered at send time from the booking row (``handlers/booking/push.py``)."""
    key = f"booking-answer:{booking.id}:{booking.revision}:{booking.confirmation}"
    await outbox.enqueue(
        booking.user_id, ANSWER_KIND, key,
        {"booking_id": booking.id, "answer": booking.confirmation},
        not_before=policy.push_after(now), now=now, tx=tx,
    )


async def close_request(tx: Transaction, outbox: OutboxRepository, booking: Booking,
                        answer: str, note: str | None, policy: BookingPolicy,
                        now: datetime) -> Booking:
    """Decline or expire a pending request and tell the user; the seat is free again (the
    caller offers it to the next person waiting)."""
    at = stamp(now)
    await tx.execute(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, updated_at = ?,"
        " confirmation = ?, decided_at = ?, decision_note = ? WHERE id = ?",
        (at, at, answer, at, note, booking.id),
    )
    closed = await fetch_booking(tx, booking.id)
    assert closed is not None
    await tell_answer(tx, outbox, closed, policy, now)
    return closed


async def expire_requests(tx: Transaction, outbox: OutboxRepository, policy: BookingPolicy,
                          now: datetime) -> int:
    """Requests still pending at the cut-off before their visit expire: nobody confirmed
    them in time, so the seat goes back (to the waitlist first) and the user is told.
    Returns how many waitlist offers the freed seats made."""
    last = minute_key(now + policy.cancel_cutoff)
    rows = await tx.fetchall(
        f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE confirmation = 'pending'"
        " AND status = 'booked' AND slot_start <= ? ORDER BY slot_start, id",
        (last,),
    )
    made = 0
    for row in rows:
        booking = await close_request(tx, outbox, booking_from_row(row), "expired", None,
                                      policy, now)
        made += await offer_free_seats(tx, outbox, booking.shop_id, booking.slot_start,
                                       policy, now)
    return made
