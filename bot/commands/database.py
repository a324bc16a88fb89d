"""Operator commands for the database file: backups and retention.

goyang-bot db backup PATH     copy the live database to PATH (a file, or a folder to get a
                              dated name) with SQLite's online backup API: safe while the
                              bot runs. Exit 0 = copied, 2 = bad target (folder missing, not
                              writable, the live database itself, file exists without
                              --force) or no database yet, 1 = the copy failed.
goyang-bot db restore BACKUP  put BACKUP in place of the live database; the current file is
                              kept beside it as *.before-restore-<time>. Refused (exit 3) while
                              the bot or another command has the database open; exit 2 = BACKUP
                              is missing or not a goyang-bot database.
goyang-bot db retention [--dry-run]   delete what is kept about users silent for
                              GOYANG_BOT_RETENTION_DAYS and anonymise finished bookings, as
                              the bot's daily job does; --dry-run counts and changes nothing.

Restoring a backup: docs/operations.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.commands import action, command_group, with_store
from bot.settings import Settings
from content.text.clock import SEOUL
from db.backup import (
    BackupError,
    BackupResult,
    BackupTargetError,
    DatabaseInUseError,
    backup_database,
    check_target,
    restore_file,
)
from db.retention import RetentionReport
from db.store import Store

EXIT_BAD_TARGET = 2
EXIT_IN_USE = 3


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = command_group(sub, "db", "back up the database, apply the retention rules")
    backup = action(actions, "backup", "copy the live database to PATH (safe while the bot runs)",
                    cmd_backup)
    backup.add_argument("path", type=Path, help="a new file, or a folder for a dated file")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    restore = action(actions, "restore",
                     "replace the database with BACKUP (the bot must be stopped)", cmd_restore)
    restore.add_argument("backup", type=Path, help="a file made by `db backup`")
    retention = action(actions, "retention",
                       "delete data of users silent for GOYANG_BOT_RETENTION_DAYS", cmd_retention)
    retention.add_argument(
        "--dry-run", action="store_true", help="count what would go; change nothing"
    )


def _sqlite_only(settings: Settings) -> Path | None:
    """The SQLite file, or None (said on stderr) when the store is PostgreSQL."""
    if isinstance(settings.db_path, Path):
        return settings.db_path
    print(
        "GOYANG_BOT_DB is PostgreSQL: back up with pg_dump and restore with pg_restore"
        " (docs/deploy.md)",
        file=sys.stderr,
    )
    return None


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    source = _sqlite_only(settings)
    if source is None:
        return EXIT_BAD_TARGET
    if not source.is_file():
        print(f"{source}: no database here (GOYANG_BOT_DB)", file=sys.stderr)
        return EXIT_BAD_TARGET
    try:
        target = check_target(source, args.path, overwrite=args.force)
    except BackupTargetError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_TARGET

    async def run() -> BackupResult:
        # Copy first: opening the Store applies pending migrations, and a backup taken
        # before an upgrade must hold the database as it was.
        result = await backup_database(source, target)
        store = await Store.open(source)
        try:
            await store.audit.record(
                datetime.now(SEOUL), "cli", "db_backup", f"{result.bytes} bytes"
            )
            return result
        finally:
            await store.close()

    try:
        result = asyncio.run(run())
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backed up to {result.path} ({result.bytes:,} bytes in {result.seconds:.2f} s)")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    live = _sqlite_only(settings)
    if live is None:
        return EXIT_BAD_TARGET
    backup: Path = args.backup
    if live.exists() and backup.exists() and backup.samefile(live):
        print(f"{backup}: is the live database itself", file=sys.stderr)
        return EXIT_BAD_TARGET
    previous = None
    if live.is_file() and live.stat().st_size > 0:
        previous = live.with_name(f"{live.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
    live.parent.mkdir(parents=True, exist_ok=True)
    try:
        restore_file(backup, live, previous)
    except DatabaseInUseError as exc:
        print(exc, file=sys.stderr)
        return EXIT_IN_USE
    except BackupTargetError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_TARGET
    except BackupError as exc:
        print(f"restore failed: {exc}", file=sys.stderr)
        return 1
    kept = f"; the previous database is kept as {previous}" if previous else ""
    print(f"restored {live} from {backup}{kept}")
    return 0


def cmd_retention(args: argparse.Namespace, settings: Settings) -> int:
    async def run(store: Store) -> RetentionReport:
        now = datetime.now(SEOUL)
        report = await store.apply_retention(now, settings.retention_days, dry_run=args.dry_run)
        if not args.dry_run:
            await store.audit.record(now, "cli", "db_retention", report.summary())
        return report

    report = with_store(settings, run)
    print(("dry run: " if args.dry_run else "") + report.summary())
    return 0
