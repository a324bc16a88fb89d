"""Daily upkeep inside the running bot: a backup (when ``GOYANG_BOT_BACKUP_DIR`` is set),
old backups removed beyond ``GOYANG_BOT_BACKUP_KEEP`` days, and the retention pass
(``GOYANG_BOT_RETENTION_DAYS``, see ``db/retention.py``).

It rides on the push dispatcher's passes (``before_pass`` in ``bot/jobs/runtime.py``)
rather than a scheduler of its own: the first pass of each Seoul day runs it, so a bot
restarted many times a day backs up once under that day's name and the retention pass,
being idempotent, costs one transaction. A failure is logged and tried again next day;
it never stops the alerts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from db.backup import backup_database, daily_name, remove_old_backups
from db.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DailyMaintenance:
    store: Store
    retention_days: int = 365
    backup_dir: Path | None = None
    backup_keep_days: int = 14
    last_day: date | None = None

    @classmethod
    def from_settings(cls, store: Store, settings: Any) -> DailyMaintenance:
        return cls(
            store,
            retention_days=int(getattr(settings, "retention_days", 365)),
            backup_dir=getattr(settings, "backup_dir", None),
            backup_keep_days=int(getattr(settings, "backup_keep_days", 14)),
        )

    async def run_if_due(self, now: datetime) -> bool:
        """Run once per calendar day; return whether it ran."""
        if self.last_day == now.date():
            return False
        self.last_day = now.date()
        await self.run(now)
        return True

    async def run(self, now: datetime) -> None:
        if self.backup_dir is not None and self.store.db.dialect == "sqlite":
            # PostgreSQL is backed up by pg_dump from outside (docs/deploy.md).
            try:
                await self.backup(now)
            except Exception as exc:  # a full disk must not stop alerts
                log.error("daily backup failed: %s", exc)
        try:
            report = await self.store.apply_retention(now, self.retention_days)
        except Exception as exc:
            log.error("retention pass failed: %s", type(exc).__name__)
            return
        if report.changed:
            log.info("retention: %s", report.summary())
            await self.store.audit.record(now, "bot", "db_retention", report.summary())

    async def backup(self, now: datetime) -> Path:
        assert self.backup_dir is not None
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        result = await backup_database(
            Path(self.store.db.path), self.backup_dir / daily_name(now.date())
        )
        removed = remove_old_backups(self.backup_dir, now.date(), self.backup_keep_days)
        log.info(
            "daily backup %s (%d bytes, %.2f s); removed %d older",
            result.path.name, result.bytes, result.seconds, len(removed),
        )
        return result.path
