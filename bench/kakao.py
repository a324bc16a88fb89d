"""Load test for the Kakao skill endpoint, against a bare hello endpoint in the same run.

    .venv/bin/python -m bench.kakao                 # 200 requests/s for 30 s per target
    .venv/bin/python -m bench.kakao --rate 100 --duration 10

Two servers are started on 127.0.0.1 in child processes, one after the other, each with
uvicorn and the same framework (Starlette): the bare one answers ``POST /hello`` with a
constant JSON; the real one is the app of ``goyang-bot serve`` (``POST /kakao/skill``)
with the engine, a fresh SQLite file and the bundled content.

An open-loop generator sends requests at a fixed rate (latency is measured from each
request's scheduled time, so a server that falls behind shows it) while at most
``--max-in-flight`` are outstanding; requests over that bound count as errors instead of
queueing without end. The skill requests follow a menu tour (open the menu, press each
entry, browse programs, type free text) for many distinct users; every answer is checked
against Kakao's limits. Printed: throughput, p50/p99 latency and errors for both, and the
ratio of the medians, and the server's CPU time per request (from /proc: unlike latency,
it hardly depends on what else the machine is doing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

SECRET = "bench-secret-0123456789"
SECRET_HEADER = "X-Goyang-Skill-Secret"


# -- servers (child processes) -------------------------------------------------------------


def hello_app() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    answer = {"version": "2.0", "template": {"outputs": [{"simpleText": {"text": "hello"}}]}}

    async def hello(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse(answer)

    return Starlette(routes=[Route("/hello", hello, methods=["POST"])])


def skill_app(db_path: str) -> Any:
    """What ``goyang-bot serve`` runs: the real engine, a fresh SQLite file, bundled content."""
    from bot.serve import build_serve_app
    from bot.settings import load_settings

    settings = load_settings(
        GOYANG_BOT_DB=db_path,
        KAKAO_SKILL_SECRET=SECRET,
        KAKAO_SECRET_HEADER=SECRET_HEADER,
        TELEGRAM_BOT_TOKEN="",
        LOG_LEVEL="WARNING",
    )
    return build_serve_app(settings)


def serve(kind: str, port: int, db_path: str) -> None:
    import uvicorn

    app = hello_app() if kind == "hello" else skill_app(db_path)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far; None where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if process.returncode is not None:
                raise SystemExit(f"server exited with {process.returncode}")
            try:
                await client.get(url, timeout=0.5)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    raise SystemExit("server did not start")


# -- requests ------------------------------------------------------------------------------


def skill_payload(user: str, utterance: str, action: str | None) -> bytes:
    return json.dumps(
        {
            "bot": {"id": "bench-bot", "name": "bench"},
            "intent": {"id": "fallback", "name": "폴백 블록"},
            "action": {
                "id": "skill",
                "name": "goyang",
                "params": {},
                "detailParams": {},
                "clientExtra": {"action": action} if action else {},
            },
            "userRequest": {
                "block": {"id": "fallback", "name": "폴백 블록"},
                "user": {"id": user, "type": "botUserKey", "properties": {"isFriend": True}},
                "utterance": utterance,
                "params": {"surface": "Kakaotalk.plusfriend"},
                "lang": "ko",
                "timezone": "Asia/Seoul",
            },
            "contexts": [],
        },
        ensure_ascii=False,
    ).encode()


def menu_tour() -> list[tuple[str, str | None]]:
    """(utterance, action) steps: what a curious user does on a first visit, built from the
    bundled content so every action is real: the main menu entry by entry, the program
    browser down to program cards, and free text with typos."""
    from content.catalogue import load_catalogue

    catalogue = load_catalogue()
    steps: list[tuple[str, str | None]] = [("/start", None)]
    for item in catalogue.menu:
        steps += [(item.label["ko"], item.action), ("처음으로", "core:menu")]
    steps.append(("프로그램 안내", "programs"))
    for category in catalogue.categories[:2]:
        steps.append((category.name["ko"], f"programs:cat:{category.id}"))
        for program in catalogue.programs_in(category.id)[:2]:
            steps.append((program.name["ko"], f"programs:show:{program.id}"))
    steps += [
        ("청년배당 받을수잇나", None),
        ("면접 정장 빌리고 싶어", None),
        ("화정역 근처 카페", None),
        ("/help", None),
    ]
    return steps


@dataclass
class Result:
    name: str
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    server_cpu: float | None = None  # CPU seconds the server used during the run

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def line(self) -> str:
        ok = len(self.latencies)
        lat = sorted(self.latencies)
        p50 = statistics.median(lat) * 1000 if lat else float("nan")
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
        errors = sum(self.errors.values())
        detail = f" {self.errors}" if self.errors else ""
        cpu = (
            f"  server CPU {self.server_cpu / self.sent * 1000:5.2f} ms/req"
            if self.server_cpu is not None and self.sent
            else ""
        )
        return (
            f"{self.name:<6} sent {self.sent:>6}  ok {ok:>6}  "
            f"throughput {ok / self.elapsed:6.1f}/s  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms"
            f"{cpu}  errors {errors}{detail}"
        )


class Connections:
    """A small pool of keep-alive HTTP/1.1 connections on asyncio streams.

    A load generator written with a full client library spends more CPU per request than
    the server under test (httpx: ~3.5 ms here), so it would measure itself; this one
    only writes a request and reads status line, headers and a Content-Length body.
    """

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port, self.size = host, port, size
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def open(self) -> None:
        for _ in range(self.size):
            self.idle.put_nowait(await asyncio.open_connection(self.host, self.port))

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        reader, writer = await self.idle.get()
        try:
            head = f"POST {path} HTTP/1.1\r\nhost: {self.host}\r\ncontent-length: {len(body)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
            lines = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
            status = int(lines[0].split()[1])
            length = next(
                int(line.split(b":", 1)[1])
                for line in lines[1:]
                if line.lower().startswith(b"content-length:")
            )
            answer = await reader.readexactly(length)
        except BaseException:
            writer.close()
            reader, writer = await asyncio.open_connection(self.host, self.port)
            raise
        finally:
            self.idle.put_nowait((reader, writer))
        return status, answer


async def load(
    name: str,
    port: int,
    path: str,
    bodies: list[bytes],
    headers: dict[str, str],
    *,
    rate: float,
    duration: float,
    max_in_flight: int,
    check: Any,
) -> Result:
    result = Result(name)
    total = int(rate * duration)
    in_flight = 0
    pool = Connections("127.0.0.1", port, min(max_in_flight, 32))
    await pool.open()

    async def one(body: bytes, scheduled: float) -> None:
        nonlocal in_flight
        try:
            status, answer = await asyncio.wait_for(pool.post(path, body, headers), 10)
            if status != 200:
                result.error(f"HTTP {status}")
            elif not check(answer):
                result.error("bad answer")
            else:
                result.latencies.append(time.perf_counter() - scheduled)
        except (OSError, ValueError, TimeoutError, asyncio.IncompleteReadError) as exc:
            result.error(type(exc).__name__)
        finally:
            in_flight -= 1

    tasks: list[asyncio.Task[None]] = []
    start = time.perf_counter()
    for i in range(total):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        result.sent += 1
        if in_flight >= max_in_flight:
            result.error("over in-flight bound")
            continue
        in_flight += 1
        tasks.append(asyncio.create_task(one(bodies[i % len(bodies)], scheduled)))
    await asyncio.gather(*tasks)
    result.elapsed = time.perf_counter() - start
    await pool.close()
    return result


def skill_bodies(users: int) -> list[bytes]:
    """Every user walks the tour in order, each starting at a different point of it, so
    at any moment the requests mix all steps (in lockstep, all users would hit the most
    expensive step within the same second)."""
    steps = menu_tour()
    bodies = []
    for round_ in range(len(steps)):
        for user in range(users):
            utterance, action = steps[(user + round_) % len(steps)]
            bodies.append(skill_payload(f"bench-user-{user:04d}", utterance, action))
    return bodies


def valid_skill_answer(answer: bytes) -> bool:
    from bot.channels.kakao.limits import check_skill_response

    return not check_skill_response(json.loads(answer))


async def run_target(kind: str, args: argparse.Namespace, db_path: str) -> Result:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "bench.kakao", "--serve", kind],
        *["--port", str(port), "--db", db_path],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        await wait_ready(f"http://127.0.0.1:{port}/", process)
        headers = {"content-type": "application/json"}
        if kind == "hello":
            bodies = [skill_payload("bench-user", "안녕하세요", None)]
            path, check = "/hello", lambda answer: json.loads(answer)["version"] == "2.0"
        else:
            bodies = skill_bodies(args.users)
            path, check = "/kakao/skill", valid_skill_answer
            headers[SECRET_HEADER] = SECRET
        options = dict(max_in_flight=args.max_in_flight, check=check)
        # warm-up: imports, first SQLite pages, connections
        await load(kind, port, path, bodies[:50], headers, rate=100, duration=0.5, **options)
        cpu_before = cpu_seconds(process.pid)
        result = await load(
            kind, port, path, bodies, headers, rate=args.rate, duration=args.duration, **options
        )
        cpu_after = cpu_seconds(process.pid)
        if cpu_before is not None and cpu_after is not None:
            result.server_cpu = cpu_after - cpu_before
        return result
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=args.db_dir) as tmp:
        db_path = str(Path(tmp) / "bench.sqlite3")
        print(
            f"rate {args.rate:g}/s for {args.duration:g} s per target, "
            f"{args.users} users, at most {args.max_in_flight} in flight"
        )
        hello = await run_target("hello", args, db_path)
        print(hello.line())
        skill = await run_target("skill", args, db_path)
        print(skill.line())
    if hello.latencies and skill.latencies:
        ratio50 = statistics.median(skill.latencies) / statistics.median(hello.latencies)
        print(f"ratio skill/hello p50 latency: {ratio50:.2f}x")
    if hello.server_cpu and skill.server_cpu:
        print(
            f"ratio skill/hello server CPU per request: {skill.server_cpu / hello.server_cpu:.2f}x"
        )


def add_load_arguments(parser: argparse.ArgumentParser, duration: float) -> None:
    """The load every Kakao benchmark offers: rate, seconds per target, users, in flight."""
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=duration, help="seconds per target")
    parser.add_argument("--users", type=int, default=200, help="distinct users in the tour")
    parser.add_argument("--max-in-flight", type=int, default=200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_arguments(parser, duration=30.0)
    parser.add_argument(
        "--db-dir", default=None, help="folder for the SQLite file (default: the temp folder)"
    )
    parser.add_argument("--serve", choices=["hello", "skill"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.db)
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
