"""Eligibility profile: the facts a user let us keep, and their consent.

Facts are JSON values keyed by fact id (see ``content.eligibility.facts.encode``). A fact is written
only while consent is granted: the INSERT selects from ``profile_consent`` so the check
and the write are one statement. Withdrawing consent deletes the facts in the same
transaction. Both tables cascade from ``users``, so ``/forget`` leaves nothing behind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.database import Database


@dataclass(frozen=True, slots=True)
class Consent:
    granted: bool
    wording: str
    decided_at: str


@dataclass(frozen=True, slots=True)
class StoredFact:
    fact: str
    value: Any
    answered_at: datetime


class ProfileRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def consent(self, user_id: int) -> Consent | None:
        """The user's decision, or None when they were never asked."""
        row = await self.db.fetchone(
            "SELECT granted, wording, decided_at FROM profile_consent WHERE user_id = ?",
            (user_id,),
        )
        return Consent(bool(row[0]), str(row[1]), str(row[2])) if row else None

    async def set_consent(self, user_id: int, granted: bool, wording: str,
                          now: datetime) -> None:
        """Record the decision; saying no (or withdrawing) deletes every stored fact."""
        stamp = now.isoformat(timespec="seconds")
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO profile_consent (user_id, granted, wording, decided_at)"
                " VALUES (?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET granted = excluded.granted,"
                " wording = excluded.wording, decided_at = excluded.decided_at",
                (user_id, int(granted), wording, stamp),
            )
            if not granted:
                await tx.execute("DELETE FROM profile_facts WHERE user_id = ?", (user_id,))

    async def save_facts(self, user_id: int, values: Mapping[str, Any], now: datetime) -> int:
        """Store ``values`` (JSON-ready) if the user consented; return how many were stored."""
        if not values:
            return 0
        stamp = now.isoformat(timespec="seconds")
        stored = 0
        async with self.db.transaction() as tx:
            for fact, value in values.items():
                stored += await tx.execute(
                    "INSERT INTO profile_facts (user_id, fact, value, answered_at)"
                    " SELECT ?, ?, ?, ? FROM profile_consent"
                    " WHERE user_id = ? AND granted = 1"
                    " ON CONFLICT (user_id, fact) DO UPDATE SET value = excluded.value,"
                    " answered_at = excluded.answered_at",
                    (user_id, fact, json.dumps(value, ensure_ascii=False), stamp, user_id),
                )
        return stored

    async def facts(self, user_id: int) -> list[StoredFact]:
        # Read on the event loop, and kept in the turn cache: eligibility and booking
        # turns ask for these every time.
        rows = await self.db.fetchall_cached(
            ("facts", user_id),
            "SELECT fact, value, answered_at FROM profile_facts WHERE user_id = ?"
            " ORDER BY fact",
            (user_id,),
        )
        out = []
        for row in rows:
            try:
                value = json.loads(row[1])
            except (TypeError, ValueError):
                continue
            out.append(StoredFact(str(row[0]), value, datetime.fromisoformat(row[2])))
        return out

    async def delete_fact(self, user_id: int, fact: str) -> bool:
        return await self.db.execute(
            "DELETE FROM profile_facts WHERE user_id = ? AND fact = ?", (user_id, fact)
        ) == 1

    async def delete_all(self, user_id: int) -> int:
        """Forget every stored fact (consent itself is kept, so we don't ask again)."""
        return await self.db.execute("DELETE FROM profile_facts WHERE user_id = ?", (user_id,))
