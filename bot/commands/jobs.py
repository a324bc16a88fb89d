"""Operator commands for job postings and alerts.

goyang-bot jobs import FILE   import postings: 고용24 XML (wantedRoot/wanted) or JSON, or a CSV
                              whose header uses the same names (wantedAuthNo,company,title,...;
                              see content/jobs/postings.py). Prints inserted/updated/skipped counts
                              and every bad record with its position. Exit 0 = all good, 3 = some
                              records were bad (the good ones were imported), 1 = file refused.
goyang-bot jobs fetch         pull Goyang (region 41280) postings from the 고용24 Open API
                              (WORK24_AUTH_KEY), then import them like a file. Exit 1 on failure,
                              4 when another fetch is running (the bot fetches by itself every
                              WORK24_FETCH_MINUTES; see bot/jobs/schedule.py).
goyang-bot alerts send        one dispatcher pass: queue due digests, push due alerts (Telegram).
goyang-bot alerts status      subscribers, postings, outbox rows by status, the last 고용24 fetch.

Each import matches new postings to subscriptions and queues alerts in the same transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import action, command_group, with_store
from bot.jobs.ingest import ImportReport, import_postings
from bot.settings import Settings
from content.jobs.postings import ParseResult, PostingFileError, parse_postings_file
from content.text.clock import SEOUL
from db.store import Store
from handlers.jobs.manage import job_stats

if TYPE_CHECKING:
    from bot.jobs.schedule import FetchOutcome
    from db.tasks import TaskRun

MAX_FILE_BYTES = 50 * 1024 * 1024
EXIT_PARTIAL = 3
EXIT_BUSY = 4


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    jobs_actions = command_group(sub, "jobs", "import or fetch job postings")
    imp = action(jobs_actions, "import",
                 "import postings from a 고용24 XML/JSON response or a CSV file", cmd_import)
    imp.add_argument("file", type=Path, help="a .xml, .json or .csv file")
    fetch = action(jobs_actions, "fetch",
                   "pull Goyang postings from the 고용24 Open API (needs WORK24_AUTH_KEY)",
                   cmd_fetch)
    fetch.add_argument("--pages", type=int, default=10, help="at most this many pages (10)")
    fetch.add_argument("--display", type=int, default=100, help="postings per page (≤100)")
    fetch.add_argument("--region", default="41280", help="고용24 region code (41280 고양시)")

    alert_actions = command_group(sub, "alerts", "push job alerts, or see their status")
    action(alert_actions, "send", "one pass: send every alert that is due", cmd_send)
    action(alert_actions, "status", "subscribers, postings, outbox counts", cmd_status)


def now_seoul() -> datetime:
    return datetime.now(SEOUL)


def print_report(name: str, report: ImportReport) -> None:
    for bad in report.bad:
        print(f"{name}: {bad}")
    print(report.summary())


async def _import(store: Store, parsed: ParseResult, actor: str, name: str) -> ImportReport:
    now = now_seoul()
    report = await import_postings(store.db, parsed, now)
    await store.audit.record(now, actor, "jobs_import", f"{name}: {report.summary()}")
    return report


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    path: Path = args.file
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            print(f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB", file=sys.stderr)
            return 1
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read ({exc.strerror or exc})", file=sys.stderr)
        return 1
    try:
        parsed = parse_postings_file(path.name, data)
    except PostingFileError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 1
    report = with_store(settings, lambda store: _import(store, parsed, "cli", path.name))
    print_report(path.name, report)
    return EXIT_PARTIAL if report.bad else 0


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs.schedule import FetchSchedule, work24_fetch
    from bot.jobs.work24 import AUTH_ENV

    if not settings.work24_auth_key:
        print(f"{AUTH_ENV}: is not set (the 고용24 Open API auth key)", file=sys.stderr)
        return 2
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs carry the key
    fetch = work24_fetch(settings, max_pages=args.pages, display=args.display,
                         region=args.region)

    async def run(store: Store) -> FetchOutcome | None:
        # The same lease as the bot's schedule: never two fetches at once.
        every = timedelta(minutes=settings.work24_fetch_minutes or 60)
        schedule = FetchSchedule(store, fetch, every)
        return await schedule.run_if_due(force=True, actor="cli")

    outcome = with_store(settings, run)
    if outcome is None:
        print("고용24: another fetch is running (the bot's schedule, or another"
              " `jobs fetch`); try again later", file=sys.stderr)
        return EXIT_BUSY
    if outcome.report is None:
        print(f"고용24: {outcome.error}", file=sys.stderr)
        return 1
    print_report("work24", outcome.report)
    return EXIT_PARTIAL if outcome.report.bad else 0


def cmd_send(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        print("TELEGRAM_BOT_TOKEN: is not set (alerts go out through Telegram)", file=sys.stderr)
        return 2
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.jobs.runtime import build_dispatcher, channel_senders
    from content.catalogue import load_catalogue

    async def run() -> int:
        catalogue = load_catalogue(settings.content_dir)
        store = await Store.open(settings.db_path)
        try:
            bot = Bot(
                settings.telegram_bot_token or "",
                base_url=settings.telegram_api_base_url,
                request=HTTPXRequest(connection_pool_size=8),  # sends overlap (max_in_flight)
            )
            async with bot:
                dispatcher = build_dispatcher(
                    store.db, lambda: catalogue, channel_senders(settings, bot)
                )
                stats = await dispatcher.run_once()
        finally:
            await store.close()
        print(
            f"sent {stats.sent}, deferred {stats.deferred}, retried {stats.retried},"
            f" rate-limited {stats.rate_limited}, failed {stats.failed},"
            f" dropped {stats.dropped}, blocked users {stats.blocked_users}"
        )
        return 0

    return asyncio.run(run())


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs.schedule import FETCH_TASK
    from db.tasks import TaskRuns

    async def run(store: Store) -> tuple[dict[str, int], TaskRun | None]:
        stats = await job_stats(store, now_seoul().date())
        return stats, await TaskRuns(store.db).get(FETCH_TASK)

    stats, fetch = with_store(settings, run)
    print(
        f"subscribers {stats['subscribers']}, alerts {stats['subscriptions']}"
        f" ({stats['active']} on); postings {stats['postings']} ({stats['open']} open)"
    )
    print(
        f"outbox (jobs): pending {stats['pending']}, sending {stats['claimed']},"
        f" sent {stats['sent']}, failed {stats['failed']}, dropped {stats['dropped']}"
    )
    for line in fetch_status(fetch, settings):
        print(line)
    return 0


def _at(moment: datetime | None) -> str:
    return moment.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M") if moment else "-"


def fetch_status(run: TaskRun | None, settings: Settings) -> list[str]:
    """The 고용24 fetch lines of ``alerts status``: schedule, last success, last error."""
    if not settings.work24_auth_key:
        schedule = "off (WORK24_AUTH_KEY is not set)"
    elif not settings.work24_fetch_minutes:
        schedule = "off (WORK24_FETCH_MINUTES=0; `jobs fetch` by hand or cron)"
    else:
        schedule = f"every {settings.work24_fetch_minutes} min"
    lines = [f"고용24 fetch: {schedule}"]
    if run is None or run.last_started_at is None:
        return [*lines, "  never fetched yet"]
    if run.last_ok_at is not None:
        r = run.last_result
        lines.append(
            f"  last ok {_at(run.last_ok_at)}: inserted {r.get('inserted', 0)},"
            f" updated {r.get('updated', 0)}, bad {r.get('bad', 0)};"
            f" queued {r.get('alerts', 0)} alerts, {r.get('digest_items', 0)} digest items"
        )
    if run.last_error:
        lines.append(
            f"  last try {_at(run.last_finished_at)} failed ({run.failures} in a row):"
            f" {run.last_error}"
        )
    if run.holder:
        lines.append(f"  fetching now (since {_at(run.last_started_at)})")
    elif run.next_run_at is not None and schedule.startswith("every"):
        lines.append(f"  next {_at(run.next_run_at)}")
    return lines
