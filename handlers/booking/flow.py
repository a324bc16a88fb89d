"""면접정장 대여 예약: who may rent → shop → day → time → items and sizes → interview → confirm.

A lending point's ``mode`` (shops.yaml) decides what "confirm" means: ``direct`` books at
once, ``request`` sends a request staff confirm or decline (``decisions``), and an
``external`` point is not booked here: ``external`` says how to book there and offers a
reminder before the interview.

Also 내 예약 (list, cancel, move), the waitlist for full slots, offers when a seat frees up,
and staff commands (/bookings [date], /mark CODE status) for configured admins.

This module only wires the conversation: every step the user answers, and the verbs of
buttons that are not an answer to a step (내 예약, offers, staff). What each step asks and
does lives in one module per part: ``who`` (eligibility), ``when`` (shop, day, time),
``outfit`` (items, sizes), ``confirm`` (interview, company, booking), ``mine``,
``waitlist``, ``staff``; ``typed`` reads typed answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from handlers.booking.confirm import Finish
from handlers.booking.external import External, read_interview_day
from handlers.booking.lookup import bookings
from handlers.booking.mine import MyBookings
from handlers.booking.outfit import Outfit
from handlers.booking.staff import Staff
from handlers.booking.state import BookingState
from handlers.booking.typed import (
    read_age,
    read_basis,
    read_company,
    read_confirm,
    read_day,
    read_height_weight,
    read_interview,
    read_items,
    read_shop,
    read_size,
    read_slot,
)
from handlers.booking.waitlist import Waitlist
from handlers.booking.when import ShopDayAndTime
from handlers.booking.who import WhoMayRent
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow, Verb
from handlers.dialog.steps import Step, Steps


class BookingFlow(StepFlow[BookingState]):
    name = "booking"
    state_type = BookingState
    commands: ClassVar[dict[str, str]] = {
        "suit": "start", "mybookings": "mine", "bookings": "admin_day", "mark": "mark",
    }

    def __init__(self) -> None:
        self.who = WhoMayRent(self)
        self.when = ShopDayAndTime(self)
        self.outfit = Outfit(self)
        self.finish = Finish(self, self.when)
        self.mine = MyBookings(self)
        self.waitlist = Waitlist(self, self.mine)
        self.staff = Staff(self)
        self.external = External(self)
        super().__init__()

    def declare(self) -> Steps[BookingState]:
        who, when, outfit, finish = self.who, self.when, self.outfit, self.finish
        return Steps(
            Step("age", ask=who.ask_age, answer=who.answered_age, parse=read_age),
            Step("basis", ask=who.ask_basis, answer=who.answered_basis, parse=read_basis),
            Step("shop", ask=when.ask_shop, answer=when.answered_shop, parse=read_shop),
            Step("external", ask=self.external.ask_remind, answer=self.external.answered_remind,
                 parse=read_interview_day),
            Step("remind_day", ask=self.external.ask_remind_day,
                 answer=self.external.answered_remind_day, parse=read_interview_day),
            Step("day", ask=when.ask_day, answer=when.answered_day, parse=read_day),
            Step("slot", ask=when.ask_slot, answer=when.answered_slot, parse=read_slot),
            Step("slot_full", ask=when.ask_slot_full, answer=when.answered_slot,
                 parse=read_slot),
            Step("items", ask=outfit.ask_items, answer=outfit.answered_items, parse=read_items),
            Step("size", ask=outfit.ask_size, answer=outfit.answered_size, parse=read_size),
            Step("height_weight", ask=outfit.ask_height_weight,
                 answer=outfit.answered_height_weight, parse=read_height_weight),
            Step("interview", ask=finish.ask_interview, answer=finish.answered_interview,
                 parse=read_interview),
            Step("company", ask=finish.ask_company, answer=finish.answered_company,
                 parse=read_company),
            Step("confirm", ask=finish.ask_confirm, answer=finish.answered_confirm,
                 parse=read_confirm),
            Step("cancel_confirm", ask=self.mine.ask_cancel_confirm,
                 answer=self.mine.answered_cancel, back=False),
        )

    def verbs(self) -> Mapping[str, Verb]:
        return {
            "mine": self.mine.show,
            "cancel": self.mine.ask_cancel,
            "cancel_yes": self.mine.cancel_yes,
            "move": self.mine.start_move,
            "week": self.other_week,
            "offer": self.waitlist.accept_offer,
            "offer_no": self.waitlist.decline_offer,
            "leave": self.waitlist.leave,
            "admin_day": self.staff.day,
            "mark": self.staff.mark,
            "confirm": self.staff.confirm,
            "decline": self.staff.decline,
        }

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.finish()
        await self.who.begin(ctx, self.state(ctx))

    async def ask(self, ctx: Context, step_name: str, lead: str = "") -> None:
        await super().ask(ctx, step_name, lead)
        if step_name == "slot":
            self.when.remember_full(ctx, self.state(ctx))

    async def other_week(self, ctx: Context, args: Sequence[str]) -> None:
        """``week:N``: "대여일 다시 고르기" under an interview day after the return day."""
        state = self.state(ctx)
        if ctx.state.flow != self.name or not state.shop or not args or not args[0].isdigit():
            raise InvalidAction("week")
        await self.when.show_week(ctx, state, int(args[0]))

    async def privacy_items(self, ctx: Context) -> list[str]:
        repo = bookings(ctx)
        booked = await repo.for_user(ctx.user.id)
        waiting = await repo.waitlist_for_user(ctx.user.id)
        reminders = await repo.interview_reminders(ctx.user.id)
        if not booked and not waiting and not reminders:
            return []
        return [ctx.t("booking.privacy_item", bookings=len(booked), waiting=len(waiting),
                      reminders=reminders)]
