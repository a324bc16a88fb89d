"""SIGKILL a real dispatcher process mid-push of 200 alerts, start another: the new one takes
over the dead one's claims within seconds (not after a long lease), nobody is lost, and at
most the in-flight sends repeat.

The processes are the benchmark's (``bench/crash.py --worker``: the bot's own
``build_dispatcher`` + Telegram sender + ``run_forever``) against a real SQLite file and
the fake Bot API served on 127.0.0.1. The bound is generous (30 s + pacing time + start-up
slack on a busy machine); ``python -m bench.crash`` measures the figure precisely.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter

import pytest

from bench.crash import FIRST_CHAT, ROOT, seed, start_worker, stop, worker_env
from bot.jobs.runtime import MAX_IN_FLIGHT
from tests.fakes.telegram.loopback import LoopbackBotApi

ALERTS = 200
KILL_AFTER = 60
RATE = 29


def delivered(api: LoopbackBotApi) -> dict[int, float]:
    """Each chat's first accepted alert and when it arrived."""
    first: dict[int, float] = {}
    for call in api.calls:
        if call.method == "sendMessage" and call.status == 200:
            first.setdefault(int(call.params["chat_id"]), call.at)
    return first


# The other process is a plain `goyang-bot` on GOYANG_BOT_DB, a SQLite file: make test-pg
# redirects only this process's stores (tests/postgres/test_processes.py runs two
# processes on PostgreSQL).
@pytest.mark.sqlite_only
def test_a_restarted_dispatcher_takes_over_a_killed_ones_alerts_within_seconds(tmp_path):
    db_path = tmp_path / "crash.sqlite3"
    asyncio.run(seed(db_path, ALERTS))
    api = LoopbackBotApi(limit=30)
    env = {**worker_env(db_path, api.base_url, ROOT),
           "GOYANG_BOT_PUSH_INTERVAL": "10"}
    try:
        first = start_worker(env)
        try:
            deadline = time.monotonic() + 60
            while len(api.accepted) < KILL_AFTER and time.monotonic() < deadline:
                assert first.poll() is None, "the dispatcher process stopped by itself"
                time.sleep(0.005)
            first.send_signal(signal.SIGKILL)
        finally:
            stop(first)
        sent_before = len(delivered(api))
        assert KILL_AFTER <= sent_before < ALERTS, "killed mid-push"

        restarted_at = time.monotonic()
        bound = 30 + (ALERTS - sent_before) / RATE + 10  # + start-up slack, busy machine
        second = start_worker(env)
        try:
            while len(delivered(api)) < ALERTS and time.monotonic() - restarted_at < bound:
                time.sleep(0.05)
            time.sleep(0.5)  # anything repeated late shows up too
        finally:
            stop(second)
    finally:
        api.close()

    firsts = delivered(api)
    took = max(firsts.values()) - restarted_at if firsts else float("inf")
    print(f"\nSIGKILL after {sent_before} of {ALERTS}; every alert out {took:.1f} s after"
          f" the restart (bound {bound:.0f} s)")
    assert set(firsts) == {FIRST_CHAT + i for i in range(ALERTS)}, "an alert was lost"
    assert took <= bound
    repeats = sum(n - 1 for n in Counter(api.accepted).values())
    assert repeats <= MAX_IN_FLIGHT  # the documented bound: the sends in flight at the kill
