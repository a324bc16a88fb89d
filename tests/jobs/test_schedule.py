"""`jobs fetch` on the bot's own schedule: due times, backoff on errors, one fetch at a time
across processes, the last result in `alerts status`. Against the local fake 고용24 API."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest

from bot.cli import main
from bot.jobs.runtime import FETCH_TASK as FETCH_HOLDER_KEY
from bot.jobs.runtime import start_fetch, stop_dispatcher
from bot.jobs.schedule import FETCH_TASK, FetchSchedule, work24_fetch
from bot.jobs.work24 import FetchError
from bot.settings import SettingsError, load_settings
from content.jobs.postings import ParseResult
from db.store import Store
from db.tasks import TaskRuns
from tests.fakes.clock import FakeClock
from tests.jobs.support import posting, seoul
from tests.jobs.test_fetch import FakeWork24, fake_api  # noqa: F401  (fixture)

NOON = seoul(2026, 11, 28, 12, 0)


@pytest.fixture
async def store(tmp_path):
    opened = await Store.open(tmp_path / "fetch.sqlite3")
    yield opened
    await opened.close()


class Source:
    """A fetch that answers from a script: a ParseResult, or an exception to raise."""

    def __init__(self, *answers: object) -> None:
        self.answers = list(answers)
        self.calls = 0
        self.gate: asyncio.Event | None = None
        self.called = asyncio.Event()

    async def __call__(self) -> ParseResult:
        self.calls += 1
        self.called.set()
        if self.gate is not None:
            await self.gate.wait()
        answer = self.answers.pop(0) if self.answers else ParseResult([])
        if isinstance(answer, BaseException):
            raise answer
        assert isinstance(answer, ParseResult)
        return answer


def schedule(store, source, clock, **kw) -> FetchSchedule:
    return FetchSchedule(store, source, timedelta(minutes=60), now=clock.now, **kw)


async def test_a_fetch_runs_when_due_and_then_waits_for_the_interval(store):
    clock = FakeClock(NOON)
    both = ParseResult([posting("A1"), posting("A2")])
    source = Source(both, both)
    runner = schedule(store, source, clock)
    outcome = await runner.run_if_due()
    assert outcome is not None and outcome.report is not None
    assert outcome.report.inserted == 2
    clock.advance(minutes=59)
    assert await runner.run_if_due() is None and source.calls == 1
    clock.advance(minutes=1)
    assert (await runner.run_if_due()) is not None and source.calls == 2
    run = await TaskRuns(store.db).get(FETCH_TASK)
    assert run.holder is None and run.failures == 0 and run.last_error is None
    assert run.next_run_at == NOON + timedelta(minutes=120)
    assert run.last_result["inserted"] == 0 and run.last_result["skipped"] == 2


async def test_errors_back_off_5_10_20_minutes_and_a_success_resets(store):
    clock = FakeClock(NOON)
    down = FetchError("page 1: server error 503 after 4 tries")
    source = Source(down, down, down, ParseResult([posting("B1")]))
    runner = schedule(store, source, clock)
    waits = []
    for _ in range(3):
        outcome = await runner.run_if_due()
        assert outcome is not None and outcome.error == str(down)
        run = await TaskRuns(store.db).get(FETCH_TASK)
        waits.append(run.next_run_at - clock.now())
        clock.advance(seconds=(run.next_run_at - clock.now()).total_seconds() - 1)
        assert await runner.run_if_due() is None  # not before the backoff ends
        clock.advance(1)
    assert waits == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]
    assert (await TaskRuns(store.db).get(FETCH_TASK)).failures == 3
    outcome = await runner.run_if_due()
    assert outcome is not None and outcome.report.inserted == 1
    run = await TaskRuns(store.db).get(FETCH_TASK)
    assert run.failures == 0 and run.last_error is None
    assert runner.retry_delay(30) == timedelta(hours=6)  # never more than the cap


async def test_an_unexpected_error_is_recorded_by_its_type_only(store):
    clock = FakeClock(NOON)
    runner = schedule(store, Source(RuntimeError("https://x?authKey=SECRET")), clock)
    outcome = await runner.run_if_due()
    assert outcome.error == "RuntimeError"
    assert "SECRET" not in str((await TaskRuns(store.db).get(FETCH_TASK)).last_error)


async def test_only_one_process_fetches_at_a_time(store, tmp_path):
    clock = FakeClock(NOON)
    slow = Source(ParseResult([posting("C1")]))
    slow.gate = asyncio.Event()
    other_store = await Store.open(tmp_path / "fetch.sqlite3")  # a second process' connection
    try:
        first = schedule(store, slow, clock, holder="bot-1")
        second_source = Source(ParseResult([posting("C2")]))
        second = schedule(other_store, second_source, clock, holder="bot-2")
        running = asyncio.create_task(first.run_if_due())
        await slow.called.wait()
        assert await second.run_if_due() is None
        assert await second.run_if_due(force=True) is None  # not even by hand
        slow.gate.set()
        assert (await running).report.inserted == 1
        assert second_source.calls == 0
    finally:
        await other_store.close()


async def test_a_holder_that_died_mid_fetch_loses_the_lease(store):
    clock = FakeClock(NOON)
    runs = TaskRuns(store.db)
    assert await runs.acquire(FETCH_TASK, "dead", NOON, timedelta(minutes=30)) is not None
    runner = schedule(store, Source(ParseResult([posting("D1")])), clock)
    assert await runner.run_if_due() is None
    clock.advance(minutes=30)
    assert (await runner.run_if_due()).report.inserted == 1
    assert not await runs.finish(FETCH_TASK, "dead", clock.now(), clock.now(), error="late")


def settings_for(url: str, tmp_path, **env: str):
    return load_settings(WORK24_AUTH_KEY="KEY", WORK24_URL=url,
                         GOYANG_BOT_DB=str(tmp_path / "fetch.sqlite3"), **env)


async def test_the_running_bot_fetches_from_the_api_by_itself(store, fake_api, tmp_path):  # noqa: F811
    fake, url = fake_api
    fake.total = 7
    runtime = SimpleNamespace(store=store, settings=settings_for(url, tmp_path))
    holder: dict = {}
    start_fetch(holder, runtime)
    try:
        for _ in range(500):
            run = await TaskRuns(store.db).get(FETCH_TASK)
            if run is not None and run.last_ok_at is not None:
                break
            await asyncio.sleep(0.02)
    finally:
        await stop_dispatcher(holder)
    assert FETCH_HOLDER_KEY not in holder
    assert run.last_result["inserted"] == 7 and fake.requests[0]["authKey"] == ["KEY"]


async def test_no_schedule_without_a_key_or_with_zero_minutes(store, tmp_path):
    off = load_settings(WORK24_FETCH_MINUTES="0", WORK24_AUTH_KEY="KEY")
    assert FetchSchedule.from_settings(store, off) is None
    assert FetchSchedule.from_settings(store, load_settings(WORK24_AUTH_KEY="")) is None
    on = FetchSchedule.from_settings(store, load_settings(WORK24_AUTH_KEY="K"))
    assert on is not None and on.every == timedelta(minutes=60)


@pytest.mark.parametrize(("value", "message"), [
    ("3", "at least 5 minutes"), ("abc", "valid integer"), ("-1", "greater than or equal"),
])
def test_a_wrong_fetch_interval_is_refused_naming_the_variable(value, message):
    with pytest.raises(SettingsError, match=f"WORK24_FETCH_MINUTES: .*{message}"):
        load_settings(WORK24_FETCH_MINUTES=value)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("GOYANG_BOT_DB", str(tmp_path / "cli.sqlite3"))
    for name in ("TELEGRAM_BOT_TOKEN", "WORK24_AUTH_KEY", "WORK24_URL", "WORK24_FETCH_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "cli.sqlite3"


def test_alerts_status_shows_the_last_fetch_and_its_error(cli_env, fake_api, monkeypatch,  # noqa: F811
                                                           capsys):
    fake, url = fake_api
    fake.total = 3
    assert main(["alerts", "status"]) == 0
    assert "고용24 fetch: off (WORK24_AUTH_KEY is not set)" in capsys.readouterr().out
    monkeypatch.setenv("WORK24_AUTH_KEY", "KEY")
    monkeypatch.setenv("WORK24_URL", url)
    monkeypatch.setenv("WORK24_FETCH_MINUTES", "30")
    assert main(["jobs", "fetch"]) == 0
    fake.failures = ["badkey"]
    assert main(["jobs", "fetch"]) == 1
    capsys.readouterr()
    assert main(["alerts", "status"]) == 0
    out = capsys.readouterr().out
    assert "고용24 fetch: every 30 min" in out
    assert "last ok" in out and "inserted 3, updated 0, bad 0" in out
    assert "failed (1 in a row): page 1:" in out and "인증키가 유효하지 않습니다" in out
    assert "next " in out


def test_jobs_fetch_while_another_fetch_runs_exits_four(cli_env, fake_api, monkeypatch,  # noqa: F811
                                                         capsys):
    _, url = fake_api
    monkeypatch.setenv("WORK24_AUTH_KEY", "KEY")
    monkeypatch.setenv("WORK24_URL", url)

    async def hold() -> None:
        store = await Store.open(cli_env)
        try:
            now = seoul(2030, 1, 1)  # the bot took it; its lease runs long past now
            await TaskRuns(store.db).acquire(FETCH_TASK, "the-bot", now, timedelta(days=1))
        finally:
            await store.close()

    asyncio.run(hold())
    assert main(["jobs", "fetch"]) == 4
    assert "another fetch is running" in capsys.readouterr().err


def test_work24_fetch_builds_a_client_per_call(fake_api, tmp_path):  # noqa: F811
    fake, url = fake_api
    fake.total = 2
    fetch = work24_fetch(settings_for(url, tmp_path), max_pages=1)
    assert len(asyncio.run(fetch()).postings) == 2
    assert len(asyncio.run(fetch()).postings) == 2
