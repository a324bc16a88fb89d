"""Drivers for every channel over one store and engine: ``console``, ``telegram``, ``kakao``,
and ``driver``, each of the three in turn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.runtime import Runtime
from bot.serve import build_serve_app
from db.store import Store
from handlers.dialog.engine import Engine
from tests.channels.kakao.test_serve import kakao_settings, running
from tests.conftest import TelegramHarness
from tests.conversations.drivers import ConsoleDriver, Driver, KakaoDriver, TelegramDriver

CHANNELS = ("console", "telegram", "kakao")


@pytest.fixture
def console(engine: Engine) -> ConsoleDriver:
    return ConsoleDriver(engine)


@pytest.fixture
def telegram(tg: TelegramHarness) -> TelegramDriver:
    return TelegramDriver(tg)


@pytest.fixture
async def kakao(db_path: Path, store: Store, engine: Engine) -> AsyncIterator[KakaoDriver]:
    settings = kakao_settings(db_path)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    async with running(build_serve_app(settings, runtime=runtime)) as client:
        yield KakaoDriver(client)


@pytest.fixture(params=CHANNELS)
def driver(request: pytest.FixtureRequest) -> Driver:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]
