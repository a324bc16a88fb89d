"""The store's connection, whatever the database: SQLite (a file) or PostgreSQL (a server).

``Database(target)`` picks the backend from ``target``: ``postgresql://…`` (or
``postgres://…``) opens ``db.postgres.PostgresDatabase``; a path, or ``sqlite:PATH``, opens
``db.sqlite.SqliteDatabase``. Repositories write one SQL text for both, with ``?`` (or
``:name``) placeholders; the PostgreSQL backend rewrites the placeholders for its driver.

What each backend guarantees, and repositories rely on:

- ``transaction()`` is a write transaction that runs alone: no other write transaction (in
  this process or another) interleaves with it, so a count and the write that depends on it
  are exact (seats, yearly limits, the waitlist). SQLite: ``BEGIN IMMEDIATE``; PostgreSQL:
  a transaction-level advisory lock taken first.
- ``user_turn(key)`` holds one user's turn: a second turn for the same key, in any
  process, waits until the first ends (updates of one user are answered in order).
- ``exclusive(name)`` runs a job (a push pass and what rides on it) in one process at a
  time; another process asking meanwhile is told no and skips its run.
- ``skip_locked`` is appended to the ``SELECT`` that claims outbox rows.
- ``shared_by_processes`` is true when other processes may write the same rows at any time
  (PostgreSQL): a per-process cache of rows (users, conversations) must then not be trusted.
- ``turn_cache()`` / ``fetchall_cached`` / ``execute_known``: rows read every turn (the user
  and their conversation, their profile facts) may be kept between turns by a backend that
  can tell when they changed (SQLite: ``PRAGMA data_version`` and ``total_changes``, see
  ``db/sqlite.py``). Here, and so on PostgreSQL, nothing is kept: every read goes to the
  database and ``execute_known`` is a plain statement.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Protocol

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:"
Params = Sequence[Any] | dict[str, Any]
TurnCache = dict[Hashable, Any]


class Row(Protocol):
    """A result row: by position (``row[0]``, ``row[2:]``), by column name (``row["id"]``),
    and unpacked (``for a, b in rows``)."""

    def __getitem__(self, key: Any, /) -> Any: ...

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...


def is_postgres(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def sqlite_path(target: str | Path) -> Path:
    """The file of an SQLite target (``sqlite:`` prefix allowed)."""
    text = str(target)
    return Path(text[len(SQLITE_SCHEME):] if text.startswith(SQLITE_SCHEME) else text)


class Transaction(ABC):
    """Statements inside ``Database.transaction()``."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of changed rows."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement per parameter row; return the number of changed rows (for an
        insert that skips conflicts, ``ON CONFLICT … DO NOTHING``, how many were new)."""

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class Database:
    """One store's connection(s); see the module docstring for what every backend keeps.
    (Not an ``ABC``: ``Database(target)`` itself builds the backend's subclass.)"""

    dialect: ClassVar[str]
    # What a broken UNIQUE/foreign key constraint raises (sqlite3's or psycopg's).
    integrity_error: ClassVar[type[Exception]] = Exception
    skip_locked: ClassVar[str] = ""
    # Several processes may serve users at once (``serve --workers``, two servers).
    shared_by_processes: ClassVar[bool] = False

    def __new__(cls, target: str | Path, **options: Any) -> Database:
        if cls is Database:
            cls = _backend_for(target)
        return super().__new__(cls)

    def __init__(self, target: str | Path, **options: Any) -> None:
        self.path = str(target)

    async def connect(self) -> Database:
        """Connect and apply pending migrations; returns ``self``."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- statements outside an explicit transaction (each one commits by itself) --

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of changed rows."""
        raise NotImplementedError

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        raise NotImplementedError

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchall_now(self, sql: str, params: Params = ()) -> list[Row]:
        """A small indexed read on the per-turn hot path (a backend may answer it faster)."""
        return await self.fetchall(sql, params)

    async def fetchone_now(self, sql: str, params: Params = ()) -> Row | None:
        rows = await self.fetchall_now(sql, params)
        return rows[0] if rows else None

    async def ping(self) -> None:
        """One round trip that touches no table: whether the store answers (for liveness)."""
        await self.fetchone_now("SELECT 1")

    # -- the turn cache (kept only where a backend can check it; see the module doc) --

    def turn_cache(self) -> TurnCache | None:
        """The rows this process keeps between turns, or None when none can be trusted now.
        Use it before the next ``await`` only."""
        return None

    async def fetchall_cached(
        self,
        key: Hashable,
        sql: str,
        params: Params = (),
        *,
        also: Callable[[TurnCache, Hashable, list[Any]], None] | None = None,
    ) -> list[Row]:
        """``fetchall_now`` kept in the turn cache under ``key``; ``also`` is told when rows
        are read into the cache. Without a turn cache (PostgreSQL) a plain read."""
        cache = self.turn_cache()
        if cache is not None:
            rows = cache.get(key)
            if rows is None:
                rows = self.read_now(sql, params)
                if rows is not None:
                    cache[key] = rows
                    if also is not None:
                        also(cache, key, rows)
            if rows is not None:
                return list(rows)
        return await self.fetchall_now(sql, params)

    def read_now(self, sql: str, params: Params = ()) -> list[Row] | None:
        """A small read answered on the event loop without awaiting, or None when this
        backend cannot (then the caller awaits ``fetchall_now``)."""
        return None

    async def execute_known(
        self, sql: str, params: Params, effect: Callable[[TurnCache, list[Any]], None]
    ) -> list[Row]:
        """Run one write (committed by itself) whose whole effect on the turn cache
        ``effect(cache, returned rows)`` applies; return the rows it returned."""
        return await self.fetchall(sql, params)

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A write transaction that runs alone: everything inside commits or nothing."""
        raise NotImplementedError

    # -- coordination between processes --

    def user_turn(self, key: str) -> AbstractAsyncContextManager[None]:
        """Hold ``key``'s turn (one process per database needs nothing more than the
        engine's own per-user lock)."""
        return _nothing()

    def exclusive(self, name: str) -> AbstractAsyncContextManager[bool]:
        """Whether this process may run the job ``name`` now (always, with one process)."""
        return _granted()

    # -- schema --

    async def tables_with_column(self, column: str) -> list[str]:
        """Names of the tables that have ``column``, sorted."""
        raise NotImplementedError

    def migration_sql(self, sql: str) -> str:
        """A migration's text as this backend runs it (PostgreSQL adapts the types)."""
        return sql

    def migrating(self) -> AbstractAsyncContextManager[None]:
        """Held while migrating, so two processes starting together migrate one at a time."""
        return _nothing()

    async def migrate(self) -> list[int]:
        """Apply every numbered migration not yet applied; return the versions applied."""
        applied: list[int] = []
        async with self.migrating():
            await self.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )
            done = {int(row[0]) for row in await self.fetchall(
                "SELECT version FROM schema_migrations")}
            for version, name, sql in available_migrations():
                if version in done:
                    continue
                async with self.transaction() as tx:
                    for statement in split_sql(self.migration_sql(sql)):
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


def _backend_for(target: str | Path) -> type[Database]:
    if is_postgres(target):
        from db.postgres import PostgresDatabase

        return PostgresDatabase
    from db.sqlite import SqliteDatabase

    return SqliteDatabase


@asynccontextmanager
async def _nothing() -> AsyncIterator[None]:
    yield


@asynccontextmanager
async def _granted() -> AsyncIterator[bool]:
    yield True


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
