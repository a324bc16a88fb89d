"""`goyang-bot db backup|retention` and the bot's daily upkeep."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.jobs.maintenance import DailyMaintenance
from content.text.clock import SEOUL
from db.backup import daily_name
from db.store import Store


@pytest.fixture
def live_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "live.sqlite3"
    monkeypatch.setenv("GOYANG_BOT_DB", str(path))

    async def seed() -> None:
        store = await Store.open(path)
        old = datetime.now(SEOUL) - timedelta(days=400)
        await store.users.create_or_reactivate("telegram", "silent", old)
        await store.close()

    asyncio.run(seed())
    return path


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
def test_backup_writes_a_copy_and_exits_0(
    live_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "copy.sqlite3"
    assert main(["db", "backup", str(target)]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/copy.sqlite3", "does not exist"),
        ("live.sqlite3", "live database"),
    ],
)
@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
def test_backup_refuses_a_bad_target_with_exit_2(
    live_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    assert main(["db", "backup", str(tmp_path / where)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_backup_refuses_a_read_only_folder(
    live_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert main(["db", "backup", str(locked / "b.sqlite3")]) == 2
    assert "not writable" in capsys.readouterr().err


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
def test_backup_without_a_database_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GOYANG_BOT_DB", str(tmp_path / "none.sqlite3"))
    assert main(["db", "backup", str(tmp_path / "b.sqlite3")]) == 2
    assert "no database" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()


def test_retention_dry_run_then_real_run(
    live_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "retention", "--dry-run"]) == 0
    assert "1 users; would delete 1 users" in capsys.readouterr().out
    assert main(["db", "retention"]) == 0
    assert "1 users; deleted 1 users" in capsys.readouterr().out
    assert main(["db", "retention", "--dry-run"]) == 0
    assert "0 users" in capsys.readouterr().out


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
async def test_daily_upkeep_backs_up_once_a_day_keeps_n_days_and_purges(
    db_path: Path, tmp_path: Path
) -> None:
    store = await Store.open(db_path)
    try:
        now = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
        await store.users.create_or_reactivate("telegram", "silent", now - timedelta(days=400))
        folder = tmp_path / "backups"
        folder.mkdir()
        for days in (2, 3, 4):
            (folder / daily_name((now - timedelta(days=days)).date())).write_bytes(b"x")
        upkeep = DailyMaintenance(store, retention_days=365, backup_dir=folder, backup_keep_days=3)
        assert await upkeep.run_if_due(now)
        assert not await upkeep.run_if_due(now + timedelta(hours=1))
        assert sorted(p.name for p in folder.iterdir()) == [
            "goyang-bot-2026-11-29.sqlite3",
            "goyang-bot-2026-12-01.sqlite3",
        ]
        assert await store.users.find("telegram", "silent") is None
        assert await upkeep.run_if_due(now + timedelta(days=1))
        assert (folder / "goyang-bot-2026-12-02.sqlite3").exists()
    finally:
        await store.close()


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
async def test_daily_upkeep_survives_a_backup_failure(db_path: Path, tmp_path: Path) -> None:
    store = await Store.open(db_path)
    try:
        now = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
        await store.users.create_or_reactivate("telegram", "silent", now - timedelta(days=400))
        blocker = tmp_path / "a-file"
        blocker.write_bytes(b"")
        upkeep = DailyMaintenance(store, backup_dir=blocker / "sub")
        assert await upkeep.run_if_due(now)  # logs the failure, still applies retention
        assert await store.users.find("telegram", "silent") is None
    finally:
        await store.close()


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
def test_restore_refuses_while_the_database_is_open_then_restores(
    live_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert main(["db", "backup", str(copy)]) == 0

    async def add_user_while_open() -> int:
        store = await Store.open(live_db)
        try:
            await store.users.touch("telegram", "after-backup", datetime.now(SEOUL))
            return main(["db", "restore", str(copy)])  # the "bot" still holds the file
        finally:
            await store.close()

    assert asyncio.run(add_user_while_open()) == 3
    assert "stop the bot first" in capsys.readouterr().err
    assert main(["db", "restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "before-restore" in out

    async def users() -> list[str]:
        store = await Store.open(live_db)
        try:
            rows = await store.db.fetchall("SELECT channel_user_id FROM users ORDER BY id")
            return [str(r[0]) for r in rows]
        finally:
            await store.close()

    assert asyncio.run(users()) == ["silent"]  # the row added after the backup is gone
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
@pytest.mark.parametrize("content", [None, b"not a database at all, just some text" * 40])
def test_restore_refuses_a_missing_or_foreign_file_with_exit_2(
    live_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    bad = tmp_path / "bad.sqlite3"
    if content is not None:
        bad.write_bytes(content)
    assert main(["db", "restore", str(bad)]) == 2
    assert str(bad) in capsys.readouterr().err


@pytest.mark.sqlite_only  # file backups; PostgreSQL uses pg_dump
async def test_the_running_bots_dispatcher_makes_the_daily_backup(tmp_path: Path) -> None:
    from bot.jobs.runtime import start_dispatcher, stop_dispatcher
    from bot.runtime import Runtime
    from bot.settings import load_settings

    folder = tmp_path / "backups"
    settings = load_settings(
        GOYANG_BOT_DB=str(tmp_path / "bot.sqlite3"), GOYANG_BOT_BACKUP_DIR=str(folder)
    )
    runtime = await Runtime.open(settings)
    holder: dict[str, object] = {}
    try:
        start_dispatcher(holder, runtime, {}, interval=1)
        expected = folder / daily_name(datetime.now(SEOUL).date())
        for _ in range(200):
            if expected.exists():
                break
            await asyncio.sleep(0.02)
        assert expected.exists()
    finally:
        await stop_dispatcher(holder)
        await runtime.close()
