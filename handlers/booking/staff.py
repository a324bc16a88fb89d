"""Staff commands for configured admins: ``/bookings [date] [shop]`` and ``/mark CODE status``."""

from __future__ import annotations

from collections.abc import Sequence

from content.booking.codes import format_code, normalize_code
from content.text.dates import parse_day
from db.bookings import BookingNotFound, NotChangeable
from handlers.booking.lookup import booking_content, bookings
from handlers.booking.staff_sheet import day_sheet
from handlers.booking.state import BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow
from handlers.dialog.types import Button

MARKS = {"p": "picked_up", "r": "returned", "n": "no_show", "b": "booked"}
MARK_WORDS = {
    "수령": "picked_up", "대여": "picked_up", "picked_up": "picked_up",
    "반납": "returned", "returned": "returned",
    "미방문": "no_show", "노쇼": "no_show", "no_show": "no_show",
    "예약": "booked", "booked": "booked",
}


def _compact_day(raw: str) -> str | None:
    """``20261201`` (a button's form) as ``2026-12-01``."""
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}" if len(raw) == 8 and raw.isdigit() else None


class Staff:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    async def day(self, ctx: Context, args: Sequence[str]) -> None:
        """``/bookings [date] [shop id]``: the day's bookings with buttons to mark them."""
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("booking.admin_only"))
            return
        content = booking_content(ctx)
        words = (args[0] if args else "").split()
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
                               status=ctx.t(f"booking.status_{b.status}"),
                               no_shows=row.no_shows))
            buttons.append([
                ctx.button(f"{format_code(b.code)} {ctx.t('booking.status_picked_up')}",
                           self.flow.act("mark", b.code, "p")),
                ctx.button(ctx.t("booking.status_returned"), self.flow.act("mark", b.code, "r")),
                ctx.button(ctx.t("booking.status_no_show"), self.flow.act("mark", b.code, "n")),
            ])
        buttons.append([ctx.menu_button()])
        ctx.say("\n".join(lines), buttons)

    async def mark(self, ctx: Context, args: Sequence[str]) -> None:
        """``/mark CODE 반납`` or a ``mark:CODE:r`` button."""
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
            booking = await bookings(ctx).set_status(code, status, now=ctx.now)
        except (BookingNotFound, NotChangeable) as exc:
            key = "not_found" if isinstance(exc, BookingNotFound) else "not_changeable"
            ctx.say(ctx.t(f"booking.{key}"), [[ctx.menu_button()]])
            return
        await ctx.store.audit.record(ctx.now, "staff", "booking_mark", status)
        ctx.say(ctx.t("booking.admin_marked", code=format_code(booking.code),
                      status=ctx.t(f"booking.status_{status}")), [[ctx.menu_button()]])
