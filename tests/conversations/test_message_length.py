"""No message over 1,000 characters on any channel: every flow walked with its longest
content (300 places, 200-character job titles, a user who qualifies for every program) on
the terminal chat, Telegram and the Kakao skill; and the pushes (a job alert, a digest).

Run with ``-s`` to see the longest message per flow and channel."""

from __future__ import annotations

from collections import defaultdict
from typing import cast

import pytest

from bot.channels.console.chat import ConsoleChat
from bot.channels.kakao.render import render_event_text
from bot.channels.telegram.render import coalesce, render_part
from content.catalogue import Catalogue, load_catalogue
from content.jobs.alerts import digest_page
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.jobs.messages import digest_reply
from tests.conversations.conftest import CHANNELS, NOW
from tests.conversations.drivers import Driver
from tests.conversations.tours import FLOW_TOURS, generous, long_posting, seed_long_content

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


def test_a_job_digest_of_long_postings_fits_one_message_on_every_channel(
    catalogue: Catalogue,
) -> None:
    """Pushes too: a digest page of postings with 200-character titles and a raw pay."""
    today = NOW.date()
    page = digest_page([long_posting(i, today) for i in range(14)], today)
    assert page is not None and len(page.shown) == 5 and page.more == 9
    reply = digest_reply(page, today.isoformat(), 0, catalogue, "ko", today)
    telegram = [call.kwargs["text"] for part in coalesce(reply.parts)
                for call in render_part(42, part)]
    kakao = render_event_text(reply)
    console = ConsoleChat(cast(Engine, None)).render(reply)  # a digest needs no engine
    assert max(map(len, [*telegram, kakao, console])) <= MAX_MESSAGE
    assert "월 250만원" in kakao and "2500000" not in kakao
    assert not kakao.endswith("…")  # it fits: nothing was cut to make it fit

