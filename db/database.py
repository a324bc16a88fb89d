"""One aiosqlite connection per process, numbered migrations, explicit transactions.

SQLite serves one city on one machine. Every statement goes through one asyncio lock so
that a coroutine's transaction never interleaves with another coroutine's statements on
the shared connection; write transactions start with ``BEGIN IMMEDIATE`` so that a second
process (a CLI import while the bot runs) waits on ``busy_timeout`` instead of failing.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
Params = Sequence[Any] | dict[str, Any]
READER_BUSY_SECONDS = 0.05  # the event-loop reader never blocks the loop longer than this


class Database:
    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = str(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> Database:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}")
        self._conn = conn
        await self.migrate()
        self._reader = self._open_reader()
        return self

    def _open_reader(self) -> sqlite3.Connection | None:
        """A second, read-only connection to the same WAL file, used on the event loop for
        the one point lookup every turn makes (see ``fetchone_now``)."""
        if self.path == ":memory:":
            return None
        reader = sqlite3.connect(self.path, timeout=READER_BUSY_SECONDS, isolation_level=None)
        reader.row_factory = sqlite3.Row
        reader.execute("PRAGMA query_only=ON")
        return reader

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database is not connected; call connect() first")
        return self._conn

    # -- statements outside an explicit transaction (each one commits by itself) --

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of changed rows."""
        async with self._lock:
            # A DML cursor holds no rows or locks once executed, so it is left to the
            # garbage collector rather than closed with a second trip to the DB thread.
            cur = await self.conn.execute(sql, params)
            return cur.rowcount

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchone_now(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """``fetchall_now`` for a single row (the user and conversation read every turn)."""
        rows = await self.fetchall_now(sql, params)
        return rows[0] if rows else None

    async def fetchall_now(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """A small indexed read answered on the event loop, without the trip to aiosqlite's
        thread: on the per-turn hot path (the user's conversation, their profile facts) the
        trip costs several times the read itself (bench.dialog: ~875 → ~1,225 turns/s for
        the conversation read alone). WAL readers never wait for writers and see every
        committed write; if the reader is ever busy (e.g. WAL recovery) it gives up within
        ``READER_BUSY_SECONDS`` and the shared connection answers instead. Only for small
        reads outside a transaction.
        """
        if self._reader is not None:
            try:
                # fetchall, not fetchone: finishing the statement ends its read snapshot.
                return self._reader.execute(sql, params).fetchall()
            except sqlite3.OperationalError:
                pass
        return await self.fetchall(sql, params)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        # One trip to the database thread: execute and fetch together.
        async with self._lock:
            return list(await self.conn.execute_fetchall(sql, params))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction: everything inside commits together or not at all."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self.conn)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    # -- migrations --

    async def migrate(self) -> list[int]:
        """Apply every numbered migration not yet applied; return the versions applied."""
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
        )
        async with self.conn.execute("SELECT version FROM schema_migrations") as cur:
            done = {row[0] for row in await cur.fetchall()}
        applied: list[int] = []
        for version, name, sql in available_migrations():
            if version in done:
                continue
            async with self.transaction() as tx:
                for statement in split_sql(sql):
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                    (version, name),
                )
            applied.append(version)
        return applied

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0) if row else 0


class Transaction:
    """Statements inside ``Database.transaction()``; the lock is already held."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cur = await self._conn.execute(sql, params)
        return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def executemany_counted(self, sql: str, rows: Iterable[Params]) -> int:
        """``executemany`` returning how many rows it changed: for an insert that skips
        conflicts (``ON CONFLICT … DO NOTHING``), how many were new."""
        before = await self.fetchone("SELECT total_changes()")
        await self._conn.executemany(sql, rows)
        after = await self.fetchone("SELECT total_changes()")
        return int(after[0]) - int(before[0]) if before and after else 0

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, params))


def available_migrations() -> list[tuple[int, str, str]]:
    """The migration files shipped in ``db/migrations``, sorted by number."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("db").joinpath("migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [n for n, _, _ in found]
    if len(numbers) != len(set(numbers)):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found


def split_sql(script: str) -> list[str]:
    """Split a migration into statements (migrations hold no ';' inside literals)."""
    without_comments = "\n".join(
        line for line in script.splitlines() if not line.strip().startswith("--")
    )
    return [s.strip() for s in without_comments.split(";") if s.strip()]
