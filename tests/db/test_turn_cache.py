"""The per-process turn cache only saves reads: whatever else writes the file (another
process, another connection, a statement of ours the cache was not told of), the next
turn reads what is committed."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

import db.sqlite
from db.conversations import ConversationState
from db.seoul import SEOUL
from db.sqlite import SqliteDatabase
from db.store import Store

# These look inside SQLite's cache (its reader, writer, PRAGMAs); the others run on
# PostgreSQL too (make test-pg), where no rows are kept between turns.
sqlite_only = pytest.mark.sqlite_only
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=SEOUL)


@pytest.fixture
async def other(db_path: Path, store: Store) -> AsyncIterator[Store]:
    s = await Store.open(db_path)
    yield s
    await s.close()


def count_reads(store: Store) -> list[str]:
    """Statements run on the store's event-loop reader from now on."""
    seen: list[str] = []
    assert isinstance(store.db, SqliteDatabase) and store.db._reader is not None
    store.db._reader.set_trace_callback(seen.append)
    return seen


async def begin(store: Store, key: str) -> int:
    user = await store.users.touch("telegram", key, NOW)
    await store.conversations.save(user.id, ConversationState("booking", "shop", {"n": 1}), NOW)
    await store.conversations.open_turn("telegram", key)  # now cached
    return user.id


@sqlite_only
async def test_a_turn_after_our_own_save_is_answered_from_the_cache(store: Store) -> None:
    user_id = await begin(store, "1")
    _, state = await store.conversations.open_turn("telegram", "1")
    state.step, state.data, state.version = "day", {"n": 2, "말": "네"}, 3
    await store.conversations.save(user_id, state, NOW)
    reads = count_reads(store)
    user, again = await store.conversations.open_turn("telegram", "1")
    assert reads == []
    assert user is not None and user.id == user_id
    assert (again.flow, again.step, again.data, again.version) == ("booking", "day",
                                                                    {"n": 2, "말": "네"}, 3)
    stored = await store.conversations.load(user_id)
    assert (stored.step, stored.data, stored.version) == (again.step, again.data, 3)


async def test_a_save_by_another_store_is_read_on_the_next_turn(
    store: Store, other: Store
) -> None:
    user_id = await begin(store, "2")
    await other.conversations.save(user_id, ConversationState("jobs", "kw", {"q": "카페"}), NOW)
    _, state = await store.conversations.open_turn("telegram", "2")
    assert (state.flow, state.step, state.data) == ("jobs", "kw", {"q": "카페"})


@sqlite_only
async def test_another_process_writing_with_plain_sqlite_is_seen(
    store: Store, db_path: Path
) -> None:
    user_id = await begin(store, "3")
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        " c.execute(\"UPDATE conversations SET step = 'time', version = 7 WHERE user_id = ?\","
        " (int(sys.argv[2]),)); c.execute(\"UPDATE users SET locale = 'en' WHERE id = ?\","
        " (int(sys.argv[2]),)); c.commit()"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, str(db_path), str(user_id)
    )
    assert await process.wait() == 0
    user, state = await store.conversations.open_turn("telegram", "3")
    assert user is not None and user.locale == "en"
    assert (state.step, state.version) == ("time", 7)


@sqlite_only
async def test_a_user_deleted_by_another_connection_is_gone_from_the_cache(
    store: Store, db_path: Path
) -> None:
    user_id = await begin(store, "4")
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
    user, state = await store.conversations.open_turn("telegram", "4")
    assert user is None and state.flow is None


async def test_our_own_writes_the_cache_was_not_told_of_are_seen(store: Store) -> None:
    user_id = await begin(store, "5")
    await store.users.set_locale(user_id, "en")
    user, _ = await store.conversations.open_turn("telegram", "5")
    assert user is not None and user.locale == "en"
    async with store.db.transaction() as tx:
        await tx.execute("UPDATE conversations SET step = 'day' WHERE user_id = ?", (user_id,))
    _, state = await store.conversations.open_turn("telegram", "5")
    assert state.step == "day"
    await store.users.set_active(user_id, False)
    user, _ = await store.conversations.open_turn("telegram", "5")
    assert user is not None and not user.active
    await store.users.delete(user_id)
    assert (await store.conversations.open_turn("telegram", "5"))[0] is None


async def test_a_save_after_another_store_wrote_does_not_hide_that_write(
    store: Store, other: Store
) -> None:
    """Another store changes this user's locale, then our save lands: the turn cache
    knows our save, but not the other write, so it must read again."""
    user_id = await begin(store, "6")
    await other.users.set_locale(user_id, "en")
    await store.conversations.save(user_id, ConversationState("booking", "day", {}), NOW)
    user, state = await store.conversations.open_turn("telegram", "6")
    assert user is not None and user.locale == "en"
    assert state.step == "day"


async def test_a_failed_save_leaves_nothing_stale(store: Store) -> None:
    user_id = await begin(store, "7")
    with pytest.raises(store.db.integrity_error):  # no such user: the foreign key refuses it
        await store.conversations.save(10_000, ConversationState("booking", "day", {}), NOW)
    _, state = await store.conversations.open_turn("telegram", "7")
    assert state.step == "shop"
    stored = await store.conversations.load(user_id)
    assert stored.step == "shop"


