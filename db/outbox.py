"""Enqueue pushes. One row per (user, dedupe key): enqueuing the same item twice is a no-op."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.database import Database, Transaction
from db.seoul import stamp


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
            stamp(not_before),
            stamp(now),
        )
        sql = (
            "INSERT INTO outbox (user_id, kind, dedupe_key, payload, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe_key) DO NOTHING"
        )
        if tx is not None:
            return await tx.execute(sql, params) == 1
        return await self.db.execute(sql, params) == 1

    async def payload_of(
        self, user_id: int, dedupe_key: str, *, tx: Transaction | None = None
    ) -> dict[str, Any] | None:
        """The payload of the user's row with that key (any status), None when there is none;
        with ``tx``, as seen inside the caller's transaction."""
        sql = "SELECT payload FROM outbox WHERE user_id = ? AND dedupe_key = ?"
        params = (user_id, dedupe_key)
        row = await (tx.fetchone(sql, params) if tx is not None else self.db.fetchone(sql, params))
        if row is None:
            return None
        try:
            payload = json.loads(row[0])
        except (TypeError, ValueError):
            return {}
        return payload if isinstance(payload, dict) else {}

    @staticmethod
    async def enqueue_many(
        tx: Transaction,
        items: list[tuple[int, str, str, dict[str, Any], datetime]],
        *,
        now: datetime,
    ) -> int:
        """Enqueue (user id, kind, dedupe key, payload, not before) rows inside ``tx`` in one
        batch; rows whose (user, key) exists are skipped. Returns the number added."""
        if not items:
            return 0
        created = stamp(now)
        return await tx.executemany(
            "INSERT INTO outbox (user_id, kind, dedupe_key, payload, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, dedupe_key) DO NOTHING",
            [
                (
                    user_id,
                    kind,
                    key,
                    json.dumps(payload, ensure_ascii=False, sort_keys=True),
                    stamp(not_before),
                    created,
                )
                for user_id, kind, key, payload, not_before in items
            ],
        )

    async def pending_count(self, user_id: int | None = None) -> int:
        if user_id is None:
            row = await self.db.fetchone("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        else:
            row = await self.db.fetchone(
                "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND user_id = ?",
                (user_id,),
            )
        return int(row[0]) if row else 0


# -- the dispatcher side: claim, settle, recover ---------------------------------------
#
# Life of a row: pending --claim--> claimed --platform accepted--> sent
#                                      |--429 / quiet hours--> pending (later not_before)
#                                      |--transient error----> pending (backoff), or failed
#                                      |                        after the attempt limit
#                                      |--blocked / obsolete--> dropped
# A row is marked sent only after the platform accepted it, and only by the worker that
# claimed it. A live dispatcher renews ``claimed_at`` on every row it holds every few
# seconds (``renew``), so a claim older than the short lease means its dispatcher died;
# another dispatcher then puts it back to pending (``release_stale``): a message that was
# accepted by the platform but not yet marked sent is then sent again. Those are the
# in-flight messages per dispatcher that may repeat; nothing is lost.


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    user_id: int
    kind: str
    dedupe_key: str
    payload: dict[str, Any]
    attempts: int
    created_at: str


def _row(row: Any) -> OutboxRow:
    try:
        payload = json.loads(row[4])
    except (TypeError, ValueError):
        payload = {}
    return OutboxRow(
        id=int(row[0]),
        user_id=int(row[1]),
        kind=str(row[2]),
        dedupe_key=str(row[3]),
        payload=payload if isinstance(payload, dict) else {},
        attempts=int(row[5]),
        created_at=str(row[6]),
    )


class OutboxDispatch:
    """The dispatcher's statements on the outbox. Every settle is guarded by ``claimed_by``.

    Claiming is one ``UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING`` inside a
    write transaction, so two dispatchers (even in two processes) never claim the same row;
    on PostgreSQL the inner SELECT also takes ``FOR UPDATE SKIP LOCKED``.

    ``only`` / ``never`` limit a dispatcher to the rows of users on some channels: the
    terminal chat pushes its own users' rows from its own process, and the bot leaves them
    to it (it has no way to reach a terminal).
    """

    def __init__(
        self, db: Database, *, only: tuple[str, ...] = (), never: tuple[str, ...] = ()
    ) -> None:
        self.db = db
        self._where = ""
        self._params: tuple[str, ...] = ()
        for names, test in ((only, "IN"), (never, "NOT IN")):
            if names:
                marks = ", ".join("?" * len(names))
                self._where += (
                    f" AND user_id {test} (SELECT id FROM users WHERE channel IN ({marks}))"
                )
                self._params += tuple(names)

    async def claim_due(self, worker: str, now: datetime, limit: int = 50) -> list[OutboxRow]:
        async with self.db.transaction() as tx:
            rows = await tx.fetchall(
                "UPDATE outbox SET status = 'claimed', claimed_by = ?, claimed_at = ?"
                " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending'"
                f" AND not_before <= ?{self._where} ORDER BY not_before, id"
                f" LIMIT ?{self.db.skip_locked})"
                " RETURNING id, user_id, kind, dedupe_key, payload, attempts, created_at",
                (worker, stamp(now), stamp(now), *self._params, int(limit)),
            )
        return sorted((_row(r) for r in rows), key=lambda r: r.id)

    async def mark_sent(self, row_id: int, worker: str, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1,"
            " last_error = NULL WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            (stamp(now), row_id, worker),
        )
        return changed == 1

    async def retry_later(
        self, row_id: int, worker: str, not_before: datetime, error: str, *, count_attempt: bool
    ) -> bool:
        """Back to pending, due at ``not_before``; a 429 or quiet hours are no attempt."""
        changed = await self.db.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, claimed_by = NULL,"
            " claimed_at = NULL, last_error = ?, attempts = attempts + ?"
            " WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            (stamp(not_before), error[:200] or None, int(count_attempt), row_id, worker),
        )
        return changed == 1

    async def settle(self, row_id: int, worker: str, status: str, error: str) -> bool:
        """Finish a row without sending it: 'failed' (gave up) or 'dropped' (not wanted)."""
        if status not in ("failed", "dropped"):
            raise ValueError(f"cannot settle a row as {status!r}")
        changed = await self.db.execute(
            "UPDATE outbox SET status = ?, last_error = ?,"
            " attempts = attempts + ? WHERE id = ? AND status = 'claimed' AND claimed_by = ?",
            (status, error[:200], int(status == "failed"), row_id, worker),
        )
        return changed == 1

    async def drop_user_pending(self, user_id: int, worker: str, reason: str) -> int:
        """Drop a user's waiting rows (they blocked the bot): pending ones, and ours in hand."""
        return await self.db.execute(
            "UPDATE outbox SET status = 'dropped', last_error = ?"
            " WHERE user_id = ? AND (status = 'pending'"
            " OR (status = 'claimed' AND claimed_by = ?))",
            (reason[:200], user_id, worker),
        )

    async def renew(self, worker: str, now: datetime) -> set[int]:
        """Keep ``worker``'s claims alive (its heartbeat); the ids it still holds."""
        rows = await self.db.fetchall(
            "UPDATE outbox SET claimed_at = ? WHERE status = 'claimed' AND claimed_by = ?"
            " RETURNING id",
            (stamp(now), worker),
        )
        return {int(r[0]) for r in rows}

    async def release_stale(self, now: datetime, lease: timedelta, worker: str = "") -> int:
        """Rows whose claim was not renewed for ``lease`` (their dispatcher died) become
        pending again; ``worker``'s own claims are never stale to itself."""
        return await self.db.execute(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_at = NULL,"
            " last_error = 'claim expired' WHERE status = 'claimed' AND claimed_at <= ?"
            " AND COALESCE(claimed_by, '') != ?",  # (PostgreSQL has no ``IS NOT ?``)
            (stamp(now - lease), worker),
        )

    async def next_due_at(self) -> datetime | None:
        row = await self.db.fetchone(
            f"SELECT MIN(not_before) FROM outbox WHERE status = 'pending'{self._where}",
            self._params,
        )
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    async def next_expiry_at(self, lease: timedelta, worker: str) -> datetime | None:
        """When the oldest claim held by another dispatcher expires, unless renewed."""
        row = await self.db.fetchone(
            "SELECT MIN(claimed_at) FROM outbox WHERE status = 'claimed' AND claimed_by != ?",
            (worker,),
        )
        return datetime.fromisoformat(row[0]) + lease if row and row[0] else None

    async def status_counts(self, kind_prefix: str = "") -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT status, COUNT(*) FROM outbox WHERE kind LIKE ? GROUP BY status",
            (kind_prefix + "%",),
        )
        counts = {s: 0 for s in ("pending", "claimed", "sent", "failed", "dropped")}
        counts.update({str(r[0]): int(r[1]) for r in rows})
        return counts
