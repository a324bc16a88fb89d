"""Enqueue pushes. One row per (user, dedupe key): enqueuing the same item twice is a no-op."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from db.database import Database, Transaction


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def enqueue(
        self,
        user_id: int,
        kind: str,
        dedupe_key: str,
        payload: dict[str, Any],
        *,
        not_before: datetime,
        now: datetime,
        tx: Transaction | None = None,
    ) -> bool:
        """Add a push unless one with the same key exists; True when a row was added.

        Pass ``tx`` to enqueue inside a caller's transaction (e.g. with the import that
        produced the item), so the item and its pushes commit together.
        """
        params = (
            user_id,
            kind,
            dedupe_key,
            json.dumps(payload, ensure_ascii=False, sort_keys=True),
            not_before.isoformat(timespec="seconds"),
            now.isoformat(timespec="seconds"),
        )
        sql = (
            "INSERT INTO outbox (user_id, kind, dedupe_key, payload, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe_key) DO NOTHING"
        )
        if tx is not None:
            return await tx.execute(sql, params) == 1
        return await self.db.execute(sql, params) == 1

    async def pending_count(self, user_id: int | None = None) -> int:
        if user_id is None:
            row = await self.db.fetchone("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        else:
            row = await self.db.fetchone(
                "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND user_id = ?",
                (user_id,),
            )
        return int(row[0]) if row else 0
