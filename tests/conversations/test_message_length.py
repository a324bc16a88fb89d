"""No message over 1,000 characters on any channel: every flow walked with its longest
content (300 places, 200-character job titles, a user who qualifies for every program) on
the terminal chat, Telegram and the Kakao skill; and the pushes (a job alert, a digest).

Run with ``-s`` to see the longest message per flow and channel."""

from __future__ import annotations

from collections import defaultdict

import pytest

from content.catalogue import Catalogue, load_catalogue
from db.store import Store
from tests.conversations.conftest import CHANNELS, NOW
from tests.conversations.drivers import Driver
from tests.conversations.tours import FLOW_TOURS, generous, seed_long_content

MAX_MESSAGE = 1000
LONGEST: dict[str, dict[str, int]] = defaultdict(dict)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return generous(load_catalogue())


@pytest.mark.parametrize("flow", list(FLOW_TOURS))
async def test_no_message_over_1000_characters(flow: str, driver: Driver, store: Store):
    await seed_long_content(store, NOW)
    try:
        await FLOW_TOURS[flow](driver)
    finally:
        LONGEST[flow][driver.channel] = max(map(len, driver.messages), default=0)
    longest = max(driver.messages, key=len)
    assert len(longest) <= MAX_MESSAGE, longest


def teardown_module() -> None:
    if LONGEST:
        print("\nlongest message (characters)")
        print(f"{'flow':<12}" + "".join(f"{c:>10}" for c in CHANNELS))
        for flow, by_channel in LONGEST.items():
            print(f"{flow:<12}" + "".join(f"{by_channel.get(c, '-'):>10}" for c in CHANNELS))
