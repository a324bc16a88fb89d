"""Suit-rental bookings and their waitlist: seats, yearly limit, cancel, move, offers.

Every write that depends on a count (seats in a slot, rentals this year, a booking on the
same day) reads and writes inside one ``BEGIN IMMEDIATE`` transaction. SQLite lets only one
such transaction run at a time (across connections and processes too), so however many
requests race for the last seat, exactly one sees it free; the others get ``SlotFull``.

The rules (seats per shop, yearly limit, cut-off, offer deadline) and the reminder and
offer messages come from the caller as a ``BookingPolicy``: this module knows the schema,
not the content. Reminders and offers are outbox rows written in the same transaction as
the booking change, so a booking never exists without its reminders, and a cancelled one
never keeps them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiosqlite import Row

from db.database import Database, Transaction
from db.outbox import OutboxRepository

SEOUL = ZoneInfo("Asia/Seoul")
LIVE = ("booked", "picked_up", "returned", "no_show")  # every status but 'cancelled'
STAFF_STATUSES = ("booked", "picked_up", "returned", "no_show")
REMINDER_KIND = "booking_reminder"
OFFER_KIND = "booking_offer"
_COLUMNS = (
    "id, code, user_id, shop_id, slot_start, day, rental_year, return_date, items,"
    " interview_date, company, basis, status, revision, created_at, updated_at, cancelled_at"
)
_WAIT_COLUMNS = (
    "id, user_id, shop_id, slot_start, draft, status, created_at, offered_at,"
    " offer_expires_at, booking_id"
)


# -- values ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    code: str
    user_id: int
    shop_id: str
    slot_start: str  # 'YYYY-MM-DD HH:MM', Asia/Seoul
    day: str
    rental_year: int
    return_date: str
    items: list[dict[str, str]]
    interview_date: str | None
    company: str | None
    basis: str | None
    status: str
    revision: int
    created_at: str
    updated_at: str
    cancelled_at: str | None

    @property
    def start(self) -> datetime:
        return datetime.strptime(self.slot_start, "%Y-%m-%d %H:%M").replace(tzinfo=SEOUL)


@dataclass(frozen=True, slots=True)
class WaitlistEntry:
    id: int
    user_id: int
    shop_id: str
    slot_start: str
    draft: dict[str, Any]
    status: str
    created_at: str
    offered_at: str | None
    offer_expires_at: str | None
    booking_id: int | None


@dataclass(frozen=True, slots=True)
class BookingRequest:
    """What a user asked for. ``slot_start`` is a slot key; dates are ISO ``YYYY-MM-DD``."""

    user_id: int
    shop_id: str
    slot_start: str
    return_date: str
    items: list[dict[str, str]] = field(default_factory=list)
    interview_date: str | None = None
    company: str | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str  # day_before, morning_of, before_return, return_day
    not_before: datetime
    payload: dict[str, Any]


def _no_reminders(booking: Booking, now: datetime) -> list[Reminder]:
    return []


def _plain_offer(entry: WaitlistEntry, expires: datetime) -> dict[str, Any]:
    return {"waitlist_id": entry.id, "slot_start": entry.slot_start}


def _offer_for_minutes(minutes: int) -> Callable[[datetime], datetime]:
    return lambda now: now + timedelta(minutes=minutes)


@dataclass(frozen=True)
class BookingPolicy:
    """The rules and messages a booking change needs, built by the caller from content."""

    seats: Callable[[str], int]  # seats per slot for a shop id (0 = unknown shop)
    yearly_limit: int
    cancel_cutoff: timedelta = timedelta(hours=3)
    offer_deadline: Callable[[datetime], datetime] = field(
        default_factory=lambda: _offer_for_minutes(30)
    )
    reminders: Callable[[Booking, datetime], list[Reminder]] = _no_reminders
    offer_payload: Callable[[WaitlistEntry, datetime], dict[str, Any]] = _plain_offer


# -- answers other than success ---------------------------------------------------------------


class BookingError(Exception):
    reason = "error"


class SlotFull(BookingError):
    reason = "slot_full"


class YearlyLimitReached(BookingError):
    reason = "yearly_limit"

    def __init__(self, used: int, limit: int) -> None:
        super().__init__(f"{used} of {limit} rentals used this year")
        self.used = used
        self.limit = limit


class SameDayBooking(BookingError):
    reason = "same_day"

    def __init__(self, code: str) -> None:
        super().__init__(f"already booked that day ({code})")
        self.code = code


class BookingNotFound(BookingError):
    reason = "not_found"


class NotChangeable(BookingError):
    """Cancelled, picked up or otherwise past the point where the user may change it."""

    reason = "not_changeable"


class CutOffPassed(BookingError):
    reason = "cut_off"


class AlreadyWaiting(BookingError):
    reason = "already_waiting"


class OfferGone(BookingError):
    reason = "offer_gone"


# -- the repository -------------------------------------------------------------------------


def stamp(now: datetime) -> str:
    return now.astimezone(SEOUL).isoformat(timespec="seconds")


def reminder_key(booking: Booking, kind: str) -> str:
    return f"booking:{booking.id}:{booking.revision}:{kind}"


class BookingRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.outbox = OutboxRepository(db)

    # reads

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
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM bookings WHERE id = ?",
                                     (booking_id,))
        return _booking(row) if row else None

    async def get_by_code(self, code: str) -> Booking | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM bookings WHERE code = ?", (code,))
        return _booking(row) if row else None

    async def for_user(self, user_id: int, *, upcoming_from: str | None = None) -> list[Booking]:
        """The user's live bookings, soonest first; from a day on when ``upcoming_from``."""
        sql = f"SELECT {_COLUMNS} FROM bookings WHERE user_id = ? AND status <> 'cancelled'"
        params: list[Any] = [user_id]
        if upcoming_from is not None:
            sql += " AND return_date >= ?"
            params.append(upcoming_from)
        rows = await self.db.fetchall(sql + " ORDER BY slot_start, id", params)
        return [_booking(r) for r in rows]

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
            f"SELECT {', '.join('b.' + c.strip() for c in _COLUMNS.split(','))},"
            " (SELECT COUNT(*) FROM bookings n WHERE n.user_id = b.user_id"
            "  AND n.status = 'no_show') AS no_shows"
            " FROM bookings b WHERE b.day = ? AND b.status <> 'cancelled'"
        )
        params: list[Any] = [day]
        if shop_id is not None:
            sql += " AND b.shop_id = ?"
            params.append(shop_id)
        rows = await self.db.fetchall(sql + " ORDER BY b.shop_id, b.slot_start, b.id", params)
        return [(_booking(r), int(r["no_shows"])) for r in rows]

    async def waitlist_for_user(self, user_id: int) -> list[WaitlistEntry]:
        rows = await self.db.fetchall(
            f"SELECT {_WAIT_COLUMNS} FROM booking_waitlist WHERE user_id = ?"
            " AND status IN ('waiting', 'offered') ORDER BY slot_start, id",
            (user_id,),
        )
        return [_entry(r) for r in rows]

    async def get_waitlist_entry(self, entry_id: int) -> WaitlistEntry | None:
        row = await self.db.fetchone(
            f"SELECT {_WAIT_COLUMNS} FROM booking_waitlist WHERE id = ?", (entry_id,)
        )
        return _entry(row) if row else None

    # writes

    async def book(self, request: BookingRequest, policy: BookingPolicy, *, now: datetime,
                   new_code: Callable[[], str]) -> Booking:
        """Book a seat, or raise ``SlotFull``, ``YearlyLimitReached`` or ``SameDayBooking``."""
        async with self.db.transaction() as tx:
            return await self._book(tx, request, policy, now=now, new_code=new_code)

    async def cancel(self, booking_id: int, user_id: int, policy: BookingPolicy, *,
                     now: datetime) -> Booking:
        """Cancel until the cut-off; drops its pending reminders and offers the seat on."""
        async with self.db.transaction() as tx:
            booking = await self._owned(tx, booking_id, user_id)
            self._check_changeable(booking, policy, now)
            at = stamp(now)
            await tx.execute(
                "UPDATE bookings SET status = 'cancelled', cancelled_at = ?, updated_at = ?"
                " WHERE id = ?",
                (at, at, booking.id),
            )
            await _drop_reminders(tx, booking)
            await self._offer_free_seats(tx, booking.shop_id, booking.slot_start, policy, now)
            found = await _fetch_booking(tx, booking.id)
        assert found is not None
        return found

    async def move(self, booking_id: int, user_id: int, new_slot: str, new_return_date: str,
                   policy: BookingPolicy, *, now: datetime) -> Booking:
        """Move to another slot of the same shop, all or nothing: the old seat is released
        only when the new one is taken. Raises ``SlotFull`` and leaves the booking as it was
        when the new slot has no seat."""
        async with self.db.transaction() as tx:
            booking = await self._owned(tx, booking_id, user_id)
            self._check_changeable(booking, policy, now)
            if new_slot == booking.slot_start:
                return booking
            new_day = new_slot[:10]
            await self._check_seat(tx, booking.shop_id, new_slot, user_id, policy, now)
            await self._check_day_and_year(tx, user_id, new_day, policy, exclude=booking.id)
            at = stamp(now)
            await tx.execute(
                "UPDATE bookings SET slot_start = ?, day = ?, rental_year = ?, return_date = ?,"
                " revision = revision + 1, updated_at = ? WHERE id = ?",
                (new_slot, new_day, int(new_day[:4]), new_return_date, at, booking.id),
            )
            await _drop_reminders(tx, booking)
            moved = await _fetch_booking(tx, booking.id)
            assert moved is not None
            await self._enqueue_reminders(tx, moved, policy, now)
            await self._offer_free_seats(tx, booking.shop_id, booking.slot_start, policy, now)
        return moved

    async def set_status(self, code: str, status: str, *, now: datetime) -> Booking:
        """Staff: mark a booking picked up, returned, no-show (or back to booked)."""
        if status not in STAFF_STATUSES:
            raise ValueError(f"status must be one of {STAFF_STATUSES}")
        async with self.db.transaction() as tx:
            row = await tx.fetchone(f"SELECT {_COLUMNS} FROM bookings WHERE code = ?", (code,))
            if row is None:
                raise BookingNotFound(code)
            booking = _booking(row)
            if booking.status == "cancelled":
                raise NotChangeable(code)
            await tx.execute(
                "UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?",
                (status, stamp(now), booking.id),
            )
            if status in ("returned", "no_show"):
                await _drop_reminders(tx, booking)
            found = await _fetch_booking(tx, booking.id)
        assert found is not None
        return found

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
                f" VALUES (?, ?, ?, ?, ?) RETURNING {_WAIT_COLUMNS}",
                (user_id, shop_id, slot_start, _dump(draft), stamp(now)),
            )
        assert row is not None
        return _entry(row)

    async def leave_waitlist(self, entry_id: int, user_id: int, policy: BookingPolicy, *,
                             now: datetime) -> bool:
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT {_WAIT_COLUMNS} FROM booking_waitlist WHERE id = ? AND user_id = ?"
                " AND status IN ('waiting', 'offered')",
                (entry_id, user_id),
            )
            if row is None:
                return False
            entry = _entry(row)
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'cancelled' WHERE id = ?", (entry.id,)
            )
            if entry.status == "offered":
                await self._offer_free_seats(tx, entry.shop_id, entry.slot_start, policy, now)
        return True

    async def accept_offer(self, entry_id: int, user_id: int, policy: BookingPolicy, *,
                           now: datetime, new_code: Callable[[], str]) -> Booking:
        """Turn a live offer into a booking (the held seat is the user's); ``OfferGone``
        when it expired or was never made."""
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                f"SELECT {_WAIT_COLUMNS} FROM booking_waitlist WHERE id = ? AND user_id = ?",
                (entry_id, user_id),
            )
            entry = _entry(row) if row else None
            if (
                entry is None
                or entry.status != "offered"
                or (entry.offer_expires_at or "") <= stamp(now)
            ):
                raise OfferGone(str(entry_id))
            draft = entry.draft
            request = BookingRequest(
                user_id=user_id,
                shop_id=entry.shop_id,
                slot_start=entry.slot_start,
                return_date=str(draft.get("return_date") or entry.slot_start[:10]),
                items=list(draft.get("items") or []),
                interview_date=draft.get("interview_date"),
                company=draft.get("company"),
                basis=draft.get("basis"),
            )
            booking = await self._book(tx, request, policy, now=now, new_code=new_code)
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'accepted', booking_id = ? WHERE id = ?",
                (booking.id, entry.id),
            )
        return booking

    async def expire_offers(self, policy: BookingPolicy, *, now: datetime) -> int:
        """Expire offers past their deadline and waiting entries for past slots, then offer
        every freed seat to the next in line. Returns how many offers were made.

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
                (now.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),),
            )
            for shop_id, slot_start in stale:
                made += await self._offer_free_seats(tx, shop_id, slot_start, policy, now)
        return made

    # inside a transaction

    async def _book(self, tx: Transaction, request: BookingRequest, policy: BookingPolicy, *,
                    now: datetime, new_code: Callable[[], str]) -> Booking:
        day = request.slot_start[:10]
        await self._check_seat(tx, request.shop_id, request.slot_start, request.user_id,
                               policy, now)
        await self._check_day_and_year(tx, request.user_id, day, policy, exclude=None)
        code = await _unused_code(tx, new_code)
        at = stamp(now)
        row = await tx.fetchone(
            "INSERT INTO bookings (code, user_id, shop_id, slot_start, day, rental_year,"
            " return_date, items, interview_date, company, basis, created_at, updated_at)"
            f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
            (
                code, request.user_id, request.shop_id, request.slot_start, day, int(day[:4]),
                request.return_date, _dump(request.items), request.interview_date,
                request.company, request.basis, at, at,
            ),
        )
        assert row is not None
        booking = _booking(row)
        # A user who was waiting for this slot and booked it directly leaves the waitlist.
        await tx.execute(
            "UPDATE booking_waitlist SET status = 'accepted', booking_id = ?"
            " WHERE user_id = ? AND shop_id = ? AND slot_start = ?"
            " AND status IN ('waiting', 'offered')",
            (booking.id, request.user_id, request.shop_id, request.slot_start),
        )
        await self._enqueue_reminders(tx, booking, policy, now)
        return booking

    async def _check_seat(self, tx: Transaction, shop_id: str, slot_start: str, user_id: int,
                          policy: BookingPolicy, now: datetime) -> None:
        row = await tx.fetchone(
            "SELECT (SELECT COUNT(*) FROM bookings WHERE shop_id = ? AND slot_start = ?"
            "        AND status <> 'cancelled')"
            "     + (SELECT COUNT(*) FROM booking_waitlist WHERE shop_id = ? AND slot_start = ?"
            "        AND status = 'offered' AND offer_expires_at > ? AND user_id <> ?)",
            (shop_id, slot_start, shop_id, slot_start, stamp(now), user_id),
        )
        taken = int(row[0]) if row else 0
        if taken >= policy.seats(shop_id):
            raise SlotFull(slot_start)

    async def _check_day_and_year(self, tx: Transaction, user_id: int, day: str,
                                  policy: BookingPolicy, *, exclude: int | None) -> None:
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

    async def _owned(self, tx: Transaction, booking_id: int, user_id: int) -> Booking:
        booking = await _fetch_booking(tx, booking_id)
        if booking is None or booking.user_id != user_id:
            raise BookingNotFound(str(booking_id))
        return booking

    @staticmethod
    def _check_changeable(booking: Booking, policy: BookingPolicy, now: datetime) -> None:
        if booking.status != "booked":
            raise NotChangeable(booking.code)
        if now.astimezone(SEOUL) > booking.start - policy.cancel_cutoff:
            raise CutOffPassed(booking.code)

    async def _enqueue_reminders(self, tx: Transaction, booking: Booking,
                                 policy: BookingPolicy, now: datetime) -> None:
        for reminder in policy.reminders(booking, now):
            payload = {"booking_code": booking.code, "reminder": reminder.kind,
                       **reminder.payload}
            await self.outbox.enqueue(
                booking.user_id, REMINDER_KIND, reminder_key(booking, reminder.kind), payload,
                not_before=reminder.not_before, now=now, tx=tx,
            )

    async def _offer_free_seats(self, tx: Transaction, shop_id: str, slot_start: str,
                                policy: BookingPolicy, now: datetime) -> int:
        """Offer each free seat of a future slot to the next waiting user; count the offers."""
        if slot_start <= now.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"):
            return 0
        made = 0
        at = stamp(now)
        while True:
            row = await tx.fetchone(
                "SELECT (SELECT COUNT(*) FROM bookings WHERE shop_id = ? AND slot_start = ?"
                "        AND status <> 'cancelled')"
                "     + (SELECT COUNT(*) FROM booking_waitlist WHERE shop_id = ?"
                "        AND slot_start = ? AND status = 'offered' AND offer_expires_at > ?)",
                (shop_id, slot_start, shop_id, slot_start, at),
            )
            if (int(row[0]) if row else 0) >= policy.seats(shop_id):
                return made
            nxt = await tx.fetchone(
                f"SELECT {_WAIT_COLUMNS} FROM booking_waitlist WHERE shop_id = ?"
                " AND slot_start = ? AND status = 'waiting' ORDER BY id LIMIT 1",
                (shop_id, slot_start),
            )
            if nxt is None:
                return made
            entry = _entry(nxt)
            expires = policy.offer_deadline(now)
            if expires <= now:  # a deadline already past would hold no seat: offer nothing
                return made
            await tx.execute(
                "UPDATE booking_waitlist SET status = 'offered', offered_at = ?,"
                " offer_expires_at = ? WHERE id = ?",
                (at, stamp(expires), entry.id),
            )
            offered = WaitlistEntry(**{**_entry_dict(entry), "status": "offered",
                                       "offered_at": at, "offer_expires_at": stamp(expires)})
            await self.outbox.enqueue(
                entry.user_id, OFFER_KIND, f"booking-offer:{entry.id}",
                {"waitlist_id": entry.id, **policy.offer_payload(offered, expires)},
                not_before=now, now=now, tx=tx,
            )
            made += 1


# -- rows -----------------------------------------------------------------------------------


async def _fetch_booking(tx: Transaction, booking_id: int) -> Booking | None:
    row = await tx.fetchone(f"SELECT {_COLUMNS} FROM bookings WHERE id = ?", (booking_id,))
    return _booking(row) if row else None


async def _unused_code(tx: Transaction, new_code: Callable[[], str]) -> str:
    for _ in range(20):
        code = new_code()
        if await tx.fetchone("SELECT 1 FROM bookings WHERE code = ?", (code,)) is None:
            return code
    raise RuntimeError("could not find an unused booking code in 20 tries")


async def _drop_reminders(tx: Transaction, booking: Booking) -> None:
    await tx.execute(
        "UPDATE outbox SET status = 'dropped', last_error = 'booking changed'"
        " WHERE user_id = ? AND status = 'pending' AND kind = ? AND dedupe_key LIKE ?",
        (booking.user_id, REMINDER_KIND, f"booking:{booking.id}:%"),
    )


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _load(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _booking(row: Row) -> Booking:
    return Booking(
        id=int(row["id"]),
        code=str(row["code"]),
        user_id=int(row["user_id"]),
        shop_id=str(row["shop_id"]),
        slot_start=str(row["slot_start"]),
        day=str(row["day"]),
        rental_year=int(row["rental_year"]),
        return_date=str(row["return_date"]),
        items=_load(row["items"], []),
        interview_date=row["interview_date"],
        company=row["company"],
        basis=row["basis"],
        status=str(row["status"]),
        revision=int(row["revision"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        cancelled_at=row["cancelled_at"],
    )


def _entry(row: Row) -> WaitlistEntry:
    return WaitlistEntry(
        id=int(row["id"]),
        user_id=int(row["user_id"]),
        shop_id=str(row["shop_id"]),
        slot_start=str(row["slot_start"]),
        draft=_load(row["draft"], {}),
        status=str(row["status"]),
        created_at=str(row["created_at"]),
        offered_at=row["offered_at"],
        offer_expires_at=row["offer_expires_at"],
        booking_id=row["booking_id"],
    )


def _entry_dict(entry: WaitlistEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in entry.__slots__}
