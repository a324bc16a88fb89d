"""Copies of the live database made with SQLite's online backup API, and their rotation.

The copy is taken in one step (``pages=-1``) from a connection of its own: it reads one
consistent snapshot of every committed transaction, and in WAL mode the bot keeps writing
while it runs. The copy is written to a temporary file beside the target and renamed into
place only after ``PRAGMA quick_check`` passes, so a half-written file never carries the
target's name.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

DAILY_NAME = re.compile(r"^goyang-bot-(\d{4}-\d{2}-\d{2})\.sqlite3$")


class BackupError(Exception):
    """The backup cannot be made; the message says why in one line."""


class BackupTargetError(BackupError):
    """The target is wrong (missing folder, not writable, the live database itself)."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    seconds: float


def daily_name(day: date) -> str:
    return f"goyang-bot-{day.isoformat()}.sqlite3"


def check_target(source: Path, target: Path, *, overwrite: bool = False) -> Path:
    """The file to write, or ``BackupTargetError``; a folder gets a dated file name."""
    if target.is_dir():
        target = target / f"goyang-bot-{datetime.now():%Y-%m-%d-%H%M%S}.sqlite3"
    folder = target.parent
    if not folder.is_dir():
        raise BackupTargetError(f"{folder}: folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupTargetError(f"{folder}: folder is not writable")
    if _same_file(source, target):
        raise BackupTargetError(f"{target}: is the live database itself")
    if target.exists() and not overwrite:
        raise BackupTargetError(f"{target}: already exists (pass --force to replace it)")
    return target


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def backup_file(source: Path, target: Path) -> BackupResult:
    """Copy the database at ``source`` to ``target`` (blocking; see ``backup_database``)."""
    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # one step: one consistent snapshot
                # The copy is a standalone file: no WAL beside it to lose when moved.
                dst.execute("PRAGMA journal_mode=DELETE")
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise BackupError(f"{target}: the copy failed its check ({verdict})")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{target}: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(target, target.stat().st_size, time.perf_counter() - started)


async def backup_database(source: Path, target: Path) -> BackupResult:
    """``backup_file`` on a worker thread, so the bot's event loop keeps answering."""
    return await asyncio.to_thread(backup_file, source, target)


def remove_old_backups(folder: Path, today: date, keep_days: int) -> list[Path]:
    """Delete daily backups (``goyang-bot-YYYY-MM-DD.sqlite3``) older than ``keep_days``.
    Other files in the folder, including hand-made backups, are never touched."""
    oldest_kept = today - timedelta(days=keep_days - 1)
    removed: list[Path] = []
    for entry in sorted(folder.iterdir()):
        match = DAILY_NAME.match(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            day = date.fromisoformat(match.group(1))
        except ValueError:
            continue
        if day < oldest_kept:
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


class DatabaseInUseError(BackupError):
    """Another connection (a running bot, a CLI import) has the live database open."""


def check_backup_file(path: Path) -> None:
    """``BackupError`` unless ``path`` is an SQLite database that passes ``quick_check``."""
    if not path.is_file():
        raise BackupTargetError(f"{path}: no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupTargetError(f"{path}: not a goyang-bot database ({exc})") from exc
    if verdict != "ok":
        raise BackupTargetError(f"{path}: fails its check ({verdict})")


def restore_file(backup: Path, live: Path, keep_previous: Path | None) -> None:
    """Put ``backup`` in place of the live database, refusing while anything has it open.

    Leaving WAL mode needs the only connection to the file, so a successful
    ``journal_mode=DELETE`` (with no waiting) proves that no bot or CLI is using it; the
    connection then holds an exclusive lock while the pages are copied in, so a bot that
    starts meanwhile waits rather than reading half a restore.
    """
    check_backup_file(backup)
    try:
        conn = sqlite3.connect(live, timeout=0, isolation_level=None)
        try:
            _claim_alone(conn, live)
            if keep_previous is not None:
                previous = sqlite3.connect(keep_previous)
                try:
                    conn.backup(previous)
                finally:
                    previous.close()
            source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                source.backup(conn)
            finally:
                source.close()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{live}: {exc}") from exc


def _claim_alone(conn: sqlite3.Connection, live: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise DatabaseInUseError(f"{live}: in use ({exc}); stop the bot first") from exc
    if str(mode).lower() != "delete":
        raise DatabaseInUseError(f"{live}: in use; stop the bot first")
