"""Typed small talk, shared yes/no/any words, and a different request typed mid-flow (issue 11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from content.catalogue import Catalogue
from content.text.matching import fold
from db.conversations import ConversationState
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.dialog.steps import ANY, NO, YES, Choice, match_kind
from handlers.registry import build_flows
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock
from tests.jobs.support import seoul

NOW = seoul(2026, 11, 28, 12, 0)


@pytest.fixture
def chat(engine: Engine) -> ChatDriver:
    engine._clock = FakeClock(NOW)
    return ChatDriver(engine)


async def conversation(store: Store, chat: ChatDriver) -> ConversationState:
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    return await store.conversations.load(user.id)


# -- small talk and handoff ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["안녕하세요", "안녕", "ㅎㅇ", "하이", "hello", "안녕하세요!!"])
async def test_a_greeting_gets_a_welcome_with_popular_questions(chat: ChatDriver, typed: str):
    await chat.say(typed)
    assert "모르겠어요" not in chat.text()
    assert "고양시 청년 챗봇" in chat.text()
    actions = [b.action for b in chat.last.buttons()]
    assert {"eligibility", "places", "jobs", "booking"} <= set(actions)
    assert 4 <= len(actions) <= 5  # 3-4 questions and the menu


async def test_a_popular_question_typed_as_its_label_does_what_the_button_does(
    chat: ChatDriver, engine: Engine
):
    await chat.say("안녕")
    for button in chat.last.buttons():
        if button.action != "core:menu":
            routed = engine.route_text(button.label)
            assert routed is not None and routed.flow == button.action, button.label


@pytest.mark.parametrize("typed", ["고마워요", "감사합니다", "ㄱㅅ", "thanks"])
async def test_thanks_gets_a_short_answer(chat: ChatDriver, typed: str):
    await chat.say(typed)
    assert "천만에요" in chat.text()
    assert len(chat.text()) < 80


@pytest.mark.parametrize("typed", ["상담원", "사람이랑 얘기할래요", "상담원 연결해 주세요"])
async def test_asking_for_a_person_gives_the_contacts_and_hours_to_check(
    chat: ChatDriver, typed: str
):
    await chat.say(typed)
    text = chat.text()
    assert "031-8075-3665" in text
    assert "운영 시간은 아직 확인 중" in text  # contacts.yaml gives no hours: none invented


async def test_hours_are_shown_when_the_contacts_file_gives_them(
    store: Store, catalogue: Catalogue
):
    centre = catalogue.contacts["job_centre"]
    hours = {"ko": "평일 9시~18시", "en": "Weekdays 9-18"}
    contacts = {**catalogue.contacts, "job_centre": centre.model_copy(update={"hours": hours})}
    engine = Engine(store, replace(catalogue, contacts=contacts), build_flows())
    chat = ChatDriver(engine)
    await chat.say("상담원")
    assert "운영 시간: 평일 9시~18시" in chat.text()
    assert "확인 중" not in chat.text()


async def test_gibberish_is_still_not_understood(chat: ChatDriver):
    await chat.say("ㅁㄴㅇㄹ 퀘퀘")
    assert "모르겠어요" in chat.text()


# -- shared answer words -------------------------------------------------------------------

WORDS = {kind: frozenset(fold(w) for w in said) for kind, said in {
    YES: ("네", "넹", "ㅇㅇ", "좋아", "네 그래요"),
    NO: ("ㄴㄴ", "싫어", "아니"),
    ANY: ("상관없어", "아무거나", "아무데나"),
}.items()}


def test_answer_words_pick_the_one_choice_of_their_kind():
    yes, no = Choice("y", "예약할게요", kind=YES), Choice("n", "그만", kind=NO)
    other = Choice("o", "x")
    assert match_kind([yes, no, other], "넹", WORDS) is yes
    assert match_kind([yes, no, other], "네 그래요!", WORDS) is yes
    assert match_kind([yes, no, other], "좋아요", WORDS) is yes
    assert match_kind([yes, no, other], "싫어요", WORDS) is no
    assert match_kind([yes, no, other], "아무거나", WORDS) is None  # no ANY choice shown
    assert match_kind([yes, Choice("y2", "또", kind=YES)], "네", WORDS) is None  # ambiguous
    assert match_kind([yes, no], "", WORDS) is None
    assert match_kind([yes, no], "넹 일산동구 살아요", WORDS) is yes  # a yes said first
    assert match_kind([yes, no], "ㄴㄴ 파주 살아요", WORDS) is no
    assert match_kind([yes, no], "아니 근데요", WORDS) is None  # "아니" as "well…"
    assert match_kind([yes, no], "일산동구 네", WORDS) is None
    assert match_kind([yes, no], "아무거나 다", WORDS) is None  # only yes/no lead a sentence


async def test_typed_anything_words_answer_the_jobs_any_choice(chat: ChatDriver, store: Store):
    await chat.action("jobs:new")
    await chat.say("바리스타")
    await chat.say("덕양구")
    assert "고용형태" in chat.text()
    await chat.say("아무데나요")  # not in the jobs flow's own words: the shared ANY words
    assert "신입·경력" in chat.text()
    await chat.say("다 괜찮아요")
    assert "얼마나 자주" in chat.text()


@pytest.mark.parametrize("typed", ["넹", "ㅇㅇ", "네 그래요", "좋아요"])
async def test_typed_yes_confirms_forgetting(chat: ChatDriver, store: Store, typed: str):
    await chat.command("forget")
    await chat.say(typed)
    assert await store.users.find(chat.channel, chat.user_key) is None


async def test_typed_no_keeps_the_data_and_nonsense_asks_again(chat: ChatDriver, store: Store):
    await chat.command("forget")
    await chat.say("뭐라는지")
    assert (await conversation(store, chat)).step == "confirm_forget"
    await chat.say("ㄴㄴ")
    assert await store.users.find(chat.channel, chat.user_key) is not None
    assert (await conversation(store, chat)).flow is None


# -- a different request typed mid-flow ----------------------------------------------------


async def start_booking(chat: ChatDriver) -> None:
    await chat.say("면접정장 빌리기")
    assert "만 나이가" in chat.text()


async def test_a_different_request_mid_flow_is_answered_and_the_flow_offered_back(
    chat: ChatDriver, store: Store
):
    await start_booking(chat)
    await chat.say("cafe near Hwajeong station")  # English: answered in English
    text = chat.text()
    assert "Please send your age" not in text and "만 나이가" not in text
    assert "Shall we go back to Interview suit rental?" in text
    saved = await conversation(store, chat)
    assert saved.paused is not None and saved.paused["flow"] == "booking"
    assert saved.paused["step"] == "age"
    await chat.press("Back to")
    assert "Let's pick up where we left off" in chat.text()  # the button keeps English
    await chat.say("몰라요")  # Korean typed at the resumed step: asked again, in Korean
    assert "만 나이가" in chat.text()
    saved = await conversation(store, chat)
    assert (saved.flow, saved.step, saved.paused) == ("booking", "age", None)
    await chat.say("26")  # the resumed step takes its answer
    assert (await conversation(store, chat)).step != "age"


@pytest.mark.parametrize("again", ["네", "이어서 할게요", "이어서 할래요"])
async def test_typing_carry_on_after_the_offer_resumes(chat: ChatDriver, store: Store, again: str):
    await start_booking(chat)
    await chat.say("만 18~39세예요")
    step = (await conversation(store, chat)).step
    await chat.say("고마워요")
    assert "천만에요" in chat.text() and "이어서 할까요" in chat.text()
    await chat.say(again)
    assert (await conversation(store, chat)).step == step
    assert "이어서 할게요" in chat.text()


async def test_the_answer_kept_while_paused_is_still_there_after_resuming(
    chat: ChatDriver, store: Store
):
    await chat.action("jobs:new")
    await chat.say("바리스타")
    await chat.say("덕양구")
    await chat.say("안녕하세요")  # the type step does not take a greeting
    assert "고양시 청년 챗봇" in chat.text()
    paused = (await conversation(store, chat)).paused
    assert paused is not None and paused["step"] == "type"
    await chat.say("네")
    assert "고용형태" in chat.text()
    saved = await conversation(store, chat)
    assert saved.data["draft"]["districts"] == ["덕양구"]


async def test_a_real_answer_is_not_taken_for_another_request(chat: ChatDriver, store: Store):
    await start_booking(chat)
    await chat.say("26살이요")
    saved = await conversation(store, chat)
    assert saved.flow == "booking" and saved.paused is None


async def test_unclear_text_mid_flow_asks_the_same_step_again(chat: ChatDriver, store: Store):
    await start_booking(chat)
    await chat.say("음 글쎄 ㅋㅋ")
    assert "만 나이가" in chat.text() and "이어서" not in chat.text()
    saved = await conversation(store, chat)
    assert (saved.flow, saved.step, saved.paused) == ("booking", "age", None)


async def test_resume_with_nothing_paused_says_so(chat: ChatDriver):
    await chat.say("이어서 할게요")
    assert "이어서 할 대화가 없어요" in chat.text()
    await chat.action("core:resume")
    assert "이어서 할 대화가 없어요" in chat.text()


async def test_a_paused_flow_expires_with_the_conversation_timeout(
    store: Store, catalogue: Catalogue
):
    clock = FakeClock(NOW)
    engine = Engine(store, catalogue, build_flows(), state_timeout=timedelta(minutes=30),
                    clock=clock)
    chat = ChatDriver(engine)
    await start_booking(chat)
    await chat.say("고마워요")
    clock.advance(minutes=31)
    await chat.action("core:resume")
    assert "이어서 할 대화가 없어요" in chat.text()
    assert (await conversation(store, chat)).paused is None


async def test_cancel_also_drops_the_paused_flow(chat: ChatDriver, store: Store):
    await start_booking(chat)
    await chat.say("고마워요")
    await chat.command("cancel")
    assert (await conversation(store, chat)).paused is None
    await chat.say("네")
    assert "이어서 할 대화가 없어요" not in chat.text()


@pytest.mark.parametrize("typed", ["which shop", "chicken", "this is my shop", "하이브리드",
                                   "안녕하세요 청년배당 받을 수 있나요"])
async def test_greeting_words_inside_other_text_do_not_greet(chat: ChatDriver, typed: str):
    await chat.say(typed)
    assert "고양시 청년 챗봇이에요" not in chat.text()


@pytest.mark.parametrize(
    "typed", ["안녕하세요ㅎㅎ", "하이요", "ㅎㅇㅎㅇ", "감사해요!!", "Thank you"]
)
async def test_small_talk_with_endings_and_laughs_is_small_talk(chat: ChatDriver, typed: str):
    await chat.say(typed)
    answers = ("고양시 청년 챗봇이에요", "천만에요", "You're welcome")  # English in English
    assert any(answer in chat.text() for answer in answers)
