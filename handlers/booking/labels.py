"""How booking dates, visits and chosen items read in a message ("12/1(화) 10:00", "재킷 L")."""

from __future__ import annotations

from datetime import date, datetime

from content.booking.shops import RentalRules, Shop
from content.strings import Strings
from handlers.booking.state import BookingState
from handlers.dialog.context import Context


def day_text(strings: Strings, locale: str, day: date) -> str:
    """A day as bookings show it, in a reply or a push: "12/1(화)"."""
    return f"{day.month}/{day.day}({strings.get(f'booking.weekday_{day.weekday()}', locale)})"


def visit_text(strings: Strings, locale: str, start: datetime) -> str:
    return f"{day_text(strings, locale, start.date())} {start:%H:%M}"


def date_label(ctx: Context, day: date) -> str:
    return day_text(ctx.catalogue.strings, ctx.locale, day)


def visit_label(ctx: Context, start: datetime) -> str:
    return visit_text(ctx.catalogue.strings, ctx.locale, start)


def chosen_items(rules: RentalRules, state: BookingState) -> list[dict[str, str]]:
    """The items with their sizes, as the booking row stores them."""
    out = []
    for item_id in state.items:
        item = rules.item(item_id)
        if item is not None:
            out.append({"item": item.id, "size": str(state.sizes.get(item.sizing, "-"))})
    return out


def items_label(ctx: Context, rules: RentalRules, items: list[dict[str, str]]) -> str:
    parts = []
    for entry in items:
        item = rules.item(entry.get("item", ""))
        name = ctx.pick(item.name) if item else entry.get("item", "?")
        size = entry.get("size") or "-"
        parts.append(name if size == "-" else f"{name} {size}")
    return ", ".join(parts)


def partner_line(ctx: Context, shop: Shop, program_year: int) -> str | None:
    """"고양시 2023년 협력 업체였어요 (출처 …). 2026년 업체인지는 확인되지 않았어요." for a
    point the city chose in an earlier year; None for a point with no such record."""
    partner = shop.city_partner
    if partner is None:
        return None
    return ctx.t("booking.partner_was", years=", ".join(str(y) for y in partner.years),
                 source=partner.sources[0], year=program_year)
