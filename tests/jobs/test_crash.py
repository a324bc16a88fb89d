"""Kill a dispatcher process mid-broadcast, restart: nobody is lost, at most one repeat."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Dispatcher
from content.jobs.postings import ParseResult
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.outbox import OutboxDispatch
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers
from tests.fakes.clock import FakeClock
from tests.jobs.crash_worker import FileSender
from tests.jobs.support import SEOUL, job_catalogue, posting

ROOT = Path(__file__).resolve().parents[2]


async def test_killed_dispatcher_process_resumes_without_loss_or_extra_duplicates(tmp_path):
    db_path = tmp_path / "crash.sqlite3"
    log_path = tmp_path / "delivered.log"
    # The worker runs on the real clock: data stamped noon today is in its future between
    # 00:00 and 12:00 KST, and the worker then sent nothing (the test failed every morning).
    now = datetime.now(SEOUL)
    async with Database(db_path) as db:
        for i in range(60):
            user = await UserRepository(db).touch("telegram", f"chat{i}", now)
            # no quiet hours: the worker runs on the real clock, whatever the hour
            await AlertSettingsRepository(db).save(
                AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), now
            )
            fields = SubscriptionFields(
                keywords=(),
                frequency="instant",
            )
            await SubscriptionRepository(db).create(user.id, fields, now=now)
        await import_postings(db, ParseResult([posting("K1")]), now)

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.jobs.crash_worker", str(db_path), str(log_path),
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    for _ in range(3000):  # wait (up to ~30 s) until it is mid-broadcast
        if log_path.exists() and len(log_path.read_text().splitlines()) >= 15:
            break
        if proc.returncode is not None:
            break
        await asyncio.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    await proc.wait()
    sent_before = len(log_path.read_text().splitlines())
    assert 15 <= sent_before < 60, "the worker must be killed mid-broadcast"

    async with Database(db_path) as db:
        # restart after the dead worker's claim lease has expired
        clock = FakeClock(datetime.now(SEOUL) + timedelta(minutes=6))
        restarted = Dispatcher(
            db, {"telegram": FileSender(str(log_path), 0.0)},
            job_renderers(Store(db), job_catalogue),
            clock=clock, per_chat=0.0, rate=1000.0, worker_id="restarted",
        )
        await restarted.run_once()
        counts = await OutboxDispatch(db).status_counts()

    per_chat = Counter(log_path.read_text().splitlines())
    assert set(per_chat) == {f"chat{i}" for i in range(60)}
    assert sum(per_chat.values()) - 60 <= 1
    assert counts["sent"] == 60 and counts["claimed"] == 0 and counts["pending"] == 0
