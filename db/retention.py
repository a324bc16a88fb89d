"""Keep personal data only while it is needed (개인정보 보호법 제21조: destroy it once the
purpose is over). One pass, run daily by the bot and by ``goyang-bot db retention``:

1. Users silent for ``days`` (``users.last_seen``) lose everything kept about them except
   booking rows: profile facts and consent, subscriptions and alert settings, the
   conversation, waitlist entries, queued messages (every table with a ``user_id`` column
   but ``bookings``, so a table added later is covered without touching this file).
   A user with no booking rows is then deleted outright.
2. A silent user who still has booking rows keeps a bare ``users`` row (no language) so
   the rows stay countable. While one of their bookings is in the current rental year or
   later, or not yet returned, the row keeps its chat id: the yearly limit and the
   no-show rule count bookings per user, and a person who came back in the same year with
   a fresh row would escape both. Otherwise the chat id is replaced by ``purged:<id>``;
   nothing links the rows to a person any more.
3. Bookings whose rental is over (returned, no-show or cancelled, return date passed) lose
   the company, the interview date and a decline reason staff wrote. Staff keep the shop,
   day, items, status and basis, which the monthly counts and the yearly limit need.

Everything happens in one transaction; a dry run makes the same changes, counts them and
rolls back, so its numbers are exactly what a real pass would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.database import Database, Transaction

PURGED_PREFIX = "purged:"
KEPT_TABLES = frozenset({"users", "bookings"})


@dataclass(slots=True)
class RetentionReport:
    cutoff: str
    dry_run: bool
    users_silent: int = 0
    users_deleted: int = 0
    users_anonymised: int = 0
    users_kept_for_bookings: int = 0
    rows_deleted: dict[str, int] = field(default_factory=dict)
    bookings_anonymised: int = 0

    @property
    def changed(self) -> bool:
        """Whether the pass removed or anonymised anything. Users kept for this year's
        bookings match again every day until the year ends; on their own they are no news."""
        return bool(
            self.users_deleted or self.users_anonymised or self.bookings_anonymised
            or any(self.rows_deleted.values())
        )

    def summary(self) -> str:
        rows = ", ".join(f"{t} {n}" for t, n in sorted(self.rows_deleted.items()) if n) or "none"
        verb = "would delete" if self.dry_run else "deleted"
        return (
            f"silent since before {self.cutoff}: {self.users_silent} users;"
            f" {verb} {self.users_deleted} users, anonymised {self.users_anonymised},"
            f" kept {self.users_kept_for_bookings} for this year's bookings;"
            f" rows {verb}: {rows}; bookings anonymised: {self.bookings_anonymised}"
        )


class _DryRun(Exception):
    """Raised inside the transaction so that a dry run rolls everything back."""


SILENT = f"last_seen < :cutoff AND channel_user_id NOT LIKE '{PURGED_PREFIX}%'"
# A booking that still needs the user's chat id: this rental year or later (the yearly
# limit counts it), or a rental not yet returned.
NEEDS_LINK = (
    "EXISTS (SELECT 1 FROM bookings b WHERE b.user_id = users.id AND (b.rental_year >= :year"
    " OR (b.status IN ('booked', 'picked_up') AND b.return_date >= :today)))"
)


async def apply_retention(
    db: Database, *, now: datetime, days: int, dry_run: bool = False
) -> RetentionReport:
    today = now.date()
    report = RetentionReport(cutoff=(today - timedelta(days=days)).isoformat(), dry_run=dry_run)
    params = {"cutoff": report.cutoff, "year": today.year, "today": today.isoformat()}
    tables = [t for t in await db.tables_with_column("user_id") if t not in KEPT_TABLES]
    try:
        # Set-based statements: the write lock is held for about a second even when tens
        # of thousands of users fall silent on the same day (one statement per user took
        # ~1 ms each, 47 s for 50,000, with the bot's writes waiting).
        async with db.transaction() as tx:
            row = await tx.fetchone(f"SELECT COUNT(*) FROM users WHERE {SILENT}", params)
            report.users_silent = int(row[0]) if row else 0
            if report.users_silent:
                await _purge_silent(tx, tables, params, report)
            report.bookings_anonymised = await tx.execute(
                "UPDATE bookings SET company = NULL, interview_date = NULL, decision_note = NULL"
                " WHERE return_date < :today AND status IN ('returned', 'no_show', 'cancelled')"
                " AND (company IS NOT NULL OR interview_date IS NOT NULL"
                "      OR decision_note IS NOT NULL)",
                params,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


async def _purge_silent(
    tx: Transaction, tables: list[str], params: dict[str, object], report: RetentionReport
) -> None:
    for table in tables:
        report.rows_deleted[table] = await tx.execute(
            f'DELETE FROM "{table}" WHERE user_id IN (SELECT id FROM users WHERE {SILENT})',
            params,
        )
    report.users_deleted = await tx.execute(
        f"DELETE FROM users WHERE {SILENT}"
        " AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.user_id = users.id)",
        params,
    )
    report.users_kept_for_bookings = await tx.execute(
        f"UPDATE users SET locale = NULL WHERE {SILENT} AND {NEEDS_LINK}", params
    )
    report.users_anonymised = await tx.execute(
        f"UPDATE users SET channel_user_id = '{PURGED_PREFIX}' || id, locale = NULL,"
        f" active = 0 WHERE {SILENT} AND NOT {NEEDS_LINK}",
        params,
    )

