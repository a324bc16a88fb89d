"""Waitlist offers: a freed seat is offered in a pushed message; the user takes it or not.

Joining the waitlist is the last step of a booking for a full slot (``confirm.py``); leaving
it is a button in 내 예약.
"""

from __future__ import annotations

from collections.abc import Sequence

from content.booking.codes import format_code, new_code
from db.bookings import OfferGone, SameDayBooking, SlotFull, WaitlistEntry, YearlyLimitReached
from handlers.booking.confirm import say_booked
from handlers.booking.lookup import booking_content, bookings, shop_of
from handlers.booking.mine import MyBookings
from handlers.booking.policy import booking_policy
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow


async def own_entry(ctx: Context, args: Sequence[str]) -> WaitlistEntry:
    entry_id = int(args[0]) if args and args[0].isdigit() else 0
    entry = await bookings(ctx).get_waitlist_entry(entry_id) if entry_id else None
    if entry is None or entry.user_id != ctx.user.id:
        raise InvalidAction("waitlist")
    return entry


class Waitlist:
    def __init__(self, flow: StepFlow[BookingState], mine: MyBookings) -> None:
        self.flow = flow
        self.mine = mine

    async def accept_offer(self, ctx: Context, args: Sequence[str]) -> None:
        entry = await own_entry(ctx, args)
        shop = shop_of(ctx, entry.shop_id)
        try:
            booking = await bookings(ctx).accept_offer(
                entry.id, ctx.user.id, booking_policy(booking_content(ctx)), now=ctx.now,
                new_code=new_code)
        except (OfferGone, SlotFull):
            ctx.show_menu(ctx.t("booking.offer_gone"))
            return
        except YearlyLimitReached as exc:
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=exc.limit))
            return
        except SameDayBooking as exc:
            ctx.show_menu(ctx.t("booking.same_day", code=format_code(exc.code)))
            return
        ctx.finish()
        say_booked(self.flow, ctx, booking, shop)

    async def decline_offer(self, ctx: Context, args: Sequence[str]) -> None:
        entry = await own_entry(ctx, args)
        await bookings(ctx).leave_waitlist(entry.id, ctx.user.id,
                                           booking_policy(booking_content(ctx)), now=ctx.now)
        ctx.show_menu(ctx.t("booking.offer_declined"))

    async def leave(self, ctx: Context, args: Sequence[str]) -> None:
        entry = await own_entry(ctx, args)
        await bookings(ctx).leave_waitlist(entry.id, ctx.user.id,
                                           booking_policy(booking_content(ctx)), now=ctx.now)
        await self.mine.show(ctx)
