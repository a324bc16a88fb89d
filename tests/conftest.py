"""Shared fixtures: a migrated SQLite store per test, the bundled catalogue, the engine,
a ``chat`` driver that talks to the engine like a channel, and a Telegram app wired to a
fake Bot API (``tg``)."""

from __future__ import annotations

import contextlib
import os

# PTB 22 warns (an error under our warning filter) when it builds a RetryAfter with
# seconds as an int; opting in to timedelta values is what the bot does at start too.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.channels.telegram.channel import attach_runtime, build_application
from bot.runtime import Runtime
from bot.settings import Settings
from content.catalogue import Catalogue, load_catalogue
from db.database import Database
from db.store import Store
from db.users import User
from handlers.dialog.engine import Engine
from handlers.dialog.types import Button, Incoming, Location, Reply
from handlers.registry import build_flows
from tests.fakes.telegram import TOKEN, FakeBotApi
from tests.postgres import redirect

ON_POSTGRES = redirect.install()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: SQLite's own features (file backups, PRAGMAs); skipped on "
        "PostgreSQL (make test-pg)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="SQLite only (make test-pg runs on PostgreSQL)")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_postgres_schemas() -> Iterator[None]:
    """On PostgreSQL, drop the schemas a test created (each stood in for a file)."""
    yield
    if ON_POSTGRES:
        redirect.drop_created()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bot.sqlite3"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database of its own, for tests of one repository (not the whole Store)."""
    database = await Database(tmp_path / "repository.sqlite3").connect()
    yield database
    await database.close()


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[Store]:
    s = await Store.open(db_path)
    yield s
    await s.close()


@pytest.fixture
def engine(store: Store, catalogue: Catalogue) -> Engine:
    return Engine(store, catalogue, build_flows())


@dataclass
class ChatDriver:
    """Talks to the engine as one user of one channel and remembers the last reply."""

    engine: Engine
    channel: str = "console"
    user_key: str = "u1"
    language: str | None = "ko"
    admin: bool = False
    last: Reply = field(default_factory=Reply)

    async def send(self, **fields: object) -> Reply:
        incoming = Incoming(
            channel=self.channel,
            user_key=self.user_key,
            language=self.language,
            is_admin=self.admin,
            **fields,  # type: ignore[arg-type]
        )
        self.last = await self.engine.handle(incoming)
        return self.last

    async def say(self, text: str) -> Reply:
        return await self.send(text=text)

    async def say_each(self, *texts: str) -> Reply:
        """Type ``texts`` one message after another (each a turn of its own)."""
        for text in texts:
            await self.say(text)
        return self.last

    async def command(self, name: str, args: str = "") -> Reply:
        return await self.send(command=name, command_args=args)

    async def action(self, payload: str) -> Reply:
        return await self.send(action=payload)

    async def location(self, lat: float, lon: float) -> Reply:
        return await self.send(location=Location(lat, lon))

    def find(self, label_part: str) -> Button:
        for button in self.last.buttons():
            if label_part in button.label and not button.url:
                return button
        labels = [b.label for b in self.last.buttons()]
        raise AssertionError(f"no button containing {label_part!r} in {labels}")

    async def press(self, label_part: str) -> Reply:
        return await self.action(self.find(label_part).action)

    async def press_each(self, *label_parts: str) -> Reply:
        """Press one button after another, each found in the reply the previous press got."""
        for label_part in label_parts:
            await self.press(label_part)
        return self.last

    def text(self) -> str:
        return "\n".join(self.last.texts())


async def stored_user(store: Store, channel: str = "console", key: str = "u1") -> User:
    """The user row a conversation made (the ``chat`` fixture's user by default)."""
    user = await store.users.find(channel, key)
    assert user is not None, f"no stored user {channel}:{key}"
    return user


@pytest.fixture
def chat(engine: Engine) -> ChatDriver:
    return ChatDriver(engine)


@dataclass
class TelegramHarness:
    app: object
    api: FakeBotApi
    runtime: Runtime

    @property
    def bot(self):  # type: ignore[no-untyped-def]
        return self.app.bot  # type: ignore[attr-defined]

    async def process(self, update: Update) -> None:
        await self.app.process_update(update)  # type: ignore[attr-defined]


def telegram_settings(db_path: Path, **extra: Any) -> Settings:
    # as the environment gives them: strings that pydantic-settings reads into typed fields
    values: dict[str, Any] = {"GOYANG_BOT_ADMINS": "7", **extra}
    return Settings(TELEGRAM_BOT_TOKEN=TOKEN, GOYANG_BOT_DB=db_path, **values)


@contextlib.asynccontextmanager
async def telegram_harness(store: Store, engine: Engine,
                           db_path: Path) -> AsyncIterator[TelegramHarness]:
    """The real PTB application for ``engine`` against a FakeBotApi, started and attached."""
    settings = telegram_settings(db_path)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    api = FakeBotApi()
    app = build_application(settings, runtime=runtime, request=api)
    async with app:
        attach_runtime(app, runtime)
        api.clear()  # forget the getMe of start-up
        yield TelegramHarness(app=app, api=api, runtime=runtime)


@pytest.fixture
async def tg(store: Store, engine: Engine, db_path: Path) -> AsyncIterator[TelegramHarness]:
    async with telegram_harness(store, engine, db_path) as harness:
        yield harness
