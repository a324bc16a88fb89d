"""오늘 예약: a day's suit-rental bookings per lending point and time, marked at the counter.

Marks go through ``BookingRepository.set_status``, the function behind the Telegram
``/mark`` command; a request at a lending point in ``request`` mode is confirmed or
declined through ``handlers.booking.decisions`` (as ``/bookings confirm|decline`` and
``goyang-bot bookings confirm|decline``); the sheet and its CSV are
``handlers.booking.staff_sheet`` (the ``/bookings`` list and ``bookings export``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from itertools import groupby

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.web.console import SECURITY_HEADERS, Console, form_text, render, staff_page
from content.booking.codes import format_code, normalize_code
from content.booking.shops import BookingContent
from content.localized import pick
from content.strings import Strings
from db.bookings import AwaitingConfirmation, Booking, BookingNotFound, NotChangeable
from db.staff import StaffMember
from handlers.booking.decisions import confirm_booking, decline_booking
from handlers.booking.staff_sheet import SheetRow, day_sheet, sheet_csv

# verb -> (button label, the booking statuses it is offered for, the status it sets)
ACTIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "picked_up": ("수령", ("booked", "no_show"), "picked_up"),
    "returned": ("반납", ("picked_up",), "returned"),
    "no_show": ("미방문", ("booked",), "no_show"),
    "booked": ("되돌리기", ("picked_up", "returned", "no_show"), "booked"),
}
REQUEST_ACTIONS = {"confirm": "확정", "decline": "거절"}  # for a pending request only


def offered(booking: Booking) -> list[tuple[str, str]]:
    """The buttons a row shows: confirm/decline for a pending request, else the marks."""
    if booking.pending:
        return list(REQUEST_ACTIONS.items())
    return [(verb, label) for verb, (label, when, _) in ACTIONS.items() if booking.status in when]


def status_label(strings: Strings, booking: Booking) -> str:
    """The status as the bot's own booking lists word it (``booking.status_*``)."""
    return strings.get(f"booking.status_{'pending' if booking.pending else booking.status}",
                       "ko")


def _content(console: Console) -> BookingContent | None:
    content = console.runtime.engine.catalogue.booking
    return content if isinstance(content, BookingContent) else None


def _day(raw: str, today: date) -> date | None:
    if not raw:
        return today
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _shop(raw: str, content: BookingContent) -> str | None:
    return raw if raw and content.shop(raw) is not None else None


def _groups(rows: Sequence[SheetRow]) -> list[tuple[str, list[tuple[str, list[SheetRow]]]]]:
    """Rows per lending point, then per time."""
    ordered = sorted(rows, key=lambda r: (r.shop_name, r.booking.slot_start))
    out = []
    for shop, shop_rows in groupby(ordered, key=lambda r: r.shop_name):
        times = [(time, list(items)) for time, items in groupby(shop_rows, key=lambda r: r.time)]
        out.append((shop, times))
    return out


async def _page(
    request: Request,
    console: Console,
    staff: StaffMember,
    day_text: str,
    shop_text: str,
    *,
    status: int = 200,
    notice: str = "",
    error: str = "",
) -> Response:
    content = _content(console)
    if content is None:
        return render(request, "today.html", console, staff=staff, page="today",
                      error="예약 콘텐츠(shops.yaml)가 없어요.", groups=[], shops=[],
                      day="", shop="", waiting=[])
    today = console.now().date()
    day = _day(day_text, today)
    if day is None:
        error = f"'{day_text[:20]}'은(는) 날짜가 아니에요. 2026-12-01처럼 적어 주세요."
        status, day = 400, today
    shop_id = _shop(shop_text, content)
    rows = await day_sheet(console.store.bookings, content, day, shop_id)
    waiting = await console.store.staff_views.waitlist_for_day(day)
    shops = [(sid, pick(s.name, "ko")) for sid, s in sorted(content.shops.items())]
    names = dict(shops)
    return render(
        request, "today.html", console, status=status, staff=staff, page="today",
        notice=notice, error=error, day=day.isoformat(), shop=shop_id or "", shops=shops,
        groups=_groups(rows), count=len(rows), offered=offered,
        status_label=partial(status_label, console.runtime.engine.catalogue.strings),
        format_code=format_code,
        waiting=[(names.get(w.shop_id, w.shop_id), w.slot_start[11:], w.status, w.count)
                 for w in waiting if shop_id in (None, w.shop_id)],
    )


