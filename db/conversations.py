"""Where each user's conversation stands: flow, step, the flow's data and a version.

The version grows whenever the bot shows buttons bound to a step, so a button pressed
from an older message can be told apart from one pressed on the current step.

``paused`` is a flow the user left for a different request typed mid-flow (its flow, step,
data and when): kept beside the current flow in the same ``data`` JSON column, under
``PAUSED_KEY``, so offering "carry on where you were" needs no schema change.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.database import Database, TurnCache
from db.users import (
    USER_COLUMN_COUNT,
    USER_COLUMNS_OF_U,
    User,
    change_turn_row,
    turn_key,
    user_from_row,
)

PAUSED_KEY = "_paused"


@dataclass(slots=True)
class ConversationState:
    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    version: int = 0
    updated_at: datetime | None = None
    paused: dict[str, Any] | None = None
    # The data column exactly as read, so the state as loaded is known without dumping it
    # again (the engine compares before and after every turn).
    loaded_json: str | None = None

    def snapshot(self) -> tuple[str | None, str | None, str, int]:
        return (self.flow, self.step, _dump(_with_paused(self)), self.version)

    def loaded_snapshot(self) -> tuple[str | None, str | None, str, int]:
        """``snapshot()`` of the state as it was read (cheap: no JSON written)."""
        if self.loaded_json is None:
            return self.snapshot()
        return (self.flow, self.step, self.loaded_json, self.version)


class ConversationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def open_turn(
        self, channel: str, channel_user_id: str
    ) -> tuple[User | None, ConversationState]:
        """The user and their conversation in one read (the engine does this per input),
        from the turn cache while nothing else changed the database."""
        rows = await self.db.fetchall_cached(
            turn_key(channel, channel_user_id),
            f"SELECT {USER_COLUMNS_OF_U}, c.flow, c.step, c.data, c.version, c.updated_at"
            " FROM users u LEFT JOIN conversations c ON c.user_id = u.id"
            " WHERE u.channel = ? AND u.channel_user_id = ?",
            (channel, channel_user_id),
            also=_index_by_user_id,
        )
        row = rows[0] if rows else None
        if row is None:
            return None, ConversationState()
        user = user_from_row(row)
        flow, step, data, version, at = row[USER_COLUMN_COUNT:]
        if version is None:  # no conversation row yet (version is NOT NULL in a real row)
            return user, ConversationState()
        return user, _state(flow, step, data, version, at)

    async def load(self, user_id: int) -> ConversationState:
        row = await self.db.fetchone(
            "SELECT flow, step, data, version, updated_at FROM conversations WHERE user_id = ?",
            (user_id,),
        )
        if row is None:
            return ConversationState()
        return _state(row[0], row[1], row[2], row[3], row[4])

    async def save(
        self, user_id: int, state: ConversationState, now: datetime, *, data_json: str | None = None
    ) -> None:
        """Write ``state``; ``data_json`` is its data column when the caller has it already."""
        written = (
            state.flow,
            state.step,
            _dump(_with_paused(state)) if data_json is None else data_json,
            state.version,
            now.isoformat(timespec="seconds"),
        )

        def keep(cache: TurnCache, _: object) -> None:
            change_turn_row(cache, user_id, lambda row: (*row[:USER_COLUMN_COUNT], *written))

        await self.db.execute_known(
            "INSERT INTO conversations (user_id, flow, step, data, version, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,"
            " data = excluded.data, version = excluded.version,"
            " updated_at = excluded.updated_at",
            (user_id, *written),
            keep,
        )


def _index_by_user_id(cache: TurnCache, key: Hashable, rows: list[Any]) -> None:
    """Note whose turn row ``key`` holds, so that saving their state updates it."""
    if rows:
        cache[("user", rows[0][0])] = key


def _state(
    flow: str | None, step: str | None, raw: str, version: int, at: str
) -> ConversationState:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        data = {}
    data = data if isinstance(data, dict) else {}
    paused = data.pop(PAUSED_KEY, None)
    return ConversationState(
        flow=flow,
        step=step,
        data=data,
        version=int(version),
        updated_at=datetime.fromisoformat(at),
        paused=paused if isinstance(paused, dict) else None,
        loaded_json=raw if isinstance(raw, str) else None,
    )


def _with_paused(state: ConversationState) -> dict[str, Any]:
    if not state.paused:
        return state.data
    return {**state.data, PAUSED_KEY: state.paused}


# One encoder for every turn: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dump(data: dict[str, Any]) -> str:
    return _ENCODER.encode(data)
