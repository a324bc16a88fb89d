"""What staff see of suit bookings: the day's sheet per shop, as chat lines or as CSV.

The sheet holds what the shop needs at the counter (time, code, items and sizes, interview
date, the basis of eligibility to check on the ID, status, the user's no-show count) and
nothing else: no names, no channel ids.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from content.booking.codes import format_code
from content.booking.shops import BookingContent
from content.localized import pick
from db.bookings import Booking, BookingRepository

CSV_COLUMNS = (
    "date", "time", "shop", "code", "items", "interview_date", "company", "basis",
    "return_date", "status", "no_shows", "confirmation",
)


@dataclass(frozen=True, slots=True)
class SheetRow:
    booking: Booking
    shop_name: str
    items: str
    no_shows: int

    @property
    def time(self) -> str:
        return self.booking.slot_start[11:]


def items_text(content: BookingContent, booking: Booking, locale: str) -> str:
    parts = []
    for entry in booking.items:
        item = content.rules.item(str(entry.get("item", "")))
        name = pick(item.name, locale) if item else str(entry.get("item", "?"))
        size = str(entry.get("size") or "-")
        parts.append(name if size == "-" else f"{name} {size}")
    return ", ".join(parts)


async def day_sheet(repo: BookingRepository, content: BookingContent, day: date,
                    shop_id: str | None = None, locale: str = "ko") -> list[SheetRow]:
    rows = await repo.for_day(day.isoformat(), shop_id)
    out = []
    for booking, no_shows in rows:
        shop = content.shop(booking.shop_id)
        name = pick(shop.name, locale) if shop else booking.shop_id
        out.append(SheetRow(booking, name, items_text(content, booking, locale), no_shows))
    return out


def pending_lines(content: BookingContent, requests: list[Booking],
                  locale: str = "ko") -> list[str]:
    """One line per request awaiting an answer: visit, code, shop, items (for the CLI)."""
    lines = []
    for b in requests:
        shop = content.shop(b.shop_id)
        name = pick(shop.name, locale) if shop else b.shop_id
        lines.append(f"{b.slot_start} {format_code(b.code)} {name}"
                     f" {items_text(content, b, locale) or '-'}")
    return lines


def sheet_csv(rows: list[SheetRow]) -> str:
    """CSV (UTF-8, header row) that opens cleanly in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        b = row.booking
        writer.writerow([
            b.day, row.time, row.shop_name, format_code(b.code), row.items, b.interview_date or "",
            _defuse(b.company or ""), b.basis or "", b.return_date, b.status, row.no_shows,
            b.confirmation,
        ])
    return buffer.getvalue()


def _defuse(text: str) -> str:
    """Stop a spreadsheet from running a user's text as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
