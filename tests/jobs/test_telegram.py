"""채용 알림 end to end through the real PTB application and the fake Bot API (``tg``)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.channels.telegram.push import TelegramSender
from bot.jobs.ingest import import_postings
from bot.jobs.runtime import build_dispatcher
from content.jobs.postings import ParseResult
from db.jobs import SubscriptionRepository
from tests.conftest import TelegramHarness
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import callback_update, command_update, text_update
from tests.jobs.support import posting, seoul

NOON = seoul(2026, 11, 28, 12, 0)


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


def press(tg: TelegramHarness, label_part: str) -> str:
    for call in reversed(tg.api.sent()):
        for button in call.buttons():
            if label_part in button["text"] and "callback_data" in button:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label_part!r}")


async def tap(tg: TelegramHarness, label_part: str, user_id: int = 42) -> None:
    await tg.process(callback_update(tg.bot, press(tg, label_part), user_id=user_id))


async def subscribe_by_buttons(tg: TelegramHarness, user_id: int) -> None:
    await tg.process(command_update(tg.bot, "start", user_id=user_id))
    await tap(tg, "채용 알림", user_id)
    await tap(tg, "새 알림 만들기", user_id)
    await tg.process(text_update(tg.bot, "바리스타", user_id=user_id))
    await tap(tg, "다음", user_id)
    await tap(tg, "상관없음", user_id)
    await tap(tg, "상관없음", user_id)
    await tap(tg, "바로 받기", user_id)
    await tap(tg, "밤에도 받을게요", user_id)
    await tap(tg, "저장", user_id)
    assert "알림을 저장했어요" in tg.api.sent()[-1].text


async def test_jobs_command_searches_and_pages(tg: TelegramHarness) -> None:
    postings = [posting(f"K{i}", title=f"바리스타 {i}", closes_on=date(2026, 12, 20))
                for i in range(7)]
    await import_postings(tg.runtime.store.db, ParseResult(postings), NOON)
    await tg.process(command_update(tg.bot, "jobs", "바리스타"))
    first = tg.api.sent()[-1]
    assert "검색 결과 7건" in first.text and "1~3" in first.text
    assert all(len(b.get("callback_data", "").encode()) <= 64 for b in first.buttons())
    await tap(tg, "다음")
    await tap(tg, "다음")
    assert "7~7" in tg.api.sent()[-1].text


async def test_subscribe_by_buttons_then_alert_arrives_once_and_stop_works(tg):
    await subscribe_by_buttons(tg, 42)
    await import_postings(tg.runtime.store.db, ParseResult([posting("A1")]), NOON)
    tg.api.clear()
    catalogue = tg.runtime.engine.catalogue
    dispatcher = build_dispatcher(tg.runtime.store.db, lambda: catalogue,
                                  {"telegram": TelegramSender(tg.bot)}, clock=FakeClock(NOON))
    await dispatcher.run_once()
    await dispatcher.run_once()
    [alert] = tg.api.sent("sendMessage")
    assert alert.params["chat_id"] == 42 and "카페 바리스타 모집" in alert.text
    assert "이 알림 그만 받기" in alert.button_labels()
    await tap(tg, "이 알림 그만 받기")
    assert "이 알림을 멈췄어요" in tg.api.sent()[-1].text
    user = await tg.runtime.store.users.find("telegram", "42")
    [sub] = await SubscriptionRepository(tg.runtime.store.db).for_user(user.id)
    assert not sub.active


async def push_once_with_errors(tg: TelegramHarness, user_id: int, errors: list) -> None:
    await subscribe_by_buttons(tg, user_id)
    await import_postings(tg.runtime.store.db, ParseResult([posting("A1")]), NOON)
    tg.api.clear()
    tg.api.errors["sendMessage"] = errors
    catalogue = tg.runtime.engine.catalogue
    clock = FakeClock(NOON)
    dispatcher = build_dispatcher(tg.runtime.store.db, lambda: catalogue,
                                  {"telegram": TelegramSender(tg.bot)}, clock=clock)
    await dispatcher.run_once()
    clock.advance(60)
    await dispatcher.run_once()


async def test_a_429_is_waited_out_and_the_alert_arrives_once(tg: TelegramHarness) -> None:
    await push_once_with_errors(tg, 61, [
        (429, {"error_code": 429, "description": "Too Many Requests: retry after 1",
               "parameters": {"retry_after": 1}}),
    ])
    sends = tg.api.sent("sendMessage")
    assert len(sends) == 2  # the refused one and the one that went through
    row = await tg.runtime.store.db.fetchone("SELECT status FROM outbox")
    assert row[0] == "sent"


async def test_a_403_marks_the_user_inactive_and_drops_their_alerts(tg: TelegramHarness) -> None:
    await push_once_with_errors(tg, 62, [
        (403, {"error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
    ])
    blocked = await tg.runtime.store.users.find("telegram", "62")
    assert blocked is not None and not blocked.active
    row = await tg.runtime.store.db.fetchone("SELECT status FROM outbox")
    assert row[0] == "dropped"
    assert len(tg.api.sent("sendMessage")) == 1
    # writing to the bot again makes them active (and alerts flow again)
    await tg.process(command_update(tg.bot, "start", user_id=62))
    assert (await tg.runtime.store.users.find("telegram", "62")).active


async def test_the_bot_process_runs_the_dispatcher_until_stopped(tg: TelegramHarness) -> None:
    import asyncio
    from datetime import datetime

    from bot.jobs.runtime import PUSH_TASK, start_push, stop_push
    from db.jobs import AlertSettings, AlertSettingsRepository
    from tests.jobs.support import SEOUL

    await subscribe_by_buttons(tg, 77)
    user = await tg.runtime.store.users.find("telegram", "77")
    now = datetime.now(SEOUL)
    await AlertSettingsRepository(tg.runtime.store.db).save(
        AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), now)
    await import_postings(tg.runtime.store.db, ParseResult([posting("LIVE1")]), now)
    tg.api.clear()
    start_push(tg.app, interval=1.0)
    try:
        for _ in range(500):  # wait for the background pass (up to ~5 s)
            if tg.api.sent("sendMessage"):
                break
            await asyncio.sleep(0.01)
    finally:
        await stop_push(tg.app)
    assert PUSH_TASK not in tg.app.bot_data
    [alert] = tg.api.sent("sendMessage")
    assert alert.params["chat_id"] == 77 and "카페 바리스타 모집" in alert.text


def test_the_bot_dispatcher_renders_every_push_kind(tmp_path) -> None:
    from bot.jobs.runtime import build_dispatcher
    from db.bookings import OFFER_KIND, REMINDER_KIND
    from db.database import Database

    dispatcher = build_dispatcher(Database(tmp_path / "x.sqlite3"), lambda: None, {})
    assert {"job_alert", "job_digest", REMINDER_KIND, OFFER_KIND} <= set(dispatcher.renderers)
