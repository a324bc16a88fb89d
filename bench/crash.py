"""Crash recovery: SIGKILL a dispatcher process in the middle of a push, start a new one, and
time how long until every alert is out.

Run: ``.venv/bin/python -m bench.crash [--alerts 200] [--kill-after 60] [--trials 3]
[--code-root PATH]``

Each trial seeds a real SQLite file with ``--alerts`` subscribers and one matching posting
(one outbox row each), starts a dispatcher process (this file with ``--worker``: the bot's
own ``build_dispatcher`` + Telegram sender + ``run_forever``, configured from the
environment like the bot), lets the strict local fake Bot API (``bench/_fakes.py``: at most
30 sendMessage per rolling second) accept ``--kill-after`` messages, SIGKILLs it, starts a
second process at once, and waits until every subscriber has the alert. Printed per trial:
how many rows the dead process still held (``claimed``), seconds from the restart until the
last alert arrived, the time pacing alone needs for what was left (left / 29 per second),
duplicates and lost messages; then medians.

``--code-root`` runs the worker processes on another checkout (e.g. ``git archive`` of an
older commit unpacked in /tmp) to measure the code before a change in the same way; the
seeding always uses this checkout's schema.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
FIRST_CHAT = 100_000
TOKEN = "123456:AAFakeTokenForBenchmarksOnly_abcdefghijklm"


async def seed(db_path: Path, count: int) -> None:
    """``count`` Telegram subscribers (quiet hours off) and one posting: ``count`` alerts."""
    from bot.jobs.ingest import import_postings
    from content.jobs.postings import ParseResult, Posting
    from content.text.clock import SEOUL
    from db.database import Database
    from db.jobs import (
        AlertSettings,
        AlertSettingsRepository,
        SubscriptionFields,
        SubscriptionRepository,
    )
    from db.users import UserRepository

    now = datetime.now(SEOUL)
    async with Database(db_path) as db:
        for i in range(count):
            user = await UserRepository(db).touch("telegram", str(FIRST_CHAT + i), now)
            await AlertSettingsRepository(db).save(
                AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), now
            )
            fields = SubscriptionFields(keywords=(), frequency="instant")
            await SubscriptionRepository(db).create(user.id, fields, now=now)
        posting = Posting(source="work24", source_id="CRASH1", title="카페 바리스타 모집",
                          company="(주)고양커피", district="일산동구")
        await import_postings(db, ParseResult([posting]), now)


def worker_env(db_path: Path, base_url: str, code_root: Path) -> dict[str, str]:
    """The environment of a dispatcher process: the bot's own settings variables."""
    return {
        **os.environ,
        "PYTHONPATH": str(code_root),
        "PYTHONDONTWRITEBYTECODE": "1",
        "GOYANG_BOT_DB": str(db_path),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "LOG_LEVEL": "WARNING",
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(HERE), "--worker"]
    return subprocess.Popen(command, env=env, cwd=tempfile.gettempdir())


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()


async def claimed_rows(db_path: Path) -> int:
    from db.database import Database

    async with Database(db_path) as db:
        row = await db.fetchone("SELECT COUNT(*) FROM outbox WHERE status = 'claimed'")
    return int(row[0]) if row else 0


def trial(count: int, kill_after: int, code_root: Path, timeout: float) -> dict[str, float]:
    from bench._fakes import StrictBotApi

    api = StrictBotApi()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "crash.sqlite3"
        asyncio.run(seed(db_path, count))
        env = worker_env(db_path, api.base_url, code_root)
        first = start_worker(env)
        try:
            while len(api.accepted) < kill_after and first.poll() is None:
                time.sleep(0.005)
            first.send_signal(signal.SIGKILL)
            first.wait()
        finally:
            stop(first)
        before = len(set(api.accepted))
        held = asyncio.run(claimed_rows(db_path))
        restarted_at = time.monotonic()
        second = start_worker(env)
        try:
            while len(set(api.accepted)) < count and time.monotonic() - restarted_at < timeout:
                time.sleep(0.02)
        finally:
            stop(second)
    api.close()
    arrivals: dict[int, float] = {}
    for chat, at in zip(api.accepted, api.accepted_at, strict=True):
        arrivals.setdefault(chat, at)  # a repeat later does not delay "every alert out"
    done_at = max(arrivals.values()) if len(arrivals) == count else float("nan")
    return {
        "sent_before": before,
        "claimed": held,
        "recovery": done_at - restarted_at,
        "pacing": (count - before) / 29,
        "duplicates": sum(n - 1 for n in Counter(api.accepted).values()),
        "lost": count - len(set(api.accepted)),
        "busiest": api.busiest_second(),
    }


def run_worker() -> None:
    """One dispatcher process, wired as the bot wires it (only APIs older checkouts have too)."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.jobs.runtime import build_dispatcher, channel_senders
    from bot.runtime import configure_logging
    from bot.settings import load_settings
    from content.catalogue import load_catalogue
    from db.store import Store

    settings = load_settings()
    configure_logging(settings.log_level)

    async def main() -> None:
        catalogue = load_catalogue(settings.content_dir)
        store = await Store.open(settings.db_path)
        bot = Bot(settings.telegram_bot_token or "", base_url=settings.telegram_api_base_url,
                  request=HTTPXRequest(connection_pool_size=8))
        async with bot:
            dispatcher = build_dispatcher(store.db, lambda: catalogue,
                                          channel_senders(settings, bot))
            await dispatcher.run_forever(settings.push_interval_seconds)

    asyncio.run(main())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=200)
    parser.add_argument("--kill-after", type=int, default=60)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--code-root", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=420.0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker()
        return
    print(f"code: {args.code_root}; {args.alerts} alerts, SIGKILL after {args.kill_after}")
    print(f"{'trial':>5} {'sent':>5} {'claimed':>7} {'recovery s':>10} {'pacing s':>8}"
          f" {'dups':>5} {'lost':>5} {'max/1s':>6}")
    results = []
    for n in range(1, args.trials + 1):
        r = trial(args.alerts, args.kill_after, args.code_root.resolve(), args.timeout)
        results.append(r)
        print(f"{n:>5} {int(r['sent_before']):>5} {int(r['claimed']):>7}"
              f" {r['recovery']:>10.1f} {r['pacing']:>8.1f} {int(r['duplicates']):>5}"
              f" {int(r['lost']):>5} {int(r['busiest']):>6}", flush=True)
    median = statistics.median(r["recovery"] for r in results)
    pacing = statistics.median(r["pacing"] for r in results)
    print(f"median recovery {median:.1f} s after the restart (pacing alone: {pacing:.1f} s)")


if __name__ == "__main__":
    if sys.path and sys.path[0] == str(HERE.parent):
        sys.path.pop(0)  # run as a file: bench/ itself must not shadow packages
    if "--worker" not in sys.argv:
        sys.path.insert(0, str(ROOT))
    main()
