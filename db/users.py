"""Users: one row per (channel, channel user id); deleting it deletes everything else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.database import Database, Row, TurnCache

_COLUMNS = "id, channel, channel_user_id, locale, active, created_at, last_seen"
USER_COLUMN_COUNT = len(_COLUMNS.split(","))
LAST_SEEN = 6  # its place in _COLUMNS
USER_COLUMNS_OF_U = ", ".join(f"u.{c.strip()}" for c in _COLUMNS.split(","))


def turn_key(channel: str, channel_user_id: str) -> tuple[str, str, str]:
    """Where the turn cache keeps a user's row with their conversation."""
    return ("turn", channel, channel_user_id)


def change_turn_row(
    cache: TurnCache, user_id: int, change: Callable[[tuple[Any, ...]], tuple[Any, ...]]
) -> None:
    """Apply a write of ours to the user's cached turn row (if it is cached)."""
    key = cache.get(("user", user_id))
    rows = cache.get(key) if key is not None else None
    if rows:
        cache[key] = [change(tuple(rows[0]))]


@dataclass(frozen=True, slots=True)
class User:
    id: int
    channel: str
    channel_user_id: str
    locale: str | None
    active: bool
    created_at: str
    last_seen: str | None = None


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def touch(self, channel: str, channel_user_id: str, now: datetime) -> User:
        """Return the user, creating them on first contact; marks them active again.

        The common case (a known, active user) is a single read.
        """
        user = await self.find(channel, channel_user_id)
        if user is not None and user.active:
            return user
        return await self.create_or_reactivate(channel, channel_user_id, now)

    async def create_or_reactivate(self, channel: str, channel_user_id: str, now: datetime) -> User:
        stamp = now.isoformat(timespec="seconds")
        key = turn_key(channel, channel_user_id)

        def forget_turn(cache: TurnCache, _: object) -> None:
            # read again next turn (the conversation part is not known here)
            cache.pop(key, None)

        rows = await self.db.execute_known(
            "INSERT INTO users (channel, channel_user_id, created_at, last_seen)"
            " VALUES (?, ?, ?, ?)"
            " ON CONFLICT (channel, channel_user_id) DO UPDATE SET active = 1,"
            " last_seen = excluded.last_seen"
            f" RETURNING {_COLUMNS}",
            (channel, channel_user_id, stamp, now.date().isoformat()),
            forget_turn,
        )
        return user_from_row(rows[0])

    async def get(self, user_id: int) -> User | None:
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM users WHERE id = ?",
            (user_id,),
        )
        return user_from_row(row) if row else None

    async def find(self, channel: str, channel_user_id: str) -> User | None:
        row = await self.db.fetchone(
            f"SELECT {_COLUMNS} FROM users WHERE channel = ? AND channel_user_id = ?",
            (channel, channel_user_id),
        )
        return user_from_row(row) if row else None

    async def mark_seen(self, user_id: int, now: datetime) -> None:
        """Record that the user talked today; the retention job counts silence from it."""
        day = now.date().isoformat()

        def keep(cache: TurnCache, _: object) -> None:
            change_turn_row(
                cache, user_id, lambda row: (*row[:LAST_SEEN], day, *row[LAST_SEEN + 1 :])
            )

        await self.db.execute_known(
            "UPDATE users SET last_seen = ? WHERE id = ?", (day, user_id), keep
        )

    async def set_locale(self, user_id: int, locale: str | None) -> None:
        await self.db.execute("UPDATE users SET locale = ? WHERE id = ?", (locale, user_id))

    async def set_active(self, user_id: int, active: bool) -> None:
        await self.db.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))

    async def delete(self, user_id: int) -> None:
        """Delete the user and, through ON DELETE CASCADE, every row about them."""
        await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0


def user_from_row(row: Row) -> User:
    return User(
        id=int(row[0]),
        channel=str(row[1]),
        channel_user_id=str(row[2]),
        locale=row[3],
        active=bool(row[4]),
        created_at=str(row[5]),
        last_seen=row[6],
    )
