"""Suit-rental bookings: book, cancel, move and the staff's status changes.

Every write that depends on a count (seats in a slot, rentals this year, a booking on the
same day) reads and writes inside one ``BEGIN IMMEDIATE`` transaction. SQLite lets only one
such transaction run at a time (across connections and processes too), so however many
requests race for the last seat, exactly one sees it free; the others get ``SlotFull``.

The rules (seats per shop, yearly limit, cut-off, offer deadline) and the reminder and
offer messages come from the caller as a ``BookingPolicy``: the store knows the schema,
not the content. Reminders and offers are outbox rows written in the same transaction as
the booking change, so a booking never exists without its reminders, and a cancelled one
never keeps them.

``BookingRepository`` (``Store.bookings``) is the one door: it holds these writes and
inherits the waitlist (``db/waitlist.py``) and the reads (``db/booking_queries.py``). The
values and errors are defined in ``db/booking_model.py`` and importable from here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from db.booking_model import (
    ANSWER_KIND,
    BOOKING_COLUMNS,
    CONFIRMATIONS,
    EXTERNAL_REMINDER_KIND,
    LIVE,
    OFFER_KIND,
    REMINDER_KIND,
    STAFF_STATUSES,
    AlreadyWaiting,
    AwaitingConfirmation,
    Booking,
    BookingError,
    BookingNotFound,
    BookingPolicy,
    BookingRequest,
    CutOffPassed,
    NotChangeable,
    NotPending,
    OfferGone,
    Reminder,
    SameDayBooking,
    SlotFull,
    WaitlistEntry,
    YearlyLimitReached,
    booking_from_row,
    reminder_key,
)
from db.booking_steps import (
    check_changeable,
    check_day_and_year,
    check_seat,
    close_request,
    drop_reminders,
    enqueue_reminders,
    fetch_booking,
    insert_booking,
    offer_free_seats,
    owned_booking,
    tell_answer,
)
from db.database import Transaction
from db.seoul import stamp
from db.waitlist import WaitlistRepository

__all__ = [
    "ANSWER_KIND", "CONFIRMATIONS", "EXTERNAL_REMINDER_KIND", "LIVE", "OFFER_KIND",
    "REMINDER_KIND", "STAFF_STATUSES", "AlreadyWaiting", "AwaitingConfirmation", "Booking",
    "BookingError", "BookingNotFound", "BookingPolicy", "BookingRepository", "BookingRequest",
    "CutOffPassed", "NotChangeable", "NotPending", "OfferGone", "Reminder", "SameDayBooking",
    "SlotFull", "WaitlistEntry", "YearlyLimitReached", "reminder_key", "stamp",
]


class BookingRepository(WaitlistRepository):
    async def book(self, request: BookingRequest, policy: BookingPolicy, *, now: datetime,
                   new_code: Callable[[], str]) -> Booking:
        """Book a seat, or raise ``SlotFull``, ``YearlyLimitReached`` or ``SameDayBooking``."""
        async with self.db.transaction() as tx:
            return await insert_booking(tx, self.outbox, request, policy, now=now,
                                        new_code=new_code)

    async def cancel(self, booking_id: int, user_id: int, policy: BookingPolicy, *,
                     now: datetime) -> Booking:
        """Cancel until the cut-off; drops its pending reminders and offers the seat on."""
        async with self.db.transaction() as tx:
            booking = await owned_booking(tx, booking_id, user_id)
            check_changeable(booking, policy, now)
            at = stamp(now)
            await tx.execute(
                "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, updated_at = ?"
                " WHERE id = ?",
                (at, at, booking.id),
            )
            await drop_reminders(tx, booking)
            await offer_free_seats(tx, self.outbox, booking.shop_id, booking.slot_start,
                                   policy, now)
            found = await fetch_booking(tx, booking.id)
        assert found is not None
        return found

    async def move(self, booking_id: int, user_id: int, new_slot: str, new_return_date: str,
                   policy: BookingPolicy, *, now: datetime) -> Booking:
        """Move to another slot of the same shop, all or nothing: the old seat is released
        only when the new one is taken. Raises ``SlotFull`` and leaves the booking as it was
        when the new slot has no seat."""
        async with self.db.transaction() as tx:
            booking = await owned_booking(tx, booking_id, user_id)
            check_changeable(booking, policy, now)
            if new_slot == booking.slot_start:
                return booking
            new_day = new_slot[:10]
            await check_seat(tx, booking.shop_id, new_slot, user_id, policy, now)
            await check_day_and_year(tx, user_id, new_day, policy, exclude=booking.id)
            # At a request point staff agreed to a time, not to any time: a moved booking is
            # a request again (its reminders wait for the new confirmation).
            again = "pending" if policy.needs_confirmation(booking.shop_id) \
                else booking.confirmation
            await tx.execute(
                "UPDATE bookings SET slot_start = ?, day = ?, rental_year = ?, return_date = ?,"
                " revision = revision + 1, updated_at = ?, confirmation = ? WHERE id = ?",
                (new_slot, new_day, int(new_day[:4]), new_return_date, stamp(now), again,
                 booking.id),
            )
            await drop_reminders(tx, booking)
            moved = await fetch_booking(tx, booking.id)
            assert moved is not None
            await enqueue_reminders(tx, self.outbox, moved, policy, now)
            await offer_free_seats(tx, self.outbox, booking.shop_id, booking.slot_start,
                                   policy, now)
        return moved

    async def set_status(self, code: str, status: str, *, now: datetime) -> Booking:
        """Staff: mark a booking picked up, returned, no-show (or back to booked)."""
        if status not in STAFF_STATUSES:
            raise ValueError(f"status must be one of {STAFF_STATUSES}")
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE code = ?",
                                    (code,))
            if row is None:
                raise BookingNotFound(code)
            booking = booking_from_row(row)
            if booking.status == "cancelled":
                raise NotChangeable(code)
            if booking.pending and status != "booked":
                raise AwaitingConfirmation(code)
            await tx.execute(
                "UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?",
                (status, stamp(now), booking.id),
            )
            if status in ("returned", "no_show"):
                await drop_reminders(tx, booking)
            found = await fetch_booking(tx, booking.id)
        assert found is not None
        return found

    # -- requests (a lending point in 'request' mode) --------------------------------------

    async def confirm_request(self, code: str, policy: BookingPolicy, *,
                              now: datetime) -> Booking:
        """Staff: confirm a pending request. Its reminders start now and the user is told.
        ``BookingNotFound`` for an unknown code, ``NotPending`` when it is not a live
        request (confirmed already, declined, expired or cancelled by the user)."""
        async with self.db.transaction() as tx:
            booking = await self._request(tx, code)
            at = stamp(now)
            await tx.execute(
                "UPDATE bookings SET confirmation = 'confirmed', decided_at = ?, updated_at = ?"
                " WHERE id = ?",
                (at, at, booking.id),
            )
            confirmed = await fetch_booking(tx, booking.id)
            assert confirmed is not None
            await enqueue_reminders(tx, self.outbox, confirmed, policy, now)
            await tell_answer(tx, self.outbox, confirmed, policy, now)
        return confirmed

    async def decline_request(self, code: str, policy: BookingPolicy, *, now: datetime,
                              reason: str | None = None) -> Booking:
        """Staff: decline a pending request (with an optional reason the user is shown).
        The seat is freed and offered to the next person waiting; same errors as
        ``confirm_request``."""
        async with self.db.transaction() as tx:
            booking = await self._request(tx, code)
            declined = await close_request(tx, self.outbox, booking, "declined",
                                           reason or None, policy, now)
            await offer_free_seats(tx, self.outbox, booking.shop_id, booking.slot_start,
                                   policy, now)
        return declined

    async def _request(self, tx: Transaction, code: str) -> Booking:
        row = await tx.fetchone(f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE code = ?",
                                (code,))
        if row is None:
            raise BookingNotFound(code)
        booking = booking_from_row(row)
        if not booking.pending:
            raise NotPending(code, booking.confirmation, booking.status)
        return booking

    async def remind_before_interview(self, user_id: int, shop_id: str, interview_date: str,
                                      *, at: datetime, now: datetime) -> bool:
        """Queue the reminder a user asked for before an interview at an external point
        (stored only after they said yes); one per shop and interview day."""
        return await self.outbox.enqueue(
            user_id, EXTERNAL_REMINDER_KIND, f"booking-external:{shop_id}:{interview_date}",
            {"shop_id": shop_id, "interview_date": interview_date}, not_before=at, now=now,
        )
