"""Run the suite on PostgreSQL (``make test-pg``): every SQLite path a test opens becomes a
schema of its own in the throwaway server named by ``GOYANG_BOT_TEST_PG``.

The same path opened twice (two connections in one test, a worker process) is the same
schema; a new path (each test has its own ``tmp_path``) is a fresh, empty one, migrated by
the store as a new SQLite file would be. Schemas are dropped after each test.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg

import db.database
from db.postgres import PostgresDatabase

ENV = "GOYANG_BOT_TEST_PG"
created: set[str] = set()


def server() -> str | None:
    return os.environ.get(ENV) or None


def schema_for(path: str | Path) -> str:
    digest = hashlib.blake2b(str(Path(path).resolve()).encode(), digest_size=8).hexdigest()
    return f"t_{digest}"


def url_for(base: str, schema: str) -> str:
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options={quote(f'-csearch_path={schema}')}"


class SchemaPostgres(PostgresDatabase):
    """A PostgreSQL store standing in for the SQLite file at ``path``."""

    def __init__(self, path: str | Path, **options: Any) -> None:
        base = server()
        assert base is not None
        schema = schema_for(path)
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        created.add(schema)
        options.pop("busy_timeout_ms", None)
        super().__init__(url_for(base, schema), pool_size=4, lock_pool_size=4, **options)


def _backend_for(target: str | Path) -> type[db.database.Database]:
    if db.database.is_postgres(target):
        return PostgresDatabase
    return SchemaPostgres


def install() -> bool:
    """Redirect SQLite targets to PostgreSQL when ``GOYANG_BOT_TEST_PG`` is set."""
    if server() is None:
        return False
    db.database._backend_for = _backend_for  # type: ignore[assignment]
    return True


def drop_created() -> None:
    base = server()
    if base is None or not created:
        return
    with psycopg.connect(base, autocommit=True) as conn:
        for schema in sorted(created):
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    created.clear()
