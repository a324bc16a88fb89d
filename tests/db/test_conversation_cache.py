"""The per-process copy of users and conversation state: used while nobody else wrote,
dropped as soon as another Store on the same file (another process) or another write in
this process changed the database. Every save still writes its row."""

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


def count_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = store.db.fetchone_now

    async def counted(sql: str, params: object = ()) -> object:
        reads.append(sql)
        return await real(sql, params)  # type: ignore[arg-type]

    monkeypatch.setattr(store.db, "fetchone_now", counted)
    return reads


async def start(store: Store, key: str, step: str) -> int:
    user = await store.users.touch("telegram", key, NOW)
    await store.conversations.save(user.id, ConversationState("booking", step, {"n": 1}), NOW)
    return user.id


async def test_a_turn_saved_by_another_store_on_the_same_file_is_seen(
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


async def test_own_save_is_read_back_without_a_query_and_still_written(
    store: Store, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_id = await start(store, "3", "shop")
    await store.conversations.open_turn("telegram", "3")
    reads = count_reads(store, monkeypatch)
    _, state = await store.conversations.open_turn("telegram", "3")
    state.step, state.version = "time", state.version + 1
    await store.conversations.save(user_id, state, NOW)
    _, again = await store.conversations.open_turn("telegram", "3")
    assert (again.step, again.version) == ("time", 1)
    assert reads == []  # both turns answered from the copy
    written = await other.conversations.load(user_id)  # and the row is in SQLite
    assert (written.step, written.version) == ("time", 1)


async def test_another_write_in_this_process_drops_the_copy(store: Store) -> None:
    user_id = await start(store, "4", "shop")
    user, _ = await store.conversations.open_turn("telegram", "4")
    assert user is not None and user.active
    await store.users.set_active(user_id, False)
    user, _ = await store.conversations.open_turn("telegram", "4")
    assert user is not None and not user.active
    await store.users.delete(user_id)
    assert (await store.conversations.open_turn("telegram", "4"))[0] is None


async def test_changing_a_returned_state_does_not_change_the_copy(store: Store) -> None:
    await start(store, "5", "shop")
    _, state = await store.conversations.open_turn("telegram", "5")
    state.data["n"] = 99
    state.step = "elsewhere"
    _, again = await store.conversations.open_turn("telegram", "5")
    assert (again.step, again.data) == ("shop", {"n": 1})


async def test_while_a_transaction_is_open_the_copy_is_not_used(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await start(store, "6", "shop")
    await store.conversations.open_turn("telegram", "6")
    reads = count_reads(store, monkeypatch)
    async with store.db.transaction():
        await store.conversations.open_turn("telegram", "6")
    assert len(reads) == 1


async def test_a_second_store_saving_between_two_turns_of_ours_is_not_overwritten_by_the_copy(
    store: Store, other: Store
) -> None:
    user_id = await start(store, "7", "shop")
    await store.conversations.open_turn("telegram", "7")
    await other.conversations.save(user_id, ConversationState("jobs", "kw", {}), NOW)
    await store.conversations.save(user_id, ConversationState("booking", "day", {}), NOW)
    _, state = await store.conversations.open_turn("telegram", "7")
    assert (state.flow, state.step) == ("booking", "day")
    _, seen_by_other = await other.conversations.open_turn("telegram", "7")
    assert (seen_by_other.flow, seen_by_other.step) == ("booking", "day")
