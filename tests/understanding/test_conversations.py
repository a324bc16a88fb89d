"""Conversations typed the way people type (issue 11): a sentence starts a flow with what it
already said, every later step is typed, a different request in the middle is answered and
the flow resumed with nothing lost, and what was said reaches the store."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bot.jobs.ingest import import_postings
from content.catalogue import Catalogue
from content.eligibility.facts import encode
from content.jobs.postings import ParseResult
from content.text.ages import BirthDate
from db.jobs import SubscriptionRepository
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock
from tests.jobs.support import posting, seoul

NOW = seoul(2026, 12, 1, 12, 0)  # a Tuesday noon
ELIGIBILITY_SENTENCE = "저 26살인데 일산동구 살아요 받을수잇는 지원 뭐잇어요?"
ALERT_SENTENCE = "덕양구 바리스타 알바 공고 뜨면 알려주세요"


@pytest.fixture
def chat(store: Store, catalogue: Catalogue) -> ChatDriver:
    engine = Engine(store, catalogue, build_flows(), clock=FakeClock(NOW),
                    state_timeout=timedelta(days=3650))
    return ChatDriver(engine)


async def state_of(store: Store, chat: ChatDriver) -> Any:
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    return await store.conversations.load(user.id)


async def alerts(store: Store, chat: ChatDriver) -> list[Any]:
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    return await SubscriptionRepository(store.db).for_user(user.id)


async def answer_every_question_by_typing(chat: ChatDriver, store: Store) -> None:
    """Type an answer at every eligibility question ("아니요" or "모르겠어요") until the result."""
    for _ in range(20):
        state = await state_of(store, chat)
        if state.step != "ask":
            return
        labels = [b.label for b in chat.last.buttons()]
        await chat.say("아니요" if "아니요" in labels else "모르겠어요")
    raise AssertionError("the check never reached its result")


async def test_a_sentence_starts_the_check_with_its_age_and_district(chat, store) -> None:
    await chat.say(ELIGIBILITY_SENTENCE)
    assert "만 26세, 일산동구 기준으로 알아볼게요" in chat.text()
    state = await state_of(store, chat)
    assert state.flow == "eligibility" and state.data["current"] not in (
        "birth_date", "goyang_resident")  # only what is missing is asked
    assert state.data["answers"]["goyang_resident"] is True
    assert state.data["answers"]["birth_date"]["latest"] == "2000-12-01"
    await answer_every_question_by_typing(chat, store)
    done = await state_of(store, chat)
    assert done.step == "result"
    assert done.data["answers"]["birth_date"] == state.data["answers"]["birth_date"]


async def test_a_place_question_in_the_check_is_answered_and_the_check_resumed(
    chat, store
) -> None:
    await chat.say(ELIGIBILITY_SENTENCE)
    await chat.say("아니요")
    before = await state_of(store, chat)
    await chat.say("화정역 근처 카페")
    assert "화정역에서 가까운 곳" in chat.text()
    assert "아까 하던 지원사업 자격 확인 이어서 할까요?" in chat.text()
    await chat.say("이어서 할게요")
    after = await state_of(store, chat)
    assert (after.flow, after.step) == ("eligibility", "ask")
    assert after.data["answers"] == before.data["answers"]  # no progress lost
    assert after.data["current"] == before.data["current"]


async def test_a_job_status_in_the_sentence_is_an_answer_too(chat, store) -> None:
    await chat.say("27살 취준생인데 덕양구 살아요 받을 수 있는 혜택 뭐 있나요")
    assert "만 27세, 덕양구, 미취업 기준으로" in chat.text()
    answers = (await state_of(store, chat)).data["answers"]
    assert answers["employed"] is False and answers["goyang_resident"] is True


async def save_profile(chat: ChatDriver, store: Store, catalogue: Catalogue, age: int) -> None:
    await chat.say("안녕")
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None and catalogue.eligibility is not None
    fact = catalogue.eligibility.facts["birth_date"]
    await store.profile.set_consent(user.id, True, "eligibility-consent-v1", NOW)
    await store.profile.save_facts(
        user.id, {"birth_date": encode(fact, BirthDate.from_age(age, NOW.date()))}, NOW)


async def test_why_not_gives_this_users_reason_with_the_threshold(
    chat, store, catalogue
) -> None:
    await save_profile(chat, store, catalogue, 45)
    await chat.say("28청춘창업소는 왜 안된다는거에요")
    text = chat.text()
    assert "대상이 아니에요" in text and "만 45세" in text and "39" in text
    assert "28청춘창업소 자격 확인" in [b.label for b in chat.last.buttons()]


async def test_why_not_without_answers_offers_the_check(chat, store) -> None:
    await chat.say("청년기본소득 왜 안돼요?")
    assert "답변이 아직 없어요" in chat.text()
    await chat.press("자격 확인")
    assert (await state_of(store, chat)).flow == "eligibility"


async def test_an_alert_sentence_fills_the_draft_and_typing_finishes_it(chat, store) -> None:
    await chat.say(ALERT_SENTENCE)
    assert "바리스타, 덕양구, 아르바이트·시간제 조건으로 알림을 만들게요" in chat.text()
    assert (await state_of(store, chat)).step == "career"
    await chat.say_each("상관없어요", "매일 아침 9시", "이대로 둘게요", "저장")
    [alert] = await alerts(store, chat)
    assert alert.keywords == ("바리스타",) and alert.districts == ("덕양구",)
    assert alert.emp_type == "parttime"


async def test_an_alert_sentence_without_an_area_asks_the_area_next(chat, store) -> None:
    await chat.say("카페 알바 올라오면 알려줘")
    state = await state_of(store, chat)
    assert state.step == "districts" and state.data["draft"]["keywords"] == ["카페"]
    await chat.say("일산동구요")
    assert (await state_of(store, chat)).data["draft"]["districts"] == ["일산동구"]


async def make_alert(chat: ChatDriver, sentence: str = ALERT_SENTENCE,
                     first: tuple[str, ...] = ()) -> None:
    await chat.say(sentence)
    for typed in (*first, "상관없어요", "바로요", "이대로 둘게요", "저장"):
        await chat.say(typed)
    assert "알림을 저장했어요" in chat.text()


async def test_pause_typed_pauses_and_does_not_search(chat, store) -> None:
    await make_alert(chat)
    await chat.action("jobs")  # on the jobs page, where typed text is a search
    await chat.say("알림 잠깐 멈춰주세요")
    assert "검색 결과" not in chat.text() and "모두 멈췄어요" in chat.text()
    [alert] = await alerts(store, chat)
    assert not alert.active


async def test_delete_typed_asks_once_then_deletes_every_alert(chat, store) -> None:
    await make_alert(chat)
    await make_alert(chat, "카페 알바 올라오면 알려줘", ("덕양구", "상관없어요"))
    await chat.say("알림 그만받을래요 삭제해주세요")
    assert "지울까요" in chat.text() and len(await alerts(store, chat)) == 2
    await chat.say("아니요")
    assert len(await alerts(store, chat)) == 2
    await chat.say("알림 다 지워줘")
    await chat.say("네")
    assert "2개를 모두 지웠어요" in chat.text() and await alerts(store, chat) == []


async def seed_postings(store: Store) -> None:
    found = [posting(f"K{i}", title=f"카페 바리스타 {i}호점", closes_on=date(2026, 12, 20),
                     url=f"https://www.work24.go.kr/{i}") for i in range(2)]
    found.append(posting("OTHER", title="물류센터 사무보조", district="덕양구",
                         emp_type_code="21"))
    await import_postings(store.db, ParseResult(found), NOW)


async def test_a_typed_question_about_postings_searches_like_the_command(chat, store) -> None:
    await seed_postings(store)
    await chat.command("jobs", "바리스타")
    by_command = chat.text()
    assert "검색 결과 2건" in by_command
    await chat.say("바리스타 공고 잇어요?")
    assert chat.text() == by_command


async def test_a_district_typed_on_the_jobs_page_searches_there(chat, store) -> None:
    await seed_postings(store)
    await chat.action("jobs")
    await chat.say("덕양구요")
    assert "물류센터 사무보조" in chat.text() and "가까운 곳" not in chat.text()


async def test_a_check_typed_in_the_middle_of_an_alert_then_back(chat, store) -> None:
    await chat.say("카페 알바 올라오면 알려줘")
    before = await state_of(store, chat)
    await chat.say(ELIGIBILITY_SENTENCE)
    assert "만 26세, 일산동구 기준으로" in chat.text()
    assert "아까 하던" in chat.text()
    await chat.say("이어서 할게요")
    after = await state_of(store, chat)
    assert (after.flow, after.step) == ("jobs", "districts")
    assert after.data["draft"] == before.data["draft"]


async def test_programs_people_ask_about_get_their_card_or_an_honest_no(chat) -> None:
    await chat.say("신혼부부 집 지원")
    assert "사회주택" in chat.text()
    await chat.say("채용박람회")
    assert "박람회" in chat.text()
    await chat.say("청년 월세 지원")
    assert "청년월세 지원" in chat.text() and "정부(전국) 사업" in chat.text()
    await chat.say("청년 교통비 지원")
    assert "아직 제가 가진 정보가 없어요" in chat.text() and "031-" in chat.text()
    assert "내일꿈제작소" not in chat.text()  # never the nearest card by spelling


async def test_nonsense_is_not_taken_for_a_request(chat, store) -> None:
    for text in ("고양이 좋아", "로또 번호 알려줘", "ㅋㅋㅋㅋ", "x" * 999):
        await chat.say(text)
        assert (await state_of(store, chat)).flow is None


async def test_a_pause_typed_while_making_another_alert_is_done_and_the_alert_kept(
    chat, store
) -> None:
    await make_alert(chat)
    await chat.say("카페 알바 올라오면 알려줘")
    await chat.say("일산동구요")
    before = await state_of(store, chat)
    assert before.step == "type"
    await chat.say("알림 잠깐 멈춰주세요")  # the same flow, another thing it does
    assert "모두 멈췄어요" in chat.text() and "아까 하던 채용 알림 이어서 할까요?" in chat.text()
    assert not (await alerts(store, chat))[0].active
    await chat.say("이어서 할게요")
    after = await state_of(store, chat)
    assert (after.flow, after.step) == ("jobs", "type")
    assert after.data["draft"] == before.data["draft"]


@pytest.mark.parametrize("payload", [
    "eligibility:why_not", "eligibility:why_not:no_such_program", "core:no_info:x",
])
async def test_forged_payloads_of_the_new_verbs_are_answered_kindly(chat, payload) -> None:
    await chat.action(payload)
    assert chat.text() and "Traceback" not in chat.text()
    assert "만료" in chat.text() or "정보가 없어요" in chat.text()


async def test_deleting_alerts_when_there_are_none_says_so(chat, store) -> None:
    await chat.say("알림 다 지워줘")
    assert "아직 만든 알림이 없어요" in chat.text() and await alerts(store, chat) == []
