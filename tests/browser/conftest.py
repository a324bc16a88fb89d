"""Real-browser tests (``make test-browser``): a real ``goyang-bot serve`` app under uvicorn
on 127.0.0.1, driven by Debian's headless Chromium through its own chromium-driver
(Selenium). Selenium over Playwright: Debian ships chromium and chromium-driver as one
version, so the driver always speaks the browser's protocol; Playwright's Python package
is built against its own Chromium revision and only "may work" with another one, and its
browser download is not reachable here.

Every test in this folder is marked ``browser`` and left out of plain ``pytest``
(``addopts = -m 'not browser'``). Screenshots go to ``var/screenshots/``; with
``UPDATE_DOCS_SCREENSHOTS=1`` the main ones are copied to ``docs/screenshots/`` too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.runtime import Runtime
from bot.serve import build_serve_app
from bot.settings import Settings
from bot.usage import CountingEngine
from bot.web.security import hash_password
from content.booking.codes import new_code
from content.booking.shops import BookingContent
from content.catalogue import load_catalogue
from db.bookings import BookingRequest
from db.store import Store
from handlers.booking.policy import booking_policy
from handlers.registry import build_flows
from tests.fakes.clock import FakeClock, seoul

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=ko-KR")
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
STAFF, PASSWORD = "담당자", "correct horse battery"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass
class Server:
    base: str
    booking_code: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _seed(db_path: Path, clock: FakeClock) -> str:
    store = await Store.open(db_path)
    try:
        staff_id = await store.staff.add(STAFF, "seed", clock.now(), clock.now())
        await store.staff.set_password(staff_id, hash_password(PASSWORD))
        content = load_catalogue().booking
        assert isinstance(content, BookingContent)
        user = await store.users.touch("telegram", "seed-user", clock.now())
        booking = await store.bookings.book(
            BookingRequest(user.id, "naeil_kkum", "2026-12-01 10:00", "2026-12-04",
                           items=[{"item": "jacket", "size": "100"}]),
            booking_policy(content), now=clock.now(), new_code=new_code)
        return booking.code
    finally:
        await store.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import uvicorn

    db_path = tmp_path_factory.mktemp("browser") / "bot.sqlite3"
    clock = FakeClock(seoul(2026, 11, 28, 12, 0))  # a Saturday noon, as the booking tests
    code = asyncio.run(_seed(db_path, clock))
    settings = Settings(GOYANG_BOT_DB=db_path, GOYANG_BOT_WEB_SECRET="b" * 40)
    port = _free_port()
    holder: dict[str, Any] = {}

    async def serve() -> None:
        store = await Store.open(db_path)
        engine = CountingEngine(store, load_catalogue(), build_flows(), clock=clock,
                                state_timeout=timedelta(days=3650))
        app = build_serve_app(settings, runtime=Runtime(settings, store, engine))
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                access_log=False)
        holder["server"] = uvicorn.Server(config)
        try:
            await holder["server"].serve()
        finally:
            await store.close()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not (holder.get("server") and holder["server"].started):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", code)
    holder["server"].should_exit = True
    thread.join(timeout=20)


def _driver(tmp: Path, *, phone: bool) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("chromium / chromium-driver are missing: run `make test-browser`, which "
                    "installs them (apt-get install -y chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    if phone:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844,
                                                  "pixelRatio": 2.0}})
    else:
        options.add_argument("--window-size=1280,1000")
    return webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = _driver(tmp_path_factory.mktemp("chromium"), phone=False)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = _driver(tmp_path_factory.mktemp("chromium-phone"), phone=True)
    yield driver
    driver.quit()


def screenshot(driver: Any, name: str, *, docs: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    if docs and os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1":
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_SHOTS / path.name)
    return path
