"""The end of a booking: the interview day, the company, the summary and the booking itself.

The store books inside one write transaction (seats, the yearly limit, one booking a day);
this module turns its refusals into a way forward: the next free times, the waitlist, or
another day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from content.booking.calendar import InterviewProblem, check_interview_date, check_slot
from content.booking.codes import format_code, new_code
from content.booking.shops import Shop
from db.bookings import (
    AlreadyWaiting,
    Booking,
    BookingError,
    BookingRequest,
    SlotFull,
)
from handlers.booking.labels import chosen_items, date_label, items_label, visit_label
from handlers.booking.lookup import booking_content, bookings, shop_of
from handlers.booking.policy import booking_policy
from handlers.booking.refusals import answer_seat_refusal
from handlers.booking.state import BookingState
from handlers.booking.when import ShopDayAndTime, compact_day
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow
from handlers.dialog.steps import YES, Choice, Question
from handlers.dialog.types import Button


def say_booked(flow: StepFlow[BookingState], ctx: Context, booking: Booking, shop: Shop) -> None:
    """"예약했어요" for a booking confirmed at once; "신청이 접수됐어요" for a request."""
    rules = booking_content(ctx).rules
    if booking.pending:
        ctx.say(ctx.t("booking.requested", code=format_code(booking.code),
                      shop=ctx.pick(shop.name), visit=visit_label(ctx, booking.start)),
                [[ctx.button(ctx.t("booking.my_bookings"), flow.act("mine")),
                  ctx.menu_button()]])
        return
    text = ctx.t(
        "booking.booked",
        code=format_code(booking.code),
        shop=ctx.pick(shop.name),
        visit=visit_label(ctx, booking.start),
        address=ctx.pick(shop.address),
        due=date_label(ctx, date.fromisoformat(booking.return_date)),
        nights=rules.rental_nights,
        days=rules.rental_nights + 1,
        bring=ctx.pick(rules.what_to_bring),
        cutoff=rules.cancel_cutoff_hours,
    )
    ctx.say(text, [
        [Button(ctx.t("booking.map_button"), url=shop.map_url)] if shop.map_url else [],
        [ctx.button(ctx.t("booking.my_bookings"), flow.act("mine")), ctx.menu_button()],
    ])


def rental_days(state: BookingState) -> tuple[date, date]:
    if state.day is None or state.due is None:
        raise InvalidAction("no rental day")
    return state.day, state.due


class Finish:
    def __init__(self, flow: StepFlow[BookingState], times: ShopDayAndTime) -> None:
        self.flow = flow
        self.times = times

    # -- interview day --

    async def ask_interview(self, ctx: Context, state: BookingState) -> Question:
        rental, due = rental_days(state)
        days = [rental + timedelta(days=i) for i in range((due - rental).days + 1)][:5]
        choices = [Choice(compact_day(d), date_label(ctx, d), d) for d in days]
        return Question(ctx.t("booking.ask_interview", rental=date_label(ctx, rental),
                              due=date_label(ctx, due)),
                        [choices[:3], choices[3:], [ctx.menu_button()]])

    async def answered_interview(self, ctx: Context, state: BookingState, day: Any) -> None:
        rental, due = rental_days(state)
        problem = check_interview_date(rental, due, day)
        if problem is InterviewProblem.BEFORE_RENTAL:
            await self.flow.ask(ctx, "interview", ctx.t("booking.interview_before",
                                                        rental=date_label(ctx, rental)))
            return
        if problem is InterviewProblem.AFTER_RETURN:
            ctx.say(ctx.t("booking.interview_after", due=date_label(ctx, due)), [
                [ctx.step_button(ctx.t("booking.pick_other_day"),
                                 self.flow.act("week", state.week))],
            ])
            await self.flow.ask(ctx, "interview")
            return
        state.interview = day
        await self.flow.ask(ctx, "company")

    # -- company --

    async def ask_company(self, ctx: Context, state: BookingState) -> Question:
        return Question(ctx.t("booking.ask_company"), [
            [Choice("skip", ctx.t("booking.skip"), "",
                    synonyms=tuple(ctx.t("booking.skip_said").split("|")))],
            [ctx.menu_button()],
        ])

    async def answered_company(self, ctx: Context, state: BookingState, company: Any) -> None:
        state.company = str(company)
        await self.flow.ask(ctx, "confirm")

    # -- summary and booking --

    async def ask_confirm(self, ctx: Context, state: BookingState) -> Question:
        start = state.slot_start()
        if not (state.shop and start and state.due and state.interview):
            raise InvalidAction("summary without shop, slot, due or interview")
        shop = shop_of(ctx, state.shop)
        rules = booking_content(ctx).rules
        text = ctx.t(
            "booking.summary",
            shop=ctx.pick(shop.name),
            visit=visit_label(ctx, start),
            due=date_label(ctx, state.due),
            items=items_label(ctx, rules, chosen_items(rules, state)),
            interview=date_label(ctx, state.interview),
            company=ctx.t("booking.summary_company", company=state.company)
            if state.company else "",
        )
        confirm = ctx.t("booking.join_waitlist" if state.wait else "booking.confirm")
        if shop.needs_confirmation:
            text += "\n" + ctx.t("booking.request_summary_note")
            if not state.wait:
                confirm = ctx.t("booking.request_confirm")
        return Question(text, [
            [Choice("book", confirm, True, kind=YES)],
            [Choice("over", ctx.t("booking.start_over"), False), ctx.menu_button()],
        ])

    async def answered_confirm(self, ctx: Context, state: BookingState, yes: Any) -> None:
        if yes:
            await self.book(ctx, state)
        else:
            await self.flow.start(ctx, [])

    def request(self, ctx: Context, state: BookingState) -> BookingRequest:
        assert state.shop and state.slot and state.due and state.interview
        return BookingRequest(
            user_id=ctx.user.id,
            shop_id=state.shop,
            slot_start=state.slot,
            return_date=state.due.isoformat(),
            items=chosen_items(booking_content(ctx).rules, state),
            interview_date=state.interview.isoformat(),
            company=state.company or None,
            basis=state.basis,
        )

    async def book(self, ctx: Context, state: BookingState) -> None:
        content = booking_content(ctx)
        shop = shop_of(ctx, state.shop)
        start = state.slot_start()
        if start is None:
            raise InvalidAction("slot")
        problem = check_slot(shop, content.rules, start, ctx.now)
        if problem is not None:
            await self.times.slot_problem(ctx, state, start, problem)
            return
        request = self.request(ctx, state)
        try:
            # Waitlist too: if a seat is free by now, the user simply gets it.
            booking = await bookings(ctx).book(request, booking_policy(content), now=ctx.now,
                                               new_code=new_code)
        except BookingError as exc:
            if isinstance(exc, SlotFull) and state.wait:
                await self.join_waitlist(ctx, request)
            elif not await answer_seat_refusal(self.flow, ctx, start, exc, "just"):
                raise
            return
        ctx.finish()
        say_booked(self.flow, ctx, booking, shop)

    async def join_waitlist(self, ctx: Context, request: BookingRequest) -> None:
        minutes = booking_content(ctx).rules.waitlist_offer_minutes
        draft = {"return_date": request.return_date, "items": request.items,
                 "interview_date": request.interview_date, "company": request.company,
                 "basis": request.basis}
        try:
            await bookings(ctx).join_waitlist(ctx.user.id, request.shop_id, request.slot_start,
                                              draft, now=ctx.now)
        except AlreadyWaiting:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.already_waiting"))
            return
        ctx.finish()
        ctx.show_menu(ctx.t("booking.waitlist_joined", minutes=minutes))
