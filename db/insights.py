"""What the staff console's pages read and count: aggregates only, never a user id.

``UsageRepository`` keeps the counters the bot records (turns per channel and day, flows
started and finished, texts it did not understand); ``StaffViews`` are read-only queries
over the tables other repositories write (users, bookings, the waitlist).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.database import Database

UsageKey = tuple[str, str, str, str]
"""``(day, channel, kind, key)`` of one counter."""


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str
    series: str
    count: int


@dataclass(frozen=True, slots=True)
class WaitingRow:
    shop_id: str
    slot_start: str
    status: str
    count: int


class UsageRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, counts: Mapping[UsageKey, int], unknown: Mapping[str, int], day: date
    ) -> None:
        """Add counters and not-understood texts (already cut and masked) in one go."""
        if not counts and not unknown:
            return
        async with self.db.transaction() as tx:
            await tx.executemany(
                "INSERT INTO usage_counts (day, channel, kind, key, count) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (day, channel, kind, key) DO UPDATE"
                " SET count = usage_counts.count + excluded.count",  # qualified: PostgreSQL
                [(*key, n) for key, n in counts.items()],
            )
            await tx.executemany(
                "INSERT INTO unknown_phrases (text, count, last_day) VALUES (?, ?, ?)"
                " ON CONFLICT (text) DO UPDATE"
                " SET count = unknown_phrases.count + excluded.count,"
                " last_day = excluded.last_day",
                [(text, n, day.isoformat()) for text, n in unknown.items()],
            )

    async def per_day(self, kind: str, since: date) -> list[DayCount]:
        """``kind`` counters per day and channel since ``since``."""
        rows = await self.db.fetchall(
            "SELECT day, channel, SUM(count) FROM usage_counts WHERE kind = ? AND day >= ?"
            " GROUP BY day, channel ORDER BY day, channel",
            (kind, since.isoformat()),
        )
        return [DayCount(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def totals(self, kind: str, since: date) -> dict[str, int]:
        """``kind`` counters summed per key since ``since``."""
        rows = await self.db.fetchall(
            "SELECT key, SUM(count) FROM usage_counts WHERE kind = ? AND day >= ?"
            " GROUP BY key ORDER BY key",
            (kind, since.isoformat()),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    async def top_unknown(self, since: date, limit: int = 20) -> list[tuple[str, int]]:
        rows = await self.db.fetchall(
            "SELECT text, count FROM unknown_phrases WHERE last_day >= ?"
            " ORDER BY count DESC, text LIMIT ?",
            (since.isoformat(), limit),
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    async def forget_before(self, day: date) -> int:
        """Drop not-understood texts nobody typed since ``day`` (they are kept 90 days)."""
        return await self.db.execute(
            "DELETE FROM unknown_phrases WHERE last_day < ?", (day.isoformat(),)
        )


class StaffViews:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def new_users_per_day(self, since: date) -> list[DayCount]:
        rows = await self.db.fetchall(
            "SELECT substr(created_at, 1, 10) AS d, channel, COUNT(*) FROM users"
            " WHERE created_at >= ? GROUP BY d, channel ORDER BY d, channel",
            (since.isoformat(),),
        )
        return [DayCount(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def bookings_per_week(self, since: date) -> list[tuple[str, int]]:
        """Live bookings per week (the Monday it starts on) of their pick-up day."""
        rows = await self.db.fetchall(
            "SELECT day, COUNT(*) FROM bookings WHERE status <> 'cancelled' AND day >= ?"
            " GROUP BY day",
            (since.isoformat(),),
        )
        # Weeks are summed here: SQL date arithmetic differs between SQLite and PostgreSQL.
        weeks: dict[str, int] = {}
        for day, count in rows:
            picked = date.fromisoformat(str(day))
            monday = (picked - timedelta(days=picked.weekday())).isoformat()
            weeks[monday] = weeks.get(monday, 0) + int(count)
        return sorted(weeks.items())

    async def waitlist_for_day(self, day: date) -> list[WaitingRow]:
        """People waiting for (or offered) a seat on ``day``, counted per shop and time."""
        rows = await self.db.fetchall(
            "SELECT shop_id, slot_start, status, COUNT(*) FROM booking_waitlist"
            " WHERE slot_start >= ? AND slot_start < ? AND status IN ('waiting', 'offered')"
            " GROUP BY shop_id, slot_start, status ORDER BY slot_start, shop_id",
            (day.isoformat(), (day + timedelta(days=1)).isoformat()),
        )
        return [WaitingRow(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]

    async def outbox_by_kind(self) -> list[tuple[str, str, int]]:
        """Outbox rows per kind and status (pending, claimed, sent, failed, dropped)."""
        rows = await self.db.fetchall(
            "SELECT kind, status, COUNT(*) FROM outbox GROUP BY kind, status ORDER BY kind"
        )
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def sent_since(self, since: datetime) -> int:
        """Messages pushed since ``since`` (the rate of the last push)."""
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND sent_at >= ?",
            (since.isoformat(timespec="seconds"),),
        )
        return int(row[0]) if row else 0

    async def closed_postings(self, today: date, limit: int = 20) -> list[tuple[str, str, str]]:
        """The most recently closed postings: title, company, closing day."""
        rows = await self.db.fetchall(
            "SELECT title, company, closes_on FROM job_postings WHERE closes_on < ?"
            " ORDER BY closes_on DESC, id DESC LIMIT ?",
            (today.isoformat(), limit),
        )
        return [(str(r[0]), str(r[1] or ""), str(r[2])) for r in rows]
