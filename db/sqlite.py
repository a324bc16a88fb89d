"""SQLite: one aiosqlite connection per process, explicit transactions.

SQLite serves one city on one machine. Every statement goes through one asyncio lock so
that a coroutine's transaction never interleaves with another coroutine's statements on
the shared connection; write transactions start with ``BEGIN IMMEDIATE`` so that a second
process (a CLI import while the bot runs) waits on ``busy_timeout`` instead of failing.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from db.database import Database, Params, Row, Transaction, sqlite_path

READER_BUSY_SECONDS = 0.05  # the event-loop reader never blocks the loop longer than this


class SqliteDatabase(Database):
    dialect = "sqlite"
    integrity_error = sqlite3.IntegrityError

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = str(sqlite_path(path))
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> SqliteDatabase:
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

    async def fetchall_now(self, sql: str, params: Params = ()) -> list[Row]:
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

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        # One trip to the database thread: execute and fetch together.
        async with self._lock:
            return list(await self.conn.execute_fetchall(sql, params))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction: everything inside commits together or not at all."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTransaction(self.conn)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def tables_with_column(self, column: str) -> list[str]:
        tables = await self.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        found = []
        for (name,) in tables:
            columns = await self.fetchall(f'PRAGMA table_info("{name}")')
            if any(col[1] == column for col in columns):
                found.append(str(name))
        return sorted(found)


class SqliteTransaction(Transaction):
    """Statements inside ``SqliteDatabase.transaction()``; the lock is already held."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cur = await self._conn.execute(sql, params)
        return cur.rowcount

    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        # sqlite3 sums the changes of every row into rowcount.
        cur = await self._conn.executemany(sql, rows)
        return cur.rowcount

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, params))

