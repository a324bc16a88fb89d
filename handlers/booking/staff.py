"""Staff commands for configured admins: ``/bookings [date] [shop]``, ``/bookings pending``,
``/bookings confirm CODE``, ``/bookings decline CODE [reason]`` and ``/mark CODE status``.

Confirming and declining are ``handlers.booking.decisions`` (shared with the CLI and the
web console); this module only reads the command and shows the answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import wraps

from content.booking.codes import format_code, normalize_code
from content.text.dates import parse_day
from db.bookings import AwaitingConfirmation, Booking, BookingNotFound, NotChangeable
from handlers.booking.decisions import Decision, confirm_booking, decline_booking
from handlers.booking.labels import visit_label
from handlers.booking.lookup import booking_content, bookings
from handlers.booking.staff_sheet import day_sheet
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow
from handlers.dialog.types import Button

MARKS = {"p": "picked_up", "r": "returned", "n": "no_show", "b": "booked"}
CONFIRM_WORDS = {"confirm", "확정", "승인"}
DECLINE_WORDS = {"decline", "거절", "반려"}
PENDING_WORDS = {"pending", "대기", "신청"}
MARK_WORDS = {
    "수령": "picked_up", "대여": "picked_up", "picked_up": "picked_up",
    "반납": "returned", "returned": "returned",
    "미방문": "no_show", "노쇼": "no_show", "no_show": "no_show",
    "예약": "booked", "booked": "booked",
}


def _compact_day(raw: str) -> str | None:
    """``20261201`` (a button's form) as ``2026-12-01``."""
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}" if len(raw) == 8 and raw.isdigit() else None


_StaffVerb = Callable[["Staff", Context, Sequence[str]], Awaitable[None]]


def _staff_only(verb: _StaffVerb) -> _StaffVerb:
    """Only configured admins reach ``verb``; anyone else gets the menu and a short no."""

    @wraps(verb)
    async def guarded(self: Staff, ctx: Context, args: Sequence[str]) -> None:
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("booking.admin_only"))
            return
        await verb(self, ctx, args)

    return guarded


