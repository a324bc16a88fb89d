"""The store: one database and the repositories built on it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from db.audit import AuditRepository
from db.backup import BackupError, BackupResult, backup_database
from db.bookings import BookingRepository
from db.conversations import ConversationRepository
from db.database import Database
from db.insights import StaffViews, UsageRepository
from db.jobs import (
    AlertSettingsRepository,
    DigestItems,
    PostingRepository,
    SubscriptionRepository,
)
from db.outbox import OutboxDispatch, OutboxRepository
from db.places import PlaceRepository
from db.profile import ProfileRepository
from db.retention import RetentionReport, apply_retention
from db.staff import StaffRepository
from db.users import UserRepository


class Store:
    """Every repository, built on one database: code outside ``db/`` reaches storage only
    through these attributes. Statements that must commit with a caller's other writes
    take the ``Transaction`` of ``store.db.transaction()`` (e.g. ``store.digest_items``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.users = UserRepository(db)
        self.conversations = ConversationRepository(db)
        self.outbox = OutboxRepository(db)
        self.audit = AuditRepository(db)
        self.places = PlaceRepository(db)
        self.profile = ProfileRepository(db)
        self.bookings = BookingRepository(db)
        self.postings = PostingRepository(db)
        self.subscriptions = SubscriptionRepository(db)
        self.alert_settings = AlertSettingsRepository(db)
        self.dispatch = OutboxDispatch(db)
        self.staff = StaffRepository(db)
        self.usage = UsageRepository(db)
        self.staff_views = StaffViews(db)
        self.digest_items = DigestItems()  # statements inside a caller's transaction

    @classmethod
    async def open(cls, target: str | Path) -> Store:
        """Connect to the database (an SQLite file, created if missing, or a
        ``postgresql://`` URL) and apply pending migrations."""
        return cls(await Database(target).connect())

    async def close(self) -> None:
        await self.db.close()

    async def backup(self, target: Path) -> BackupResult:
        """A consistent copy of the live database at ``target`` while the bot keeps writing
        (checked by ``db.backup.check_target`` first). SQLite only: PostgreSQL is backed
        up with ``pg_dump`` (docs/deploy.md)."""
        if self.db.dialect != "sqlite":
            raise BackupError("PostgreSQL: back up with pg_dump (docs/deploy.md)")
        return await backup_database(Path(self.db.path), target)

    async def apply_retention(
        self, now: datetime, days: int, *, dry_run: bool = False
    ) -> RetentionReport:
        """Delete what is kept about users silent for ``days`` (see ``db/retention.py``)."""
        return await apply_retention(self.db, now=now, days=days, dry_run=dry_run)

    async def user_tables(self) -> list[str]:
        """Tables holding rows about a user (those with a ``user_id`` column)."""
        return await self.db.tables_with_column("user_id")
