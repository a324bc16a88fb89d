"""Retention: what is kept about silent users goes; bookings keep what staff need."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from content.text.clock import SEOUL
from db.store import Store
from tests.conftest import ChatDriver

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)


async def _user(store: Store, key: str, days_ago: int) -> int:
    """A user last seen ``days_ago`` days before NOW, with profile facts, consent, an alert
    subscription and an unfinished conversation."""
    seen = NOW - timedelta(days=days_ago)
    user = await store.users.create_or_reactivate("telegram", key, seen)
    async with store.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO profile_consent (user_id, granted, wording, decided_at)"
            " VALUES (?, 1, 'v1', ?)", (user.id, seen.isoformat()),
        )
        await tx.execute(
            "INSERT INTO profile_facts (user_id, fact, value, answered_at)"
            " VALUES (?, 'birth_date', '\"1999-03-02\"', ?)", (user.id, seen.isoformat()),
        )
        await tx.execute(
            "INSERT INTO job_subscriptions (user_id, created_at, updated_at) VALUES (?, ?, ?)",
            (user.id, seen.isoformat(), seen.isoformat()),
        )
        await tx.execute(
            "INSERT INTO conversations (user_id, flow, step, updated_at)"
            " VALUES (?, 'jobs', 'keywords', ?)", (user.id, seen.isoformat()),
        )
    return user.id


async def _booking(store: Store, user_id: int, day: str, status: str, code: str) -> None:
    await store.db.execute(
        "INSERT INTO bookings (code, user_id, shop_id, slot_start, day, rental_year,"
        " return_date, interview_date, company, basis, status, created_at, updated_at)"
        " VALUES (?, ?, 'shop', ?, ?, ?, ?, ?, '고양상사', 'live', ?, ?, ?)",
        (code, user_id, f"{day} 10:00", day, int(day[:4]), day, day, status, day, day),
    )


async def _rows_about(store: Store, user_id: int) -> dict[str, int]:
    counts = {}
    for table in await store.user_tables():
        sql = f'SELECT COUNT(*) FROM "{table}" WHERE user_id = ?'
        row = await store.db.fetchone(sql, (user_id,))
        counts[table] = int(row[0]) if row else 0
    row = await store.db.fetchone("SELECT COUNT(*) FROM users WHERE id = ?", (user_id,))
    counts["users"] = int(row[0]) if row else 0
    return {t: n for t, n in counts.items() if n}


async def test_user_silent_366_days_is_purged_and_one_seen_yesterday_is_kept(
    store: Store,
) -> None:
    gone = await _user(store, "old", 366)
    kept = await _user(store, "recent", 1)
    before = await _rows_about(store, kept)
    report = await store.apply_retention(NOW, 365)
    assert await _rows_about(store, gone) == {}
    assert await _rows_about(store, kept) == before
    assert before.keys() >= {"users", "profile_facts", "job_subscriptions", "conversations"}
    assert (report.users_silent, report.users_deleted) == (1, 1)


async def test_user_silent_exactly_the_period_is_kept(store: Store) -> None:
    kept = await _user(store, "edge", 365)
    await store.apply_retention(NOW, 365)
    assert "profile_facts" in await _rows_about(store, kept)


async def test_dry_run_counts_and_changes_nothing(store: Store) -> None:
    gone = await _user(store, "old", 400)
    await _booking(store, gone, "2025-03-10", "returned", "B1")
    before = await _rows_about(store, gone)
    report = await store.apply_retention(NOW, 365, dry_run=True)
    assert await _rows_about(store, gone) == before
    row = await store.db.fetchone("SELECT company FROM bookings WHERE code = 'B1'")
    assert row is not None and row[0] == "고양상사"
    assert (report.users_silent, report.users_anonymised, report.bookings_anonymised) == (1, 1, 1)
    assert report.rows_deleted["profile_facts"] == 1
    assert "would delete" in report.summary()


async def test_finished_booking_is_anonymised_but_stays_countable(store: Store) -> None:
    user = await _user(store, "renter", 2)
    await _booking(store, user, "2026-11-20", "returned", "B1")
    await _booking(store, user, "2026-12-09", "booked", "B2")
    report = await store.apply_retention(NOW, 365)
    rows = await store.db.fetchall(
        "SELECT code, company, interview_date, rental_year, user_id FROM bookings ORDER BY code"
    )
    assert [tuple(r) for r in rows] == [
        ("B1", None, None, 2026, user),
        ("B2", "고양상사", "2026-12-09", 2026, user),  # rental not over: untouched
    ]
    assert report.bookings_anonymised == 1


async def test_silent_user_with_a_booking_this_year_keeps_a_bare_row_for_the_yearly_limit(
    store: Store,
) -> None:
    now = datetime(2027, 11, 1, 9, 0, tzinfo=SEOUL)
    user = await _user(store, "renter", 0)  # seen 2026-12-01, silent 335 days by `now`
    await _booking(store, user, "2027-01-05", "returned", "B1")
    report = await store.apply_retention(now, 300)
    assert report.users_kept_for_bookings == 1
    assert await _rows_about(store, user) == {"users": 1, "bookings": 1}
    row = await store.db.fetchone("SELECT channel_user_id, locale FROM users WHERE id = ?", (user,))
    assert row is not None and tuple(row) == ("renter", None)
    # The next year nothing needs the link any more: the chat id goes.
    await store.apply_retention(datetime(2028, 1, 2, 9, 0, tzinfo=SEOUL), 300)
    row = await store.db.fetchone("SELECT channel_user_id, active FROM users WHERE id = ?", (user,))
    assert row is not None and tuple(row) == (f"purged:{user}", 0)
    assert await store.users.find("telegram", "renter") is None


async def test_a_turn_marks_the_user_seen_once_a_day(chat: ChatDriver, store: Store) -> None:
    await chat.command("start")
    user = await store.users.find("console", "u1")
    assert user is not None and user.last_seen == datetime.now(SEOUL).date().isoformat()
    await store.db.execute("UPDATE users SET last_seen = '2020-01-01' WHERE id = ?", (user.id,))
    await chat.command("menu")
    again = await store.users.get(user.id)
    assert again is not None and again.last_seen == datetime.now(SEOUL).date().isoformat()


async def test_privacy_tells_the_retention_period(chat: ChatDriver) -> None:
    await chat.command("privacy")
    assert "365일 동안 대화가 없으면" in chat.text()


@pytest.mark.parametrize("bad", ["0", "29", "abc", "4000"])
def test_retention_days_setting_refuses_bad_values(bad: str) -> None:
    from bot.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="GOYANG_BOT_RETENTION_DAYS"):
        load_settings(GOYANG_BOT_RETENTION_DAYS=bad)
