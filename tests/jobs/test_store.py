"""Postings upsert, subscriptions, import → outbox in one transaction, digests, /forget."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.jobs.ingest import build_due_digests, import_postings
from content.jobs.postings import ParseResult, parse_work24_xml
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    PostingRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.outbox import OutboxDispatch
from db.users import UserRepository
from tests.jobs.support import DATA, posting, seoul

NOW = seoul(2026, 11, 28, 10, 0)


async def subscribe(db, key, now=NOW, **kw):
    user = await UserRepository(db).touch("telegram", key, now)
    sub = await SubscriptionRepository(db).create(user.id, SubscriptionFields(**kw), now=now)
    return user, sub


async def outbox_rows(db):
    rows = await db.fetchall("SELECT user_id, kind, dedupe_key, not_before, status FROM outbox"
                             " ORDER BY id")
    return [tuple(r) for r in rows]


async def test_import_inserts_then_reimport_changes_and_queues_nothing(db):
    await subscribe(db, "u1", keywords=("바리스타",))
    parsed = parse_work24_xml((DATA / "work24_list.xml").read_bytes())
    first = await import_postings(db, parsed, NOW)
    assert (first.inserted, first.updated, first.skipped, len(first.bad)) == (2, 0, 0, 2)
    assert first.alerts_queued == 1
    before = await outbox_rows(db)
    again = await import_postings(db, parsed, NOW)
    assert (again.inserted, again.updated, again.skipped, again.alerts_queued) == (0, 0, 2, 0)
    assert await outbox_rows(db) == before


async def test_a_changed_posting_is_updated_not_realerted(db):
    await subscribe(db, "u1", keywords=("바리스타",))
    await import_postings(db, ParseResult([posting("K1")]), NOW)
    changed = ParseResult([posting("K1", title="카페 바리스타 모집 (급여 인상)")])
    report = await import_postings(db, changed, NOW)
    assert (report.inserted, report.updated, report.alerts_queued) == (0, 1, 0)
    stored = await PostingRepository(db).get_many([1])
    assert stored[0].values["title"].endswith("(급여 인상)")
    assert len(await outbox_rows(db)) == 1


async def test_one_alert_per_user_even_when_several_subscriptions_match(db):
    user, _ = await subscribe(db, "u1", keywords=("바리스타",))
    fields = SubscriptionFields(
        keywords=("카페",),
        frequency="instant",
    )
    await SubscriptionRepository(db).create(user.id, fields, now=NOW)
    report = await import_postings(db, ParseResult([posting("K1")]), NOW)
    assert report.alerts_queued == 1


async def test_paused_subscriptions_inactive_users_and_closed_postings_get_nothing(db):
    user, sub = await subscribe(db, "paused", keywords=("바리스타",))
    await SubscriptionRepository(db).set_active(sub.id, user.id, False, NOW)
    blocked, _ = await subscribe(db, "blocked")
    await UserRepository(db).set_active(blocked.id, False)
    await subscribe(db, "open")
    closed = posting("K2", closes_on=date(2026, 11, 27))
    report = await import_postings(db, ParseResult([posting("K1"), closed]), NOW)
    assert report.alerts_queued == 1
    assert [r[2] for r in await outbox_rows(db)] == ["job:1"]


async def test_alerts_found_in_quiet_hours_wait_for_the_morning(db):
    await subscribe(db, "u1")
    late = seoul(2026, 11, 28, 23, 30)
    await import_postings(db, ParseResult([posting("K1")]), late)
    [(_, _, _, not_before, _)] = await outbox_rows(db)
    assert not_before == "2026-11-29T08:00:00+09:00"


async def test_import_and_its_alerts_roll_back_together(db, monkeypatch):
    await subscribe(db, "u1")

    async def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("db.outbox.OutboxRepository.enqueue_many", explode)
    with pytest.raises(RuntimeError):
        await import_postings(db, ParseResult([posting("K1")]), NOW)
    assert await PostingRepository(db).count() == 0
    assert await outbox_rows(db) == []


async def test_daily_subscribers_get_one_digest_at_their_time(db):
    user, _ = await subscribe(db, "u1", frequency="daily")
    await AlertSettingsRepository(db).save(AlertSettings(user.id, digest_time="18:00"), NOW)
    report = await import_postings(
        db, ParseResult([posting(f"K{i}") for i in range(12)]), NOW
    )
    assert (report.alerts_queued, report.digest_items_queued) == (0, 12)
    assert await build_due_digests(db, seoul(2026, 11, 28, 17, 59)) == 0
    assert await build_due_digests(db, seoul(2026, 11, 28, 18, 0)) == 1
    assert await build_due_digests(db, seoul(2026, 11, 28, 18, 5)) == 0
    [(uid, kind, key, _, _)] = await outbox_rows(db)
    assert (uid, kind, key) == (user.id, "job_digest", "digest:2026-11-28")
    # a posting arriving after today's digest waits for tomorrow's
    await import_postings(db, ParseResult([posting("K99")]), seoul(2026, 11, 28, 19, 0))
    assert await build_due_digests(db, seoul(2026, 11, 28, 20, 0)) == 0
    assert await build_due_digests(db, seoul(2026, 11, 29, 18, 0)) == 1


async def test_a_digest_of_only_closed_postings_is_never_queued(db):
    await subscribe(db, "u1", frequency="daily")
    await import_postings(db, ParseResult([posting("K1", closes_on=date(2026, 11, 28))]), NOW)
    assert await build_due_digests(db, seoul(2026, 11, 29, 9, 0)) == 0
    assert await outbox_rows(db) == []


async def test_digest_time_inside_quiet_hours_is_held_to_the_morning(db):
    user, _ = await subscribe(db, "u1", frequency="daily")
    await AlertSettingsRepository(db).save(AlertSettings(user.id, digest_time="22:00"), NOW)
    await import_postings(db, ParseResult([posting("K1")]), NOW)
    assert await build_due_digests(db, seoul(2026, 11, 28, 22, 0)) == 1
    [(_, _, _, not_before, _)] = await outbox_rows(db)
    assert not_before == "2026-11-29T08:00:00+09:00"


async def test_forget_deletes_subscriptions_settings_digest_items_and_pushes(db):
    user, _ = await subscribe(db, "u1", frequency="daily")
    await AlertSettingsRepository(db).save(AlertSettings(user.id), NOW)
    await import_postings(db, ParseResult([posting("K1")]), NOW)
    await UserRepository(db).delete(user.id)
    for table in ("job_subscriptions", "job_alert_settings", "job_digest_items", "outbox"):
        row = await db.fetchone(f"SELECT COUNT(*) FROM {table}")
        assert row[0] == 0, table
    assert await PostingRepository(db).count() == 1  # postings are public data, kept


async def test_subscription_edit_pause_delete_only_for_the_owner(db):
    user, sub = await subscribe(db, "u1", keywords=("카페",))
    other, _ = await subscribe(db, "u2")
    repo = SubscriptionRepository(db)
    assert not await repo.delete(sub.id, other.id)
    assert await repo.update(sub.id, user.id, SubscriptionFields(
        keywords=("바리스타",), districts=("덕양구",), emp_type="regular", career="new",
        frequency="daily"), now=NOW)
    edited = await repo.get(sub.id)
    assert replace(edited, id=0) == replace(edited, id=0, keywords=("바리스타",))
    assert edited.districts == ("덕양구",) and edited.frequency == "daily"
    assert await repo.set_active(sub.id, user.id, False, NOW)
    assert not (await repo.get(sub.id)).active
    assert await repo.delete(sub.id, user.id)
    assert await repo.for_user(user.id) == []


async def test_outbox_counts_by_status(db):
    await subscribe(db, "u1")
    await import_postings(db, ParseResult([posting("K1"), posting("K2")]), NOW)
    counts = await OutboxDispatch(db).status_counts("job")
    assert counts["pending"] == 2 and counts["sent"] == 0
