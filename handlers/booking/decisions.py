"""Staff answers to booking requests: the one place that confirms or declines one.

A lending point in ``request`` mode takes bookings as requests (``confirmation =
'pending'``, the seat held). Staff answer them from the Telegram ``/bookings`` command, the
CLI (``goyang-bot bookings confirm|decline CODE [reason]``) and, later, the web console;
all of them call ``confirm_booking`` / ``decline_booking`` here, so the rules (only a
pending request can be answered; a decline frees the seat and offers it to the waitlist;
reminders start on confirmation; the user is told through the outbox) live in one place.

Each returns a ``Decision``: ``ok`` and a message key with its values, rendered by the
caller in its own language (``Decision.text``). Nothing raises for a bad code or a request
already answered: those are ordinary answers staff are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from content.booking.codes import format_code, normalize_code
from content.booking.shops import BookingContent
from content.strings import Strings
from db.bookings import Booking, BookingNotFound, NotPending
from db.store import Store
from handlers.booking.policy import booking_policy

MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened: ``ok``, the ``booking.*`` message key and its values, the booking."""

    ok: bool
    key: str
    values: dict[str, str] = field(default_factory=dict)
    booking: Booking | None = None

    def text(self, strings: Strings, locale: str = "ko") -> str:
        return strings.get(f"booking.{self.key}", locale, **self.values)


def _refusal(code: str, exc: Exception) -> Decision:
    if isinstance(exc, NotPending) and exc.confirmation == "confirmed" \
            and exc.status != "cancelled":
        return Decision(False, "admin_already_confirmed", {"code": code})
    if isinstance(exc, NotPending):
        return Decision(False, "admin_already_closed", {"code": code})
    return Decision(False, "admin_unknown_code", {"code": code})


async def confirm_booking(store: Store, content: BookingContent, code: str, *,
                          now: datetime, actor: str) -> Decision:
    """Confirm the pending request ``code`` (typed as users see it, ``K7M-4XP``, or bare)."""
    normal = normalize_code(code)
    if normal is None:
        return Decision(False, "admin_not_a_code", {"code": code.strip()[:20]})
    shown = format_code(normal)
    try:
        booking = await store.bookings.confirm_request(normal, booking_policy(content), now=now)
    except (BookingNotFound, NotPending) as exc:
        return _refusal(shown, exc)
    await store.audit.record(now, actor, "booking_confirm", booking.shop_id)
    return Decision(True, "admin_confirmed", {"code": shown}, booking)


async def decline_booking(store: Store, content: BookingContent, code: str, *,
                          now: datetime, actor: str, reason: str | None = None) -> Decision:
    """Decline the pending request ``code``; ``reason`` (optional) is shown to the user."""
    normal = normalize_code(code)
    if normal is None:
        return Decision(False, "admin_not_a_code", {"code": code.strip()[:20]})
    shown = format_code(normal)
    note = " ".join((reason or "").split())[:MAX_REASON] or None
    try:
        booking = await store.bookings.decline_request(normal, booking_policy(content),
                                                       now=now, reason=note)
    except (BookingNotFound, NotPending) as exc:
        return _refusal(shown, exc)
    await store.audit.record(now, actor, "booking_decline", booking.shop_id)
    return Decision(True, "admin_declined", {"code": shown}, booking)
