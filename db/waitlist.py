"""The suit-rental waitlist: join, leave, accept an offer, expire stale offers.

A freed seat is offered to the first user waiting for that slot and held for them until the
offer's deadline; accepting turns the held seat into a booking in the same transaction, so
an offer can never be accepted twice or into a full slot.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from db.booking_model import (
    WAIT_COLUMNS,
    AlreadyWaiting,
    Booking,
    BookingPolicy,
    BookingRequest,
    OfferGone,
    WaitlistEntry,
    dump_json,
    entry_from_row,
)
from db.booking_queries import BookingQueries
from db.booking_steps import expire_requests, insert_booking, offer_free_seats
from db.seoul import minute_key, stamp


class WaitlistRepository(BookingQueries):
    """Waitlist writes, on top of the booking reads (``BookingRepository`` adds bookings)."""

    async def join_waitlist(self, user_id: int, shop_id: str, slot_start: str,
                            draft: dict[str, Any], *, now: datetime) -> WaitlistEntry:
        async with self.db.transaction() as tx:
            existing = await tx.fetchone(
                "SELECT id FROM booking_waitlist WHERE user_id = ? AND shop_id = ?"
                " AND slot_start = ? AND status IN ('waiting', 'offered')",
                (user_id, shop_id, slot_start),
            )
            if existing is not None:
                raise AlreadyWaiting(slot_start)
            row = await tx.fetchone(
                "INSERT INTO booking_waitlist (user_id, shop_id, slot_start, draft, created_at)"
                f" VALUES (?, ?, ?, ?, ?) RETURNING {WAIT_COLUMNS}",
                (user_id, shop_id, slot_start, dump_json(draft), stamp(now)),
            )
        assert row is not None
        return entry_from_row(row)

    async def leave_waitlist(self, entry_id: int, user_id: int, policy: BookingPolicy, *,
                             now: datetime) -> bool:
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT {WAIT_COLUMNS} FROM booking_waitlist WHERE id = ? AND user_id = ?"
                " AND status IN ('waiting', 'offered')",
                (entry_id, user_id),
            )
            if row is None:
                return False
            entry = entry_from_row(row)
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'cancelled' WHERE id = ?", (entry.id,)
            )
            if entry.status == "offered":
                await offer_free_seats(tx, self.outbox, entry.shop_id, entry.slot_start,
                                       policy, now)
        return True

    async def accept_offer(self, entry_id: int, user_id: int, policy: BookingPolicy, *,
                           now: datetime, new_code: Callable[[], str]) -> Booking:
        """Turn a live offer into a booking (the held seat is the user's); ``OfferGone``
        when it expired or was never made."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT {WAIT_COLUMNS} FROM booking_waitlist WHERE id = ? AND user_id = ?",
                (entry_id, user_id),
            )
            entry = entry_from_row(row) if row else None
            if (
                entry is None
                or entry.status != "offered"
                or (entry.offer_expires_at or "") <= stamp(now)
            ):
                raise OfferGone(str(entry_id))
            request = BookingRequest.from_draft(entry)
            booking = await insert_booking(tx, self.outbox, request, policy, now=now,
                                           new_code=new_code)
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'accepted', booking_id = ? WHERE id = ?",
                (booking.id, entry.id),
            )
        return booking

    async def expire_offers(self, policy: BookingPolicy, *, now: datetime) -> int:
        """Expire offers past their deadline, waiting entries for past slots and requests
        nobody confirmed by the cut-off, then offer every freed seat to the next in line.
        Returns how many offers were made.

        The scheduler calls this every minute or so; it is safe to call at any time."""
        at = stamp(now)
        made = 0
        async with self.db.transaction() as tx:
            stale = await tx.fetchall(
                "SELECT DISTINCT shop_id, slot_start FROM booking_waitlist"
                " WHERE status = 'offered' AND offer_expires_at <= ?",
                (at,),
            )
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'expired'"
                " WHERE status = 'offered' AND offer_expires_at <= ?",
                (at,),
            )
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'expired'"
                " WHERE status = 'waiting' AND slot_start <= ?",
                (minute_key(now),),
            )
            for shop_id, slot_start in stale:
                made += await offer_free_seats(tx, self.outbox, shop_id, slot_start, policy, now)
            made += await expire_requests(tx, self.outbox, policy, now)
        return made
