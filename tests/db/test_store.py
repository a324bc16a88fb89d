"""The SQLite store: pragmas, migrations, cascade delete, atomic transactions."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import pytest

from content.text.clock import SEOUL
from db.database import Database, available_migrations
from db.jobs import SubscriptionFields
from db.store import Store
from tests.conftest import ChatDriver, stored_user

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=SEOUL)


@pytest.mark.sqlite_only
async def test_pragmas_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    assert (await store.db.fetchone("PRAGMA journal_mode"))[0] == "wal"  # type: ignore[index]
    assert (await store.db.fetchone("PRAGMA foreign_keys"))[0] == 1  # type: ignore[index]
    assert (await store.db.fetchone("PRAGMA busy_timeout"))[0] == 5000  # type: ignore[index]


async def test_migrations_apply_once_in_order(db_path: Path) -> None:
    async with Database(db_path) as db:
        assert await db.schema_version() == available_migrations()[-1][0]
    async with Database(db_path) as db:
        assert await db.migrate() == []


async def test_forget_deletes_every_row_about_the_user(chat: ChatDriver, store: Store) -> None:
    await chat.command("lang", "en")
    await chat.command("forget")
    user = await stored_user(store)
    await store.outbox.enqueue(user.id, "test", "k1", {"x": 1}, not_before=NOW, now=NOW)
    other = await store.users.touch("console", "someone-else", NOW)
    await store.outbox.enqueue(other.id, "test", "k1", {"x": 1}, not_before=NOW, now=NOW)
    await chat.press("delete")
    tables = await store.user_tables()
    assert {"conversations", "outbox"} <= set(tables)
    for table in tables:
        row = await store.db.fetchone(
            f'SELECT COUNT(*) FROM "{table}" WHERE user_id = ?', (user.id,)
        )
        assert row is not None and row[0] == 0, table
    assert await store.users.find("console", "u1") is None
    assert await store.outbox.pending_count(other.id) == 1


async def test_outbox_enqueue_is_idempotent_per_user_and_key(store: Store) -> None:
    user = await store.users.touch("telegram", "1", NOW)
    first = await store.outbox.enqueue(user.id, "job", "job:1", {}, not_before=NOW, now=NOW)
    again = await store.outbox.enqueue(user.id, "job", "job:1", {}, not_before=NOW, now=NOW)
    assert (first, again) == (True, False)


async def test_failed_transaction_rolls_back_everything(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store.db.transaction() as tx:
            await tx.execute("INSERT INTO audit (at, actor, action) VALUES ('t', 'a', 'x')")
            raise RuntimeError("boom")
    assert await store.audit.recent() == []


async def test_concurrent_first_contacts_create_one_user_each(store: Store) -> None:
    users = await asyncio.gather(
        *(store.users.touch("telegram", str(i % 5), NOW) for i in range(50))
    )
    assert len({u.id for u in users}) == 5
    assert await store.users.count() == 5


async def test_two_connections_on_one_file_see_each_others_writes(db_path: Path) -> None:
    async with Database(db_path) as one, Database(db_path) as two:
        await Store(one).users.touch("telegram", "9", NOW)
        assert await Store(two).users.find("telegram", "9") is not None


async def test_turn_lookup_sees_every_committed_write(store: Store) -> None:
    user = await store.users.touch("telegram", "31", NOW)
    await store.users.set_locale(user.id, "en")
    found, _ = await store.conversations.open_turn("telegram", "31")
    assert found is not None and found.locale == "en"
    await store.users.delete(user.id)
    assert (await store.conversations.open_turn("telegram", "31"))[0] is None


@pytest.mark.sqlite_only
async def test_turn_lookup_falls_back_when_the_loop_reader_is_busy(store: Store) -> None:
    import sqlite3

    class Busy:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("database is locked")

        def close(self) -> None:
            return None

    await store.users.touch("telegram", "32", NOW)
    store.db._reader = Busy()  # type: ignore[assignment]
    found, state = await store.conversations.open_turn("telegram", "32")
    assert found is not None and state.flow is None


async def test_job_repositories_are_reached_through_the_store(store: Store) -> None:
    user = await store.users.touch("telegram", "41", NOW)
    sub = await store.subscriptions.create(
        user.id, SubscriptionFields(keywords=["카페"], frequency="daily"), now=NOW
    )
    async with store.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO job_postings (source, source_id, title, company, content_hash,"
            " first_seen_at, updated_at) VALUES ('t', '1', 'x', 'co', 'h', ?, ?)",
            (NOW.isoformat(), NOW.isoformat()),
        )
        posting = await tx.fetchone("SELECT id FROM job_postings")
        assert posting is not None
        assert await store.digest_items.add_many(tx, [(user.id, posting[0], sub.id)], NOW) == 1
        assert await store.digest_items.take(tx, user.id) == [(posting[0], sub.id)]
    assert await store.postings.count() == 1
    assert (await store.subscriptions.counts())["subscriptions"] == 1
    assert (await store.dispatch.status_counts("job"))["pending"] == 0
