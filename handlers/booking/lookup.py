"""Where the booking flow finds its content (rules, shops, the eligibility rule) and store."""

from __future__ import annotations

from content.booking.eligibility import AgeLimits, age_limits, suit_rule
from content.booking.shops import BookingContent, Shop
from db.bookings import BookingRepository
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction


def booking_content(ctx: Context) -> BookingContent:
    content = ctx.catalogue.booking
    if content is None:
        raise RuntimeError("the catalogue has no booking content (shops.yaml)")
    return content


def bookings(ctx: Context) -> BookingRepository:
    return ctx.store.bookings


def shop_of(ctx: Context, shop_id: str | None) -> Shop:
    """The shop a button or the saved state names; a shop no longer in the content makes the
    conversation expire politely."""
    shop = booking_content(ctx).shop(shop_id) if shop_id else None
    if shop is None:
        raise InvalidAction(f"shop {shop_id}")
    return shop


def suit_age_limits(ctx: Context) -> AgeLimits:
    return age_limits(suit_rule(ctx.catalogue.eligibility))
