"""The terminal chat is a channel too: a job alert, a booking reminder or a staff decision
queued for its user is printed in the chat as it comes due, and the bot leaves those rows
to the chat. The README's three steps, run for real: subscribe in `goyang-bot chat`, import
the sample postings file from another process, watch the alert appear."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path

import pytest

from bot.channels.console.chat import ConsoleChat, run_console
from bot.channels.console.push import console_pushes
from bot.cli import main
from bot.jobs.ingest import import_postings
from bot.jobs.runtime import build_dispatcher
from content.jobs.postings import ParseResult
from db.jobs import AlertSettings, SubscriptionFields
from db.outbox import OutboxDispatch, OutboxRepository
from handlers.dialog.engine import Engine
from tests.fakes.clock import FakeClock
from tests.jobs.support import ScriptedSender, posting

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "docs" / "examples" / "postings.csv"
# 채용 알림 → 새 알림 → keywords → 다음 (all of Goyang) → 상관없음 → 상관없음 → 바로 받기
# → 밤에도 받을게요 → 저장
SUBSCRIBE = ["채용 알림", "1", "바리스타", "5", "4", "3", "1", "2", "1"]


async def read_until(stream: asyncio.StreamReader, needle: str, seconds: float) -> str:
    seen = ""
    async with asyncio.timeout(seconds):
        while needle not in seen:
            chunk = await stream.read(4096)
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
    return seen


# The other process is a plain `goyang-bot` on GOYANG_BOT_DB, a SQLite file: make test-pg
# redirects only this process's stores (tests/postgres/test_processes.py runs two
# processes on PostgreSQL).
@pytest.mark.sqlite_only
async def test_an_alert_appears_in_a_running_terminal_chat(tmp_path, monkeypatch):
    db_path = tmp_path / "console.sqlite3"
    env = {**os.environ, "GOYANG_BOT_DB": str(db_path), "PYTHONPATH": str(ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    chat = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "chat", cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    assert chat.stdin is not None and chat.stdout is not None
    try:
        await read_until(chat.stdout, "무엇을 도와드릴까요", 60)
        chat.stdin.write(("\n".join(SUBSCRIBE) + "\n").encode())
        await chat.stdin.drain()
        screen = await read_until(chat.stdout, "알림을 저장했어요", 60)
        assert "바리스타" in screen

        # another terminal: goyang-bot jobs import docs/examples/postings.csv
        monkeypatch.setenv("GOYANG_BOT_DB", str(db_path))
        assert await asyncio.to_thread(main, ["jobs", "import", str(SAMPLE)]) == 0

        pushed = await read_until(chat.stdout, "[예시] 카페 바리스타 모집", 30)
        assert "예시카페 (샘플)" in pushed
        assert "사무보조" not in pushed  # only what the alert asked for
        assert "이 알림 그만 받기" in pushed  # its buttons are the numbers on screen now
        chat.stdin.write(b"/quit\n")
        await chat.stdin.drain()
        assert await asyncio.wait_for(chat.wait(), 30) == 0
    finally:
        if chat.returncode is None:
            chat.kill()
            await chat.wait()


async def test_a_due_alert_is_printed_and_its_buttons_become_the_numbers(engine: Engine):
    store = engine.store
    clock = FakeClock()
    user = await store.users.touch("console", "local", clock.now())
    await store.subscriptions.create(
        user.id, SubscriptionFields(keywords=("바리스타",), frequency="instant"), now=clock.now()
    )
    await store.alert_settings.save(
        AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), clock.now())
    await import_postings(store.db, ParseResult([posting("P1")]), clock.now())
    out: list[str] = []
    chat = ConsoleChat(engine)
    async with console_pushes(chat, out.append, interval=0.05, clock=clock):
        for _ in range(300):
            if any("카페 바리스타 모집" in line for line in out):
                break
            await asyncio.sleep(0.02)
    screen = "\n".join(out)
    assert "카페 바리스타 모집" in screen and "(주)고양커피" in screen
    stop = chat.parse("1")  # the alert's first button, as a tap on Telegram
    assert stop.action is not None and stop.action.startswith("jobs:stop:")
    assert (await OutboxDispatch(store.db).status_counts())["sent"] == 1


async def test_the_bot_leaves_console_rows_to_the_chat_and_the_chat_leaves_the_rest(
    engine: Engine,
):
    db = engine.store.db
    clock = FakeClock()
    now = clock.now()
    console = await engine.store.users.touch("console", "local", now)
    telegram = await engine.store.users.touch("telegram", "42", now)
    for user in (console, telegram):
        await OutboxRepository(db).enqueue(user.id, "mystery", "k", {}, not_before=now, now=now)
    bot = build_dispatcher(db, lambda: engine.catalogue, {"telegram": ScriptedSender(clock)},
                           clock=clock)
    assert (await bot.run_once()).claimed == 1  # the telegram row only
    assert (await OutboxDispatch(db).status_counts())["pending"] == 1  # the console one waits
    chat = ConsoleChat(engine)
    async with console_pushes(chat, [].append, interval=0.05, clock=clock):
        for _ in range(300):
            if (await OutboxDispatch(db).status_counts())["pending"] == 0:
                break
            await asyncio.sleep(0.02)
    counts = await OutboxDispatch(db).status_counts()
    assert counts["pending"] == 0 and counts["failed"] == 2  # an unknown kind, either way


async def test_without_pushes_the_chat_runs_as_before(engine: Engine):
    out: list[str] = []
    await run_console(engine, stdin=io.StringIO("/quit\n"), write=out.append, pushes=False)
    assert out[-1] == "안녕히 가세요! 👋"
