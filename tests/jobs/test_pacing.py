"""The pacing promise (docs/jobs.md): at most 29 messages *arrive* in any rolling second,
as a strict observer at the platform counts them, whatever the network delay of each one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.telegram.push import TelegramSender
from bot.jobs.ingest import import_postings
from bot.push.dispatcher import Dispatcher, SendResult
from bot.push.pacing import Pacer, busiest_second
from content.jobs.postings import ParseResult
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.store import Store
from db.users import UserRepository
from handlers.jobs.messages import job_renderers
from tests.fakes.clock import FakeClock
from tests.fakes.telegram.loopback import LoopbackBotApi
from tests.jobs.support import job_catalogue, posting, seoul

NOON = seoul(2026, 11, 28, 12, 0)
CATALOGUE = job_catalogue()  # read once: the renderers ask for it at every message


def catalogue():
    return CATALOGUE


class Network:
    """A sender whose message reaches the platform ``there[k]`` seconds after the request
    starts and whose answer takes ``back`` seconds more (fake time); it records arrivals."""

    def __init__(self, clock: FakeClock, there: list[float], back: float = 0.01) -> None:
        self.clock, self.there, self.back = clock, there, back
        self.arrivals: list[float] = []

    async def send(self, user, message):
        await self.clock.sleep(self.there[len(self.arrivals) % len(self.there)])
        self.arrivals.append(self.clock.monotonic())
        await self.clock.sleep(self.back)
        return SendResult.ok()


async def seeded(path, count: int) -> Database:
    db = await Database(path).connect()
    for i in range(count):
        user = await UserRepository(db).touch("telegram", str(1000 + i), NOON)
        # no quiet hours: one test runs on the real clock, whatever the hour
        await AlertSettingsRepository(db).save(
            AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), NOON
        )
        fields = SubscriptionFields(keywords=(), frequency="instant")
        await SubscriptionRepository(db).create(user.id, fields, now=NOON)
    await import_postings(db, ParseResult([posting("K1")]), NOON)
    return db


def test_busiest_second_counts_like_a_strict_observer():
    assert busiest_second([]) == 0
    assert busiest_second([0.0, 0.5, 0.999]) == 3
    assert busiest_second([0.0, 1.0, 2.0]) == 1  # exactly a second apart: a new window
    assert busiest_second([0.0, 0.9999, 1.5]) == 2


async def test_a_slow_first_message_and_a_fast_thirtieth_still_arrive_a_second_apart(tmp_path):
    """The case a strict observer caught: every 29th request slow on its way there."""
    db = await seeded(tmp_path / "pace.sqlite3", 150)
    clock = FakeClock(NOON)
    network = Network(clock, [0.03] + [0.0] * 29)
    try:
        stats = await Dispatcher(
            db, {"telegram": network}, job_renderers(Store(db), catalogue), clock=clock,
            batch=100,
        ).run_once()
    finally:
        await db.close()
    assert stats.sent == 150
    assert busiest_second(network.arrivals) <= 29
    rate = (len(network.arrivals) - 1) / (network.arrivals[-1] - network.arrivals[0])
    assert rate >= 27.0  # the margin costs one round trip per 29 messages, no more


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(0.0, 0.2), min_size=1, max_size=40), st.floats(0.0, 0.1))
async def test_the_window_holds_for_any_network_delays(there, back):
    clock = FakeClock(NOON)
    network = Network(clock, there, back)
    pacer = Pacer(clock)
    for i in range(90):
        slot = await pacer.wait_slot(f"chat{i}")
        await network.send(None, None)
        slot.done(clock.monotonic())
    assert busiest_second(network.arrivals) <= 29


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch):
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def test_a_strict_fake_bot_api_never_sees_more_than_29_in_a_second(tmp_path):
    """Real PTB over real HTTP with 4 sends in flight, the bot's setting."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    from tests.fakes.telegram.api import TOKEN

    api = LoopbackBotApi(limit=30)
    db = await seeded(tmp_path / "strict.sqlite3", 90)
    try:
        bot = Bot(TOKEN, base_url=api.base_url, request=HTTPXRequest(connection_pool_size=8))
        async with bot:
            stats = await Dispatcher(
                db, {"telegram": TelegramSender(bot)}, job_renderers(Store(db), catalogue),
                batch=100, max_in_flight=4,
            ).run_once()
    finally:
        await db.close()
        api.close()
    arrivals = [c.at for c in api.calls if c.method == "sendMessage"]
    print(f"\n90 alerts over HTTP: busiest rolling second {busiest_second(arrivals)}")
    assert stats.sent == 90 and api.rejected == 0
    assert busiest_second(arrivals) <= 29
