"""내 예약: the user's bookings and waitlist entries, cancelling one, moving one to a new time.

Moving walks the day and slot steps of a new booking (``mode: move``); the booking keeps its
code and stays as it is until the new time is confirmed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from content.booking.calendar import check_interview_date, parse_slot_key, slot_key
from content.booking.codes import format_code
from db.bookings import (
    Booking,
    BookingError,
    BookingNotFound,
    CutOffPassed,
    NotChangeable,
)
from handlers.booking.labels import date_label, visit_label
from handlers.booking.lookup import booking_content, bookings, shop_of
from handlers.booking.policy import booking_policy, cancel_deadline
from handlers.booking.refusals import answer_seat_refusal
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow
from handlers.dialog.steps import NO, YES, Choice, Question
from handlers.dialog.types import Button


async def owned(ctx: Context, booking_id: int) -> Booking:
    booking = await bookings(ctx).get(booking_id)
    if booking is None or booking.user_id != ctx.user.id:
        raise InvalidAction("not yours")
    return booking


def booking_id(args: Sequence[str]) -> int:
    if not args or not args[0].isdigit():
        raise InvalidAction("no booking id")
    return int(args[0])


def after_change_buttons(flow: StepFlow[BookingState], ctx: Context) -> list[list[Button]]:
    return [[ctx.button(ctx.t("booking.my_bookings"), flow.act("mine")), ctx.menu_button()]]


def change_refused(flow: StepFlow[BookingState], ctx: Context, exc: BookingError) -> None:
    hours = booking_content(ctx).rules.cancel_cutoff_hours
    if isinstance(exc, CutOffPassed):
        message = ctx.t("booking.cut_off_passed", hours=hours)
    elif isinstance(exc, NotChangeable):
        message = ctx.t("booking.not_changeable")
    elif isinstance(exc, BookingNotFound):
        message = ctx.t("booking.not_found")
    else:
        raise exc
    ctx.finish()
    ctx.say(message, after_change_buttons(flow, ctx))


async def finish_move(flow: StepFlow[BookingState], ctx: Context, state: BookingState,
                      start: datetime, due: date) -> None:
    """The new time of a booking being moved was picked: move it (same code)."""
    content = booking_content(ctx)
    move_id = state.move_id or 0
    booking = await owned(ctx, move_id)
    if booking.interview_date and await refuse_outside_interview(
        flow, ctx, start.date(), due, date.fromisoformat(booking.interview_date)
    ):
        return
    try:
        moved = await bookings(ctx).move(move_id, ctx.user.id, slot_key(start), due.isoformat(),
                                         booking_policy(content), now=ctx.now)
    except BookingError as exc:
        if not await answer_seat_refusal(flow, ctx, start, exc, "move"):
            change_refused(flow, ctx, exc)
        return
    ctx.finish()
    text = ctx.t("booking.moved", code=format_code(moved.code),
                 visit=visit_label(ctx, moved.start),
                 due=date_label(ctx, date.fromisoformat(moved.return_date)))
    if moved.pending:
        text += "\n" + ctx.t("booking.moved_request")
    ctx.say(text, after_change_buttons(flow, ctx))


async def refuse_outside_interview(flow: StepFlow[BookingState], ctx: Context, rental: date,
                                   due: date, interview: date) -> bool:
    """A move must keep the interview inside the rental (the suit is for it): otherwise say
    why, name the pick-up days that would, and ask for the day again. True if refused."""
    if check_interview_date(rental, due, interview) is None:
        return False
    nights = booking_content(ctx).rules.rental_nights
    # Any pick-up day from `nights` days before the interview to the day itself keeps it in.
    first = max(interview - timedelta(days=nights), ctx.now.date())
    await flow.ask(ctx, "day", ctx.t(
        "booking.move_interview_outside", rental=date_label(ctx, rental),
        due=date_label(ctx, due), interview=date_label(ctx, interview),
        first=date_label(ctx, first), last=date_label(ctx, interview)))
    return True


class MyBookings:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    async def show(self, ctx: Context, args: Sequence[str] = ()) -> None:
        ctx.finish()
        repo = bookings(ctx)
        upcoming = await repo.for_user(ctx.user.id, upcoming_from=ctx.now.date().isoformat())
        waiting = await repo.waitlist_for_user(ctx.user.id)
        new_booking = ctx.button(ctx.t("booking.new_booking"), self.flow.act("start"))
        if not upcoming and not waiting:
            ctx.say(ctx.t("booking.my_bookings_empty"), [[new_booking], [ctx.menu_button()]])
            return
        lines: list[str] = []
        rows: list[list[Button]] = []
        for booking in upcoming:
            lines.append(self.booking_line(ctx, booking))
            if booking.status == "booked" and booking.start > ctx.now:
                code = format_code(booking.code)
                rows.append([
                    ctx.button(ctx.t("booking.move_button", code=code),
                               self.flow.act("move", booking.id)),
                    ctx.button(ctx.t("booking.cancel_button", code=code),
                               self.flow.act("cancel", booking.id)),
                ])
        for entry in waiting:
            shop = booking_content(ctx).shop(entry.shop_id)
            start = parse_slot_key(entry.slot_start)
            if start is None:
                continue
            visit = visit_label(ctx, start)
            lines.append(ctx.t("booking.my_waiting_line",
                               shop=ctx.pick(shop.name) if shop else entry.shop_id, visit=visit))
            rows.append([ctx.button(ctx.t("booking.leave_waitlist", visit=visit),
                                    self.flow.act("leave", entry.id))])
        rows.append([new_booking, ctx.menu_button()])
        ctx.say("\n".join(lines), rows)

    def booking_line(self, ctx: Context, booking: Booking) -> str:
        shop = booking_content(ctx).shop(booking.shop_id)
        return ctx.t(
            "booking.my_booking_line",
            code=format_code(booking.code),
            shop=ctx.pick(shop.name) if shop else booking.shop_id,
            visit=visit_label(ctx, booking.start),
            due=date_label(ctx, date.fromisoformat(booking.return_date)),
            status=ctx.t("booking.status_pending" if booking.pending
                         else f"booking.status_{booking.status}"),
        )

    # -- cancel --

    async def ask_cancel(self, ctx: Context, args: Sequence[str]) -> None:
        booking = await owned(ctx, booking_id(args))
        ctx.finish()
        self.flow.state(ctx).cancel_id = booking.id
        await self.flow.ask(ctx, "cancel_confirm")

    async def ask_cancel_confirm(self, ctx: Context, state: BookingState) -> Question:
        booking = await owned(ctx, state.cancel_id or 0)
        return Question(ctx.t("booking.cancel_confirm", code=format_code(booking.code),
                              visit=visit_label(ctx, booking.start)), [[
            Choice("yes", ctx.t("booking.cancel_yes"), True, kind=YES),
            Choice("keep", ctx.t("booking.keep"), False, kind=NO),
        ]])

    async def answered_cancel(self, ctx: Context, state: BookingState, yes: Any) -> None:
        if yes:
            await self.cancel(ctx, state.cancel_id or 0)
        else:
            await self.show(ctx)

    async def cancel_yes(self, ctx: Context, args: Sequence[str]) -> None:
        """``cancel_yes:<id>``: the confirm button as drawn before the steps were declared."""
        await self.cancel(ctx, booking_id(args))

    async def cancel(self, ctx: Context, booking_id: int) -> None:
        booking = await owned(ctx, booking_id)
        try:
            await bookings(ctx).cancel(booking.id, ctx.user.id,
                                       booking_policy(booking_content(ctx)), now=ctx.now)
        except BookingError as exc:
            change_refused(self.flow, ctx, exc)
            return
        ctx.finish()
        ctx.say(ctx.t("booking.cancelled", code=format_code(booking.code)),
                after_change_buttons(self.flow, ctx))

    # -- move --

    async def start_move(self, ctx: Context, args: Sequence[str]) -> None:
        booking = await owned(ctx, booking_id(args))
        if booking.status != "booked":
            change_refused(self.flow, ctx, NotChangeable(booking.code))
            return
        if ctx.now > cancel_deadline(booking_content(ctx), booking):
            change_refused(self.flow, ctx, CutOffPassed(booking.code))
            return
        shop_of(ctx, booking.shop_id)
        ctx.finish()
        state = self.flow.state(ctx)
        state.mode, state.move_id, state.shop, state.week = "move", booking.id, booking.shop_id, 0
        await self.flow.ask(ctx, "day", ctx.t("booking.move_choose_day",
                                              code=format_code(booking.code)))
