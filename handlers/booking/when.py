"""Where and when: the shop, day, slot and "that slot is full" steps of a booking.

A day or a time that cannot be booked is answered with the reason and the same choice again
(the week around that day, or the day's times). A slot that is full when picked offers the
waitlist, or, when it filled while the user was choosing, the next free times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from content.booking.calendar import (
    DayStatus,
    SlotProblem,
    SlotStatus,
    check_slot,
    day_info,
    last_bookable_day,
    next_free_slots,
    parse_slot_key,
    public_holiday,
    return_date,
    slot_key,
    slots_for_day,
    week_count,
    week_days,
)
from content.booking.shops import Shop
from content.text.clock import SEOUL
from content.text.sources import short_source
from handlers.booking.labels import date_label, partner_line, visit_label
from handlers.booking.lookup import booking_content, bookings, shop_of
from handlers.booking.mine import finish_move, owned
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow
from handlers.dialog.steps import Choice, Question, Row
from handlers.dialog.types import Button

SHOWN_DAY_STATUSES = (DayStatus.OPEN, DayStatus.FULL, DayStatus.CLOSED, DayStatus.HOLIDAY,
                      DayStatus.CLOSED_DATE)
SLOT_TO_DAY = {
    SlotProblem.PAST: DayStatus.PAST, SlotProblem.BEYOND_WINDOW: DayStatus.BEYOND_WINDOW,
    SlotProblem.CLOSED: DayStatus.CLOSED, SlotProblem.HOLIDAY: DayStatus.HOLIDAY,
    SlotProblem.CLOSED_DATE: DayStatus.CLOSED_DATE,
}


SHOWN_SLOTS = "booking.shown_slots"  # the slots the last slot question drew


class Week(int):
    """The day step's "◀ 이전 주" / "다음 주 ▶": the week offset to show."""


class OtherDay:
    """"다른 날짜": back to the days of the current week."""


class JoinWaitlist:
    """"대기 신청" on a full slot."""


OTHER_DAY = OtherDay()
JOIN_WAITLIST = JoinWaitlist()


def compact_day(day: date) -> str:
    return day.strftime("%Y%m%d")


def compact_slot(start: datetime) -> str:
    return start.astimezone(SEOUL).strftime("%Y%m%d%H%M")


async def taken_on(ctx: Context, shop: Shop, first: date, last: date) -> dict[str, int]:
    return await bookings(ctx).taken_seats(shop.id, first.isoformat(), last.isoformat(), ctx.now)


def _rows(buttons: list[Choice], per_row: int) -> list[Row]:
    return [buttons[i:i + per_row] for i in range(0, len(buttons), per_row)]


