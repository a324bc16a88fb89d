"""``goyang-bot bookings``: staff tasks for suit-rental bookings.

goyang-bot bookings export --date 2026-12-01 [--shop naeil_kkum] [--out day.csv]
    the day's bookings as CSV (stdout by default)
goyang-bot bookings offers
    expire waitlist offers past their deadline and requests nobody answered by the cut-off,
    and offer freed seats to the next in line (the bot does this every pass; safe by hand)
goyang-bot bookings pending
    the requests (lending points in 'request' mode) waiting for a confirm or decline
goyang-bot bookings confirm CODE
goyang-bot bookings decline CODE [reason ...]
    answer a request; the user is told through the outbox (handlers/booking/decisions.py)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from bot.commands import action, command_group, with_store
from bot.settings import Settings
from content.booking.shops import BookingContent
from content.catalogue import load_catalogue
from content.text.clock import SEOUL
from db.store import Store
from handlers.booking.decisions import Decision, confirm_booking, decline_booking
from handlers.booking.policy import booking_policy
from handlers.booking.staff_sheet import day_sheet, pending_lines, sheet_csv


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = command_group(sub, "bookings", "suit-rental bookings: export a day, run offers")
    export = action(actions, "export", "write one day's bookings as CSV", export_day)
    export.add_argument("--date", required=True, help="the day, YYYY-MM-DD (Asia/Seoul)")
    export.add_argument("--shop", default=None, help="only this shop id (see shops.yaml)")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: stdout)")
    action(actions, "offers", "expire stale waitlist offers, make new ones", run_offers)
    action(actions, "pending", "requests waiting for confirm or decline", list_pending)
    confirm = action(actions, "confirm", "confirm a request (the user is told)", answer_request)
    confirm.add_argument("code", help="the booking code, e.g. K7M-4XP")
    confirm.set_defaults(answer="confirm")
    decline = action(actions, "decline", "decline a request, frees the seat", answer_request)
    decline.add_argument("code", help="the booking code, e.g. K7M-4XP")
    decline.add_argument("reason", nargs="*", help="shown to the user (optional)")
    decline.set_defaults(answer="decline")


def _booking_content(settings: Settings) -> BookingContent:
    content = load_catalogue(settings.content_dir).booking
    if not isinstance(content, BookingContent):
        raise RuntimeError("the catalogue has no booking content")
    return content


def export_day(args: argparse.Namespace, settings: Settings) -> int:
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        print(f"--date: '{args.date}' is not a date like 2026-12-01", file=sys.stderr)
        return 2
    content = _booking_content(settings)
    if args.shop is not None and content.shop(args.shop) is None:
        known = ", ".join(sorted(content.shops))
        print(f"--shop: unknown shop '{args.shop}' (known: {known})", file=sys.stderr)
        return 2

    async def run(store: Store) -> str:
        rows = await day_sheet(store.bookings, content, day, args.shop)
        await store.audit.record(datetime.now(SEOUL), "cli", "bookings_export",
                                 f"{day.isoformat()} {args.shop or 'all'} {len(rows)} rows")
        return sheet_csv(rows)

    text = with_store(settings, run)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8-sig")  # BOM: Excel opens Korean correctly
        print(f"wrote {text.count(chr(10)) - 1} booking(s) to {args.out}")
    return 0


def run_offers(args: argparse.Namespace, settings: Settings) -> int:
    content = _booking_content(settings)

    async def run(store: Store) -> int:
        return await store.bookings.expire_offers(booking_policy(content),
                                                  now=datetime.now(SEOUL))

    made = with_store(settings, run)
    print(f"ok: {made} new offer(s)")
    return 0


def answer_request(args: argparse.Namespace, settings: Settings) -> int:
    """``confirm CODE`` / ``decline CODE [reason]``: 0 when done, 1 when refused (unknown
    code, not a pending request) with the reason printed."""
    catalogue = load_catalogue(settings.content_dir)
    content = catalogue.booking
    if not isinstance(content, BookingContent):
        raise RuntimeError("the catalogue has no booking content")

    async def run(store: Store) -> Decision:
        now = datetime.now(SEOUL)
        if args.answer == "confirm":
            return await confirm_booking(store, content, args.code, now=now, actor="cli")
        return await decline_booking(store, content, args.code, now=now, actor="cli",
                                     reason=" ".join(args.reason) or None)

    decision = with_store(settings, run)
    print(decision.text(catalogue.strings, "ko"), file=sys.stdout if decision.ok else sys.stderr)
    return 0 if decision.ok else 1


def list_pending(args: argparse.Namespace, settings: Settings) -> int:
    content = _booking_content(settings)

    async def run(store: Store) -> list[str]:
        return pending_lines(content, await store.bookings.pending_requests())

    lines = with_store(settings, run)
    print("\n".join(lines) if lines else "no requests awaiting confirmation")
    return 0
