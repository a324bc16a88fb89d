"""SQLite: one aiosqlite connection per process, explicit transactions.

SQLite serves one city on one machine. Every statement goes through one asyncio lock so
that a coroutine's transaction never interleaves with another coroutine's statements on
the shared connection; write transactions start with ``BEGIN IMMEDIATE`` so that a second
process (a CLI import while the bot runs) waits on ``busy_timeout`` instead of failing.

Rows read every turn (the user and their conversation, their profile facts) are also kept
in a per-process cache (``turn_cache``) that only saves reads: every write still goes to
SQLite. It is emptied as soon as the file changed in a way it was not told of: another
connection committed (``PRAGMA data_version`` on our writer changes) or a statement of ours
changed rows (``total_changes`` moved) other than through ``execute_known``.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from db.database import Database, Params, Row, Transaction, TurnCache, sqlite_path

READER_BUSY_SECONDS = 0.05  # the event-loop reader never blocks the loop longer than this
# The writer checkpoints the WAL only here, on aiosqlite's thread, after this many writes:
# a checkpoint fsyncs, which must not happen in a write made on the event loop.
CHECKPOINT_EVERY = 500
CACHE_LIMIT = 20_000  # entries (about two per active user); past it the cache starts over


class SqliteDatabase(Database):
    dialect = "sqlite"
    integrity_error = sqlite3.IntegrityError

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 5000) -> None:
        self.path = str(sqlite_path(path))
        self._busy_timeout_ms = busy_timeout_ms
        self._conn: aiosqlite.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()
        self._writer: sqlite3.Connection | None = None  # what aiosqlite's thread runs on
        self._cache: TurnCache = {}
        self._cache_valid_for: tuple[int, int] | None = None  # (data_version, total_changes)
        self._writes = 0  # since the last checkpoint

    async def connect(self) -> SqliteDatabase:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)

        def open_writer() -> sqlite3.Connection:
            # check_same_thread=False: ``turn_cache`` and ``_write_now`` use it on the
            # event loop, only while the lock is free (aiosqlite's thread then has nothing
            # to run on it).
            self._writer = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False
            )
            return self._writer

        conn = await aiosqlite.Connection(open_writer, 64)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}")
        await conn.execute("PRAGMA wal_autocheckpoint=0")  # see CHECKPOINT_EVERY
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
        self._writer = None  # first: nothing on the loop may use it while it closes
        self._forget_cache()
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
            await self._wrote()
            return cur.rowcount

    async def execute_known(
        self, sql: str, params: Params, effect: Callable[[TurnCache, list[Any]], None]
    ) -> list[Row]:
        """Run one write whose whole effect on the turn cache ``effect(cache, returned rows)``
        applies (so the cache is kept, not emptied); return the rows it returned.

        Written on the event loop when it can be (``_write_now``), else on the thread."""
        rows = self._write_now(sql, params, effect)
        if rows is not None:
            return rows
        async with self._lock:
            before = self._total_changes()
            try:
                rows = list(await self.conn.execute_fetchall(sql, params))
            except BaseException:
                self._forget_cache()
                raise
            self._keep_cache(before, effect, rows)
            await self._wrote()
            return rows

    def _write_now(
        self, sql: str, params: Params, effect: Callable[[TurnCache, list[Any]], None]
    ) -> list[Row] | None:
        """One small write on the event loop, without the trip to aiosqlite's thread (that
        trip costs ~80 µs of CPU, several times the write: bench.dialog). Only while no
        statement of ours runs (the writer is idle), never waiting for another process's
        write lock, and never checkpointing (which fsyncs): None leaves it to the thread."""
        writer = self._writer
        if (
            writer is None
            or self._lock.locked()
            or writer.in_transaction  # never inside someone's unfinished transaction
            or self._writes >= CHECKPOINT_EVERY
        ):
            return None
        before = writer.total_changes
        writer.execute("PRAGMA busy_timeout=0").fetchall()
        try:
            rows: list[Row] = writer.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            return None  # locked by another process: the thread waits for it
        except BaseException:
            self._forget_cache()
            raise
        finally:
            writer.execute(f"PRAGMA busy_timeout={int(self._busy_timeout_ms)}").fetchall()
        self._writes += 1
        self._keep_cache(before, effect, rows)
        return rows

    def _keep_cache(
        self, before: int, effect: Callable[[TurnCache, list[Any]], None], rows: list[Row]
    ) -> None:
        """After a write of ours: apply its known effect, or empty the cache when some other
        change happened since it was last checked (``before``: total_changes then)."""
        valid = self._cache_valid_for
        if valid is not None and before == valid[1]:
            effect(self._cache, rows)
            self._cache_valid_for = (valid[0], self._total_changes())
        else:
            self._forget_cache()

    async def _wrote(self) -> None:
        """Count a write made on the thread (the lock is held); checkpoint when due."""
        self._writes += 1
        if self._writes >= CHECKPOINT_EVERY:
            self._writes = 0
            # fetched: a statement left running would hold back the next commits
            await self.conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")

    def turn_cache(self) -> TurnCache | None:
        """The rows this process keeps between turns, or None when they cannot be checked
        now (a statement of ours is running). Use it before the next ``await`` only."""
        writer = self._writer
        if writer is None or self._lock.locked() or writer.in_transaction:
            return None
        try:
            token = (int(writer.execute("PRAGMA data_version").fetchall()[0][0]),
                     writer.total_changes)
        except sqlite3.Error:
            return None
        if token != self._cache_valid_for or len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._cache_valid_for = token
        return self._cache

    def read_now(self, sql: str, params: Params = ()) -> list[Row] | None:
        """A small read answered on the event loop without awaiting, or None when the
        loop's reader is busy (see ``fetchall_now``)."""
        if self._reader is None:
            return None
        try:
            # fetchall, not fetchone: finishing the statement ends its read snapshot.
            return self._reader.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            return None

    def _total_changes(self) -> int:
        return self._writer.total_changes if self._writer is not None else -1

    def _forget_cache(self) -> None:
        self._cache.clear()
        self._cache_valid_for = None

    async def fetchall_now(self, sql: str, params: Params = ()) -> list[Row]:
        """A small indexed read answered on the event loop, without the trip to aiosqlite's
        thread: on the per-turn hot path (the user's conversation, their profile facts) the
        trip costs several times the read itself (bench.dialog: ~875 → ~1,225 turns/s for
        the conversation read alone). WAL readers never wait for writers and see every
        committed write; if the reader is ever busy (e.g. WAL recovery) it gives up within
        ``READER_BUSY_SECONDS`` and the shared connection answers instead. Only for small
        reads outside a transaction.
        """
        rows = self.read_now(sql, params)
        return rows if rows is not None else await self.fetchall(sql, params)

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
                await self._wrote()

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