@sqlite_only
async def test_seen_today_is_kept_in_the_cached_row(store: Store) -> None:
    user_id = await begin(store, "8")
    later = datetime(2026, 12, 2, 9, 0, tzinfo=SEOUL)
    await store.users.mark_seen(user_id, later)
    reads = count_reads(store)
    user, state = await store.conversations.open_turn("telegram", "8")
    assert reads == []
    assert user is not None and user.last_seen == "2026-12-02" and state.step == "shop"
    found = await store.users.get(user_id)
    assert found == user


async def test_profile_facts_written_anywhere_are_read(store: Store, other: Store) -> None:
    user = await store.users.touch("telegram", "9", NOW)
    await store.profile.set_consent(user.id, True, "v1", NOW)
    assert await store.profile.facts(user.id) == []  # now cached
    await store.profile.save_facts(user.id, {"age": 26}, NOW)
    assert [(f.fact, f.value) for f in await store.profile.facts(user.id)] == [("age", 26)]
    await other.profile.save_facts(user.id, {"age": 27}, NOW)
    assert [(f.fact, f.value) for f in await store.profile.facts(user.id)] == [("age", 27)]
    await store.profile.delete_all(user.id)
    assert await store.profile.facts(user.id) == []


@sqlite_only
async def test_a_cache_past_its_limit_starts_over(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.sqlite, "CACHE_LIMIT", 3)
    for key in ("a", "b", "c", "d"):
        await begin(store, key)
    cache = store.db.turn_cache()
    assert cache is not None and len(cache) <= 3


async def test_no_cache_is_offered_while_a_statement_of_ours_runs(store: Store) -> None:
    await begin(store, "10")
    async with store.db.transaction():
        assert store.db.turn_cache() is None
        # the turn is still answered (by the event-loop reader, not the cache)
        user, state = await store.conversations.open_turn("telegram", "10")
        assert user is not None and state.step == "shop"


@sqlite_only
async def test_a_save_while_another_store_holds_the_write_lock_waits_off_the_loop(
    store: Store, other: Store
) -> None:
    """The event-loop write never waits for another process's lock: the save goes to the
    database thread, waits there, and lands once the other store commits."""
    user_id = await begin(store, "11")
    async with other.db.transaction() as tx:
        await tx.execute("UPDATE users SET locale = 'en' WHERE id = ?", (user_id,))
        saving = asyncio.create_task(
            store.conversations.save(user_id, ConversationState("booking", "day", {}), NOW)
        )
        await asyncio.sleep(0.05)
        assert not saving.done()
        # meanwhile the loop still answers turns (what was committed so far)
        user, state = await store.conversations.open_turn("telegram", "11")
        assert user is not None and user.locale is None and state.step == "shop"
    await saving
    user, state = await store.conversations.open_turn("telegram", "11")
    assert user is not None and user.locale == "en" and state.step == "day"
    assert (await other.conversations.load(user_id)).step == "day"


@sqlite_only
async def test_writes_made_on_the_loop_are_checkpointed_and_committed_at_once(
    store: Store, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checkpoints run on the thread; every write around them is committed as it is made
    (a checkpoint statement left unfinished once held later commits back)."""
    monkeypatch.setattr(db.sqlite, "CHECKPOINT_EVERY", 3)
    user_id = await begin(store, "12")
    statements: list[str] = []
    assert isinstance(store.db, SqliteDatabase) and store.db._writer is not None
    store.db._writer.set_trace_callback(statements.append)
    for step in ("a", "b", "c", "d", "e", "f", "g"):
        await store.conversations.save(user_id, ConversationState("booking", step, {}), NOW)
        assert (await other.conversations.load(user_id)).step == step
        newcomer = await store.users.create_or_reactivate("telegram", f"12{step}", NOW)
        assert await other.users.get(newcomer.id) == newcomer
    assert statements.count("PRAGMA wal_checkpoint(PASSIVE)") >= 3
    assert (await store.conversations.open_turn("telegram", "12"))[1].step == "g"


@sqlite_only
async def test_nothing_is_written_or_cached_on_the_loop_inside_an_unfinished_transaction(
    store: Store,
) -> None:
    user_id = await begin(store, "13")
    assert isinstance(store.db, SqliteDatabase)
    assert isinstance(store.db, SqliteDatabase)
    await store.db.conn.execute("BEGIN")  # as if a transaction had been left open
    try:
        assert store.db.turn_cache() is None
        assert store.db._write_now("UPDATE users SET locale = 'en' WHERE id = ?", (user_id,),
                                   lambda cache, rows: None) is None
    finally:
        await store.db.conn.execute("ROLLBACK")
    user, state = await store.conversations.open_turn("telegram", "13")
    assert user is not None and user.locale is None and state.step == "shop"


async def test_a_store_shared_by_processes_keeps_no_rows_between_turns(
    store: Store, other: Store
) -> None:
    """PostgreSQL (several processes on one store) offers no turn cache: every turn reads
    what is committed, even a write that bypassed both stores' repositories."""
    user_id = await begin(store, "14")
    if store.db.shared_by_processes:
        assert store.db.turn_cache() is None
    await other.db.execute("UPDATE conversations SET step = 'time' WHERE user_id = ?",
                           (user_id,))
    _, state = await store.conversations.open_turn("telegram", "14")
    assert state.step == "time"
