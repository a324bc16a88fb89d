"""The real polling path: the application opens its own runtime, polls getUpdates, answers."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.channels.telegram.channel import build_application
from db.store import Store
from tests.conftest import telegram_settings
from tests.fakes.telegram import FakeBotApi


async def test_polling_bot_opens_its_store_registers_commands_and_answers(tmp_path: Path) -> None:
    settings = telegram_settings(tmp_path / "poll.sqlite3")
    api = FakeBotApi()
    api.updates.append(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 1_790_000_000,
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42, "is_bot": False, "first_name": "지민", "language_code": "ko"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
    )
    app = build_application(settings, request=api)
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.01)
        await app.start()
        for _ in range(300):
            if api.sent("sendMessage"):
                break
            await asyncio.sleep(0.01)
        await app.updater.stop()
        await app.stop()
        await app.post_shutdown(app)  # type: ignore[misc]
    assert "고양시 청년 일자리 챗봇" in api.sent("sendMessage")[0].text
    assert {c.params.get("language_code") for c in api.sent("setMyCommands")} >= {"ko", "en"}
    store = await Store.open(tmp_path / "poll.sqlite3")
    try:
        assert await store.users.count() == 1  # the bot kept its user in the store it opened
    finally:
        await store.close()
