"""The staff console and the web chat through the real ``goyang-bot serve`` app (lifespan
included), in process over httpx, on a real SQLite file; a fake clock moves time."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.runtime import Runtime
from bot.serve import build_serve_app
from bot.settings import Settings
from bot.web import security
from bot.web.security import hash_password
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.channels.kakao.test_serve import running
from tests.fakes.clock import FakeClock, seoul

PASSWORD = "correct horse battery"
REAL_HASHER = security._hasher  # before any test swaps in the quick one
CSRF_INPUT = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Web:
    client: httpx.AsyncClient
    store: Store
    engine: Engine
    clock: FakeClock

    async def csrf(self, path: str = "/staff/login") -> str:
        page = await self.client.get(path)
        found = CSRF_INPUT.search(page.text)
        assert found, page.text[:500]
        return found.group(1)

    async def post(self, path: str, data: dict[str, str], *, csrf_from: str | None = None,
                   **kwargs: Any) -> httpx.Response:
        token = await self.csrf(csrf_from or path)
        return await self.client.post(path, data={"csrf": token, **data}, **kwargs)

    async def add_staff(self, name: str = "담당자", password: str = PASSWORD) -> int:
        staff_id = await self.store.staff.add(name, "hash-" + name, self.clock.now(),
                                              self.clock.now())
        await self.store.staff.set_password(staff_id, hash_password(password))
        return staff_id

    async def sign_in(self, name: str = "담당자", password: str = PASSWORD) -> httpx.Response:
        return await self.post("/staff/login", {"name": name, "password": password,
                                                "next": "/staff/"})


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with small costs: the real ones take ~0.5 s a hash on a busy test machine
    and sign-in tests hash dozens of times (``test_production_costs`` checks the real
    ones)."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_hasher", quick)
    monkeypatch.setattr(security, "_DUMMY_HASH", quick.hash("dummy"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(seoul(2026, 12, 1, 9, 0))


@pytest.fixture
async def web(db_path: Path, store: Store, catalogue: Catalogue,
              clock: FakeClock) -> AsyncIterator[Web]:
    settings = Settings(GOYANG_BOT_DB=db_path, GOYANG_BOT_WEB_SECRET="s" * 40)
    engine = Engine(store, catalogue, build_flows(), clock=clock)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    async with running(build_serve_app(settings, runtime=runtime)) as client:
        yield Web(client, store, engine, clock)


@pytest.fixture
async def staff_web(web: Web) -> Web:
    """Signed in as 담당자."""
    await web.add_staff()
    response = await web.sign_in()
    assert response.status_code == 303, response.text
    return web
