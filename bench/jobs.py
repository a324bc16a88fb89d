"""Job postings: import + matching throughput, and the dispatcher's own overhead.

Run: ``.venv/bin/python -m bench.jobs [--postings 2000] [--subscriptions 10000] [--rows 5000]``

1. Parse a generated 고용24 XML list (``--postings`` postings) and import it into a fresh
   SQLite store holding ``--subscriptions`` subscriptions: upsert + matching + outbox rows,
   one transaction. Baseline in the same run: the same import with no subscriptions (the
   bare upsert). Then re-import the same file (nothing changes, nothing is queued).
2. Drain ``--rows`` due outbox rows through the dispatcher with a sender that accepts at
   once and pacing off (claims, renders, settles: the database work per message).
   Baseline: a bare loop marking the same number of rows sent one by one.

Prints medians of ``--repeat`` runs and the ratios to the baselines.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.match import vocabulary
from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Clock, Dispatcher, Pacer, SendResult
from content.catalogue import load_catalogue
from content.jobs.postings import parse_work24_xml
from content.text.clock import SEOUL
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.store import Store
from db.users import User, UserRepository
from handlers.dialog.types import Reply
from handlers.jobs.messages import job_renderers

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=SEOUL)


def work24_xml(count: int, words: list[str], rng: random.Random) -> bytes:
    districts = ["덕양구", "일산동구", "일산서구"]
    items = []
    for n in range(count):
        title = f"{rng.choice(words)} {rng.choice(words)} 모집"
        items.append(
            f"<wanted><wantedAuthNo>K{n:08d}</wantedAuthNo><company>회사{n % 500}</company>"
            f"<title>{title}</title><region>경기 고양시 {rng.choice(districts)}</region>"
            f"<empTpCd>{rng.choice(['10', '11', '20', '21'])}</empTpCd>"
            f"<career>{rng.choice(['신입', '경력', '관계없음'])}</career>"
            f"<sal>{rng.randint(200, 400)}만원</sal><closeDt>20261231</closeDt></wanted>"
        )
    return (f"<?xml version='1.0' encoding='UTF-8'?><wantedRoot><total>{count}</total>"
            + "".join(items) + "</wantedRoot>").encode()


async def seed(db: Database, count: int, words: list[str], rng: random.Random) -> None:
    users = UserRepository(db)
    subs = SubscriptionRepository(db)
    settings = AlertSettingsRepository(db)
    for i in range(count):
        user = await users.touch("telegram", str(1_000_000 + i), NOW)
        await settings.save(AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), NOW)
        fields = SubscriptionFields(
            keywords=tuple(rng.sample(words, min(len(words), rng.choice([1, 1, 2])))),
            districts=tuple(rng.sample(["덕양구", "일산동구", "일산서구"], rng.choice([0, 1]))),
            emp_type=rng.choice([None, None, "regular", "parttime"]),
            frequency=rng.choice(["instant", "instant", "daily"]),
        )
        await subs.create(user.id, fields, now=NOW)


async def timed_import(xml: bytes, subscriptions: int, words: list[str]) -> dict[str, float]:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "b.sqlite3") as db:
            await seed(db, subscriptions, words, rng)
            start = time.perf_counter()
            parsed = parse_work24_xml(xml)
            parse_s = time.perf_counter() - start
            start = time.perf_counter()
            report = await import_postings(db, parsed, NOW)
            import_s = time.perf_counter() - start
            start = time.perf_counter()
            again = await import_postings(db, parsed, NOW)
            reimport_s = time.perf_counter() - start
            assert again.inserted == 0 and again.alerts_queued == 0
    return {
        "parse": parse_s,
        "import": import_s,
        "reimport": reimport_s,
        "queued": report.alerts_queued + report.digest_items_queued,
    }


class AcceptAll:
    async def send(self, user: User, message: Reply) -> SendResult:
        return SendResult.ok()


async def timed_dispatch(rows: int) -> tuple[float, float]:
    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "d.sqlite3") as db:
            rng = random.Random(3)
            await seed(db, rows, ["바리스타"], rng)
            await db.execute(
                "UPDATE job_subscriptions SET frequency = 'instant', districts = '[]',"
                " emp_type = NULL, career = NULL"
            )
            xml = work24_xml(1, ["바리스타"], rng)
            await import_postings(db, parse_work24_xml(xml), NOW)
            clock = Clock()
            unpaced = Pacer(clock, rate=1e9, per_chat=0.0, limit=10**9, min_gap=0.0)
            dispatcher = Dispatcher(db, {"telegram": AcceptAll()},
                                    job_renderers(Store(db), lambda: catalogue),
                                    clock=clock, pacer=unpaced, batch=100)
            start = time.perf_counter()
            stats = await dispatcher.run_once()
            ours = time.perf_counter() - start
            assert stats.sent == rows, stats
            await db.execute("UPDATE outbox SET status = 'pending'")
            ids = [r[0] for r in await db.fetchall("SELECT id FROM outbox")]
            start = time.perf_counter()
            for row_id in ids:
                await db.execute("UPDATE outbox SET status = 'sent' WHERE id = ?", (row_id,))
            bare = time.perf_counter() - start
    return ours, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--subscriptions", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["import", "dispatch"], default=None)
    args = parser.parse_args()
    rng = random.Random(5)
    words = vocabulary(3000, rng)
    xml = work24_xml(args.postings, words, rng)

    if args.only != "dispatch":
        report_import(args, xml, words)
    if args.only != "import":
        report_dispatch(args)


def report_import(args: argparse.Namespace, xml: bytes, words: list[str]) -> None:
    runs = [asyncio.run(timed_import(xml, args.subscriptions, words)) for _ in range(args.repeat)]
    bases = [asyncio.run(timed_import(xml, 0, words)) for _ in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    base = {k: statistics.median(r[k] for r in bases) for k in bases[0]}
    print(f"import of {args.postings:,} postings ({len(xml) // 1024} KiB XML):")
    print(f"  parse                          {med['parse'] * 1000:8.0f} ms"
          f"  ({args.postings / med['parse']:,.0f} postings/s)")
    print(f"  import + match vs {args.subscriptions:,} subs  {med['import'] * 1000:8.0f} ms"
          f"  ({args.postings / med['import']:,.0f} postings/s, {med['queued']:,.0f} queued)")
    print(f"  baseline: import, no subs      {base['import'] * 1000:8.0f} ms"
          f"  ratio {med['import'] / base['import']:.2f}x")
    print(f"  re-import (no change)          {med['reimport'] * 1000:8.0f} ms")


def report_dispatch(args: argparse.Namespace) -> None:
    pairs = [asyncio.run(timed_dispatch(args.rows)) for _ in range(args.repeat)]
    ours = statistics.median(p[0] for p in pairs)
    bare = statistics.median(p[1] for p in pairs)
    print(f"dispatch of {args.rows:,} rows, accept-all sender, no pacing:")
    print(f"  dispatcher                     {ours:8.2f} s   ({args.rows / ours:,.0f} rows/s)")
    print(f"  baseline: bare UPDATE per row  {bare:8.2f} s   ({args.rows / bare:,.0f} rows/s)"
          f"  ratio {ours / bare:.2f}x")


if __name__ == "__main__":
    main()
