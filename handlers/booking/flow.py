"""면접정장 대여 예약: eligibility → shop → day → slot → items and sizes → interview → confirm.

Also 내 예약 (list, cancel, move), the waitlist for full slots, offers when a seat frees up,
and staff commands (/bookings [date], /mark CODE status) for configured admins.

Seats, the yearly limit and same-day bookings are enforced by the store inside one write
transaction (``db.bookings``); this flow turns its answers into specific messages and keeps
the user in the flow with a way forward.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from content.booking.calendar import (
    DayStatus,
    InterviewProblem,
    SlotProblem,
    SlotStatus,
    age_allowed,
    age_answer_from_birth_window,
    check_interview_date,
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
from content.booking.codes import format_code, new_code, normalize_code
from content.booking.shops import BookingContent, RentalRules, Shop
from content.booking.sizes import guess_sizes, normalize_size, parse_height_weight
from content.text.ages import BirthDate, parse_age
from content.text.clock import SEOUL
from content.text.dates import parse_day, parse_time
from content.text.matching import plain_words as normalize
from db.bookings import (
    AlreadyWaiting,
    Booking,
    BookingError,
    BookingNotFound,
    BookingRepository,
    BookingRequest,
    CutOffPassed,
    NotChangeable,
    OfferGone,
    SameDayBooking,
    SlotFull,
    YearlyLimitReached,
)
from handlers.booking.policy import booking_policy
from handlers.booking.staff_sheet import day_sheet
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction
from handlers.dialog.types import Button

SIZING_ORDER = ("top", "waist", "shoes")
LEAVE_WORDS = {"메뉴", "처음으로", "처음", "취소", "그만", "menu", "cancel", "stop", "home"}
MARKS = {"p": "picked_up", "r": "returned", "n": "no_show", "b": "booked"}
MARK_WORDS = {
    "수령": "picked_up", "대여": "picked_up", "picked_up": "picked_up",
    "반납": "returned", "returned": "returned",
    "미방문": "no_show", "노쇼": "no_show", "no_show": "no_show",
    "예약": "booked", "booked": "booked",
}
MAX_COMPANY = 40
# Typed answers for steps that show buttons (people often type the button's words instead).
# Matched as parts of the normalized text: school and work first, then "none", then "live".
BASIS_WORDS = {
    "none": ("해당 없", "해당없", "아니", "않", "안 살", "안살", "없어", "none", "no "),
    "study": ("학교", "대학", "재학", "휴학", "학생", "study", "school", "student"),
    "work": ("직장", "회사", "재직", "근무", "출근", "work", "job"),
    "live": ("살아", "살고", "거주", "주민", "살", "live", "resident"),
}
UNKNOWN_WORDS = ("모르", "몰라", "추천", "don t know", "dont know", "not sure", "recommend")
NEXT_WORDS = {"다음", "완료", "끝", "됐어요", "다 골랐어요", "next", "done"}
CONFIRM_WORDS = {"예약하기", "예약", "네", "예", "응", "확정", "좋아요", "yes", "ok", "confirm",
                 "book it", "대기 신청"}


def _compact(day: date) -> str:
    return day.strftime("%Y%m%d")


def _parse_compact_day(raw: str) -> date | None:
    try:
        return datetime.strptime(raw, "%Y%m%d").date() if len(raw) == 8 else None
    except ValueError:
        return None


def _parse_compact_slot(raw: str) -> datetime | None:
    if len(raw) != 12 or not raw.isdigit():
        return None
    return parse_slot_key(f"{raw[:4]}-{raw[4:6]}-{raw[6:8]} {raw[8:10]}:{raw[10:]}")


def _compact_slot(start: datetime) -> str:
    return start.astimezone(SEOUL).strftime("%Y%m%d%H%M")


async def remembered_facts(ctx: Context) -> dict[str, Any]:
    """Eligibility facts the user let the bot keep (the eligibility flow's profile), if any.

    Only read: booking answers are not written back (that needs the profile's consent).
    """
    profile = getattr(ctx.store, "profile", None)
    if profile is None or not hasattr(profile, "facts"):
        return {}
    try:
        stored = await profile.facts(ctx.user.id)
    except Exception:  # a profile schema this flow does not know: just ask
        return {}
    return {str(getattr(f, "fact", "")): getattr(f, "value", None) for f in stored}


def typed_basis(text: str) -> str | None:
    said = f"{normalize(text)} "
    for basis in ("study", "work", "none", "live"):
        if any(word in said for word in BASIS_WORDS[basis]):
            return basis
    return None


def _age_from_facts(facts: dict[str, Any], rules: RentalRules, today: date) -> bool | None:
    raw = facts.get("birth_date")
    if raw is None:
        return None
    try:
        birth = BirthDate.from_json(raw)  # the eligibility flow's own encoding
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if birth.latest < birth.earliest:
        return None
    return age_answer_from_birth_window(rules, birth.earliest, birth.latest, today)


class BookingFlow(Flow):
    name = "booking"
    commands: ClassVar[dict[str, str]] = {
        "suit": "start", "mybookings": "mine", "bookings": "admin_day", "mark": "mark",
    }

    # -- plumbing ----------------------------------------------------------------------------

    @staticmethod
    def content(ctx: Context) -> BookingContent:
        content = ctx.catalogue.booking
        if not isinstance(content, BookingContent):
            raise RuntimeError("the catalogue has no booking content (shops.yaml)")
        return content

    @staticmethod
    def repo(ctx: Context) -> BookingRepository:
        return ctx.store.bookings

    def date_label(self, ctx: Context, day: date) -> str:
        return f"{day.month}/{day.day}({ctx.t(f'booking.weekday_{day.weekday()}')})"

    def visit_label(self, ctx: Context, start: datetime) -> str:
        return f"{self.date_label(ctx, start.date())} {start:%H:%M}"

    def shop_of(self, ctx: Context, shop_id: Any) -> Shop:
        shop = self.content(ctx).shop(str(shop_id)) if shop_id else None
        if shop is None:
            raise InvalidAction(f"shop {shop_id}")
        return shop

    # -- entry points ------------------------------------------------------------------------

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.finish()
        ctx.goto("age", mode="new")
        rules = self.content(ctx).rules
        known = await remembered_facts(ctx)
        age_ok = _age_from_facts(known, rules, ctx.now.date())
        if age_ok is not None:
            if not age_ok:
                await self.answer_age(ctx, "out")
            elif known.get("goyang_resident") is True:
                ctx.say(ctx.t("booking.intro_known"))
                await self.answer_basis(ctx, "live")
            else:
                await self.answer_age(ctx, "ok")
            return
        notice = f"\n{ctx.pick(rules.notice)}" if rules.notice else ""
        ctx.say(
            f"{ctx.t('booking.intro')}{notice}\n\n{ctx.t('booking.ask_age')}",
            [
                [ctx.step_button(ctx.t("booking.age_in_range", min=rules.min_age,
                                       max=rules.max_age), "booking:age:ok")],
                [
                    ctx.step_button(ctx.t("booking.age_under", min=rules.min_age),
                                    "booking:age:under"),
                    ctx.step_button(ctx.t("booking.age_over", over=rules.max_age + 1),
                                    "booking:age:over"),
                ],
                [ctx.button(ctx.t("booking.my_bookings"), "booking:mine"), ctx.menu_button()],
            ],
        )

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        arg = args[0] if args else ""
        in_flow = ctx.state.flow == self.name
        if verb == "start":
            await self.start(ctx, args)
        elif verb == "mine":
            await self.mine(ctx)
        elif verb == "age" and in_flow:
            await self.answer_age(ctx, arg)
        elif verb == "basis" and in_flow:
            await self.answer_basis(ctx, arg)
        elif verb == "shop" and in_flow:
            await self.choose_shop(ctx, arg)
        elif verb == "week" and in_flow and arg.isdigit():
            await self.show_week(ctx, int(arg))
        elif verb == "day" and in_flow:
            day = _parse_compact_day(arg)
            if day is None:
                raise InvalidAction(arg)
            await self.choose_day(ctx, day)
        elif verb in ("slot", "full") and in_flow:
            start = _parse_compact_slot(arg)
            if start is None:
                raise InvalidAction(arg)
            await self.choose_slot(ctx, start, seen_full=verb == "full")
        elif verb == "wait" and in_flow:
            start = _parse_compact_slot(arg)
            if start is None:
                raise InvalidAction(arg)
            await self.join_waitlist(ctx, start)
        elif verb == "item" and in_flow:
            self.toggle_item(ctx, arg)
        elif verb == "items_done" and in_flow:
            self.items_done(ctx)
        elif verb == "size" and in_flow and len(args) == 2:
            self.answer_size(ctx, args[0], args[1])
        elif verb == "size_unknown" and in_flow:
            self.ask_height_weight(ctx)
        elif verb == "use_guess" and in_flow:
            self.use_guess(ctx)
        elif verb == "interview" and in_flow:
            day = _parse_compact_day(arg)
            if day is None:
                raise InvalidAction(arg)
            self.answer_interview(ctx, day)
        elif verb == "skip_company" and in_flow:
            self.answer_company(ctx, None)
        elif verb == "confirm" and in_flow:
            await self.confirm(ctx)
        elif verb == "cancel" and arg.isdigit():
            await self.ask_cancel(ctx, int(arg))
        elif verb == "cancel_yes" and arg.isdigit():
            await self.cancel(ctx, int(arg))
        elif verb == "move" and arg.isdigit():
            await self.start_move(ctx, int(arg))
        elif verb == "offer" and arg.isdigit():
            await self.accept_offer(ctx, int(arg))
        elif verb == "leave" and arg.isdigit():
            await self.leave_waitlist(ctx, int(arg))
        elif verb == "offer_no" and arg.isdigit():
            await self.decline_offer(ctx, int(arg))
        elif verb == "admin_day":
            await self.admin_day(ctx, arg)
        elif verb == "mark":
            await self.admin_mark(ctx, args)
        else:
            raise InvalidAction(verb)

    async def on_text(self, ctx: Context, text: str) -> bool:
        if normalize(text) in LEAVE_WORDS:
            return False
        try:
            return await self._on_text(ctx, text)
        except InvalidAction:  # the saved step no longer fits (content changed): start over
            ctx.reply.parts.clear()
            ctx.finish()
            ctx.dead_end(ctx.t("core.expired"))
            return True

    async def _on_text(self, ctx: Context, text: str) -> bool:
        step = ctx.state.step
        today = ctx.now.date()
        if step == "age":
            age = parse_age(text)
            if age is None:
                ctx.say(ctx.t("booking.age_unclear"))
                return True
            await self.answer_age(ctx, "ok" if age_allowed(self.content(ctx).rules, age)
                                  else "out")
        elif step == "basis":
            basis = typed_basis(text)
            if basis is None:
                self.ask_basis(ctx, ctx.t("booking.basis_unclear"))
            else:
                await self.answer_basis(ctx, basis)
        elif step == "shop":
            shop = self.typed_shop(ctx, text)
            if shop is None:
                await self.show_shops(ctx)
            else:
                await self.choose_shop(ctx, shop.id)
        elif step == "day":
            day = parse_day(text, today)
            if day is None:
                ctx.say(ctx.t("booking.day_unclear"))
                await self.show_week(ctx, int(ctx.state.data.get("week", 0)))
            else:
                await self.choose_day(ctx, day)
        elif step == "slot":
            await self.typed_slot(ctx, text)
        elif step == "items":
            self.typed_items(ctx, text)
        elif step == "size":
            self.typed_size(ctx, text)
        elif step == "height_weight":
            self.typed_height_weight(ctx, text)
        elif step == "interview":
            day = parse_day(text, today)
            if day is None:
                self.ask_interview(ctx, ctx.t("booking.interview_unclear"))
            else:
                self.answer_interview(ctx, day)
        elif step == "company":
            company = " ".join(text.split())
            if len(company) > MAX_COMPANY:
                ctx.say(ctx.t("booking.company_too_long"))
                return True
            self.answer_company(ctx, company)
        elif step == "confirm":
            if normalize(text) in CONFIRM_WORDS:
                await self.confirm(ctx)
            else:
                self.show_summary(ctx)
        else:
            return False
        return True

    # -- eligibility ---------------------------------------------------------------------------

    async def answer_age(self, ctx: Context, answer: str) -> None:
        rules = self.content(ctx).rules
        if answer != "ok":
            ctx.finish()
            ctx.dead_end(ctx.t("booking.not_eligible_age", min=rules.min_age, max=rules.max_age))
            return
        ctx.goto("basis")
        self.ask_basis(ctx, ctx.t("booking.ask_basis"))

    def ask_basis(self, ctx: Context, prompt: str) -> None:
        ctx.goto("basis")
        ctx.say(prompt, [
            [ctx.step_button(ctx.t("booking.basis_live"), "booking:basis:live")],
            [ctx.step_button(ctx.t("booking.basis_study"), "booking:basis:study")],
            [ctx.step_button(ctx.t("booking.basis_work"), "booking:basis:work")],
            [ctx.step_button(ctx.t("booking.basis_none"), "booking:basis:none")],
        ])

    async def answer_basis(self, ctx: Context, basis: str) -> None:
        rules = self.content(ctx).rules
        if basis == "none":
            ctx.finish()
            ctx.dead_end(ctx.t("booking.not_eligible_basis"))
            return
        if basis not in rules.residence_bases:
            raise InvalidAction(basis)
        used = await self.repo(ctx).used_this_year(ctx.user.id, ctx.now.year)
        window_reaches_next_year = last_bookable_day(rules, ctx.now).year > ctx.now.year
        if used >= rules.yearly_limit and not window_reaches_next_year:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=rules.yearly_limit))
            return
        ctx.goto("shop", basis=basis)
        left = max(0, rules.yearly_limit - used)
        await self.show_shops(ctx, ctx.t("booking.yearly_left", left=left) if left else "")

    # -- shop, day, slot -----------------------------------------------------------------------

    async def show_shops(self, ctx: Context, lead: str = "") -> None:
        ctx.goto("shop")
        lines = [lead] if lead else []
        lines.append(ctx.t("booking.choose_shop"))
        rows: list[list[Button]] = []
        for shop in self.content(ctx).shops.values():
            info = [f"• {ctx.pick(shop.name)}", f"  {ctx.pick(shop.address)}"]
            if shop.note:
                info.append(f"  {ctx.pick(shop.note)}")
            if shop.phone:
                info.append("  " + ctx.t("booking.shop_phone", phone=shop.phone))
            elif "youth_policy_team" in ctx.catalogue.contacts:
                team = ctx.catalogue.contacts["youth_policy_team"]
                info.append("  " + ctx.t("booking.shop_ask", team=ctx.pick(team.name),
                                         phone=team.phone or "-"))
            if not shop.confirmed:
                info.append("  ⚠ " + ctx.t("booking.hours_unconfirmed"))
            info.append("  " + ctx.t("booking.shop_source", as_of=shop.as_of.isoformat(),
                                     source=shop.sources[0]))
            lines.append("\n".join(info))
            rows.append([ctx.step_button(ctx.pick(shop.name), f"booking:shop:{shop.id}"),
                         Button(ctx.t("booking.map_button"), url=shop.map_url)])
        rows.append([ctx.menu_button()])
        ctx.say("\n\n".join(lines), rows)

    async def choose_shop(self, ctx: Context, shop_id: str) -> None:
        self.shop_of(ctx, shop_id)
        ctx.goto("day", shop=shop_id, week=0)
        await self.show_week(ctx, 0)

    async def show_week(self, ctx: Context, offset: int, lead: str = "") -> None:
        content = self.content(ctx)
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        offset = max(0, min(offset, week_count(content.rules) - 1))
        first = ctx.now.date() + timedelta(days=7 * offset)
        taken = await self.repo(ctx).taken_seats(
            shop.id, first.isoformat(), (first + timedelta(days=6)).isoformat(), ctx.now)
        days = week_days(shop, content.rules, ctx.now, offset, taken)
        ctx.goto("day", week=offset)
        buttons = []
        for info in days:
            label = self.date_label(ctx, info.day)
            if info.status is DayStatus.FULL:
                label = ctx.t("booking.day_label_full", date=label)
            elif info.status in (DayStatus.CLOSED, DayStatus.HOLIDAY, DayStatus.CLOSED_DATE):
                label = ctx.t("booking.day_label_closed", date=label)
            elif info.status is not DayStatus.OPEN:
                continue
            buttons.append(ctx.step_button(label, f"booking:day:{_compact(info.day)}"))
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        nav = []
        if offset > 0:
            nav.append(ctx.step_button(ctx.t("booking.prev_week"), f"booking:week:{offset - 1}"))
        if offset < week_count(content.rules) - 1:
            nav.append(ctx.step_button(ctx.t("booking.next_week"), f"booking:week:{offset + 1}"))
        rows.extend([nav, [ctx.menu_button()]])
        prompt = ctx.t("booking.choose_day", shop=ctx.pick(shop.name),
                       first=self.date_label(ctx, days[0].day),
                       last=self.date_label(ctx, days[-1].day))
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt, rows)

    async def choose_day(self, ctx: Context, day: date) -> None:
        content = self.content(ctx)
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        taken = await self.repo(ctx).taken_seats(shop.id, day.isoformat(), day.isoformat(),
                                                 ctx.now)
        info = day_info(shop, content.rules, day, ctx.now, taken)
        if info.status is not DayStatus.OPEN:
            week = max(0, (day - ctx.now.date()).days // 7) if day >= ctx.now.date() else 0
            await self.show_week(ctx, min(week, week_count(content.rules) - 1),
                                 self.day_problem(ctx, info.status, day))
            return
        ctx.goto("slot", day=day.isoformat())
        self.show_slots(ctx, shop, day, taken)

    def day_problem(self, ctx: Context, status: DayStatus, day: date) -> str:
        rules = self.content(ctx).rules
        return {
            DayStatus.PAST: lambda: ctx.t("booking.day_past"),
            DayStatus.BEYOND_WINDOW: lambda: ctx.t("booking.day_beyond",
                                                   days=rules.booking_window_days),
            DayStatus.CLOSED: lambda: ctx.t("booking.day_closed"),
            DayStatus.HOLIDAY: lambda: ctx.t("booking.day_holiday",
                                             name=public_holiday(day, ctx.locale) or "-"),
            DayStatus.CLOSED_DATE: lambda: ctx.t("booking.day_closed_date"),
            DayStatus.FULL: lambda: ctx.t("booking.day_full"),
        }.get(status, lambda: ctx.t("booking.day_past"))()

    def show_slots(self, ctx: Context, shop: Shop, day: date, taken: dict[str, int],
                   lead: str = "") -> None:
        slots = [s for s in slots_for_day(shop, self.content(ctx).rules, day, ctx.now, taken)
                 if s.status is not SlotStatus.TOO_SOON]
        buttons = []
        for slot in slots:
            hhmm = f"{slot.start:%H:%M}"
            label = (ctx.t("booking.slot_label_full", time=hhmm) if slot.status is SlotStatus.FULL
                     else ctx.t("booking.slot_label", time=hhmm, left=slot.seats_left))
            verb = "full" if slot.status is SlotStatus.FULL else "slot"
            buttons.append(ctx.step_button(label, f"booking:{verb}:{_compact_slot(slot.start)}"))
        rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
        week = int(ctx.state.data.get("week", 0))
        rows.append([ctx.step_button(ctx.t("booking.other_day"), f"booking:week:{week}"),
                     ctx.menu_button()])
        prompt = ctx.t("booking.choose_slot", date=self.date_label(ctx, day))
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt, rows)

    async def typed_slot(self, ctx: Context, text: str) -> None:
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        day = date.fromisoformat(str(ctx.state.data.get("day")))
        at = parse_time(text)
        other_day = parse_day(text, ctx.now.date()) if at is None else None
        if other_day is not None:  # a day typed while choosing a time: change the day
            await self.choose_day(ctx, other_day)
            return
        if at is None:
            taken = await self.repo(ctx).taken_seats(shop.id, day.isoformat(), day.isoformat(),
                                                     ctx.now)
            self.show_slots(ctx, shop, day, taken, ctx.t("booking.slot_unclear"))
            return
        await self.choose_slot(ctx, datetime.combine(day, at, SEOUL))

    async def choose_slot(self, ctx: Context, start: datetime, *, seen_full: bool = False) -> None:
        content = self.content(ctx)
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        day = start.date()
        taken = await self.repo(ctx).taken_seats(shop.id, day.isoformat(), day.isoformat(),
                                                 ctx.now)
        problem = check_slot(shop, content.rules, start, ctx.now)
        if problem is not None:
            await self.slot_problem(ctx, shop, start, problem, taken)
            return
        left = shop.seats_per_slot - taken.get(slot_key(start), 0)
        moving = ctx.state.data.get("mode") == "move"
        if left <= 0 and (moving or not seen_full):
            # It was free when the buttons were drawn: "방금 마감되었어요" and the next ones.
            lead = ctx.t("booking.just_full")
            if moving:
                old = await self.owned(ctx, int(ctx.state.data.get("move_id") or 0))
                lead = ctx.t("booking.move_full", visit=self.visit_label(ctx, old.start))
            await self.just_full(ctx, shop, start, lead, waitlist=not moving)
            return
        if left <= 0:
            ctx.goto("slot", day=day.isoformat())
            ctx.say(ctx.t("booking.slot_full", time=f"{start:%H:%M}"), [
                [ctx.step_button(ctx.t("booking.join_waitlist"),
                                 f"booking:wait:{_compact_slot(start)}")],
                [ctx.step_button(ctx.t("booking.other_day"),
                                 f"booking:week:{ctx.state.data.get('week', 0)}"),
                 ctx.menu_button()],
            ])
            return
        due = return_date(shop, content.rules, day)
        ctx.state.data.pop("wait", None)
        if ctx.state.data.get("mode") == "move":
            await self.finish_move(ctx, start, due)
            return
        ctx.goto("items", slot=slot_key(start), day=day.isoformat(), due=due.isoformat())
        if ctx.state.data.get("items"):
            # Coming back after "방금 마감되었어요": keep the items, check the interview date.
            self.after_sizes(ctx)
            return
        ctx.state.data.setdefault("items", [])
        self.show_items(ctx)

    async def slot_problem(self, ctx: Context, shop: Shop, start: datetime,
                           problem: SlotProblem, taken: dict[str, int]) -> None:
        if problem in (SlotProblem.NOT_A_SLOT, SlotProblem.TOO_SOON):
            key = "booking.slot_too_soon" if problem is SlotProblem.TOO_SOON \
                else "booking.slot_not_offered"
            ctx.goto("slot", day=start.date().isoformat())
            self.show_slots(ctx, shop, start.date(), taken, ctx.t(key))
            return
        status = {
            SlotProblem.PAST: DayStatus.PAST, SlotProblem.BEYOND_WINDOW: DayStatus.BEYOND_WINDOW,
            SlotProblem.CLOSED: DayStatus.CLOSED, SlotProblem.HOLIDAY: DayStatus.HOLIDAY,
            SlotProblem.CLOSED_DATE: DayStatus.CLOSED_DATE,
        }[problem]
        ctx.goto("day")
        await self.show_week(ctx, 0, self.day_problem(ctx, status, start.date()))

    async def join_waitlist(self, ctx: Context, start: datetime) -> None:
        """Full slot: collect the rest of the booking, then put the user on the waitlist."""
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        content = self.content(ctx)
        if check_slot(shop, content.rules, start, ctx.now) is not None:
            raise InvalidAction("wait")
        due = return_date(shop, content.rules, start.date())
        ctx.goto("items", slot=slot_key(start), day=start.date().isoformat(),
                 due=due.isoformat(), wait=True)
        ctx.state.data.setdefault("items", [])
        self.show_items(ctx)

    # -- items and sizes ---------------------------------------------------------------------

    def show_items(self, ctx: Context, lead: str = "") -> None:
        ctx.goto("items")
        chosen = set(ctx.state.data.get("items") or [])
        buttons = [
            ctx.step_button(
                ctx.t("booking.item_on" if item.id in chosen else "booking.item_off",
                      name=ctx.pick(item.name)),
                f"booking:item:{item.id}",
            )
            for item in self.content(ctx).rules.items
        ]
        rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
        rows.append([ctx.step_button(ctx.t("booking.next"), "booking:items_done"),
                     ctx.menu_button()])
        prompt = ctx.t("booking.choose_items")
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt, rows)

    def typed_items(self, ctx: Context, text: str) -> None:
        """Item names typed ("재킷이랑 바지") are selected; "다음" moves on."""
        said = normalize(text)
        if said in NEXT_WORDS:
            self.items_done(ctx)
            return
        found = [item.id for item in self.content(ctx).rules.items
                 if any(normalize(name) in said for name in item.name.values())]
        if not found:
            self.show_items(ctx, ctx.t("booking.items_unclear"))
            return
        items = list(ctx.state.data.get("items") or [])
        items.extend(i for i in found if i not in items)
        ctx.state.data["items"] = items
        self.show_items(ctx)

    def typed_shop(self, ctx: Context, text: str) -> Shop | None:
        said = normalize(text).replace(" ", "")
        for shop in self.content(ctx).shops.values():
            names = [normalize(n).split(" ")[0] for n in shop.name.values()]
            if any(name and name in said for name in names):
                return shop
        return None

    def toggle_item(self, ctx: Context, item_id: str) -> None:
        if self.content(ctx).rules.item(item_id) is None:
            raise InvalidAction(item_id)
        items = list(ctx.state.data.get("items") or [])
        if item_id in items:
            items.remove(item_id)
        else:
            items.append(item_id)
        ctx.state.data["items"] = items
        self.show_items(ctx)

    def items_done(self, ctx: Context) -> None:
        rules = self.content(ctx).rules
        items = [i for i in ctx.state.data.get("items") or [] if rules.item(i)]
        if not items:
            self.show_items(ctx, ctx.t("booking.items_none"))
            return
        needed = []
        for sizing in SIZING_ORDER:
            if any(rules.item(i).sizing == sizing for i in items):  # type: ignore[union-attr]
                needed.append(sizing)
        ctx.goto("size", items=items, sizes={}, needed=needed)
        self.next_size(ctx)

    def next_size(self, ctx: Context, lead: str = "") -> None:
        sizes = ctx.state.data.get("sizes") or {}
        pending = [s for s in ctx.state.data.get("needed") or [] if s not in sizes]
        if not pending:
            self.after_sizes(ctx)
            return
        sizing = pending[0]
        ctx.goto("size", sizing=sizing)
        examples = {"top": ["S", "M", "L", "XL", "2XL"], "waist": ["28", "30", "32", "34"],
                    "shoes": ["240", "250", "260", "270", "280"]}[sizing]
        quick = [ctx.step_button(v, f"booking:size:{sizing}:{v}") for v in examples]
        rows = [quick]
        if sizing != "shoes":
            rows.append([ctx.step_button(ctx.t("booking.size_unknown"),
                                         "booking:size_unknown")])
        rows.append([ctx.menu_button()])
        prompt = ctx.t(f"booking.ask_size_{sizing}")
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt, rows)

    def answer_size(self, ctx: Context, sizing: str, value: str) -> None:
        if sizing != ctx.state.data.get("sizing") or ctx.state.step != "size":
            raise InvalidAction(sizing)
        size = normalize_size(sizing, value)
        if size is None:
            self.next_size(ctx, ctx.t(f"booking.size_bad_{sizing}"))
            return
        sizes = dict(ctx.state.data.get("sizes") or {})
        sizes[sizing] = size
        ctx.state.data["sizes"] = sizes
        self.next_size(ctx)

    def typed_size(self, ctx: Context, text: str) -> None:
        sizing = str(ctx.state.data.get("sizing") or "")
        if sizing not in SIZING_ORDER:
            raise InvalidAction("size")
        if sizing != "shoes" and any(w in normalize(text) for w in UNKNOWN_WORDS):
            self.ask_height_weight(ctx)
            return
        if sizing != "shoes" and parse_height_weight(text) is not None:
            self.typed_height_weight(ctx, text)
            return
        self.answer_size(ctx, sizing, text)

    def ask_height_weight(self, ctx: Context, lead: str = "") -> None:
        ctx.goto("height_weight")
        prompt = ctx.t("booking.ask_height_weight")
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt, [[ctx.menu_button()]])

    def typed_height_weight(self, ctx: Context, text: str) -> None:
        parsed = parse_height_weight(text)
        if parsed is None:
            self.ask_height_weight(ctx, ctx.t("booking.height_weight_bad"))
            return
        guess = guess_sizes(*parsed)  # height and weight are not stored
        ctx.goto("height_weight", guess={"top": guess.top, "waist": f"{guess.waist}inch"})
        ctx.say(ctx.t("booking.size_guess", top=guess.top, waist=guess.waist), [
            [ctx.step_button(ctx.t("booking.use_guess"), "booking:use_guess")],
            [ctx.menu_button()],
        ])

    def use_guess(self, ctx: Context) -> None:
        guess = ctx.state.data.get("guess")
        if not isinstance(guess, dict):
            raise InvalidAction("guess")
        sizes = dict(ctx.state.data.get("sizes") or {})
        for sizing in ("top", "waist"):
            if sizing in (ctx.state.data.get("needed") or []):
                sizes.setdefault(sizing, str(guess.get(sizing)))
        ctx.state.data["sizes"] = sizes
        ctx.state.data.pop("guess", None)
        self.next_size(ctx)

    # -- interview, company, summary -----------------------------------------------------

    def after_sizes(self, ctx: Context) -> None:
        interview = ctx.state.data.get("interview")
        if interview:
            problem = check_interview_date(date.fromisoformat(ctx.state.data["day"]),
                                           date.fromisoformat(ctx.state.data["due"]),
                                           date.fromisoformat(interview))
            if problem is None:
                self.show_summary(ctx)
                return
        self.ask_interview(ctx)

    def ask_interview(self, ctx: Context, lead: str = "") -> None:
        rental = date.fromisoformat(ctx.state.data["day"])
        due = date.fromisoformat(ctx.state.data["due"])
        ctx.goto("interview")
        days = [rental + timedelta(days=i) for i in range((due - rental).days + 1)][:5]
        buttons = [ctx.step_button(self.date_label(ctx, d), f"booking:interview:{_compact(d)}")
                   for d in days]
        prompt = ctx.t("booking.ask_interview", rental=self.date_label(ctx, rental),
                       due=self.date_label(ctx, due))
        ctx.say(f"{lead}\n\n{prompt}" if lead else prompt,
                [buttons[:3], buttons[3:], [ctx.menu_button()]])

    def answer_interview(self, ctx: Context, day: date) -> None:
        if ctx.state.step != "interview":
            raise InvalidAction("interview")
        rental = date.fromisoformat(ctx.state.data["day"])
        due = date.fromisoformat(ctx.state.data["due"])
        problem = check_interview_date(rental, due, day)
        if problem is InterviewProblem.BEFORE_RENTAL:
            self.ask_interview(ctx, ctx.t("booking.interview_before",
                                          rental=self.date_label(ctx, rental)))
            return
        if problem is InterviewProblem.AFTER_RETURN:
            ctx.say(ctx.t("booking.interview_after", due=self.date_label(ctx, due)), [
                [ctx.step_button(ctx.t("booking.pick_other_day"),
                                 f"booking:week:{ctx.state.data.get('week', 0)}")],
            ])
            self.ask_interview(ctx)
            return
        ctx.goto("company", interview=day.isoformat())
        ctx.say(ctx.t("booking.ask_company"), [
            [ctx.step_button(ctx.t("booking.skip"), "booking:skip_company")],
            [ctx.menu_button()],
        ])

    def answer_company(self, ctx: Context, company: str | None) -> None:
        if ctx.state.step != "company":
            raise InvalidAction("company")
        ctx.goto("confirm", company=company or "")
        self.show_summary(ctx)

    def items_for_request(self, ctx: Context) -> list[dict[str, str]]:
        rules = self.content(ctx).rules
        sizes = ctx.state.data.get("sizes") or {}
        out = []
        for item_id in ctx.state.data.get("items") or []:
            item = rules.item(item_id)
            if item is not None:
                out.append({"item": item.id, "size": str(sizes.get(item.sizing, "-"))})
        return out

    def items_label(self, ctx: Context, items: list[dict[str, str]]) -> str:
        rules = self.content(ctx).rules
        parts = []
        for entry in items:
            item = rules.item(entry.get("item", ""))
            name = ctx.pick(item.name) if item else entry.get("item", "?")
            size = entry.get("size") or "-"
            parts.append(name if size == "-" else f"{name} {size}")
        return ", ".join(parts)

    def show_summary(self, ctx: Context) -> None:
        data = ctx.state.data
        for key in ("shop", "slot", "due", "interview"):
            if not data.get(key):
                raise InvalidAction(f"summary without {key}")
        shop = self.shop_of(ctx, data["shop"])
        start = parse_slot_key(str(data["slot"]))
        if start is None:
            raise InvalidAction("slot")
        company = data.get("company") or ""
        text = ctx.t(
            "booking.summary",
            shop=ctx.pick(shop.name),
            visit=self.visit_label(ctx, start),
            due=self.date_label(ctx, date.fromisoformat(data["due"])),
            items=self.items_label(ctx, self.items_for_request(ctx)),
            interview=self.date_label(ctx, date.fromisoformat(data["interview"])),
            company=ctx.t("booking.summary_company", company=company) if company else "",
        )
        ctx.goto("confirm")
        confirm_label = ctx.t("booking.join_waitlist" if data.get("wait") else "booking.confirm")
        ctx.say(text, [
            [ctx.step_button(confirm_label, "booking:confirm")],
            [ctx.step_button(ctx.t("booking.start_over"), "booking:start"), ctx.menu_button()],
        ])

    # -- booking ------------------------------------------------------------------------------

    def request_from_state(self, ctx: Context) -> BookingRequest:
        data = ctx.state.data
        return BookingRequest(
            user_id=ctx.user.id,
            shop_id=str(data["shop"]),
            slot_start=str(data["slot"]),
            return_date=str(data["due"]),
            items=self.items_for_request(ctx),
            interview_date=str(data["interview"]),
            company=(data.get("company") or None),
            basis=data.get("basis"),
        )

    async def confirm(self, ctx: Context) -> None:
        if ctx.state.step != "confirm":
            raise InvalidAction("confirm")
        content = self.content(ctx)
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        start = parse_slot_key(str(ctx.state.data.get("slot")))
        if start is None:
            raise InvalidAction("slot")
        problem = check_slot(shop, content.rules, start, ctx.now)
        if problem is not None:
            taken = await self.repo(ctx).taken_seats(
                shop.id, start.date().isoformat(), start.date().isoformat(), ctx.now)
            await self.slot_problem(ctx, shop, start, problem, taken)
            return
        request = self.request_from_state(ctx)
        try:
            # Waitlist too: if a seat is free by now, the user simply gets it.
            booking = await self.repo(ctx).book(request, booking_policy(content), now=ctx.now,
                                                new_code=new_code)
        except SlotFull:
            if ctx.state.data.get("wait"):
                await self.confirm_waitlist(ctx, request)
            else:
                await self.just_full(ctx, shop, start, ctx.t("booking.just_full"))
            return
        except YearlyLimitReached as exc:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=exc.limit))
            return
        except SameDayBooking as exc:
            ctx.goto("day")
            await self.show_week(ctx, int(ctx.state.data.get("week", 0)),
                                 ctx.t("booking.same_day", code=format_code(exc.code)))
            return
        ctx.finish()
        self.say_booked(ctx, booking, shop)

    async def just_full(self, ctx: Context, shop: Shop, start: datetime, lead: str, *,
                        waitlist: bool = True) -> None:
        """The slot filled while the user was choosing: offer the next free slots."""
        content = self.content(ctx)
        last = last_bookable_day(content.rules, ctx.now)
        taken = await self.repo(ctx).taken_seats(shop.id, ctx.now.date().isoformat(),
                                                 last.isoformat(), ctx.now)
        free = next_free_slots(shop, content.rules, ctx.now, taken, after=start, limit=3)
        ctx.goto("slot", day=start.date().isoformat())
        rows = [[ctx.step_button(self.visit_label(ctx, s.start),
                                 f"booking:slot:{_compact_slot(s.start)}")] for s in free]
        if waitlist:
            rows.append([ctx.step_button(ctx.t("booking.join_waitlist"),
                                         f"booking:wait:{_compact_slot(start)}")])
        rows.append([ctx.step_button(ctx.t("booking.other_day"),
                                     f"booking:week:{ctx.state.data.get('week', 0)}"),
                     ctx.menu_button()])
        text = lead if free else f"{lead}\n{ctx.t('booking.no_free_slots')}"
        ctx.say(text, rows)

    def say_booked(self, ctx: Context, booking: Booking, shop: Shop) -> None:
        rules = self.content(ctx).rules
        text = ctx.t(
            "booking.booked",
            code=format_code(booking.code),
            shop=ctx.pick(shop.name),
            visit=self.visit_label(ctx, booking.start),
            address=ctx.pick(shop.address),
            due=self.date_label(ctx, date.fromisoformat(booking.return_date)),
            nights=rules.rental_nights,
            days=rules.rental_nights + 1,
            bring=ctx.pick(rules.what_to_bring),
            cutoff=rules.cancel_cutoff_hours,
        )
        if not shop.confirmed:
            text += "\n⚠ " + ctx.t("booking.hours_unconfirmed")
        ctx.say(text, [
            [Button(ctx.t("booking.map_button"), url=shop.map_url)],
            [ctx.button(ctx.t("booking.my_bookings"), "booking:mine"), ctx.menu_button()],
        ])

    async def confirm_waitlist(self, ctx: Context, request: BookingRequest) -> None:
        minutes = self.content(ctx).rules.waitlist_offer_minutes
        draft = {"return_date": request.return_date, "items": request.items,
                 "interview_date": request.interview_date, "company": request.company,
                 "basis": request.basis}
        try:
            await self.repo(ctx).join_waitlist(ctx.user.id, request.shop_id, request.slot_start,
                                               draft, now=ctx.now)
        except AlreadyWaiting:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.already_waiting"))
            return
        ctx.finish()
        ctx.show_menu(ctx.t("booking.waitlist_joined", minutes=minutes))

    # -- 내 예약 ------------------------------------------------------------------------------

    async def mine(self, ctx: Context) -> None:
        ctx.finish()
        content = self.content(ctx)
        bookings = await self.repo(ctx).for_user(ctx.user.id,
                                                 upcoming_from=ctx.now.date().isoformat())
        waiting = await self.repo(ctx).waitlist_for_user(ctx.user.id)
        if not bookings and not waiting:
            ctx.say(ctx.t("booking.my_bookings_empty"), [
                [ctx.button(ctx.t("booking.new_booking"), "booking")], [ctx.menu_button()]])
            return
        lines: list[str] = []
        rows: list[list[Button]] = []
        for booking in bookings:
            shop = content.shop(booking.shop_id)
            lines.append(ctx.t(
                "booking.my_booking_line",
                code=format_code(booking.code),
                shop=ctx.pick(shop.name) if shop else booking.shop_id,
                visit=self.visit_label(ctx, booking.start),
                due=self.date_label(ctx, date.fromisoformat(booking.return_date)),
                status=ctx.t(f"booking.status_{booking.status}"),
            ))
            if booking.status == "booked" and booking.start > ctx.now:
                code = format_code(booking.code)
                rows.append([
                    ctx.button(ctx.t("booking.move_button", code=code),
                               f"booking:move:{booking.id}"),
                    ctx.button(ctx.t("booking.cancel_button", code=code),
                               f"booking:cancel:{booking.id}"),
                ])
        for entry in waiting:
            shop = content.shop(entry.shop_id)
            start = parse_slot_key(entry.slot_start)
            if start is None:
                continue
            lines.append(ctx.t("booking.my_waiting_line",
                               shop=ctx.pick(shop.name) if shop else entry.shop_id,
                               visit=self.visit_label(ctx, start)))
            rows.append([ctx.button(ctx.t("booking.leave_waitlist",
                                          visit=self.visit_label(ctx, start)),
                                    f"booking:leave:{entry.id}")])
        rows.append([ctx.button(ctx.t("booking.new_booking"), "booking"), ctx.menu_button()])
        ctx.say("\n".join(lines), rows)

    async def leave_waitlist(self, ctx: Context, entry_id: int) -> None:
        entry = await self.repo(ctx).get_waitlist_entry(entry_id)
        if entry is None or entry.user_id != ctx.user.id:
            raise InvalidAction("waitlist")
        await self.repo(ctx).leave_waitlist(entry_id, ctx.user.id,
                                            booking_policy(self.content(ctx)), now=ctx.now)
        await self.mine(ctx)

    async def owned(self, ctx: Context, booking_id: int) -> Booking:
        booking = await self.repo(ctx).get(booking_id)
        if booking is None or booking.user_id != ctx.user.id:
            raise InvalidAction("not yours")
        return booking

    async def ask_cancel(self, ctx: Context, booking_id: int) -> None:
        booking = await self.owned(ctx, booking_id)
        ctx.finish()
        ctx.goto("cancel_confirm")
        ctx.say(ctx.t("booking.cancel_confirm", code=format_code(booking.code),
                      visit=self.visit_label(ctx, booking.start)), [
            [ctx.step_button(ctx.t("booking.cancel_yes"), f"booking:cancel_yes:{booking.id}"),
             ctx.step_button(ctx.t("booking.keep"), "booking:mine")],
        ])

    async def cancel(self, ctx: Context, booking_id: int) -> None:
        content = self.content(ctx)
        booking = await self.owned(ctx, booking_id)
        try:
            await self.repo(ctx).cancel(booking.id, ctx.user.id, booking_policy(content),
                                        now=ctx.now)
        except BookingError as exc:
            self.change_refused(ctx, exc)
            return
        ctx.finish()
        ctx.say(ctx.t("booking.cancelled", code=format_code(booking.code)),
                [[ctx.button(ctx.t("booking.my_bookings"), "booking:mine"), ctx.menu_button()]])

    def change_refused(self, ctx: Context, exc: BookingError) -> None:
        hours = self.content(ctx).rules.cancel_cutoff_hours
        if isinstance(exc, CutOffPassed):
            message = ctx.t("booking.cut_off_passed", hours=hours)
        elif isinstance(exc, NotChangeable):
            message = ctx.t("booking.not_changeable")
        elif isinstance(exc, BookingNotFound):
            message = ctx.t("booking.not_found")
        else:
            raise exc
        ctx.finish()
        ctx.say(message, [[ctx.button(ctx.t("booking.my_bookings"), "booking:mine"),
                           ctx.menu_button()]])

    async def start_move(self, ctx: Context, booking_id: int) -> None:
        booking = await self.owned(ctx, booking_id)
        content = self.content(ctx)
        if booking.status != "booked":
            self.change_refused(ctx, NotChangeable(booking.code))
            return
        if ctx.now > booking.start - timedelta(hours=content.rules.cancel_cutoff_hours):
            self.change_refused(ctx, CutOffPassed(booking.code))
            return
        self.shop_of(ctx, booking.shop_id)
        ctx.finish()
        ctx.goto("day", mode="move", move_id=booking.id, shop=booking.shop_id, week=0)
        await self.show_week(ctx, 0, ctx.t("booking.move_choose_day",
                                           code=format_code(booking.code)))

    async def finish_move(self, ctx: Context, start: datetime, due: date) -> None:
        content = self.content(ctx)
        shop = self.shop_of(ctx, ctx.state.data.get("shop"))
        booking_id = int(ctx.state.data.get("move_id") or 0)
        old = await self.owned(ctx, booking_id)
        try:
            moved = await self.repo(ctx).move(booking_id, ctx.user.id, slot_key(start),
                                              due.isoformat(), booking_policy(content),
                                              now=ctx.now)
        except SlotFull:
            await self.just_full(ctx, shop, start, ctx.t("booking.move_full",
                                                         visit=self.visit_label(ctx, old.start)),
                                 waitlist=False)
            return
        except SameDayBooking as exc:
            await self.show_week(ctx, int(ctx.state.data.get("week", 0)),
                                 ctx.t("booking.same_day", code=format_code(exc.code)))
            return
        except YearlyLimitReached as exc:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=exc.limit))
            return
        except BookingError as exc:
            self.change_refused(ctx, exc)
            return
        ctx.finish()
        ctx.say(ctx.t("booking.moved", code=format_code(moved.code),
                      visit=self.visit_label(ctx, moved.start),
                      due=self.date_label(ctx, date.fromisoformat(moved.return_date))),
                [[ctx.button(ctx.t("booking.my_bookings"), "booking:mine"), ctx.menu_button()]])

    # -- waitlist offers (buttons come in a pushed message) -----------------------------------

    async def accept_offer(self, ctx: Context, entry_id: int) -> None:
        content = self.content(ctx)
        entry = await self.repo(ctx).get_waitlist_entry(entry_id)
        if entry is None or entry.user_id != ctx.user.id:
            raise InvalidAction("offer")
        shop = self.shop_of(ctx, entry.shop_id)
        try:
            booking = await self.repo(ctx).accept_offer(entry_id, ctx.user.id,
                                                        booking_policy(content), now=ctx.now,
                                                        new_code=new_code)
        except OfferGone:
            ctx.show_menu(ctx.t("booking.offer_gone"))
            return
        except YearlyLimitReached as exc:
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=exc.limit))
            return
        except SameDayBooking as exc:
            ctx.show_menu(ctx.t("booking.same_day", code=format_code(exc.code)))
            return
        except SlotFull:
            ctx.show_menu(ctx.t("booking.offer_gone"))
            return
        ctx.finish()
        self.say_booked(ctx, booking, shop)

    async def decline_offer(self, ctx: Context, entry_id: int) -> None:
        entry = await self.repo(ctx).get_waitlist_entry(entry_id)
        if entry is None or entry.user_id != ctx.user.id:
            raise InvalidAction("offer")
        await self.repo(ctx).leave_waitlist(entry_id, ctx.user.id,
                                            booking_policy(self.content(ctx)), now=ctx.now)
        ctx.show_menu(ctx.t("booking.offer_declined"))

    # -- staff ----------------------------------------------------------------------------------

    async def admin_day(self, ctx: Context, raw: str) -> None:
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("booking.admin_only"))
            return
        content = self.content(ctx)
        words = raw.split()
        shop_id = words.pop() if words and content.shop(words[-1]) is not None else None
        text = " ".join(words)
        day = (_parse_compact_day(text) or parse_day(text, ctx.now.date())) if text \
            else ctx.now.date()
        if day is None:
            ctx.say(ctx.t("booking.admin_usage"), [[ctx.menu_button()]])
            return
        rows = await day_sheet(self.repo(ctx), content, day, shop_id, locale=ctx.locale)
        lines = [ctx.t("booking.admin_day_header", day=day.isoformat(), count=len(rows))]
        buttons: list[list[Button]] = []
        for row in rows:
            b = row.booking
            lines.append(ctx.t("booking.admin_line", time=row.time, code=format_code(b.code),
                               shop=row.shop_name, items=row.items or "-",
                               status=ctx.t(f"booking.status_{b.status}"),
                               no_shows=row.no_shows))
            buttons.append([
                ctx.button(f"{format_code(b.code)} {ctx.t('booking.status_picked_up')}",
                           f"booking:mark:{b.code}:p"),
                ctx.button(ctx.t("booking.status_returned"), f"booking:mark:{b.code}:r"),
                ctx.button(ctx.t("booking.status_no_show"), f"booking:mark:{b.code}:n"),
            ])
        buttons.append([ctx.menu_button()])
        ctx.say("\n".join(lines), buttons)

    async def admin_mark(self, ctx: Context, args: Sequence[str]) -> None:
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("booking.admin_only"))
            return
        words = args[0].split() if len(args) == 1 else list(args)
        code = normalize_code(words[0]) if words else None
        status = None
        if len(words) >= 2:
            status = MARKS.get(words[1]) or MARK_WORDS.get(words[1].lower())
        if code is None or status is None:
            ctx.say(ctx.t("booking.admin_usage"), [[ctx.menu_button()]])
            return
        try:
            booking = await self.repo(ctx).set_status(code, status, now=ctx.now)
        except BookingNotFound:
            ctx.say(ctx.t("booking.not_found"), [[ctx.menu_button()]])
            return
        except NotChangeable:
            ctx.say(ctx.t("booking.not_changeable"), [[ctx.menu_button()]])
            return
        await ctx.store.audit.record(ctx.now, "staff", "booking_mark", status)
        ctx.say(ctx.t("booking.admin_marked", code=format_code(booking.code),
                      status=ctx.t(f"booking.status_{status}")), [[ctx.menu_button()]])

    # -- /privacy -----------------------------------------------------------------------------

    async def privacy_items(self, ctx: Context) -> list[str]:
        bookings = await self.repo(ctx).for_user(ctx.user.id)
        waiting = await self.repo(ctx).waitlist_for_user(ctx.user.id)
        if not bookings and not waiting:
            return []
        return [ctx.t("booking.privacy_item", bookings=len(bookings), waiting=len(waiting))]
