"""The push dispatcher against a scripted fake sender and a fake clock (no real waiting)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from datetime import date, timedelta

import pytest

from bot.jobs.ingest import build_due_digests, import_postings
from bot.push.dispatcher import Dispatcher, SendResult, SendStatus
from content.jobs.postings import ParseResult
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.outbox import OutboxDispatch
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers
from tests.fakes.clock import FakeClock
from tests.jobs.support import ScriptedSender, job_catalogue, posting, seoul

NOON = seoul(2026, 11, 28, 12, 0)


async def subscribers(db, count, *, frequency="instant", keywords=()):
    users = []
    for i in range(count):
        user = await UserRepository(db).touch("telegram", f"chat{i}", NOON)
        fields = SubscriptionFields(
            keywords=keywords,
            frequency=frequency,
        )
        await SubscriptionRepository(db).create(user.id, fields, now=NOON)
        users.append(user)
    return users


def dispatcher(db, clock, sender, **kw):
    return Dispatcher(
        db, {"telegram": sender}, job_renderers(Store(db), job_catalogue), clock=clock, **kw
    )


async def statuses(db):
    return await OutboxDispatch(db).status_counts()


async def test_each_due_alert_is_sent_once_and_marked_sent(db):
    await subscribers(db, 3)
    await import_postings(db, ParseResult([posting("K1"), posting("K2")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)
    stats = await dispatcher(db, clock, sender).run_once()
    assert stats.sent == 6
    assert Counter(d[0] for d in sender.delivered) == {"chat0": 2, "chat1": 2, "chat2": 2}
    assert (await statuses(db))["sent"] == 6
    again = await dispatcher(db, clock, sender).run_once()
    assert again.sent == 0 and len(sender.delivered) == 6


async def test_alert_text_has_posting_facts_and_a_stop_button(db):
    await subscribers(db, 1)
    await import_postings(
        db, ParseResult([posting("K1", closes_on=date(2026, 12, 1), pay="230만원")]), NOON
    )
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)
    await dispatcher(db, clock, sender).run_once()
    [reply] = sender.messages
    text = reply.texts()[0]
    assert "카페 바리스타 모집" in text and "(주)고양커피" in text
    assert "D-3" in text and "230만원" in text
    labels = {b.label: b for b in reply.buttons()}
    assert labels["이 알림 그만 받기"].action == "jobs:stop:1"
    assert labels["고용24에서 보기"].url == "https://www.work24.go.kr/x"


async def test_sends_are_spaced_overall_and_per_chat(db):
    await subscribers(db, 40)
    await import_postings(db, ParseResult([posting("K1"), posting("K2")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)
    await dispatcher(db, clock, sender, rate=29.5).run_once()
    times = sorted(t for _, _, t in sender.delivered)
    assert len(times) == 80
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 1 / 29.5 - 1e-9
    # never more than 30 in any rolling second
    assert max(sum(1 for t in times if s <= t < s + 1) for s in times) <= 30
    per_chat: dict[str, list[float]] = {}
    for chat, _, t in sender.delivered:
        per_chat.setdefault(chat, []).append(t)
    for chat_times in per_chat.values():
        assert chat_times[1] - chat_times[0] >= 1.0


async def test_429_pauses_sending_and_the_row_is_retried_after_retry_after(db):
    await subscribers(db, 2)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock, script={
        "chat0": [SendResult(SendStatus.RATE_LIMITED, retry_after=7)],
    })
    stats = await dispatcher(db, clock, sender, linger=10).run_once()
    assert stats.rate_limited == 1 and stats.sent == 2
    assert sorted(d[0] for d in sender.delivered) == ["chat0", "chat1"]
    # after the 429 at t0 nothing went out for 7 s
    assert all(t - 1000.0 >= 7 for _, _, t in sender.delivered)
    row = await db.fetchone("SELECT attempts, status FROM outbox WHERE user_id = 1")
    assert tuple(row) == (1, "sent")  # the 429 was not counted as a failed attempt


async def test_blocked_user_is_marked_inactive_and_their_rows_dropped(db):
    users = await subscribers(db, 2)
    await import_postings(db, ParseResult([posting("K1"), posting("K2"), posting("K3")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock, script={
        "chat0": [SendResult(SendStatus.BLOCKED, error="Forbidden: bot was blocked by the user")],
    })
    stats = await dispatcher(db, clock, sender).run_once()
    assert stats.blocked_users == 1
    assert [d[0] for d in sender.delivered] == ["chat1"] * 3
    assert not (await UserRepository(db).get(users[0].id)).active
    assert (await statuses(db))["dropped"] == 3
    # later postings are not even queued for the blocked user
    report = await import_postings(db, ParseResult([posting("K4")]), NOON)
    assert report.alerts_queued == 1


async def test_transient_errors_back_off_and_give_up_after_the_limit(db):
    await subscribers(db, 1)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock, script={
        "chat0": [SendResult(SendStatus.TRANSIENT, error="502 Bad Gateway")] * 3
        + [TimeoutError("read timeout")],
    })
    d = dispatcher(db, clock, sender, max_attempts=4, backoff=30)
    for _ in range(6):
        await d.run_once()
        clock.advance(3600)
    row = await db.fetchone("SELECT status, attempts, last_error FROM outbox")
    assert tuple(row) == ("failed", 4, "TimeoutError: read timeout")
    assert sender.delivered == []


async def test_transient_error_then_success_sends_exactly_once(db):
    await subscribers(db, 1)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock, script={"chat0": [SendResult(SendStatus.TRANSIENT)]})
    d = dispatcher(db, clock, sender, backoff=30)
    first = await d.run_once()
    assert first.retried == 1 and first.sent == 0
    row = await db.fetchone("SELECT not_before FROM outbox")
    assert row[0] == "2026-11-28T12:00:30+09:00"
    clock.advance(30)
    assert (await d.run_once()).sent == 1
    assert len(sender.delivered) == 1


async def test_permanent_error_fails_without_retry(db):
    await subscribers(db, 1)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock, script={
        "chat0": [SendResult(SendStatus.PERMANENT, error="Bad Request: chat not found")]})
    await dispatcher(db, clock, sender).run_once()
    assert (await statuses(db))["failed"] == 1 and sender.calls == 1


async def test_nothing_is_pushed_in_quiet_hours_it_waits_for_the_morning(db):
    [user] = await subscribers(db, 1)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    # the user widens their quiet hours after the alert was queued
    await AlertSettingsRepository(db).save(
        AlertSettings(user.id, quiet_start="11:00", quiet_end="13:30"), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)
    stats = await dispatcher(db, clock, sender).run_once()
    assert stats.deferred == 1 and sender.delivered == []
    clock.advance(90 * 60)
    assert (await dispatcher(db, clock, sender).run_once()).sent == 1


async def test_closed_postings_and_stopped_subscriptions_are_never_pushed(db):
    [user] = await subscribers(db, 1)
    await import_postings(db, ParseResult([
        posting("K1", closes_on=date(2026, 11, 28)), posting("K2")]), NOON)
    clock = FakeClock(NOON + timedelta(days=1))
    d = dispatcher(db, clock, ScriptedSender(clock))
    await SubscriptionRepository(db).delete(1, user.id)
    stats = await d.run_once()
    assert (stats.sent, stats.dropped) == (0, 2)


async def test_digest_is_one_message_with_at_most_five_and_a_more_button(db):
    await subscribers(db, 1, frequency="daily")
    await import_postings(db, ParseResult([posting(f"K{i}") for i in range(13)]), NOON)
    morning = seoul(2026, 11, 29, 9, 0)
    clock = FakeClock(morning)
    sender = ScriptedSender(clock)
    d = dispatcher(db, clock, sender)
    d.before_pass = lambda now: build_due_digests(db, now)
    assert (await d.run_once()).sent == 1
    [reply] = sender.messages
    assert reply.texts()[0].count("카페 바리스타 모집") == 5
    more = [b for b in reply.buttons() if "더 보기" in b.label]
    assert [b.label for b in more] == ["8건 더 보기"]
    assert more[0].action == "jobs:more:20261129:5"
    assert (await d.run_once()).sent == 0  # one digest a day


async def test_two_dispatchers_at_once_never_send_a_row_twice(db, tmp_path):
    await subscribers(db, 30)
    two = [posting("K1", title="바리스타 A"), posting("K2", title="바리스타 B")]
    await import_postings(db, ParseResult(two), NOON)
    async with Database(tmp_path / "push.sqlite3") as second_db:
        clock_a, clock_b = FakeClock(NOON), FakeClock(NOON)
        sender = ScriptedSender(clock_a)
        a = dispatcher(db, clock_a, sender, batch=7, worker_id="a")
        b = dispatcher(second_db, clock_b, sender, batch=7, worker_id="b")
        await asyncio.gather(a.run_once(), b.run_once())
    deliveries = Counter((chat, text) for chat, text, _ in sender.delivered)
    assert len(deliveries) == 60 and set(deliveries.values()) == {1}
    assert (await statuses(db))["sent"] == 60


async def test_cancelled_mid_run_resumes_without_loss_and_at_most_one_repeat(db):
    await subscribers(db, 25)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)

    class CrashAfterAccept(ScriptedSender):
        """The platform accepts the 10th message, then the process dies before marking it."""

        async def send(self, user, message):
            result = await sender.send(user, message)
            if len(sender.delivered) == 10:
                crashing.cancel()
                await asyncio.Event().wait()  # cancelled here, before the row is marked
            return result

    first = dispatcher(db, clock, CrashAfterAccept(), worker_id="first")
    crashing = asyncio.create_task(first.run_once())
    with pytest.raises(asyncio.CancelledError):
        await crashing
    assert (await statuses(db))["claimed"] > 0
    # a restart 2 s later leaves the dead worker's rows alone while their claim is fresh ...
    clock.advance(2)
    restarted = dispatcher(db, clock, sender, worker_id="second")
    await restarted.run_once()
    counts = await statuses(db)
    assert counts["claimed"] > 0
    # ... and takes them over at its next pass once 10 s passed without a renewal
    clock.advance(10)
    await restarted.run_once()
    per_chat = Counter(chat for chat, _, _ in sender.delivered)
    assert set(per_chat) == {f"chat{i}" for i in range(25)}  # nobody lost
    repeats = [chat for chat, n in per_chat.items() if n > 1]
    assert len(repeats) == 1 and per_chat[repeats[0]] == 2  # only the in-flight one
    assert (await statuses(db))["sent"] == 25


async def test_rows_of_unknown_kinds_or_channels_fail_instead_of_looping(db):
    user = await UserRepository(db).touch("kakao", "k1", NOON)
    from db.outbox import OutboxRepository

    await OutboxRepository(db).enqueue(user.id, "job_alert", "x", {}, not_before=NOON, now=NOON)
    await OutboxRepository(db).enqueue(
        (await UserRepository(db).touch("telegram", "t1", NOON)).id, "mystery", "y", {},
        not_before=NOON, now=NOON)
    clock = FakeClock(NOON)
    stats = await dispatcher(db, clock, ScriptedSender(clock)).run_once()
    assert stats.failed == 2


async def test_with_overlapping_sends_a_crash_repeats_at_most_max_in_flight(db):
    await subscribers(db, 25)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    clock = FakeClock(NOON)
    sender = ScriptedSender(clock)
    accepted_not_marked: list[str] = []

    class SlowAccept(ScriptedSender):
        """Sends 8-10 are accepted and hang: three are in flight when we crash."""

        async def send(self, user, message):
            result = await sender.send(user, message)
            accepted_not_marked.append(user.channel_user_id)
            if len(sender.delivered) == 10:
                crashing.cancel()
            if len(sender.delivered) >= 8:
                await asyncio.Event().wait()  # the last three hang until the crash
            return result

    first = dispatcher(db, clock, SlowAccept(), worker_id="first", max_in_flight=3)
    crashing = asyncio.create_task(first.run_once())
    with pytest.raises(asyncio.CancelledError):
        await crashing
    clock.advance(6 * 60)
    await dispatcher(db, clock, sender, worker_id="second").run_once()
    per_chat = Counter(chat for chat, _, _ in sender.delivered)
    assert set(per_chat) == {f"chat{i}" for i in range(25)}
    repeats = sum(n - 1 for n in per_chat.values())
    assert repeats == 3  # exactly the in-flight ones, never more than max_in_flight


class LateClock(FakeClock):
    """A busy event loop: every tenth sleep wakes 25 ms late."""

    def __init__(self, start):
        super().__init__(start)
        self.n = 0

    async def sleep(self, seconds):
        self.n += 1
        await super().sleep(seconds + (0.025 if self.n % 10 == 0 else 0.0))


async def test_pacer_catches_up_after_late_wakeups_without_breaking_the_window():
    from bot.push.pacing import Pacer

    clock = LateClock(NOON)
    pacer = Pacer(clock, rate=29.0)
    starts = []
    for i in range(600):
        slot = await pacer.wait_slot(f"chat{i}")
        slot.done(clock.monotonic())
        starts.append(clock.monotonic())
    assert max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts) <= 29
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.01 - 1e-9
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert rate >= 28.5  # late wake-ups are made up, not lost


async def test_a_queued_digest_is_dropped_when_the_user_paused_their_alerts(db):
    [user] = await subscribers(db, 1, frequency="daily")
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    morning = seoul(2026, 11, 29, 9, 0)
    assert await build_due_digests(db, morning) == 1
    await SubscriptionRepository(db).set_active(1, user.id, False, morning)
    clock = FakeClock(morning)
    sender = ScriptedSender(clock)
    stats = await dispatcher(db, clock, sender).run_once()
    assert (stats.sent, stats.dropped) == (0, 1) and sender.delivered == []
