"""Typing at every step of the eligibility check, asserted on the replies and on the saved
conversation row (the engine reads the answer; the flow only records it)."""

from __future__ import annotations

from datetime import date

import pytest

from content.catalogue import Catalogue
from content.text.ages import BirthDate
from db.conversations import ConversationState
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.conftest import ChatDriver, stored_user
from tests.eligibility.support import fixed_clock

SUIT = "eligibility:program:interview_suit_rental"  # asks birth_date, then goyang_resident


@pytest.fixture
def chat(store: Store, catalogue: Catalogue) -> ChatDriver:
    return ChatDriver(Engine(store, catalogue, build_flows(), clock=fixed_clock()))


async def saved_row(store: Store) -> ConversationState:
    user = await stored_user(store)
    return await store.conversations.load(user.id)


@pytest.mark.parametrize("typed", ["26살이요", "만 26세", "26살", "스물여섯 살이에요"])
async def test_a_typed_age_is_read_and_said_back(
    chat: ChatDriver, store: Store, typed: str
) -> None:
    await chat.action(SUIT)
    await chat.say(typed)
    assert "만 26세로 기록할게요" in chat.text()
    assert "고양시에 주민등록" in chat.text()  # the next question
    row = await saved_row(store)
    assert (row.flow, row.step) == ("eligibility", "ask")
    assert row.data["current"] == "goyang_resident"
    birth = BirthDate.from_json(row.data["answers"]["birth_date"])
    assert birth.age_range(date(2026, 11, 28)) == (26, 26)
    assert row.data["history"] == ["birth_date"]


@pytest.mark.parametrize("typed", ["네 그래요", "고양시 살아요", "네"])
async def test_a_typed_yes_answers_the_yes_no_question(
    chat: ChatDriver, store: Store, typed: str
) -> None:
    await chat.action(SUIT)
    await chat.say("1999-03-02")
    await chat.say(typed)
    assert "'면접정장 무료 대여' 확인 결과" in chat.text()
    assert "✅ 받을 수 있어요" in chat.text()
    row = await saved_row(store)
    assert row.step == "result"
    assert row.data["answers"]["goyang_resident"] is True


async def test_a_year_alone_is_asked_again_with_an_example(
    chat: ChatDriver, store: Store
) -> None:
    await chat.action(SUIT)
    await chat.say("99년생")
    text = chat.text()
    assert "1999년 3월 2일" in text  # the reason shows a full date to copy
    assert "생년월일" in text and "질문 1/" in text  # the same question again
    row = await saved_row(store)
    assert row.data["current"] == "birth_date"
    assert row.data["tries"] == 1
    assert row.data["answers"] == {}


async def test_an_unclear_answer_asks_again_keeping_every_answer(
    chat: ChatDriver, store: Store
) -> None:
    await chat.action(SUIT)
    await chat.say("1999-03-02")
    before = (await saved_row(store)).data["answers"]
    await chat.say("파란색")
    text = chat.text()
    assert "'네' 또는 '아니요'로 답해 주세요." in text
    assert "고양시에 주민등록" in text and "질문 2/" in text
    assert chat.find("네") and chat.find("이전 질문")
    row = await saved_row(store)
    assert row.data["answers"] == before and "birth_date" in before
    assert (row.data["current"], row.data["tries"]) == ("goyang_resident", 1)
    await chat.say("네")
    assert "✅ 받을 수 있어요" in chat.text()


async def test_typed_back_returns_to_the_previous_question_keeping_earlier_answers(
    chat: ChatDriver, store: Store
) -> None:
    await chat.say_each("내가 받을 수 있는 지원 알려줘", "1999-03-02", "고양시 살아요")
    assert "질문 3/" in chat.text()
    await chat.say("이전")
    text = chat.text()
    assert "질문 2/" in text and "고양시에 주민등록" in text
    row = await saved_row(store)
    assert row.data["current"] == "goyang_resident"
    assert row.data["history"] == ["birth_date"]
    assert set(row.data["answers"]) == {"birth_date"}  # the one asked again is open
    await chat.say("아니요")
    assert (await saved_row(store)).data["answers"]["goyang_resident"] is False


async def test_typed_cancel_stops_the_check_and_clears_the_row(
    chat: ChatDriver, store: Store
) -> None:
    await chat.action(SUIT)
    await chat.say("1999-03-02")
    await chat.say("취소")
    assert "자격 확인을 멈췄어요" in chat.text()
    assert chat.find("지원사업 자격 확인")  # the menu
    row = await saved_row(store)
    assert (row.flow, row.step, row.data) == (None, None, {})
    await chat.say("네")  # no question is waiting any more
    assert "확인 결과" not in chat.text()


async def test_a_row_saved_by_the_untyped_flow_continues(
    chat: ChatDriver, store: Store
) -> None:
    await chat.command("start")
    user = await stored_user(store)
    old = ConversationState(
        flow="eligibility",
        step="ask",
        data={  # exactly the keys the dict-based flow wrote (no "trail")
            "programs": ["interview_suit_rental"],
            "single": "interview_suit_rental",
            "answers": {"birth_date": BirthDate.on(date(1999, 3, 2)).to_json()},
            "skipped": [],
            "history": ["birth_date"],
            "current": "goyang_resident",
            "tries": 0,
            "editing": False,
        },
        version=3,
    )
    await store.conversations.save(user.id, old, fixed_clock().now())
    await chat.say("네")
    assert "'면접정장 무료 대여' 확인 결과" in chat.text()
    assert "✅ 받을 수 있어요" in chat.text()
    row = await saved_row(store)
    assert row.step == "result"
    assert row.data["answers"]["goyang_resident"] is True
    assert row.data["answers"]["birth_date"] == old.data["answers"]["birth_date"]


async def test_a_forged_choice_key_answers_expired_and_the_question_waits(
    chat: ChatDriver, store: Store
) -> None:
    await chat.action(SUIT)
    await chat.say("1999-03-02")
    version = (await saved_row(store)).version
    assert chat.find("네").action == f"eligibility:pick:y~{version}"
    await chat.action(f"eligibility:pick:zzz~{version}")
    assert "만료" in chat.text()
    row = await saved_row(store)
    assert (row.step, row.data["current"]) == ("ask", "goyang_resident")
    assert "goyang_resident" not in row.data["answers"]
    await chat.say("네")
    assert "✅ 받을 수 있어요" in chat.text()


async def test_typing_a_fact_name_on_the_change_list_picks_it(
    chat: ChatDriver, store: Store
) -> None:
    await chat.action(SUIT)
    await chat.say("1999-03-02")
    await chat.say("네")
    await chat.say("답변 바꾸기")  # a choice of the result step, typed
    assert "어떤 답변을 바꿀까요" in chat.text()
    await chat.say("생년월일")
    assert "생년월일을 알려주세요" in chat.text()
    row = await saved_row(store)
    assert (row.step, row.data["current"], row.data["editing"]) == ("ask", "birth_date", True)
    assert "birth_date" not in row.data["answers"]
