"""Job postings, subscriptions, alert settings and digest items (migration 0005).

The store works with plain values: a posting goes in as a mapping of the ``job_postings``
columns and comes out as a ``PostingRecord``; turning records into domain objects is the
caller's business (``bot.jobs.ingest``), so ``db`` stays independent of ``content``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from db.database import Database, Row, Transaction
from db.seoul import stamp

POSTING_COLUMNS = (
    "source",
    "source_id",
    "title",
    "company",
    "district",
    "region",
    "address",
    "industry",
    "pay_type",
    "pay",
    "emp_type_code",
    "emp_type",
    "career",
    "education",
    "posted_on",
    "closes_on",
    "url",
    "content_hash",
)
_SELECT_POSTING = "SELECT id, first_seen_at, " + ", ".join(POSTING_COLUMNS) + " FROM job_postings"


@dataclass(frozen=True, slots=True)
class PostingRecord:
    id: int
    first_seen_at: str
    values: dict[str, Any]


@dataclass(slots=True)
class UpsertOutcome:
    ids: list[int] = field(default_factory=list)  # every row's id, in input order
    inserted: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)


def _posting(row: Row) -> PostingRecord:
    return PostingRecord(
        id=int(row[0]),
        first_seen_at=str(row[1]),
        values={name: row[i + 2] for i, name in enumerate(POSTING_COLUMNS)},
    )


class PostingRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    @staticmethod
    async def upsert_many(
        tx: Transaction, rows: Sequence[Mapping[str, Any]], now: datetime
    ) -> UpsertOutcome:
        """Insert new postings, update changed ones (by source + source_id), skip repeats."""
        outcome = UpsertOutcome()
        when = stamp(now)
        for values in rows:
            params = [values.get(name) for name in POSTING_COLUMNS]
            found = await tx.fetchone(
                "SELECT id, content_hash FROM job_postings WHERE source = ? AND source_id = ?",
                (values["source"], values["source_id"]),
            )
            if found is None:
                inserted = await tx.fetchone(
                    "INSERT INTO job_postings (" + ", ".join(POSTING_COLUMNS) + ","
                    " first_seen_at, updated_at) VALUES ("
                    + ", ".join("?" for _ in POSTING_COLUMNS)
                    + ", ?, ?) RETURNING id",
                    (*params, when, when),
                )
                assert inserted is not None
                outcome.inserted.append(int(inserted[0]))
                outcome.ids.append(int(inserted[0]))
            elif found[1] != values["content_hash"]:
                assignments = ", ".join(f"{name} = ?" for name in POSTING_COLUMNS)
                await tx.execute(
                    f"UPDATE job_postings SET {assignments}, updated_at = ? WHERE id = ?",
                    (*params, when, int(found[0])),
                )
                outcome.updated.append(int(found[0]))
                outcome.ids.append(int(found[0]))
            else:
                outcome.unchanged.append(int(found[0]))
                outcome.ids.append(int(found[0]))
        return outcome

    async def get_many(self, ids: Sequence[int]) -> list[PostingRecord]:
        """Postings by id, in the order asked; missing ids are left out."""
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        rows = await self.db.fetchall(f"{_SELECT_POSTING} WHERE id IN ({marks})", tuple(ids))
        by_id = {int(r[0]): _posting(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    @staticmethod
    async def still_open(tx: Transaction, ids: Sequence[int], today: date) -> list[int]:
        """The ids (in the order given) of postings that exist and have not closed by today."""
        found = [await tx.fetchone("SELECT closes_on FROM job_postings WHERE id = ?", (i,))
                 for i in ids]
        day = today.isoformat()
        return [i for i, row in zip(ids, found, strict=True)
                if row is not None and (row[0] is None or row[0] >= day)]

    async def open_postings(self, today: date, limit: int = 5000) -> list[PostingRecord]:
        """Postings not yet closed, newest first (search reads these)."""
        rows = await self.db.fetchall(
            f"{_SELECT_POSTING} WHERE closes_on IS NULL OR closes_on >= ?"
            " ORDER BY first_seen_at DESC, id DESC LIMIT ?",
            (today.isoformat(), limit),
        )
        return [_posting(r) for r in rows]

    async def count(self, today: date | None = None) -> int:
        if today is None:
            row = await self.db.fetchone("SELECT COUNT(*) FROM job_postings")
        else:
            row = await self.db.fetchone(
                "SELECT COUNT(*) FROM job_postings WHERE closes_on IS NULL OR closes_on >= ?",
                (today.isoformat(),),
            )
        return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    user_id: int
    keywords: tuple[str, ...]
    districts: tuple[str, ...]
    emp_type: str | None
    career: str | None
    frequency: str
    active: bool


def _subscription(row: Row) -> Subscription:
    return Subscription(
        id=int(row[0]),
        user_id=int(row[1]),
        keywords=tuple(_json_list(row[2])),
        districts=tuple(_json_list(row[3])),
        emp_type=row[4],
        career=row[5],
        frequency=str(row[6]),
        active=bool(row[7]),
    )


def _json_list(text: Any) -> list[str]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


_SELECT_SUB = (
    "SELECT s.id, s.user_id, s.keywords, s.districts, s.emp_type, s.career, s.frequency,"
    " s.active FROM job_subscriptions s"
)
MAX_SUBSCRIPTIONS_PER_USER = 5


@dataclass(frozen=True, slots=True)
class SubscriptionFields:
    """What a user chose for one alert (the part of a subscription they can edit)."""

    keywords: Sequence[str] = ()
    districts: Sequence[str] = ()
    emp_type: str | None = None
    career: str | None = None
    frequency: str = "instant"

    def columns(self) -> tuple[str, str, str | None, str | None, str]:
        """The values of the keywords, districts, emp_type, career and frequency columns."""
        return (
            json.dumps(list(self.keywords), ensure_ascii=False),
            json.dumps(list(self.districts), ensure_ascii=False),
            self.emp_type,
            self.career,
            self.frequency,
        )


class SubscriptionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self, user_id: int, fields: SubscriptionFields, *, now: datetime
    ) -> Subscription:
        when = stamp(now)
        async with self.db.transaction() as tx:
            row = await tx.fetchone(
                "INSERT INTO job_subscriptions (keywords, districts, emp_type, career,"
                " frequency, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (*fields.columns(), user_id, when, when),
            )
        assert row is not None
        sub = await self.get(int(row[0]))
        assert sub is not None
        return sub

    async def update(
        self, sub_id: int, user_id: int, fields: SubscriptionFields, *, now: datetime
    ) -> bool:
        changed = await self.db.execute(
            "UPDATE job_subscriptions SET keywords = ?, districts = ?, emp_type = ?,"
            " career = ?, frequency = ?, updated_at = ? WHERE id = ? AND user_id = ?",
            (*fields.columns(), stamp(now), sub_id, user_id),
        )
        return changed == 1

    async def get(self, sub_id: int) -> Subscription | None:
        row = await self.db.fetchone(f"{_SELECT_SUB} WHERE s.id = ?", (sub_id,))
        return _subscription(row) if row else None

    async def for_user(self, user_id: int) -> list[Subscription]:
        rows = await self.db.fetchall(
            f"{_SELECT_SUB} WHERE s.user_id = ? ORDER BY s.id", (user_id,)
        )
        return [_subscription(r) for r in rows]

    async def set_active(self, sub_id: int, user_id: int, active: bool, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE job_subscriptions SET active = ?, updated_at = ? WHERE id = ? AND user_id = ?",
            (int(active), stamp(now), sub_id, user_id),
        )
        return changed == 1

    async def delete(self, sub_id: int, user_id: int) -> bool:
        return (
            await self.db.execute(
                "DELETE FROM job_subscriptions WHERE id = ? AND user_id = ?", (sub_id, user_id)
            )
            == 1
        )

    @staticmethod
    async def active_for_matching(tx: Transaction) -> list[Subscription]:
        """Active subscriptions of active users (read inside the import's transaction)."""
        rows = await tx.fetchall(
            f"{_SELECT_SUB} JOIN users u ON u.id = s.user_id"
            " WHERE s.active = 1 AND u.active = 1 ORDER BY s.id"
        )
        return [_subscription(r) for r in rows]

    async def is_active(self, sub_id: int) -> bool:
        row = await self.db.fetchone(
            "SELECT active FROM job_subscriptions WHERE id = ?", (sub_id,)
        )
        return bool(row and row[0])

    async def counts(self) -> dict[str, int]:
        row = await self.db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(active), 0), COUNT(DISTINCT user_id)"
            " FROM job_subscriptions"
        )
        assert row is not None
        return {"subscriptions": int(row[0]), "active": int(row[1]), "subscribers": int(row[2])}


