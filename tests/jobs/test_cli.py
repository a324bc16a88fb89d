"""`goyang-bot jobs import|fetch` and `alerts send|status`: output and exit codes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.store import Store
from tests.fakes.telegram import TOKEN
from tests.fakes.telegram import LoopbackBotApi as StrictBotApi
from tests.jobs.support import DATA
from tests.jobs.test_fetch import FakeWork24, fake_api  # noqa: F401  (fixture)


@pytest.fixture
def env(tmp_path, monkeypatch) -> Path:
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("GOYANG_BOT_DB", str(db))
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    for name in ("TELEGRAM_BOT_TOKEN", "WORK24_AUTH_KEY", "WORK24_URL"):
        monkeypatch.delenv(name, raising=False)
    return db


def test_import_reports_counts_and_bad_records_and_is_idempotent(env, capsys):
    assert main(["jobs", "import", str(DATA / "work24_list.xml")]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "work24_list.xml: record 3: closeDt: month must be in 1..12",
        "work24_list.xml: record 4: wantedAuthNo: is missing",
        "inserted 2, updated 0, skipped 0, bad 2; queued 0 alerts, 0 digest items",
    ]
    assert main(["jobs", "import", str(DATA / "work24_list.xml")]) == 3
    assert "inserted 0, updated 0, skipped 2" in capsys.readouterr().out


def test_import_of_a_clean_csv_exits_zero(env, tmp_path, capsys):
    path = tmp_path / "ok.csv"
    path.write_text("wantedAuthNo,company,title\nA1,회사,바리스타\n", encoding="utf-8")
    assert main(["jobs", "import", str(path)]) == 0
    assert "inserted 1" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.xml", b"<wantedRoot><wanted>", "not readable XML"),
        ("broken.csv", b"title\nx\n", "lacks column(s)"),
        ("missing.json", None, "cannot read"),
    ],
)
def test_unreadable_files_exit_one_with_the_reason(env, tmp_path, capsys, name, data, message):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert main(["jobs", "import", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_fetch_pulls_from_the_api_and_imports(env, fake_api, monkeypatch, capsys):  # noqa: F811
    fake, url = fake_api
    fake.total = 7
    monkeypatch.setenv("WORK24_AUTH_KEY", "KEY123")
    monkeypatch.setenv("WORK24_URL", url)
    assert main(["jobs", "fetch"]) == 0
    assert "inserted 7" in capsys.readouterr().out
    assert fake.requests[0]["authKey"] == ["KEY123"]


def test_fetch_without_a_key_exits_two(env, capsys):
    assert main(["jobs", "fetch"]) == 2
    assert "WORK24_AUTH_KEY" in capsys.readouterr().err


def test_fetch_with_a_wrong_key_exits_one(env, fake_api, monkeypatch, capsys):  # noqa: F811
    fake, url = fake_api
    fake.failures = ["badkey"]
    monkeypatch.setenv("WORK24_AUTH_KEY", "WRONG")
    monkeypatch.setenv("WORK24_URL", url)
    assert main(["jobs", "fetch"]) == 1
    err = capsys.readouterr().err
    assert "인증키가 유효하지 않습니다" in err and "WRONG" not in err


async def _subscribe(db_path: Path, chats: list[int]) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("Asia/Seoul"))
    store = await Store.open(db_path)
    try:
        for chat in chats:
            user = await store.users.create_or_reactivate("telegram", str(chat), now)
            await AlertSettingsRepository(store.db).save(
                AlertSettings(user.id, quiet_start="00:00", quiet_end="00:00"), now)
            fields = SubscriptionFields(
                keywords=("바리스타",),
                frequency="instant",
            )
            await SubscriptionRepository(store.db).create(user.id, fields, now=now)
    finally:
        await store.close()


def test_alerts_send_pushes_through_telegram_once(env, tmp_path, monkeypatch, capsys):
    asyncio.run(_subscribe(env, [501, 502, 503]))
    csv = tmp_path / "p.csv"
    csv.write_text("wantedAuthNo,company,title\nB1,고양커피,카페 바리스타\n", encoding="utf-8")
    assert main(["jobs", "import", str(csv)]) == 0
    assert "queued 3 alerts" in capsys.readouterr().out
    api = StrictBotApi(blocked=frozenset({503}))
    try:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        assert main(["alerts", "send"]) == 0
        out = capsys.readouterr().out
        assert "sent 2," in out and "blocked users 1" in out
        assert sorted(api.accepted) == [501, 502]
        assert main(["alerts", "send"]) == 0
        assert sorted(api.accepted) == [501, 502]  # nothing twice
    finally:
        api.close()
    assert main(["alerts", "status"]) == 0
    out = capsys.readouterr().out
    assert "subscribers 3" in out and "sent 2" in out and "dropped 1" in out


def test_alerts_send_without_a_token_exits_two(env, capsys):
    assert main(["alerts", "send"]) == 2