class Staff:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    @_staff_only
    async def day(self, ctx: Context, args: Sequence[str]) -> None:
        """``/bookings [date] [shop id]``: the day's bookings with buttons to mark them."""
        content = booking_content(ctx)
        words = (args[0] if args else "").split()
        verb = words[0].lower() if words else ""
        if verb in CONFIRM_WORDS:
            await self.confirm(ctx, [" ".join(words[1:])])  # "K7M 4XP" is one code
            return
        if verb in DECLINE_WORDS:
            await self.decline(ctx, [" ".join(words[1:])])
            return
        if verb in PENDING_WORDS:
            await self.pending(ctx)
            return
        shop_id = words.pop() if words and content.shop(words[-1]) is not None else None
        text = " ".join(words)
        day = parse_day(_compact_day(text) or text, ctx.now.date()) if text else ctx.now.date()
        if day is None:
            ctx.say(ctx.t("booking.admin_usage"), [[ctx.menu_button()]])
            return
        rows = await day_sheet(bookings(ctx), content, day, shop_id, locale=ctx.locale)
        lines = [ctx.t("booking.admin_day_header", day=day.isoformat(), count=len(rows))]
        buttons: list[list[Button]] = []
        for row in rows:
            b = row.booking
            lines.append(ctx.t("booking.admin_line", time=row.time, code=format_code(b.code),
                               shop=row.shop_name, items=row.items or "-",
                               status=ctx.t("booking.status_pending" if b.pending
                                            else f"booking.status_{b.status}"),
                               no_shows=row.no_shows))
            if b.pending:
                buttons.append(self.answer_buttons(ctx, b))
                continue
            buttons.append([
                ctx.button(f"{format_code(b.code)} {ctx.t('booking.status_picked_up')}",
                           self.flow.act("mark", b.code, "p")),
                ctx.button(ctx.t("booking.status_returned"), self.flow.act("mark", b.code, "r")),
                ctx.button(ctx.t("booking.status_no_show"), self.flow.act("mark", b.code, "n")),
            ])
        buttons.append([ctx.menu_button()])
        ctx.say("\n".join(lines), buttons)

    @_staff_only
    async def mark(self, ctx: Context, args: Sequence[str]) -> None:
        """``/mark CODE 반납`` or a ``mark:CODE:r`` button."""
        words = args[0].split() if len(args) == 1 else list(args)
        code = normalize_code(words[0]) if words else None
        status = None
        if len(words) >= 2:
            status = MARKS.get(words[1]) or MARK_WORDS.get(words[1].lower())
        if code is None or status is None:
            ctx.say(ctx.t("booking.admin_usage"), [[ctx.menu_button()]])
            return
        try:
            booking = await bookings(ctx).set_status(code, status, now=ctx.now)
        except AwaitingConfirmation:
            ctx.say(ctx.t("booking.admin_confirm_first", code=format_code(code)),
                    [[ctx.menu_button()]])
            return
        except (BookingNotFound, NotChangeable) as exc:
            key = "not_found" if isinstance(exc, BookingNotFound) else "not_changeable"
            ctx.say(ctx.t(f"booking.{key}"), [[ctx.menu_button()]])
            return
        await ctx.store.audit.record(ctx.now, "staff", "booking_mark", status)
        ctx.say(ctx.t("booking.admin_marked", code=format_code(booking.code),
                      status=ctx.t(f"booking.status_{status}")), [[ctx.menu_button()]])

    # -- requests: confirm or decline (the rules are in handlers.booking.decisions) --

    def answer_buttons(self, ctx: Context, booking: Booking) -> list[Button]:
        code = format_code(booking.code)
        return [
            ctx.button(ctx.t("booking.admin_confirm_button", code=code),
                       self.flow.act("confirm", booking.code)),
            ctx.button(ctx.t("booking.admin_decline_button"),
                       self.flow.act("decline", booking.code)),
        ]

    async def pending(self, ctx: Context) -> None:
        """``/bookings pending``: the requests waiting for an answer, with the two buttons."""
        content = booking_content(ctx)
        requests = await bookings(ctx).pending_requests()
        lines = [ctx.t("booking.admin_pending_header", count=len(requests))]
        rows = []
        for b in requests:
            shop = content.shop(b.shop_id)
            lines.append(ctx.t("booking.admin_pending_line", code=format_code(b.code),
                               shop=ctx.pick(shop.name) if shop else b.shop_id,
                               visit=visit_label(ctx, b.start)))
            rows.append(self.answer_buttons(ctx, b))
        rows.append([ctx.menu_button()])
        ctx.say("\n".join(lines), rows)

    @_staff_only
    async def confirm(self, ctx: Context, args: Sequence[str]) -> None:
        """``/bookings confirm CODE`` or a ``confirm:CODE`` button."""
        code = (args[0] if args else "").strip()
        if not code:
            ctx.say(ctx.t("booking.admin_request_usage"), [[ctx.menu_button()]])
            return
        self.show(ctx, await confirm_booking(ctx.store, booking_content(ctx), code,
                                             now=ctx.now, actor="staff"))

    @_staff_only
    async def decline(self, ctx: Context, args: Sequence[str]) -> None:
        """``/bookings decline CODE [reason]`` or a ``decline:CODE`` button."""
        words = " ".join(args).split()
        if not words:
            ctx.say(ctx.t("booking.admin_request_usage"), [[ctx.menu_button()]])
            return
        self.show(ctx, await decline_booking(ctx.store, booking_content(ctx), words[0],
                                             now=ctx.now, actor="staff",
                                             reason=" ".join(words[1:]) or None))

    def show(self, ctx: Context, decision: Decision) -> None:
        ctx.say(decision.text(ctx.catalogue.strings, ctx.locale), [
            [ctx.button(ctx.t("booking.admin_pending_button"),
                        self.flow.act("admin_day", "pending"))],
            [ctx.menu_button()],
        ])
