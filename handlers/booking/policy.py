"""Join the booking content (rules, shops, calendar) to the booking store.

``booking_policy`` turns ``shops.yaml`` into the ``BookingPolicy`` the repository enforces and
``cancel_deadline`` says until when a booking can still change. Flow code, staff commands and
push renderers share these so every path applies the same rules.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from content.booking.calendar import offer_deadline, reminder_times
from content.booking.shops import BookingContent
from content.text.clock import SEOUL
from db.bookings import Booking, BookingPolicy, Reminder, WaitlistEntry


def booking_policy(content: BookingContent) -> BookingPolicy:
    rules = content.rules

    def seats(shop_id: str) -> int:
        shop = content.shop(shop_id)
        return shop.seats_per_slot if shop is not None and shop.bookable else 0

    def needs_confirmation(shop_id: str) -> bool:
        shop = content.shop(shop_id)
        return shop is not None and shop.needs_confirmation

    def reminders(booking: Booking, now: datetime) -> list[Reminder]:
        due = date.fromisoformat(booking.return_date)
        return [
            Reminder(kind, when, {"booking_id": booking.id})
            for kind, when in reminder_times(rules, booking.start, due, now)
        ]

    def offer_payload(entry: WaitlistEntry, expires: datetime) -> dict[str, str]:
        return {"slot_start": entry.slot_start, "shop_id": entry.shop_id,
                "expires_at": expires.astimezone(SEOUL).isoformat(timespec="seconds")}

    return BookingPolicy(
        seats=seats,
        yearly_limit=rules.yearly_limit,
        cancel_cutoff=timedelta(hours=rules.cancel_cutoff_hours),
        offer_deadline=lambda now: offer_deadline(rules, now),
        reminders=reminders,
        offer_payload=offer_payload,
        needs_confirmation=needs_confirmation,
        push_after=lambda now: rules.quiet.next_allowed(now.astimezone(SEOUL)),
    )


def cancel_deadline(content: BookingContent, booking: Booking) -> datetime:
    return booking.start - timedelta(hours=content.rules.cancel_cutoff_hours)
