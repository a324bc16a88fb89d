"""Wiring: settings → store → catalogue → engine. Shared by every channel and command."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.settings import Settings
from bot.usage import CountingEngine
from content.catalogue import load_catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows


@dataclass
class Runtime:
    settings: Settings
    store: Store
    engine: Engine

    @classmethod
    async def open(cls, settings: Settings) -> Runtime:
        """Load content first (a bad file stops start-up with its problems), then the store."""
        catalogue = load_catalogue(settings.content_dir)
        store = await Store.open(settings.db_path)
        engine = CountingEngine(
            store,
            catalogue,
            build_flows(),
            state_timeout=timedelta(minutes=settings.state_timeout_minutes),
            retention_days=settings.retention_days,
        )
        return cls(settings=settings, store=store, engine=engine)

    async def close(self) -> None:
        if isinstance(self.engine, CountingEngine):
            await self.engine.flush()
        await self.store.close()


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and Telegram URLs contain the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
