"""Suit-rental bookings as values: the rows, what a user asks for, the caller's policy and
the answers other than success. No SQL here; see ``db/bookings.py`` for the repository.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from db.database import Row
from db.seoul import SEOUL

LIVE = ("booked", "picked_up", "returned", "no_show")  # every status but 'cancelled'
STAFF_STATUSES = ("booked", "picked_up", "returned", "no_show")
REMINDER_KIND = "booking_reminder"
OFFER_KIND = "booking_offer"
# A staff answer to a request (confirmed, declined) or its expiry, pushed to the user.
ANSWER_KIND = "booking_answer"
# A reminder the user asked for before an interview at an 'external' lending point.
EXTERNAL_REMINDER_KIND = "booking_external_reminder"
CONFIRMATIONS = ("pending", "confirmed", "declined", "expired")
BOOKING_COLUMNS = (
    "id, code, user_id, shop_id, slot_start, day, rental_year, return_date, items,"
    " interview_date, company, basis, status, revision, created_at, updated_at, cancelled_at,"
    " confirmation, decided_at, decision_note"
)
WAIT_COLUMNS = (
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
    # 'pending' (a request staff have not answered: the seat is held), 'confirmed',
    # 'declined' or 'expired' (both with status 'cancelled'); see migration 0009.
    confirmation: str = "confirmed"
    decided_at: str | None = None
    decision_note: str | None = None

    @property
    def pending(self) -> bool:
        return self.confirmation == "pending" and self.status != "cancelled"

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

    @classmethod
    def from_draft(cls, entry: WaitlistEntry) -> BookingRequest:
        """The request a waitlist entry was saved with, for when its offer is accepted."""
        draft = entry.draft
        return cls(
            user_id=entry.user_id,
            shop_id=entry.shop_id,
            slot_start=entry.slot_start,
            return_date=str(draft.get("return_date") or entry.slot_start[:10]),
            items=list(draft.get("items") or []),
            interview_date=draft.get("interview_date"),
            company=draft.get("company"),
            basis=draft.get("basis"),
        )


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: str  # day_before, morning_of, before_return, return_day
    not_before: datetime
    payload: dict[str, Any]


def _no_reminders(booking: Booking, now: datetime) -> list[Reminder]:
    return []


def _never(shop_id: str) -> bool:
    return False


def _at_once(now: datetime) -> datetime:
    return now


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
    # True for a shop in 'request' mode: a booking there waits for staff ('pending').
    needs_confirmation: Callable[[str], bool] = _never
    # When a message made now may be pushed (after quiet hours): staff answer at any hour.
    push_after: Callable[[datetime], datetime] = _at_once


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


class NotPending(BookingError):
    """Staff confirmed or declined a booking that is not a pending request."""

    reason = "not_pending"

    def __init__(self, code: str, confirmation: str, status: str) -> None:
        super().__init__(f"{code} is {confirmation} ({status}), not pending")
        self.code = code
        self.confirmation = confirmation
        self.status = status


class AwaitingConfirmation(BookingError):
    """Staff marked a pending request picked up or returned: confirm it first."""

    reason = "awaiting_confirmation"


class AlreadyWaiting(BookingError):
    reason = "already_waiting"


class OfferGone(BookingError):
    reason = "offer_gone"


# -- rows -----------------------------------------------------------------------------------


def reminder_key(booking: Booking, kind: str) -> str:
    return f"booking:{booking.id}:{booking.revision}:{kind}"


def dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _load(text: str | None, default: Any) -> Any:
    try:
        value = json.loads(text) if text else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def booking_from_row(row: Row) -> Booking:
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
        confirmation=str(row["confirmation"]),
        decided_at=row["decided_at"],
        decision_note=row["decision_note"],
    )


def entry_from_row(row: Row) -> WaitlistEntry:
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
