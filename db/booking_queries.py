"""Reads about bookings and the waitlist: free seats, a user's bookings, the staff sheet.

Nothing here writes; a read outside a transaction sees the last committed state, which is
what a menu shows. Decisions that depend on a count are re-checked inside the write
transaction (``db/booking_steps.py``), never taken from these reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.booking_model import (
    BOOKING_COLUMNS,
    EXTERNAL_REMINDER_KIND,
    WAIT_COLUMNS,
    Booking,
    WaitlistEntry,
    booking_from_row,
    entry_from_row,
)
from db.database import Database
from db.outbox import OutboxRepository
from db.seoul import stamp


class BookingQueries:
    """The read half of ``BookingRepository`` (which adds the writes)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.outbox = OutboxRepository(db)

    async def taken_seats(self, shop_id: str, first_day: str, last_day: str,
                          now: datetime) -> dict[str, int]:
        """Seats taken per slot key between two days (inclusive): live bookings plus seats
        held for a waitlist offer that has not expired."""
        rows = await self.db.fetchall(
            "SELECT slot_start, COUNT(*) FROM bookings WHERE shop_id = ? AND day BETWEEN ? AND ?"
            " AND status <> 'cancelled' GROUP BY slot_start"
            " UNION ALL"
            " SELECT slot_start, COUNT(*) FROM booking_waitlist WHERE shop_id = ?"
            " AND substr(slot_start, 1, 10) BETWEEN ? AND ?"
            " AND status = 'offered' AND offer_expires_at > ? GROUP BY slot_start",
            (shop_id, first_day, last_day, shop_id, first_day, last_day, stamp(now)),
        )
        taken: dict[str, int] = {}
        for slot, count in rows:
            taken[str(slot)] = taken.get(str(slot), 0) + int(count)
        return taken

    async def get(self, booking_id: int) -> Booking | None:
        row = await self.db.fetchone(f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE id = ?",
                                     (booking_id,))
        return booking_from_row(row) if row else None

    async def get_by_code(self, code: str) -> Booking | None:
        row = await self.db.fetchone(f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE code = ?",
                                     (code,))
        return booking_from_row(row) if row else None

    async def for_user(self, user_id: int, *, upcoming_from: str | None = None) -> list[Booking]:
        """The user's live bookings, soonest first; from a day on when ``upcoming_from``."""
        sql = f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE user_id = ? AND status <> 'cancelled'"
        params: list[Any] = [user_id]
        if upcoming_from is not None:
            sql += " AND return_date >= ?"
            params.append(upcoming_from)
        rows = await self.db.fetchall(sql + " ORDER BY slot_start, id", params)
        return [booking_from_row(r) for r in rows]

    async def used_this_year(self, user_id: int, year: int) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM bookings WHERE user_id = ? AND rental_year = ?"
            " AND status <> 'cancelled'",
            (user_id, year),
        )
        return int(row[0]) if row else 0

    async def no_show_count(self, user_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM bookings WHERE user_id = ? AND status = 'no_show'", (user_id,)
        )
        return int(row[0]) if row else 0

    async def for_day(self, day: str, shop_id: str | None = None) -> list[tuple[Booking, int]]:
        """Staff view: the day's live bookings with each user's no-show count."""
        sql = (
            f"SELECT {', '.join('b.' + c.strip() for c in BOOKING_COLUMNS.split(','))},"
            " (SELECT COUNT(*) FROM bookings n WHERE n.user_id = b.user_id"
            "  AND n.status = 'no_show') AS no_shows"
            " FROM bookings b WHERE b.day = ? AND b.status <> 'cancelled'"
        )
        params: list[Any] = [day]
        if shop_id is not None:
            sql += " AND b.shop_id = ?"
            params.append(shop_id)
        rows = await self.db.fetchall(sql + " ORDER BY b.shop_id, b.slot_start, b.id", params)
        return [(booking_from_row(r), int(r["no_shows"])) for r in rows]

    async def pending_requests(self, shop_id: str | None = None) -> list[Booking]:
        """Staff view: requests awaiting a confirm or decline, soonest visit first."""
        sql = (f"SELECT {BOOKING_COLUMNS} FROM bookings WHERE confirmation = 'pending'"
               " AND status = 'booked'")
        params: list[Any] = []
        if shop_id is not None:
            sql += " AND shop_id = ?"
            params.append(shop_id)
        rows = await self.db.fetchall(sql + " ORDER BY slot_start, id", params)
        return [booking_from_row(r) for r in rows]

    async def interview_reminders(self, user_id: int) -> int:
        """Reminders the user asked for at external points that are still to be sent."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM outbox WHERE user_id = ? AND kind = ? AND status = 'pending'",
            (user_id, EXTERNAL_REMINDER_KIND),
        )
        return int(row[0]) if row else 0

    async def waitlist_for_user(self, user_id: int) -> list[WaitlistEntry]:
        rows = await self.db.fetchall(
            f"SELECT {WAIT_COLUMNS} FROM booking_waitlist WHERE user_id = ?"
            " AND status IN ('waiting', 'offered') ORDER BY slot_start, id",
            (user_id,),
        )
        return [entry_from_row(r) for r in rows]

    async def get_waitlist_entry(self, entry_id: int) -> WaitlistEntry | None:
        row = await self.db.fetchone(
            f"SELECT {WAIT_COLUMNS} FROM booking_waitlist WHERE id = ?", (entry_id,)
        )
        return entry_from_row(row) if row else None
