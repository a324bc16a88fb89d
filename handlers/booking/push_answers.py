"""Render the pushes of booking requests and external points (see ``push.py`` for the rest):
``booking_answer`` (staff confirmed or declined a request, or nobody answered in time) and
``booking_external_reminder`` (the interview reminder a user asked for). Rendered at send
time from the current rows, so an answer the booking no longer has is dropped (``None``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from content.booking.codes import format_code
from content.booking.shops import BookingContent, Shop
from content.catalogue import Catalogue
from content.localized import pick
from content.text.clock import SEOUL
from db.bookings import BookingRepository
from db.users import User
from handlers.booking.labels import day_text, visit_text
from handlers.dialog.actions import build_action
from handlers.dialog.types import Button, Reply, Text

BookingRenderer = Callable[[Mapping[str, Any], User, datetime], Awaitable[Reply | None]]


class _AtShop(Protocol):
    @property
    def shop_id(self) -> str: ...


_Row = TypeVar("_Row", bound=_AtShop)


async def row_at_shop(
    cat: Catalogue, payload: Mapping[str, Any], key: str,
    fetch: Callable[[int], Awaitable[_Row | None]],
) -> tuple[BookingContent, _Row, Shop] | None:
    """The row a push names by ``payload[key]`` and its shop, both still there (else ``None``)."""
    content = cat.booking
    row_id = payload.get(key)
    if not isinstance(content, BookingContent) or not isinstance(row_id, int):
        return None
    row = await fetch(row_id)
    shop = content.shop(row.shop_id) if row is not None else None
    if row is None or shop is None:
        return None
    return content, row, shop


def visit_buttons(cat: Catalogue, locale: str,
                   map_url: str | None) -> tuple[tuple[Button, ...], ...]:
    mine = (Button(cat.strings.get("booking.my_bookings", locale), build_action("booking:mine")),)
    if map_url is None:
        return (mine,)
    return ((Button(cat.strings.get("booking.map_button", locale), url=map_url),), mine)


def answer_renderer(repo: BookingRepository,
                    catalogue: Callable[[], Catalogue]) -> BookingRenderer:
    async def answer(payload: Mapping[str, Any], user: User, now: datetime) -> Reply | None:
        cat = catalogue()
        found = await row_at_shop(cat, payload, "booking_id", repo.get)
        said = str(payload.get("answer", ""))
        # Only the answer the booking still has (a confirmed request cancelled since is
        # not announced as confirmed).
        if found is None or found[1].user_id != user.id \
                or found[1].confirmation != said or said == "pending":
            return None
        content, booking, shop = found
        if said == "confirmed" and booking.status != "booked":
            return None
        locale = user.locale or "ko"
        values = {
            "code": format_code(booking.code), "shop": pick(shop.name, locale),
            "visit": visit_text(cat.strings, locale, booking.start),
            "address": pick(shop.address, locale),
            "due": day_text(cat.strings, locale, date.fromisoformat(booking.return_date)),
            "bring": pick(content.rules.what_to_bring, locale),
            "reason": booking.decision_note or "",
        }
        key = "declined_reason" if said == "declined" and booking.decision_note else said
        text = cat.strings.get(f"booking.answer_{key}", locale, **values)
        buttons = (visit_buttons(cat, locale, shop.map_url) if said == "confirmed" else
                   ((Button(cat.strings.get("booking.new_booking", locale),
                            build_action("booking:start")),),))
        return Reply([Text(text, buttons)])

    return answer


def external_renderer(catalogue: Callable[[], Catalogue]) -> BookingRenderer:
    async def external(payload: Mapping[str, Any], user: User, now: datetime) -> Reply | None:
        cat = catalogue()
        content = cat.booking
        shop = content.shop(str(payload.get("shop_id"))) \
            if isinstance(content, BookingContent) else None
        try:
            interview = date.fromisoformat(str(payload.get("interview_date")))
        except ValueError:
            return None
        if shop is None or shop.how_to_book is None or interview < now.astimezone(SEOUL).date():
            return None
        locale = user.locale or "ko"
        text = cat.strings.get("booking.external_reminder", locale,
                               interview=day_text(cat.strings, locale, interview),
                               shop=pick(shop.name, locale),
                               how=pick(shop.how_to_book, locale))
        buttons = ((Button(cat.strings.get("booking.external_open", locale),
                           url=shop.booking_url),),) if shop.booking_url else ()
        return Reply([Text(text, buttons)])

    return external
