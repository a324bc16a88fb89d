"""Drivers for every channel over one store and engine: ``console``, ``telegram``, ``kakao``,
and ``driver``, each of the three in turn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.runtime import Runtime
from bot.serve import build_serve_app
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.channels.kakao.test_serve import kakao_settings, running
from tests.conftest import TelegramHarness
from tests.conversations.drivers import ConsoleDriver, Driver, KakaoDriver, TelegramDriver
from tests.fakes.clock import FakeClock, seoul

CHANNELS = ("console", "telegram", "kakao")
NOW = seoul(2026, 11, 28, 12, 0)  # a Saturday noon: every conversation here runs at it


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def engine(store: Store, catalogue: Catalogue, clock: FakeClock) -> Engine:
    return Engine(store, catalogue, build_flows(), clock=clock, state_timeout=timedelta(hours=1))


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