class ShopDayAndTime:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    # -- shop --

    async def ask_shop(self, ctx: Context, state: BookingState) -> Question:
        lines = [ctx.t("booking.choose_shop")]
        rows: list[Row] = []
        for shop in booking_content(ctx).shops.values():
            lines.append("\n".join(self.shop_lines(ctx, shop)))
            row: list[Choice | Button] = [Choice(shop.id, ctx.pick(shop.name))]
            if shop.map_url:
                row.append(Button(ctx.t("booking.map_button"), url=shop.map_url))
            rows.append(row)
        rows.append([ctx.menu_button()])
        return Question("\n\n".join(lines), rows)

    def shop_lines(self, ctx: Context, shop: Shop) -> list[str]:
        info = [f"• {ctx.pick(shop.name)}", f"  {ctx.pick(shop.address)}"]
        if shop.note:
            info.append(f"  {ctx.pick(shop.note)}")
        partner = partner_line(ctx, shop, booking_content(ctx).rules.as_of.year)
        if partner:
            info.append(f"  {partner}")
        team = ctx.catalogue.contacts.get("youth_policy_team")
        if shop.phone:
            info.append("  " + ctx.t("booking.shop_phone", phone=shop.phone))
        elif team is not None:
            info.append("  " + ctx.t("booking.shop_ask", team=ctx.pick(team.name),
                                     phone=team.phone or "-"))
        if shop.mode == "external":
            info.append("  " + ctx.t("booking.mode_external_line"))
        elif shop.mode == "request":
            info.append("  " + ctx.t("booking.mode_request_line"))
        if shop.bookable and not shop.confirmed:  # a request point (the loader sees to it)
            info.append("  ⚠ " + ctx.t("booking.hours_unconfirmed"))
        info.append("  " + ctx.t("booking.shop_source", as_of=shop.as_of.isoformat(),
                                 source=short_source(shop.sources[0])))
        return info

    async def answered_shop(self, ctx: Context, state: BookingState, shop_id: Any) -> None:
        shop = shop_of(ctx, str(shop_id))
        state.shop = shop.id
        if not shop.bookable:
            await self.flow.ask(ctx, "external")
            return
        await self.show_week(ctx, state, 0)

    # -- day --

    async def show_week(self, ctx: Context, state: BookingState, offset: int,
                        lead: str = "") -> None:
        weeks = week_count(booking_content(ctx).rules)
        state.week = max(0, min(offset, weeks - 1))
        await self.flow.ask(ctx, "day", lead)

    async def ask_day(self, ctx: Context, state: BookingState) -> Question:
        rules = booking_content(ctx).rules
        shop = shop_of(ctx, state.shop)
        first = ctx.now.date() + timedelta(days=7 * state.week)
        taken = await taken_on(ctx, shop, first, first + timedelta(days=6))
        days = week_days(shop, rules, ctx.now, state.week, taken)
        choices = [Choice(compact_day(info.day), self.day_button(ctx, info.day, info.status),
                          info.day)
                   for info in days if info.status in SHOWN_DAY_STATUSES]
        nav = []
        if state.week > 0:
            nav.append(Choice("prev", ctx.t("booking.prev_week"), Week(state.week - 1)))
        if state.week < week_count(rules) - 1:
            nav.append(Choice("next", ctx.t("booking.next_week"), Week(state.week + 1)))
        prompt = ctx.t("booking.choose_day", shop=ctx.pick(shop.name),
                       first=date_label(ctx, days[0].day), last=date_label(ctx, days[-1].day))
        return Question(prompt, [*_rows(choices, 2), nav, [ctx.menu_button()]])

    def day_button(self, ctx: Context, day: date, status: DayStatus) -> str:
        label = date_label(ctx, day)
        if status is DayStatus.FULL:
            return ctx.t("booking.day_label_full", date=label)
        if status is DayStatus.OPEN:
            return label
        return ctx.t("booking.day_label_closed", date=label)

    async def answered_day(self, ctx: Context, state: BookingState, answer: Any) -> None:
        if isinstance(answer, Week):
            await self.show_week(ctx, state, int(answer))
        else:
            await self.choose_day(ctx, state, answer)

    async def choose_day(self, ctx: Context, state: BookingState, day: date) -> None:
        rules = booking_content(ctx).rules
        shop = shop_of(ctx, state.shop)
        info = day_info(shop, rules, day, ctx.now, await taken_on(ctx, shop, day, day))
        if info.status is not DayStatus.OPEN:
            today = ctx.now.date()
            week = max(0, (day - today).days // 7) if day >= today else 0
            await self.show_week(ctx, state, week, self.day_problem(ctx, info.status, day))
            return
        state.day = day
        await self.show_slots(ctx, state)

    def day_problem(self, ctx: Context, status: DayStatus, day: date) -> str:
        if status is DayStatus.BEYOND_WINDOW:
            return ctx.t("booking.day_beyond", days=booking_content(ctx).rules.booking_window_days)
        if status is DayStatus.HOLIDAY:
            return ctx.t("booking.day_holiday", name=public_holiday(day, ctx.locale) or "-")
        known = {DayStatus.CLOSED: "day_closed", DayStatus.CLOSED_DATE: "day_closed_date",
                 DayStatus.FULL: "day_full"}
        return ctx.t(f"booking.{known.get(status, 'day_past')}")

    # -- time --

    async def day_slots(self, ctx: Context, state: BookingState) -> list[Any]:
        shop = shop_of(ctx, state.shop)
        if state.day is None:
            raise InvalidAction("slot without a day")
        taken = await taken_on(ctx, shop, state.day, state.day)
        rules = booking_content(ctx).rules
        return [s for s in slots_for_day(shop, rules, state.day, ctx.now, taken)
                if s.status is not SlotStatus.TOO_SOON]

    async def show_slots(self, ctx: Context, state: BookingState, lead: str = "") -> None:
        await self.flow.ask(ctx, "slot", lead)

    def remember_full(self, ctx: Context, state: BookingState) -> None:
        """Note the times just drawn as "마감" when the slot step was shown: picking one of
        those offers the waitlist, picking one that filled meanwhile says so. (Not in
        ``ask_slot``: the engine also builds the question to read an answer.)"""
        slots: list[Any] = ctx.memo.get(SHOWN_SLOTS, [])
        state.full_seen = [s.key for s in slots if s.status is SlotStatus.FULL]

    async def ask_slot(self, ctx: Context, state: BookingState) -> Question:
        choices = []
        slots = ctx.memo[SHOWN_SLOTS] = await self.day_slots(ctx, state)
        for slot in slots:
            hhmm = f"{slot.start:%H:%M}"
            label = (ctx.t("booking.slot_label_full", time=hhmm) if slot.status is SlotStatus.FULL
                     else ctx.t("booking.slot_label", time=hhmm, left=slot.seats_left))
            choices.append(Choice(compact_slot(slot.start), label, slot.start))
        assert state.day is not None
        prompt = ctx.t("booking.choose_slot", date=date_label(ctx, state.day))
        return Question(prompt, [*_rows(choices, 3), [self.other_day(ctx), ctx.menu_button()]])

    def other_day(self, ctx: Context) -> Choice:
        return Choice("days", ctx.t("booking.other_day"), OTHER_DAY)

    async def answered_slot(self, ctx: Context, state: BookingState, answer: Any) -> None:
        """A time (button or typed), another day typed, "다른 날짜", or "대기 신청"."""
        if isinstance(answer, datetime):
            await self.choose_slot(ctx, state, answer)
        elif isinstance(answer, date):
            await self.choose_day(ctx, state, answer)
        elif isinstance(answer, JoinWaitlist):
            await self.join_waitlist(ctx, state)
        else:
            await self.show_week(ctx, state, state.week)

    async def choose_slot(self, ctx: Context, state: BookingState, start: datetime) -> None:
        rules = booking_content(ctx).rules
        shop = shop_of(ctx, state.shop)
        problem = check_slot(shop, rules, start, ctx.now)
        if problem is not None:
            await self.slot_problem(ctx, state, start, problem)
            return
        taken = await taken_on(ctx, shop, start.date(), start.date())
        if shop.seats_per_slot - taken.get(slot_key(start), 0) <= 0:
            seen = slot_key(start) in state.full_seen
            state.mark_full(start, "move" if state.moving else "seen" if seen else "just")
            await self.flow.ask(ctx, "slot_full")
            return
        due = return_date(shop, rules, start.date())
        state.wait = False
        if state.moving:
            await finish_move(self.flow, ctx, state, start, due)
            return
        state.slot, state.day, state.due = slot_key(start), start.date(), due
        # Coming back after "방금 마감되었어요" keeps the items (and a fitting interview day).
        await self.flow.ask(ctx, state.after_outfit() if state.items else "items")

    async def slot_problem(self, ctx: Context, state: BookingState, start: datetime,
                           problem: SlotProblem) -> None:
        if problem in (SlotProblem.NOT_A_SLOT, SlotProblem.TOO_SOON):
            key = "booking.slot_too_soon" if problem is SlotProblem.TOO_SOON \
                else "booking.slot_not_offered"
            state.day = start.date()
            await self.show_slots(ctx, state, ctx.t(key))
            return
        await self.show_week(ctx, state, 0,
                             self.day_problem(ctx, SLOT_TO_DAY[problem], start.date()))

    # -- a full slot --

    async def ask_slot_full(self, ctx: Context, state: BookingState) -> Question:
        start = parse_slot_key(state.full_slot or "")
        if start is None:
            raise InvalidAction("slot_full without a slot")
        waitlist = [Choice("wait", ctx.t("booking.join_waitlist"), JOIN_WAITLIST)]
        last_row: Row = [self.other_day(ctx), ctx.menu_button()]
        if state.full_kind == "seen":
            return Question(ctx.t("booking.slot_full", time=f"{start:%H:%M}"),
                            [waitlist, last_row])
        lead = ctx.t("booking.just_full")
        if state.full_kind == "move":
            old = await owned(ctx, state.move_id or 0)
            lead = ctx.t("booking.move_full", visit=visit_label(ctx, old.start))
        free = await self.next_free(ctx, state, start)
        rows: list[Row] = [[Choice(compact_slot(s), visit_label(ctx, s), s)] for s in free]
        if state.full_kind == "just":
            rows.append(waitlist)
        rows.append(last_row)
        text = lead if free else f"{lead}\n{ctx.t('booking.no_free_slots')}"
        return Question(text, rows)

    async def next_free(self, ctx: Context, state: BookingState,
                        after: datetime) -> list[datetime]:
        rules = booking_content(ctx).rules
        shop = shop_of(ctx, state.shop)
        taken = await taken_on(ctx, shop, ctx.now.date(), last_bookable_day(rules, ctx.now))
        return [s.start for s in next_free_slots(shop, rules, ctx.now, taken, after=after,
                                                 limit=3)]

    async def join_waitlist(self, ctx: Context, state: BookingState) -> None:
        """Full slot: collect the rest of the booking, then put the user on the waitlist."""
        start = parse_slot_key(state.full_slot or "")
        rules = booking_content(ctx).rules
        shop = shop_of(ctx, state.shop)
        if start is None or state.moving or check_slot(shop, rules, start, ctx.now) is not None:
            raise InvalidAction("wait")
        state.slot, state.day, state.wait = slot_key(start), start.date(), True
        state.due = return_date(shop, rules, start.date())
        await self.flow.ask(ctx, "items")