@dataclass(frozen=True, slots=True)
class AlertSettings:
    user_id: int
    digest_time: str = "09:00"
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"


class AlertSettingsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> AlertSettings:
        row = await self.db.fetchone(
            "SELECT digest_time, quiet_start, quiet_end FROM job_alert_settings"
            " WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return AlertSettings(user_id)
        return AlertSettings(user_id, str(row[0]), str(row[1]), str(row[2]))

    async def save(self, settings: AlertSettings, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO job_alert_settings (user_id, digest_time, quiet_start, quiet_end,"
            " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " digest_time = excluded.digest_time, quiet_start = excluded.quiet_start,"
            " quiet_end = excluded.quiet_end, updated_at = excluded.updated_at",
            (
                settings.user_id,
                settings.digest_time,
                settings.quiet_start,
                settings.quiet_end,
                stamp(now),
            ),
        )

    @staticmethod
    async def settings_by_user(tx: Transaction) -> dict[int, AlertSettings]:
        rows = await tx.fetchall(
            "SELECT user_id, digest_time, quiet_start, quiet_end FROM job_alert_settings"
        )
        return {int(r[0]): AlertSettings(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows}

    @staticmethod
    async def all_with_digest_items(tx: Transaction) -> list[AlertSettings]:
        """Settings of every user who has digest items waiting (defaults filled in)."""
        rows = await tx.fetchall(
            "SELECT d.user_id, COALESCE(s.digest_time, '09:00'),"
            " COALESCE(s.quiet_start, '21:00'), COALESCE(s.quiet_end, '08:00')"
            " FROM (SELECT DISTINCT user_id FROM job_digest_items) d"
            " LEFT JOIN job_alert_settings s ON s.user_id = d.user_id ORDER BY d.user_id"
        )
        return [AlertSettings(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


class DigestItems:
    """Matches for daily subscriptions, waiting for the user's digest time."""

    @staticmethod
    async def add(
        tx: Transaction, user_id: int, posting_id: int, subscription_id: int, now: datetime
    ) -> bool:
        return (
            await tx.execute(
                "INSERT INTO job_digest_items (user_id, posting_id, subscription_id, queued_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, posting_id) DO NOTHING",
                (user_id, posting_id, subscription_id, stamp(now)),
            )
            == 1
        )

    @staticmethod
    async def add_many(
        tx: Transaction, items: list[tuple[int, int, int]], now: datetime
    ) -> int:
        """Add (user id, posting id, subscription id) items; returns the number added."""
        if not items:
            return 0
        when = stamp(now)
        return await tx.executemany(
            "INSERT INTO job_digest_items (user_id, posting_id, subscription_id, queued_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, posting_id) DO NOTHING",
            [(u, p, s, when) for u, p, s in items],
        )

    @staticmethod
    async def take(tx: Transaction, user_id: int) -> list[tuple[int, int]]:
        """Remove and return a user's items as (posting id, subscription id), oldest first."""
        rows = await tx.fetchall(
            "DELETE FROM job_digest_items WHERE user_id = ?"
            " RETURNING posting_id, subscription_id, queued_at",
            (user_id,),
        )
        ordered = sorted(rows, key=lambda r: (str(r[2]), int(r[0])))
        return [(int(r[0]), int(r[1])) for r in ordered]
