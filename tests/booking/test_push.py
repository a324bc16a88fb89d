"""Booking reminders and waitlist offers rendered at send time; stale ones are dropped."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from content.booking.codes import new_code
from content.catalogue import Catalogue
from db.bookings import OFFER_KIND, REMINDER_KIND, BookingRequest
from db.store import Store
from handlers.booking.policy import booking_policy
from handlers.booking.push import booking_renderers

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")


async def queued(store: Store, user_id: int) -> list[tuple[str, dict, str]]:
    rows = await store.db.fetchall(
        "SELECT kind, payload, not_before FROM outbox WHERE user_id = ? AND status = 'pending'"
        " ORDER BY not_before", (user_id,))
    return [(r[0], json.loads(r[1]), r[2]) for r in rows]


async def test_reminders_render_in_the_users_language_until_the_booking_changes(
        store: Store, catalogue: Catalogue) -> None:
    policy = booking_policy(catalogue.booking)
    user = await store.users.create_or_reactivate("console", "p1", NOW)
    booking = await store.bookings.book(
        BookingRequest(user.id, "dreamwings", "2026-12-01 10:00", "2026-12-04"), policy,
        now=NOW, new_code=new_code)
    render = booking_renderers(store.bookings, lambda: catalogue)
    rows = await queued(store, user.id)
    assert [p["reminder"] for _, p, _ in rows] == ["day_before", "morning_of", "before_return",
                                                   "return_day"]
    first = await render[REMINDER_KIND](rows[0][1], user, NOW)
    assert first is not None
    assert "내일 12/1(화) 10:00 드림윙즈" in first.texts()[0]
    assert booking.code[:3] in first.texts()[0]
    last = await render[REMINDER_KIND](rows[3][1], user, NOW)
    assert "반납일" in last.texts()[0]

    await store.users.set_locale(user.id, "en")
    english = await render[REMINDER_KIND](rows[0][1], await store.users.get(user.id), NOW)
    assert english.texts()[0].startswith("Tomorrow 12/1(Tue) 10:00")

    await store.bookings.set_status(booking.code, "picked_up", now=NOW)
    assert await render[REMINDER_KIND](rows[0][1], user, NOW) is None  # visit reminder
    assert await render[REMINDER_KIND](rows[2][1], user, NOW) is not None  # return reminder
    await store.bookings.set_status(booking.code, "returned", now=NOW)
    assert await render[REMINDER_KIND](rows[3][1], user, NOW) is None


async def test_malformed_payloads_are_dropped(store: Store, catalogue: Catalogue) -> None:
    user = await store.users.create_or_reactivate("console", "p2", NOW)
    render = booking_renderers(store.bookings, lambda: catalogue)
    for payload in ({}, {"booking_id": "1", "reminder": "day_before"},
                    {"booking_id": 999, "reminder": "day_before"},
                    {"booking_id": 1, "reminder": "party"}):
        assert await render[REMINDER_KIND](payload, user, NOW) is None
    assert await render[OFFER_KIND]({"waitlist_id": 999}, user, NOW) is None
    assert await render[OFFER_KIND]({"waitlist_id": None}, user, NOW) is None


async def test_offer_renders_until_it_expires(store: Store, catalogue: Catalogue) -> None:
    policy = booking_policy(catalogue.booking)
    holders = [await store.users.create_or_reactivate("console", f"h{i}", NOW)
               for i in range(2)]
    waiter = await store.users.create_or_reactivate("console", "w", NOW)
    made = [await store.bookings.book(
        BookingRequest(h.id, "naeil_kkum", "2026-12-01 10:00", "2026-12-04"), policy, now=NOW,
        new_code=new_code) for h in holders]
    entry = await store.bookings.join_waitlist(waiter.id, "naeil_kkum", "2026-12-01 10:00", {},
                                               now=NOW)
    await store.bookings.cancel(made[0].id, holders[0].id, policy, now=NOW)
    (kind, payload, _), = await queued(store, waiter.id)
    assert kind == OFFER_KIND and payload["waitlist_id"] == entry.id
    render = booking_renderers(store.bookings, lambda: catalogue)[OFFER_KIND]
    reply = await render(payload, waiter, NOW)
    assert "12:30까지" in reply.texts()[0]
    assert [b.action for b in reply.buttons()] == [f"booking:offer:{entry.id}",
                                                   f"booking:offer_no:{entry.id}"]
    assert await render(payload, waiter, NOW + timedelta(minutes=31)) is None
    assert await render(payload, holders[1], NOW) is None


async def test_dispatcher_adapter_drops_what_the_renderer_drops(store: Store,
                                                               catalogue: Catalogue) -> None:
    from types import SimpleNamespace

    import handlers.dialog.push as push
    from handlers.booking.push import dispatcher_renderers

    user = await store.users.create_or_reactivate("console", "d1", NOW)
    render = dispatcher_renderers(store.bookings, lambda: catalogue)[REMINDER_KIND]
    row = SimpleNamespace(payload={"booking_id": 12345, "reminder": "day_before"})
    assert isinstance(await render(row, user, NOW), push.Drop)
