"""Two Stores on one SQLite file, as a CLI import and the running bot would be: each sees
what the other committed, on the per-turn reads answered on the event loop too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from db.conversations import ConversationState
from db.seoul import SEOUL
from db.store import Store

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=SEOUL)


@pytest.fixture
async def other(db_path: Path, store: Store) -> AsyncIterator[Store]:
    """A second Store on the same file: its own connections, like a second process."""
    s = await Store.open(db_path)
    yield s
    await s.close()


async def start(store: Store, key: str, step: str) -> int:
    user = await store.users.touch("telegram", key, NOW)
    await store.conversations.save(user.id, ConversationState("booking", step, {"n": 1}), NOW)
    return user.id


async def test_a_turn_saved_by_another_store_is_seen_on_the_next_turn(
    store: Store, other: Store
) -> None:
    user_id = await start(store, "1", "shop")
    _, first = await store.conversations.open_turn("telegram", "1")
    assert first.step == "shop"
    await other.conversations.save(
        user_id, ConversationState("booking", "day", {"n": 2}, version=5), NOW
    )
    _, seen = await store.conversations.open_turn("telegram", "1")
    assert (seen.step, seen.data, seen.version) == ("day", {"n": 2}, 5)


async def test_a_user_deleted_by_another_store_is_gone(store: Store, other: Store) -> None:
    user_id = await start(store, "2", "shop")
    assert (await store.conversations.open_turn("telegram", "2"))[0] is not None
    await other.users.delete(user_id)
    user, state = await store.conversations.open_turn("telegram", "2")
    assert user is None and state.flow is None


async def test_own_save_is_read_back_on_the_next_turn(store: Store, other: Store) -> None:
    user_id = await start(store, "3", "shop")
    _, state = await store.conversations.open_turn("telegram", "3")
    state.step, state.version = "time", state.version + 1
    await store.conversations.save(user_id, state, NOW)
    _, again = await store.conversations.open_turn("telegram", "3")
    assert (again.step, again.version) == ("time", 1)
    written = await other.conversations.load(user_id)
    assert (written.step, written.version) == ("time", 1)


async def test_a_user_deactivated_in_this_process_is_read_inactive(store: Store) -> None:
    user_id = await start(store, "4", "shop")
    await store.conversations.open_turn("telegram", "4")
    await store.users.set_active(user_id, False)
    user, _ = await store.conversations.open_turn("telegram", "4")
    assert user is not None and not user.active


async def test_changing_a_returned_state_changes_nothing_stored(store: Store) -> None:
    await start(store, "5", "shop")
    _, state = await store.conversations.open_turn("telegram", "5")
    state.data["n"] = 99
    state.step = "elsewhere"
    _, again = await store.conversations.open_turn("telegram", "5")
    assert (again.step, again.data) == ("shop", {"n": 1})


async def test_the_last_save_wins_whichever_store_made_it(store: Store, other: Store) -> None:
    user_id = await start(store, "7", "shop")
    await store.conversations.open_turn("telegram", "7")
    await other.conversations.save(user_id, ConversationState("jobs", "kw", {}), NOW)
    await store.conversations.save(user_id, ConversationState("booking", "day", {}), NOW)
    for s in (store, other):
        _, state = await s.conversations.open_turn("telegram", "7")
        assert (state.flow, state.step) == ("booking", "day")


async def test_profile_facts_stored_by_another_store_are_read(store: Store, other: Store) -> None:
    user = await store.users.touch("telegram", "8", NOW)
    assert await store.profile.facts(user.id) == []
    await other.profile.set_consent(user.id, True, "v1", NOW)
    assert await other.profile.save_facts(user.id, {"age": 26}, NOW) == 1
    facts = await store.profile.facts(user.id)
    assert [(f.fact, f.value) for f in facts] == [("age", 26)]


async def test_reads_on_the_event_loop_do_not_wait_for_another_stores_transaction(
    store: Store, other: Store
) -> None:
    user_id = await start(store, "9", "shop")
    async with other.db.transaction() as tx:
        await tx.execute("UPDATE conversations SET step = 'uncommitted' WHERE user_id = ?",
                         (user_id,))
        _, state = await store.conversations.open_turn("telegram", "9")
        assert state.step == "shop"  # the committed state, answered while the writer holds
    _, state = await store.conversations.open_turn("telegram", "9")
    assert state.step == "uncommitted"
