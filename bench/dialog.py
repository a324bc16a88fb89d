"""Dialog throughput: the full Telegram stack vs a bare PTB echo bot, in the same run.

Full stack: PTB ``process_update`` → our handlers → engine (user upsert, state load,
routing, flow, state save in SQLite WAL) → rendered ``sendMessage``/``editMessageText``
calls to an in-process fake Bot API. Baseline: a PTB echo bot on the same fake API.
Both without the outgoing rate limiter (it paces sends at 30/s, a policy, not a cost).
Besides updates/s (wall clock), the CPU time this process spent per update is printed:
on a shared machine the wall clock also counts waiting for a core, CPU time hardly does.
Last, the engine alone (``Engine.handle``, no channel) per kind of turn: a command, a
button press, typed text (routed, or read as an answer mid-flow), in µs of CPU per turn.

    .venv/bin/python -m bench.dialog [--updates 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import understanding
from bench._fakes import TOKEN, OkBotApi, callback_update, command_update, text_update
from bot.channels.telegram.channel import attach_runtime, build_application
from bot.runtime import Runtime
from bot.settings import Settings
from content.catalogue import load_catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.dialog.types import Button, Incoming, Reply, Text
from handlers.registry import build_flows

USERS = 200


def make_updates(app: Application, count: int) -> list[Update]:  # type: ignore[type-arg]
    """A realistic mix: greetings, menu presses, typed program names, typos, help."""
    bot = app.bot
    makers = [
        lambda uid: command_update(bot, "start", user_id=uid),
        lambda uid: callback_update(bot, "programs", user_id=uid),
        lambda uid: callback_update(bot, "programs:cat:jobs", user_id=uid),
        lambda uid: text_update(bot, "청년배당 받을수잇나요", user_id=uid),
        lambda uid: callback_update(bot, "programs:show:interview_suit_rental", user_id=uid),
        lambda uid: text_update(bot, "면접 정장 빌리고 싶어", user_id=uid),
        lambda uid: text_update(bot, "메뉴", user_id=uid),
        lambda uid: command_update(bot, "help", user_id=uid),
    ]
    return [makers[i % len(makers)](1000 + (i * 7) % USERS) for i in range(count)]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None and update.effective_chat is not None:
        await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, update.callback_query.data or "")
    elif update.effective_message is not None:
        await update.effective_message.reply_text(update.effective_message.text or "")


class Rate(NamedTuple):
    per_second: float  # updates per second of wall clock
    cpu_us: float  # CPU time of this process (all its threads) per update, in µs


def measure(count: int, wall_start: float, cpu_start: float) -> Rate:
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    return Rate(count / wall, cpu / count * 1e6)


async def run_bare(count: int) -> Rate:
    api = OkBotApi()
    app = ApplicationBuilder().token(TOKEN).request(api).get_updates_request(api).build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    from telegram.ext import CallbackQueryHandler

    app.add_handler(CallbackQueryHandler(echo))
    async with app:
        updates = make_updates(app, count)
        start, cpu = time.perf_counter(), time.process_time()
        for update in updates:
            await app.process_update(update)
        return measure(count, start, cpu)


STATIC_REPLY = Reply().add(
    Text("무엇을 도와드릴까요?", ((Button("메뉴", "core:menu"), Button("안내", "programs")),))
)


async def run_full(count: int, folder: Path, *, channel_only: bool = False) -> Rate:
    """The whole stack; with ``channel_only`` the engine answers a fixed reply without
    touching SQLite, which isolates what the Telegram channel itself costs."""
    db_path = folder / f"bench-{time.monotonic_ns()}.sqlite3"
    store = await Store.open(db_path)
    settings = Settings(TELEGRAM_BOT_TOKEN=TOKEN, GOYANG_BOT_DB=db_path)
    engine = Engine(store, load_catalogue(), build_flows())
    if channel_only:

        async def fixed(incoming: object) -> Reply:
            return STATIC_REPLY

        engine.handle = fixed  # type: ignore[method-assign]
    runtime = Runtime(settings, store, engine)
    api = OkBotApi()
    app = build_application(settings, runtime=runtime, request=api, rate_limiter=False)
    try:
        async with app:
            attach_runtime(app, runtime)
            updates = make_updates(app, count)
            start, cpu = time.perf_counter(), time.process_time()
            for update in updates:
                await app.process_update(update)
            return measure(count, start, cpu)
    finally:
        await store.close()


ENGINE_TURNS: dict[str, tuple[dict[str, str], ...]] = {
    "command": ({"command": "start"}, {"command": "help"}),
    "button": ({"action": "programs"}, {"action": "programs:cat:jobs"},
               {"action": "programs:show:interview_suit_rental"}),
    # the first starts the eligibility check; the others are then typed mid-flow
    "typed text": ({"text": "청년배당 받을수잇나요"}, {"text": "면접 정장 빌리고 싶어"},
                   {"text": "스물다섯"}, {"text": "메뉴"}),
}


async def run_engine(kind: str, count: int, folder: Path) -> float:
    """CPU µs per ``Engine.handle`` call for one kind of turn (users already known)."""
    store = await Store.open(folder / f"engine-{time.monotonic_ns()}.sqlite3")
    engine = Engine(store, load_catalogue(), build_flows())
    turns = ENGINE_TURNS[kind]
    incoming = [
        Incoming("telegram", str(1000 + i % USERS), language="ko", **turns[i // USERS % len(turns)])
        for i in range(count)
    ]
    try:
        for user in range(USERS):
            await engine.handle(Incoming("telegram", str(1000 + user), command="start"))
        cpu = time.process_time()
        for one in incoming:
            await engine.handle(one)
        return (time.process_time() - cpu) / count * 1e6
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else [])
    bare_rates: list[Rate] = []
    channel_rates: list[Rate] = []
    full_rates: list[Rate] = []
    engine_us: dict[str, list[float]] = {kind: [] for kind in ENGINE_TURNS}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            bare_rates.append(asyncio.run(run_bare(args.updates)))
            channel_rates.append(asyncio.run(run_full(args.updates, Path(tmp), channel_only=True)))
            full_rates.append(asyncio.run(run_full(args.updates, Path(tmp))))
            for kind, figures in engine_us.items():
                figures.append(asyncio.run(run_engine(kind, args.updates, Path(tmp))))
    bare, full, channel = (
        Rate(statistics.median(r.per_second for r in rates),
             statistics.median(r.cpu_us for r in rates))
        for rates in (bare_rates, full_rates, channel_rates)
    )
    print(f"updates per round: {args.updates}, rounds: {args.rounds} (one core, sequential)")
    for label, rate, note in (
        ("bare PTB echo bot ", bare, ""),
        ("channel only      ", channel, "  (our Telegram layer, fixed reply, no engine)"),
        ("full goyang stack ", full, ""),
    ):
        print(
            f"{label}: {rate.per_second:8.0f} updates/s (median)  {1e6 / rate.per_second:7.0f}"
            f" µs/update  {rate.cpu_us:6.0f} µs CPU/update{note}"
        )
    print(
        f"cost ratio full/bare per update: {bare.per_second / full.per_second:.2f}x wall,"
        f" {full.cpu_us / bare.cpu_us:.2f}x CPU  (target ≤ 2x, ≥ 1,000/s)"
    )
    print(
        "engine only, µs CPU per turn (median): "
        + ", ".join(f"{kind} {statistics.median(us):.0f}" for kind, us in engine_us.items())
    )
    understanding.report(rounds=args.rounds)  # what reading a typed message costs


if __name__ == "__main__":
    main(sys.argv[1:])
