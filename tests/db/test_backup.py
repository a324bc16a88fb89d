"""Backups with SQLite's online backup API: taken while the bot writes, restored whole."""

from __future__ import annotations

import asyncio
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from content.text.clock import SEOUL
from db.backup import (
    BackupTargetError,
    check_target,
    daily_name,
    remove_old_backups,
)
from db.store import Store

pytestmark = pytest.mark.sqlite_only

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)


async def _audit_ids(path: Path) -> list[int]:
    store = await Store.open(path)
    try:
        rows = await store.db.fetchall("SELECT id FROM audit WHERE actor = 'writer' ORDER BY id")
        return [int(r[0]) for r in rows]
    finally:
        await store.close()


async def test_backup_taken_during_writes_restores_every_committed_row(
    store: Store, tmp_path: Path
) -> None:
    async with store.db.transaction() as tx:  # some bulk, so the copy takes a moment
        await tx.executemany(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?, 'seed', 'x', ?)",
            [(NOW.isoformat(), "x" * 200) for _ in range(20_000)],
        )
    committed: list[int] = []
    stop = asyncio.Event()
    warmed_up = asyncio.Event()

    async def writer() -> None:
        while not stop.is_set():
            await store.audit.record(NOW, "writer", "row", str(len(committed)))
            row = await store.db.fetchone("SELECT MAX(id) FROM audit WHERE actor = 'writer'")
            assert row is not None
            committed.append(int(row[0]))
            if len(committed) >= 50:
                warmed_up.set()
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    await warmed_up.wait()
    before = list(committed)
    target = tmp_path / "copy.sqlite3"
    result = await store.backup(target)
    during = len(committed) - len(before)
    await asyncio.sleep(0.05)
    stop.set()
    await task
    assert during > 0, "the writer kept committing while the backup ran"

    # Restore as docs/operations.md says: the bot stopped, the copy put over the DB file.
    await store.close()
    live = Path(store.db.path)
    for extra in (live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(result.path, live)
    restored = await _audit_ids(live)
    assert restored[: len(before)] == before  # every row committed before the backup
    assert restored == committed[: len(restored)]  # a consistent prefix: no gaps, no extras
    assert result.bytes == target.stat().st_size > 4_000_000


async def test_backup_refuses_the_live_database_and_missing_folders(
    store: Store, tmp_path: Path
) -> None:
    live = Path(store.db.path)
    with pytest.raises(BackupTargetError, match="live database"):
        check_target(live, live)
    with pytest.raises(BackupTargetError, match="does not exist"):
        check_target(live, tmp_path / "missing" / "b.sqlite3")
    existing = tmp_path / "b.sqlite3"
    existing.write_bytes(b"")
    with pytest.raises(BackupTargetError, match="--force"):
        check_target(live, existing)
    assert check_target(live, existing, overwrite=True) == existing
    assert check_target(live, tmp_path).parent == tmp_path  # a folder gets a dated name


def test_old_daily_backups_beyond_keep_are_removed_and_others_left(tmp_path: Path) -> None:
    for day in range(1, 11):
        (tmp_path / daily_name(date(2026, 11, day))).write_bytes(b"x")
    (tmp_path / "goyang-bot-before-upgrade.sqlite3").write_bytes(b"x")
    removed = remove_old_backups(tmp_path, date(2026, 11, 10), keep_days=3)
    assert len(removed) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "goyang-bot-2026-11-08.sqlite3",
        "goyang-bot-2026-11-09.sqlite3",
        "goyang-bot-2026-11-10.sqlite3",
        "goyang-bot-before-upgrade.sqlite3",
    ]
