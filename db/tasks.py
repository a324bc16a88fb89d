"""Scheduled tasks' lease and last result (table ``task_runs``, one row per task name).

``acquire`` is one ``UPDATE`` inside ``BEGIN IMMEDIATE``: of several processes asking at the
same moment exactly one gets the task; the lease covers a holder that dies mid-run (the
next one may start once it has ended). ``finish`` is guarded by the holder, so a holder
whose lease ran out cannot overwrite its successor's result.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from db.database import Database
from db.seoul import stamp

_COLUMNS = (
    "name, holder, lease_until, next_run_at, failures, last_started_at, last_finished_at,"
    " last_ok_at, last_result, last_error"
)


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class TaskRun:
    name: str
    holder: str | None = None
    lease_until: datetime | None = None
    next_run_at: datetime | None = None
    failures: int = 0
    last_started_at: datetime | None = None
    last_finished_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_result: dict[str, Any] = field(default_factory=dict)
    last_error: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> TaskRun:
        try:
            result = json.loads(row[8]) if row[8] else {}
        except ValueError:
            result = {}
        return cls(
            name=str(row[0]),
            holder=row[1],
            lease_until=_moment(row[2]),
            next_run_at=_moment(row[3]),
            failures=int(row[4]),
            last_started_at=_moment(row[5]),
            last_finished_at=_moment(row[6]),
            last_ok_at=_moment(row[7]),
            last_result=result if isinstance(result, dict) else {},
            last_error=row[9],
        )


class TaskRuns:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, name: str) -> TaskRun | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM task_runs WHERE name = ?", (name,))
        return TaskRun.from_row(row) if row else None

    async def acquire(
        self, name: str, holder: str, now: datetime, lease: timedelta, *, force: bool = False
    ) -> TaskRun | None:
        """Take the task if nobody holds it (or their lease ended) and it is due (or
        ``force``: a run by hand); the row as taken, or None."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO task_runs (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,)
            )
            rows = await tx.fetchall(
                "UPDATE task_runs SET holder = ?, lease_until = ?, last_started_at = ?"
                " WHERE name = ? AND (holder IS NULL OR lease_until <= ?)"
                " AND (? OR next_run_at IS NULL OR next_run_at <= ?)"
                f" RETURNING {_COLUMNS}",
                # bools, not ints: PostgreSQL's OR and CASE WHEN take booleans only
                (holder, stamp(now + lease), stamp(now), name, stamp(now), force, stamp(now)),
            )
        return TaskRun.from_row(rows[0]) if rows else None

    async def finish(
        self,
        name: str,
        holder: str,
        now: datetime,
        next_run_at: datetime,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        """Release the task with its outcome: ``result`` (success; errors in a row reset) or
        ``error`` (one more in a row). False when the lease had passed to someone else."""
        ok = error is None
        changed = await self.db.execute(
            "UPDATE task_runs SET holder = NULL, lease_until = NULL, next_run_at = ?,"
            " last_finished_at = ?, failures = CASE WHEN ? THEN 0 ELSE failures + 1 END,"
            " last_ok_at = CASE WHEN ? THEN ? ELSE last_ok_at END,"
            " last_result = CASE WHEN ? THEN ? ELSE last_result END, last_error = ?"
            " WHERE name = ? AND holder = ?",
            (
                stamp(next_run_at), stamp(now), ok, ok, stamp(now), ok,
                json.dumps(result or {}, ensure_ascii=False, sort_keys=True),
                None if ok else (error or "")[:300], name, holder,
            ),
        )
        return changed == 1
