"""Where each user's conversation stands: flow, step, the flow's data and a version.

The version grows whenever the bot shows buttons bound to a step, so a button pressed
from an older message can be told apart from one pressed on the current step.

State lives in SQLite: every save writes its row. ``open_turn`` keeps a per-process copy
of what it read and saved, trusted only while the write connection's change mark
(``Database.change_mark``) is the one the copy was taken under: any commit by another
process or connection, or any other write by this process, empties the copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from db.database import ChangeMark, Database
from db.users import USER_COLUMNS_OF_U, User, user_from_row


@dataclass(slots=True)
class ConversationState:
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    updated_at: datetime | None = None

    def snapshot(self) -> tuple[str | None, str | None, str, int]:
        return (self.flow, self.step, _dump(self.data), self.version)


ConversationRow = tuple[str | None, str | None, str, int, str]  # flow, step, data, version, at
CACHE_LIMIT = 20_000  # turns remembered per process; past it the copy starts over


@dataclass(frozen=True, slots=True)
class _Remembered:
    user: User
    row: ConversationRow | None

    def state(self) -> ConversationState:
        # A fresh state each time: the engine changes the one it gets.
        return _state(*self.row) if self.row is not None else ConversationState()


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._remembered: dict[tuple[str, str], _Remembered] = {}
        self._key_of: dict[int, tuple[str, str]] = {}
        self._mark: ChangeMark | None = None

    async def open_turn(
        self, channel: str, channel_user_id: str
    ) -> tuple[User | None, ConversationState]:
        """The user and their conversation in one read (the engine does this per input)."""
        key = (channel, channel_user_id)
        mark = self.db.change_mark()
        if mark is None or mark != self._mark:
            self._forget_all(mark)
        else:
            found = self._remembered.get(key)
            if found is not None:
                return found.user, found.state()
        user, row = await self._read_turn(channel, channel_user_id)
        if user is not None and mark is not None and len(self._remembered) < CACHE_LIMIT:
            self._remembered[key] = _Remembered(user, row)
            self._key_of[user.id] = key
        return user, (_state(*row) if row is not None else ConversationState())

    def _forget_all(self, mark: ChangeMark | None) -> None:
        self._remembered.clear()
        self._key_of.clear()
        self._mark = mark

    async def _read_turn(
        self, channel: str, channel_user_id: str
    ) -> tuple[User | None, ConversationRow | None]:
        row = await self.db.fetchone_now(
            f"SELECT {USER_COLUMNS_OF_U}, c.flow, c.step, c.data, c.version, c.updated_at"
            " FROM users u LEFT JOIN conversations c ON c.user_id = u.id"
            " WHERE u.channel = ? AND u.channel_user_id = ?",
            (channel, channel_user_id),
        )
        if row is None:
            return None, None
        user = user_from_row(row)
        if row[9] is None:  # no conversation row yet (version is NOT NULL in a real row)
            return user, None
        return user, (row[6], row[7], row[8], int(row[9]), row[10])

    async def load(self, user_id: int) -> ConversationState:
        row = await self.db.fetchone(
            "SELECT flow, step, data, version, updated_at FROM conversations WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return ConversationState()
        return _state(row[0], row[1], row[2], row[3], row[4])

    async def save(self, user_id: int, state: ConversationState, now: datetime) -> None:
        row: ConversationRow = (
            state.flow,
            state.step,
            _dump(state.data),
            state.version,
            now.isoformat(timespec="seconds"),
        )
        changed, before, after = await self.db.execute_marked(
            "INSERT INTO conversations (user_id, flow, step, data, version, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
            " data = excluded.data, version = excluded.version,"
            " updated_at = excluded.updated_at",
            (user_id, *row),
        )
        key = self._key_of.get(user_id)
        remembered = self._remembered.get(key) if key is not None else None
        if (
            remembered is not None
            and key is not None
            and before is not None
            and before == self._mark
            and after == (before[0], before[1] + changed)
        ):
            # Our upsert was the only write since the copy was taken: keep it, updated.
            self._remembered[key] = replace(remembered, row=row)
            self._mark = after
        else:
            self._forget_all(None)


def _state(
    flow: str | None, step: str | None, raw: str, version: int, at: str
) -> ConversationState:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        data = {}
    return ConversationState(
        flow=flow,
        step=step,
        data=data if isinstance(data, dict) else {},
        version=int(version),
        updated_at=datetime.fromisoformat(at),
    )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
