"""What the user is told when the store refuses a new or moved booking for a seat reason.

A new booking and a moved one meet the same three refusals (the slot filled, another visit
that day, the yearly limit); one place answers them so the two paths never drift apart.
"""

from __future__ import annotations

from datetime import datetime

from content.booking.codes import format_code
from db.bookings import BookingError, SameDayBooking, SlotFull, YearlyLimitReached
from handlers.booking.state import BookingState, FullKind
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow


async def answer_seat_refusal(
    flow: StepFlow[BookingState],
    ctx: Context,
    start: datetime,
    exc: BookingError,
    full_kind: FullKind,
) -> bool:
    """Answer ``exc`` when it is one of the shared refusals; False when it is not."""
    if isinstance(exc, SlotFull):
        flow.state(ctx).mark_full(start, full_kind)
        await flow.ask(ctx, "slot_full")
    elif isinstance(exc, SameDayBooking):
        await flow.ask(ctx, "day", ctx.t("booking.same_day", code=format_code(exc.code)))
    elif isinstance(exc, YearlyLimitReached):
        ctx.finish()
        ctx.show_menu(ctx.t("booking.yearly_limit", limit=exc.limit))
    else:
        return False
    return True
