"""Render booking outbox rows when they are sent: ``booking_reminder``, ``booking_offer``,
``booking_answer`` (staff confirmed or declined a request, or it expired) and
``booking_external_reminder`` (the interview reminder a user asked for at an external point).

Rendering happens at send time, so a reminder for a booking cancelled, returned or marked
no-show meanwhile is dropped (``None``), and an offer that expired or was taken is dropped.
Quiet hours are already kept by the times the rows were queued for
(``content.booking.calendar.reminder_times`` / ``offer_deadline``).

For the push dispatcher: register ``booking_renderers(...)`` by kind; a ``None`` result
means "drop this row" (wrap it in the dispatcher's ``Drop``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any

from content.booking.calendar import parse_slot_key
from content.booking.codes import format_code
from content.catalogue import Catalogue
from content.localized import pick
from content.text.clock import SEOUL
from db.bookings import (
    ANSWER_KIND,
    EXTERNAL_REMINDER_KIND,
    OFFER_KIND,
    REMINDER_KIND,
    Booking,
    BookingRepository,
    WaitlistEntry,
)
from db.users import User
from handlers.booking.labels import day_text, visit_text
from handlers.booking.push_answers import (
    BookingRenderer,
    answer_renderer,
    external_renderer,
    row_at_shop,
    visit_buttons,
)
from handlers.dialog.actions import build_action
from handlers.dialog.push import Drop
from handlers.dialog.types import Button, Reply, Text


def _reminder_due(kind: str, booking: Booking, user: User) -> bool:
    """A reminder still worth sending: the user's, and the visit or the return still ahead."""
    if kind not in ("day_before", "morning_of", "before_return", "return_day"):
        return False
    if booking.user_id != user.id or booking.status in ("cancelled", "returned", "no_show"):
        return False
    if booking.confirmation != "confirmed":
        return False
    return kind not in ("day_before", "morning_of") or booking.status == "booked"


def _offer_open(entry: WaitlistEntry, user: User, now: datetime) -> bool:
    stamp = now.astimezone(SEOUL).isoformat(timespec="seconds")
    return (entry.user_id == user.id and entry.status == "offered"
            and bool(entry.offer_expires_at) and str(entry.offer_expires_at) > stamp)


def booking_renderers(repo: BookingRepository,
                      catalogue: Callable[[], Catalogue]) -> dict[str, BookingRenderer]:
    """Renderers keyed by outbox kind; ``catalogue`` returns the current catalogue."""

    async def reminder(payload: Mapping[str, Any], user: User, now: datetime) -> Reply | None:
        cat = catalogue()
        kind = str(payload.get("reminder", ""))
        found = await row_at_shop(cat, payload, "booking_id", repo.get)
        if found is None or not _reminder_due(kind, found[1], user):
            return None
        _, booking, shop = found
        locale = user.locale or "ko"
        text = cat.strings.get(
            f"booking.reminder_{kind}", locale,
            visit=visit_text(cat.strings, locale, booking.start),
            shop=pick(shop.name, locale),
            code=format_code(booking.code),
            due=day_text(cat.strings, locale, date.fromisoformat(booking.return_date)),
        )
        return Reply([Text(text, visit_buttons(cat, locale, shop.map_url))])

    async def offer(payload: Mapping[str, Any], user: User, now: datetime) -> Reply | None:
        cat = catalogue()
        found = await row_at_shop(cat, payload, "waitlist_id", repo.get_waitlist_entry)
        if found is None or not _offer_open(found[1], user, now):
            return None
        _, entry, shop = found
        assert entry.offer_expires_at is not None
        locale = user.locale or "ko"
        start = parse_slot_key(entry.slot_start)
        if start is None:
            return None
        deadline = datetime.fromisoformat(entry.offer_expires_at).astimezone(SEOUL)
        text = cat.strings.get(
            "booking.offer", locale,
            shop=pick(shop.name, locale),
            visit=visit_text(cat.strings, locale, start),
            deadline=f"{deadline:%H:%M}",
        )
        buttons = ((
            Button(cat.strings.get("booking.offer_accept", locale),
                   build_action("booking:offer", entry.id)),
            Button(cat.strings.get("booking.offer_decline", locale),
                   build_action("booking:offer_no", entry.id)),
        ),)
        return Reply([Text(text, buttons)])

    return {REMINDER_KIND: reminder, OFFER_KIND: offer,
            ANSWER_KIND: answer_renderer(repo, catalogue),
            EXTERNAL_REMINDER_KIND: external_renderer(catalogue)}


def dispatcher_renderers(repo: BookingRepository,
                         catalogue: Callable[[], Catalogue]) -> dict[str, Any]:
    """The same renderers in the push dispatcher's shape (``async (row, user, now)``,
    ``Drop`` instead of ``None``)."""

    def adapt(render: BookingRenderer) -> Callable[..., Awaitable[Any]]:
        async def rendered(row: Any, user: User, now: datetime) -> Any:
            payload = row.payload if isinstance(row.payload, Mapping) else {}
            reply = await render(payload, user, now)
            return Drop("booking changed or offer gone") if reply is None else reply

        return rendered

    return {kind: adapt(render) for kind, render in booking_renderers(repo, catalogue).items()}
