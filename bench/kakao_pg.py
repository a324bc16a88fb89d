"""The Kakao skill on PostgreSQL with several workers, beside one worker on SQLite, one run.

    .venv/bin/python -m bench.kakao_pg --db postgresql://USER@HOST/DB --workers 2
    # on a throwaway server (make test-pg's):
    .venv/bin/python -m tests.postgres.throwaway -- \\
        sh -c '.venv/bin/python -m bench.kakao_pg --db "$GOYANG_BOT_TEST_PG" --workers 2'

Both targets are the app of ``goyang-bot serve`` driven by ``bench.kakao``'s open-loop
generator and menu tour: one uvicorn worker on a fresh SQLite file, and ``--workers`` uvicorn
workers on a fresh schema of the PostgreSQL database (dropped at the end). Printed for each:
throughput and p50/p99 at ``--rate``, the server's CPU per request (all its processes), and
the highest rate of ``--sweep`` held with p99 ≤ ``--p99-ms`` and no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.kakao import (
    SECRET,
    SECRET_HEADER,
    Result,
    add_load_arguments,
    cpu_seconds,
    free_port,
    load,
    serve,
    skill_app,
    skill_bodies,
    valid_skill_answer,
    wait_ready,
)

DB_ENV = "BENCH_KAKAO_DB"


def app_from_env() -> Any:
    """One worker's app (uvicorn imports this in each worker process)."""
    return skill_app(os.environ[DB_ENV])


def serve_workers(port: int, db: str, workers: int) -> None:
    import uvicorn

    if workers == 1:
        serve("skill", port, db)
        return
    os.environ[DB_ENV] = db
    uvicorn.run("bench.kakao_pg:app_from_env", factory=True, workers=workers,
                host="127.0.0.1", port=port, log_level="warning", access_log=False)


def tree_cpu(pid: int) -> float | None:
    """CPU seconds used so far by a process and its children (uvicorn's workers)."""
    own = cpu_seconds(pid)
    if own is None:
        return None
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return own + sum(tree_cpu(int(child)) or 0.0 for child in children)


def p99(result: Result) -> float:
    lat = sorted(result.latencies)
    return lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("inf")


async def run_target(name: str, db: str, workers: int, args: argparse.Namespace) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.kakao_pg", "--serve", "--port", str(port),
        "--db", db, "--workers", str(workers),
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        await wait_ready(f"http://127.0.0.1:{port}/", process)
        bodies = skill_bodies(args.users)
        headers = {"content-type": "application/json", SECRET_HEADER: SECRET}
        options: dict[str, Any] = dict(max_in_flight=args.max_in_flight,
                                       check=valid_skill_answer)
        await load(name, port, "/kakao/skill", bodies[:100], headers, rate=100, duration=1,
                   **options)  # warm-up: every worker imports, connects, reads content
        before = tree_cpu(process.pid)
        result = await load(name, port, "/kakao/skill", bodies, headers, rate=args.rate,
                            duration=args.duration, **options)
        after = tree_cpu(process.pid)
        if before is not None and after is not None:
            result.server_cpu = after - before
        print(result.line(), flush=True)
        held = 0.0
        for rate in args.sweep:
            step = await load(name, port, "/kakao/skill", bodies, headers, rate=rate,
                              duration=args.sweep_duration, **options)
            ok = not step.errors and p99(step) * 1000 <= args.p99_ms
            print(f"  {name} at {rate:g}/s: p99 {p99(step) * 1000:7.2f} ms"
                  f"  errors {sum(step.errors.values())}  {'held' if ok else 'not held'}",
                  flush=True)
            if not ok:
                break
            held = rate
        print(f"{name}: highest rate held with p99 <= {args.p99_ms:g} ms: {held:g}/s", flush=True)
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()


def fresh_schema(url: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in url else "?"
    return schema, f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


async def main_async(args: argparse.Namespace) -> None:
    print(f"rate {args.rate:g}/s for {args.duration:g} s per target, {args.users} users;"
          f" sweep {args.sweep} for {args.sweep_duration:g} s each", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        await run_target("sqlite x1", str(Path(tmp) / "bench.sqlite3"), 1, args)
    schema, url = fresh_schema(args.db)
    try:
        await run_target(f"pg x{args.workers}", url, args.workers, args)
    finally:
        drop_schema(args.db, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="postgresql://… (a schema is made in it)")
    parser.add_argument("--workers", type=int, default=2)
    add_load_arguments(parser, duration=20.0)
    parser.add_argument("--sweep", type=float, nargs="*", default=[100, 200, 300, 400, 600])
    parser.add_argument("--sweep-duration", type=float, default=8.0)
    parser.add_argument("--p99-ms", type=float, default=100.0)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_workers(args.port, args.db, args.workers)
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
