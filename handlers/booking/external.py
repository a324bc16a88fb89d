"""A lending point in ``external`` mode: not booked here. The bot says how to book there
(the page, the phone, the documents, with source and date) and offers a reminder before the
interview, stored only when the user says yes (``booking_external_reminder`` in the outbox).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from content.booking.calendar import interview_reminder_time
from content.booking.shops import Shop
from content.text.dates import parse_day
from handlers.booking.labels import date_label, partner_line, visit_label
from handlers.booking.lookup import booking_content, bookings, shop_of
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow
from handlers.dialog.steps import NO, YES, Choice, NotAnAnswer, Question, Rejected, Row
from handlers.dialog.types import Button


def external_text(ctx: Context, shop: Shop) -> str:
    lines = [ctx.t("booking.external_info", shop=ctx.pick(shop.name),
                   how=ctx.pick(shop.how_to_book), documents=ctx.pick(shop.documents))]
    partner = partner_line(ctx, shop, booking_content(ctx).rules.as_of.year)
    if partner:
        lines.append(partner)
    if shop.booking_url:
        lines.append(ctx.t("booking.external_link", url=shop.booking_url))
    if shop.phone:
        lines.append(ctx.t("booking.shop_phone", phone=shop.phone))
    lines.append(ctx.t("booking.shop_source", as_of=shop.as_of.isoformat(),
                       source=shop.sources[0]))
    return "\n".join(lines)


def day_said_first(text: str, today: date) -> date | None:
    """The day at the start of a message: "12/9 2시반", "12월 3일에 면접 있어요" (the time and
    the rest are not needed for a reminder the evening before)."""
    words = text.split()[:4]
    for end in range(len(words), 0, -1):
        day = parse_day(" ".join(words[:end]), today)
        if day is not None:
            return day
    return None


def read_interview_day(ctx: Context, state: BookingState,
                       text: str) -> date | Rejected | NotAnAnswer:
    """The interview day; typed at the yes/no question ("12/9예요") it says yes and gives it."""
    day = day_said_first(text, ctx.now.date())
    return Rejected(ctx.t("booking.external_day_unclear")) if day is None else day


class External:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    async def ask_remind(self, ctx: Context, state: BookingState) -> Question:
        shop = shop_of(ctx, state.shop)
        rows: list[Row] = [[
            Choice("yes", ctx.t("booking.external_remind_yes"), True, kind=YES),
            Choice("no", ctx.t("booking.external_remind_no"), False, kind=NO),
        ]]
        if shop.booking_url:
            rows.append([Button(ctx.t("booking.external_open"), url=shop.booking_url)])
        rows.append([ctx.menu_button()])
        text = f"{external_text(ctx, shop)}\n\n{ctx.t('booking.external_ask_reminder')}"
        return Question(text, rows)

    async def answered_remind(self, ctx: Context, state: BookingState, answer: Any) -> None:
        if isinstance(answer, date):
            await self.remember(ctx, state, answer)
        elif answer:
            await self.flow.ask(ctx, "remind_day")
        else:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.external_no_reminder"))

    async def ask_remind_day(self, ctx: Context, state: BookingState) -> Question:
        return Question(ctx.t("booking.external_ask_day"), [[ctx.menu_button()]])

    async def answered_remind_day(self, ctx: Context, state: BookingState, day: Any) -> None:
        await self.remember(ctx, state, day)

    async def remember(self, ctx: Context, state: BookingState, interview: date) -> None:
        shop = shop_of(ctx, state.shop)
        if interview < ctx.now.date():
            await self.flow.ask(ctx, "remind_day", ctx.t("booking.external_day_past"))
            return
        at = interview_reminder_time(booking_content(ctx).rules, interview, ctx.now)
        ctx.finish()
        if at is None:
            ctx.show_menu(ctx.t("booking.external_day_too_soon"))
            return
        await bookings(ctx).remind_before_interview(ctx.user.id, shop.id, interview.isoformat(),
                                                    at=at, now=ctx.now)
        ctx.show_menu(ctx.t("booking.external_reminder_set", shop=ctx.pick(shop.name),
                            at=visit_label(ctx, at),
                            interview=date_label(ctx, interview)))
