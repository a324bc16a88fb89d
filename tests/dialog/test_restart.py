"""A flow interrupted by stopping the application resumes in a new one on the same file."""

from __future__ import annotations

from pathlib import Path

from bot.channels.telegram.channel import attach_runtime, build_application
from bot.runtime import Runtime
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.conftest import telegram_settings
from tests.fakes.telegram import FakeBotApi, callback_update, command_update, text_update


async def _app(db_path: Path, catalogue: Catalogue):  # type: ignore[no-untyped-def]
    store = await Store.open(db_path)
    settings = telegram_settings(db_path)
    runtime = Runtime(
        settings=settings, store=store, engine=Engine(store, catalogue, build_flows())
    )
    api = FakeBotApi()
    app = build_application(settings, runtime=runtime, request=api)
    return app, api, runtime


async def test_confirmation_step_survives_a_restart(tmp_path: Path, catalogue: Catalogue) -> None:
    db_path = tmp_path / "bot.sqlite3"
    app, api, runtime = await _app(db_path, catalogue)
    async with app:
        attach_runtime(app, runtime)
        await app.process_update(command_update(app.bot, "forget"))
        yes = next(b for b in api.sent()[-1].buttons() if "지워" in b["text"])
    await runtime.close()

    app, api, runtime = await _app(db_path, catalogue)
    async with app:
        attach_runtime(app, runtime)
        # The button from before the restart still belongs to the current step.
        await app.process_update(callback_update(app.bot, yes["callback_data"]))
        assert "모두 지웠어요" in api.sent()[-1].text
        assert await runtime.store.users.find("telegram", "42") is None
    await runtime.close()


async def test_typed_answer_continues_the_step_after_restart(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    db_path = tmp_path / "bot.sqlite3"
    app, api, runtime = await _app(db_path, catalogue)
    async with app:
        attach_runtime(app, runtime)
        await app.process_update(command_update(app.bot, "forget"))
    await runtime.close()

    app, api, runtime = await _app(db_path, catalogue)
    async with app:
        attach_runtime(app, runtime)
        await app.process_update(text_update(app.bot, "아니요"))
        assert "지우지 않았어요" in api.sent()[-1].text
        assert await runtime.store.users.find("telegram", "42") is not None
    await runtime.close()
