"""A finished conversation (flow NULL) keeps its button version, so step buttons shown
outside a flow stay valid and older ones stay stale."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from db.conversations import ConversationState
from db.store import Store

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))


async def test_version_survives_a_finished_flow(store: Store) -> None:
    user = await store.users.create_or_reactivate("console", "v1", NOW)
    await store.conversations.save(user.id, ConversationState(version=7), NOW)
    _, state = await store.conversations.open_turn("console", "v1")
    assert state.flow is None and state.version == 7
