"""Job alerts through the real PTB stack against a fake Bot API: 429, 403, 5xx, timeouts."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from bot.channels.telegram.push import TelegramSender
from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Dispatcher
from content.jobs.postings import ParseResult
from db.jobs import SubscriptionFields, SubscriptionRepository
from db.outbox import OutboxDispatch
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import PushBotApi as ScriptedBotApi
from tests.fakes.telegram import make_bot
from tests.jobs.support import job_catalogue, posting, seoul

NOON = seoul(2026, 11, 28, 12, 0)


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch):
    """PTB 22 warns when it builds a RetryAfter with an int unless this opt-in is set."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def api_and_bot():
    api = ScriptedBotApi()
    bot = make_bot(api)
    async with bot:
        yield api, bot


async def setup(db, chats):
    for chat in chats:
        user = await UserRepository(db).touch("telegram", str(chat), NOON)
        fields = SubscriptionFields(
            keywords=("바리스타",),
            frequency="instant",
        )
        await SubscriptionRepository(db).create(user.id, fields, now=NOON)
    await import_postings(db, ParseResult([posting("K1")]), NOON)


def run(db, bot, clock, **kw):
    renderers = job_renderers(Store(db), job_catalogue)
    sender = {"telegram": TelegramSender(bot)}
    return Dispatcher(db, sender, renderers, clock=clock, **kw).run_once()


async def test_alert_goes_out_as_one_message_with_inline_buttons(db, api_and_bot):
    api, bot = api_and_bot
    await setup(db, [101])
    await run(db, bot, FakeClock(NOON))
    [sent] = api.sent
    assert sent["chat_id"] == 101
    assert "카페 바리스타 모집" in sent["text"]
    keyboard = sent["reply_markup"]
    keyboard = json.loads(keyboard) if isinstance(keyboard, str) else keyboard
    buttons = [b for row in keyboard["inline_keyboard"] for b in row]
    assert {"text": "이 알림 그만 받기", "callback_data": "jobs:stop:1"} in buttons
    assert any(b.get("url") == "https://www.work24.go.kr/x" for b in buttons)


async def test_429_from_telegram_is_retried_after_retry_after(db, api_and_bot):
    api, bot = api_and_bot
    await setup(db, [101, 102])
    api.script[101] = ["429"]
    clock = FakeClock(NOON)
    stats = await run(db, bot, clock, linger=5)
    assert stats.rate_limited == 1 and stats.sent == 2
    assert Counter(s["chat_id"] for s in api.sent) == {101: 1, 102: 1}
    assert sum(clock.slept) >= 3


async def test_403_blocked_marks_the_user_inactive(db, api_and_bot):
    api, bot = api_and_bot
    await setup(db, [101, 102])
    api.script[101] = ["403"]
    stats = await run(db, bot, FakeClock(NOON))
    assert stats.blocked_users == 1
    user = await UserRepository(db).find("telegram", "101")
    assert not user.active
    assert [s["chat_id"] for s in api.sent] == [102]


async def test_5xx_and_timeouts_are_retried_with_backoff_then_delivered(db, api_and_bot):
    api, bot = api_and_bot
    await setup(db, [101])
    api.script[101] = ["502", "timeout"]
    clock = FakeClock(NOON)
    for _ in range(3):
        await run(db, bot, clock, backoff=10)
        clock.advance(60)
    assert [s["chat_id"] for s in api.sent] == [101]
    row = await db.fetchone("SELECT status, attempts FROM outbox")
    assert tuple(row) == ("sent", 3)


async def test_400_fails_the_row_without_retrying(db, api_and_bot):
    api, bot = api_and_bot
    await setup(db, [101])
    api.script[101] = ["400"]
    await run(db, bot, FakeClock(NOON))
    assert (await OutboxDispatch(db).status_counts())["failed"] == 1
