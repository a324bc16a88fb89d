"""One posting to N subscribers through the real PTB sender and a strict local fake Bot API.

Run: ``.venv/bin/python -m bench.push [--subscribers 3000] [--baseline 600]``

The fake Bot API (127.0.0.1, a thread) accepts at most 30 ``sendMessage`` per rolling
second and answers 429 (``retry_after: 1``) beyond that, like Telegram's broadcast limit.
Measured:

* the dispatcher (outbox → pacer → ``TelegramSender`` → PTB ``Bot`` over HTTP): achieved
  messages/s, 429s, duplicates, messages lost, and the most sendMessage that arrived within
  one rolling second as the server counts them (``max/1s``; targets: ≥ 27/s, 0, 0, 0, ≤ 29);
* baseline, same run: a plain loop of ``bot.send_message`` paced by PTB's own
  ``AIORateLimiter()`` defaults (a 30-message bucket, ``max_retries=0``), the usual way.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from telegram import Bot
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bench._fakes import StrictBotApi
from bot.channels.telegram.push import TelegramSender
from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Dispatcher
from content.catalogue import Catalogue, load_catalogue
from content.jobs.postings import ParseResult, Posting
from content.text.clock import SEOUL
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers

CATALOGUE = load_catalogue()


def catalogue() -> Catalogue:
    return CATALOGUE


async def dispatcher_run(count: int) -> dict[str, float]:
    api = StrictBotApi()
    now = datetime.now(SEOUL)
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "bench.sqlite3") as db:
            users = UserRepository(db)
            subs = SubscriptionRepository(db)
            settings = AlertSettingsRepository(db)
            for i in range(count):
                user = await users.touch("telegram", str(100_000 + i), now)
                await settings.save(AlertSettings(user.id, quiet_start="00:00",
                                                  quiet_end="00:00"), now)
                fields = SubscriptionFields(
                    keywords=("바리스타",),
                    frequency="instant",
                )
                await subs.create(user.id, fields, now=now)
            posting = Posting(source="work24", source_id="K1", title="카페 바리스타 모집",
                              company="(주)고양커피", district="일산동구")
            await import_postings(db, ParseResult([posting]), now)
            bot = Bot("1:BENCH", base_url=api.base_url,
                      request=HTTPXRequest(connection_pool_size=8))
            async with bot:
                dispatcher = Dispatcher(db, {"telegram": TelegramSender(bot)},
                                        job_renderers(Store(db), catalogue), batch=100,
                                        max_in_flight=4)
                start = time.perf_counter()
                stats = await dispatcher.run_once()
                elapsed = time.perf_counter() - start
    api.close()
    dup = sum(n - 1 for n in Counter(api.accepted).values() if n > 1)
    return {"sent": stats.sent, "seconds": elapsed, "rate": stats.sent / elapsed,
            "429": api.rejected, "duplicates": dup, "lost": count - len(set(api.accepted)),
            "busiest": api.busiest_second()}


async def baseline_run(count: int) -> dict[str, float]:
    api = StrictBotApi()
    bot = ExtBot("1:BENCH", base_url=api.base_url, rate_limiter=AIORateLimiter())
    lost = 0
    async with bot:
        start = time.perf_counter()
        for i in range(count):
            try:
                await bot.send_message(chat_id=100_000 + i, text="x")
            except RetryAfter:
                lost += 1
        elapsed = time.perf_counter() - start
    api.close()
    return {"sent": len(api.accepted), "seconds": elapsed, "rate": len(api.accepted) / elapsed,
            "429": api.rejected, "duplicates": 0, "lost": lost, "busiest": api.busiest_second()}


def show(name: str, r: dict[str, float]) -> None:
    print(f"{name:<34} {int(r['sent']):>6} {r['seconds']:>8.1f} {r['rate']:>8.2f}"
          f" {int(r['429']):>5} {int(r['duplicates']):>5} {int(r['lost']):>5}"
          f" {int(r['busiest']):>6}")


def main() -> None:
    import os

    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=3000)
    parser.add_argument("--baseline", type=int, default=600)
    args = parser.parse_args()
    print(f"{'run':<34} {'sent':>6} {'seconds':>8} {'msg/s':>8} {'429s':>5} {'dups':>5}"
          f" {'lost':>5} {'max/1s':>6}")
    ours = asyncio.run(dispatcher_run(args.subscribers))
    show("dispatcher + PTB sender", ours)
    if args.baseline:
        base = asyncio.run(baseline_run(args.baseline))
        show("baseline: PTB AIORateLimiter loop", base)
        print(f"achieved rate vs ceiling 30/s: {ours['rate'] / 30:.1%};"
              f" ratio to baseline delivered rate: {ours['rate'] / base['rate']:.2f}")


if __name__ == "__main__":
    main()
