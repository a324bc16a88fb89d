"""A task cancelled while it waits for a free PostgreSQL connection stops (Python 3.11's
``asyncio.wait_for``, which psycopg_pool waits with, can drop that cancel)."""

from __future__ import annotations

import asyncio

import pytest
from psycopg_pool import AsyncConnectionPool

from db.postgres import _taken
from tests.postgres import redirect

pytestmark = pytest.mark.skipif(not redirect.server(), reason="PostgreSQL only (make test-pg)")


async def test_a_cancel_that_lands_as_the_connection_is_handed_over_is_raised() -> None:
    url = redirect.server()
    assert url is not None
    reached: list[str] = []
    async with AsyncConnectionPool(url, min_size=1, max_size=1, open=False) as pool:
        await pool.open(wait=True)
        held = await pool.getconn()

        async def use() -> None:
            async with _taken(pool):
                reached.append("body")  # a lost cancel: the task carries on

        waiting = asyncio.create_task(use())
        for _ in range(500):
            if pool.get_stats().get("requests_waiting"):
                break
            await asyncio.sleep(0.01)
        await pool.putconn(held)  # hands the connection to the waiting task ...
        waiting.cancel()  # ... and the cancel lands before it runs again
        with pytest.raises(asyncio.CancelledError):
            await waiting
    assert reached == []