async def today(request: Request, console: Console, staff: StaffMember,
                form: FormData | None) -> Response:
    q = request.query_params
    return await _page(request, console, staff, q.get("date", "")[:20], q.get("shop", "")[:40])


async def mark(request: Request, console: Console, staff: StaffMember,
               form: FormData | None) -> Response:
    assert form is not None
    day_text, shop_text = form_text(form, "date", 20), form_text(form, "shop", 40)
    code = normalize_code(form_text(form, "code", 20))
    verb = form_text(form, "action", 20)
    if code is None or verb not in (*ACTIONS, *REQUEST_ACTIONS):
        return await _page(request, console, staff, day_text, shop_text, status=400,
                           error="예약 번호나 처리 방법을 알 수 없어요.")
    if verb in REQUEST_ACTIONS:
        return await _answer_request(request, console, staff, form, code, verb)
    try:
        booking = await console.store.bookings.set_status(code, ACTIONS[verb][2],
                                                          now=console.now())
    except BookingNotFound:
        return await _page(request, console, staff, day_text, shop_text, status=404,
                           error=f"예약 {format_code(code)}을(를) 찾을 수 없어요.")
    except NotChangeable:
        return await _page(request, console, staff, day_text, shop_text, status=409,
                           error=f"예약 {format_code(code)}은(는) 취소되어 바꿀 수 없어요.")
    except AwaitingConfirmation:
        return await _page(request, console, staff, day_text, shop_text, status=409,
                           error=f"{format_code(code)}: 확정 전인 신청이에요. 먼저 확정하세요.")
    await console.audit(staff, "booking_mark", f"{format_code(code)} {booking.status}")
    label = status_label(console.runtime.engine.catalogue.strings, booking)
    notice = f"{format_code(code)}: {label}(으)로 바꿨어요."
    return await _page(request, console, staff, day_text, shop_text, notice=notice)


async def _answer_request(request: Request, console: Console, staff: StaffMember,
                          form: FormData, code: str, verb: str) -> Response:
    """Confirm or decline a request through the one function every channel uses."""
    content = _content(console)
    day_text, shop_text = form_text(form, "date", 20), form_text(form, "shop", 40)
    if content is None:
        return await _page(request, console, staff, day_text, shop_text, status=409)
    actor, now = f"staff:{staff.name}", console.now()
    if verb == "confirm":
        decision = await confirm_booking(console.store, content, code, now=now, actor=actor)
    else:
        decision = await decline_booking(console.store, content, code, now=now, actor=actor,
                                         reason=form_text(form, "reason", 300))
    text = decision.text(console.runtime.engine.catalogue.strings)
    if decision.ok:
        return await _page(request, console, staff, day_text, shop_text, notice=text)
    return await _page(request, console, staff, day_text, shop_text, status=409, error=text)


async def export(request: Request, console: Console, staff: StaffMember,
                 form: FormData | None) -> Response:
    content = _content(console)
    day = _day(request.query_params.get("date", "")[:20], console.now().date())
    if content is None or day is None:
        return await _page(request, console, staff, request.query_params.get("date", "")[:20],
                           "", status=400, error="내보낼 날짜를 알 수 없어요.")
    shop_id = _shop(request.query_params.get("shop", "")[:40], content)
    rows = await day_sheet(console.store.bookings, content, day, shop_id)
    await console.audit(staff, "bookings_export",
                        f"{day.isoformat()} {shop_id or 'all'} {len(rows)} rows")
    name = f"bookings-{day.isoformat()}{'-' + shop_id if shop_id else ''}.csv"
    return Response(
        ("\ufeff" + sheet_csv(rows)).encode("utf-8"),  # BOM: Excel opens Korean correctly
        media_type="text/csv; charset=utf-8",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'},
    )


def today_routes(console: Console) -> list[BaseRoute]:
    return [
        Route("/", staff_page(console, today), methods=["GET"]),
        Route("/bookings/mark", staff_page(console, mark), methods=["POST"]),
        Route("/bookings.csv", staff_page(console, export), methods=["GET"]),
    ]
