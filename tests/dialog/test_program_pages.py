"""A category with many programs is paged, so every program button survives Kakao's limit of
10 quick replies (issue 12 added cards; 취업·일자리 now has more than fit on one screen)."""

from __future__ import annotations

import pytest

from bot.channels.kakao.limits import MAX_QUICK_REPLIES
from tests.conftest import ChatDriver


async def _pages(chat: ChatDriver, category: str) -> list[list[str]]:
    pages: list[list[str]] = []
    await chat.action(f"programs:cat:{category}")
    while True:
        labels = [b.label for b in chat.last.buttons()]
        pages.append(labels)
        assert len(labels) <= MAX_QUICK_REPLIES, labels
        if not any("더 보기" in label for label in labels):
            return pages
        await chat.press("더 보기")


@pytest.mark.parametrize("category", ["jobs", "money_housing", "startup", "spaces"])
async def test_every_program_of_a_category_is_reachable_within_kakao_limits(
    chat: ChatDriver, category: str
) -> None:
    pages = await _pages(chat, category)
    shown = [label for page in pages for label in page]
    programs = chat.engine.catalogue.programs_in(category)
    for program in programs:
        assert program.name["ko"] in shown, program.id
    assert len(pages) == (len(programs) + 6) // 7


async def test_jobs_has_a_second_page_with_the_national_program(chat: ChatDriver) -> None:
    pages = await _pages(chat, "jobs")
    assert len(pages) == 2
    assert "국민취업지원제도" in pages[1]
    assert pages[1][-2:] == ["◀ 뒤로", "🏠 처음으로"]


@pytest.mark.parametrize("payload", ["programs:cat:jobs:2", "programs:cat:jobs:x",
                                     "programs:cat:jobs:-1", "programs:cat:jobs:1:1",
                                     "programs:cat:spaces:1"])
async def test_a_page_that_does_not_exist_is_an_expired_button(chat: ChatDriver,
                                                               payload: str) -> None:
    await chat.action(payload)
    assert "만료" in chat.text()
