"""Eligibility yes/no questions answered in everyday words, and small talk in the middle of the
check that keeps every answer (issue 11)."""

from __future__ import annotations

import pytest

from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.conftest import ChatDriver
from tests.eligibility.support import fixed_clock


@pytest.fixture
def chat(store: Store, catalogue: Catalogue) -> ChatDriver:
    return ChatDriver(Engine(store, catalogue, build_flows(), clock=fixed_clock()))


async def at_the_resident_question(chat: ChatDriver) -> None:
    await chat.say("내가 받을 수 있는 지원 알려줘")
    await chat.say("1999년 3월 2일")
    assert "주민등록" in chat.text()


@pytest.mark.parametrize("typed", ["넹 일산동구 살아요", "ㅇㅇ", "좋아요", "네 그래요"])
async def test_a_typed_yes_answers_the_resident_question(chat: ChatDriver, typed: str) -> None:
    await at_the_resident_question(chat)
    await chat.say(typed)
    assert "주민등록이 되어 있나요" not in chat.text()
    assert "질문" in chat.text() or "확인 결과" in chat.text()


async def test_a_greeting_mid_check_is_answered_and_the_check_resumes(chat: ChatDriver) -> None:
    await at_the_resident_question(chat)
    await chat.say("안녕하세요")
    assert "고양시 청년 챗봇이에요" in chat.text() and "이어서 할까요" in chat.text()
    await chat.press("이어서 하기")
    assert "주민등록이 되어 있나요" in chat.text()
    assert "생년월일" not in chat.text()  # the birth date answered before is kept
    await chat.say("ㄴㄴ")
    assert "주민등록이 되어 있나요" not in chat.text()


async def test_gibberish_at_a_yes_no_question_asks_it_again(chat: ChatDriver) -> None:
    await at_the_resident_question(chat)
    await chat.say("ㅁㄴㅇㄹ")
    assert "주민등록이 되어 있나요" in chat.text() and "이어서" not in chat.text()
