"""`jobs fetch` on the bot's own schedule: 고용24 every ``WORK24_FETCH_MINUTES``.

When ``WORK24_AUTH_KEY`` is set (and ``WORK24_FETCH_MINUTES`` is not 0), the running bot
(``run``, ``telegram``, ``serve``) keeps a task that looks every ``tick`` seconds whether a
fetch is due and, if so, fetches every page for Goyang and imports it exactly like
``goyang-bot jobs fetch`` (alerts are queued in the import's transaction and go out with
the dispatcher's next pass).

* **One at a time across processes.** A fetch first takes the ``task_runs`` lease
  (``db/tasks.py``); a second bot process, or ``jobs fetch`` by hand or from cron, finds it
  taken and does nothing. A holder that dies mid-fetch loses the lease after ``lease``.
* **Schedule.** After a success the next fetch is due ``every`` after this one started.
* **Backoff.** After an error (the API down after the client's own retries, a wrong key, a
  database error) the next try waits ``backoff`` · 2^(errors in a row − 1), at most
  ``max_backoff`` (5, 10, 20 … minutes up to 6 h), so a broken key or an outage is not
  hammered; the first success resets it.
* **Visible.** The last run (when, inserted/updated/bad, alerts queued, or the error) is
  kept in ``task_runs`` and shown by ``goyang-bot alerts status``; each run is audited.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.jobs.ingest import ImportReport, import_postings
from bot.jobs.work24 import FetchError, Work24Client
from content.jobs.postings import ParseResult
from content.text.clock import SEOUL
from db.store import Store
from db.tasks import TaskRun, TaskRuns

log = logging.getLogger(__name__)
FETCH_TASK = "work24_fetch"
Fetch = Callable[[], Awaitable[ParseResult]]


def seoul_now() -> datetime:
    return datetime.now(SEOUL)


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What one fetch did: the import report, or the error that stopped it."""

    report: ImportReport | None = None
    error: str | None = None


def work24_fetch(settings: Any, *, max_pages: int = 10, display: int = 100,
                 region: str = "41280") -> Fetch:
    """The configured 고용24 client's ``fetch_all`` as a callable (a new client each time)."""

    async def fetch() -> ParseResult:
        key = str(settings.work24_auth_key or "")
        async with Work24Client(key, base_url=settings.work24_url) as client:
            return await client.fetch_all(display=display, max_pages=max_pages, region=region)

    return fetch


def result_of(report: ImportReport) -> dict[str, int]:
    return {
        "inserted": report.inserted,
        "updated": report.updated,
        "skipped": report.skipped,
        "bad": len(report.bad),
        "alerts": report.alerts_queued,
        "digest_items": report.digest_items_queued,
    }


@dataclass(slots=True)
class FetchSchedule:
    store: Store
    fetch: Fetch
    every: timedelta
    holder: str = ""
    lease: timedelta = timedelta(minutes=30)
    backoff: timedelta = timedelta(minutes=5)
    max_backoff: timedelta = timedelta(hours=6)
    now: Callable[[], datetime] = seoul_now

    def __post_init__(self) -> None:
        self.holder = self.holder or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    @classmethod
    def from_settings(cls, store: Store, settings: Any) -> FetchSchedule | None:
        """The bot's schedule, or None when it is off (no key, or 0 minutes)."""
        minutes = int(getattr(settings, "work24_fetch_minutes", 0) or 0)
        if not getattr(settings, "work24_auth_key", None) or minutes <= 0:
            return None
        return cls(store, work24_fetch(settings), timedelta(minutes=minutes))

    def retry_delay(self, failures: int) -> timedelta:
        """The wait after ``failures`` errors in a row (≥ 1)."""
        steps = min(max(failures, 1) - 1, 16)
        delay: timedelta = self.backoff * (1 << steps)
        return min(delay, self.max_backoff)

    async def run_if_due(self, *, force: bool = False, actor: str = "bot") -> FetchOutcome | None:
        """Fetch and import if due (``force``: now, as ``jobs fetch`` does) and nobody else
        is fetching; None when it did not run."""
        runs = TaskRuns(self.store.db)
        started = self.now()
        taken = await runs.acquire(FETCH_TASK, self.holder, started, self.lease, force=force)
        if taken is None:
            return None
        try:
            report = await import_postings(self.store.db, await self.fetch(), self.now())
        except asyncio.CancelledError:  # shutting down: the next start may fetch at once
            await runs.finish(FETCH_TASK, self.holder, self.now(), self.now(),
                              error="interrupted")
            raise
        except Exception as exc:
            return await self._failed(runs, taken, exc)
        result = result_of(report)
        await runs.finish(FETCH_TASK, self.holder, self.now(), started + self.every,
                          result=result)
        await self.store.audit.record(self.now(), actor, "jobs_fetch",
                                      f"work24: {report.summary()}")
        if report.inserted or report.updated:
            log.info("고용24 fetch: %s", report.summary())
        return FetchOutcome(report=report)

    async def _failed(self, runs: TaskRuns, taken: TaskRun, exc: Exception) -> FetchOutcome:
        # A FetchError's message names the page and the problem, never the key; anything
        # else is reported by its type only (a message might carry a URL with the key).
        error = str(exc) if isinstance(exc, FetchError) else f"{type(exc).__name__}"
        delay = self.retry_delay(taken.failures + 1)
        now = self.now()
        await runs.finish(FETCH_TASK, self.holder, now, now + delay, error=error)
        log.warning("고용24 fetch failed (%d in a row; next try in %d min): %s",
                    taken.failures + 1, delay.total_seconds() // 60, error)
        return FetchOutcome(error=error)

    async def run_forever(self, tick: float = 30.0) -> None:
        """Look every ``tick`` seconds whether a fetch is due, until cancelled."""
        while True:
            try:
                await self.run_if_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database busy or gone for a moment: try next tick
                log.exception("scheduled 고용24 fetch could not start")
            await asyncio.sleep(tick)
