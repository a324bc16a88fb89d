"""Making an alert by typing: every step reads a typed answer; back, cancel and re-asking
are the engine's; a conversation saved by the untyped flow still continues."""

from __future__ import annotations

import pytest

from db.conversations import ConversationState
from db.jobs import SubscriptionFields, SubscriptionRepository
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock
from tests.jobs.support import alert_times, seoul, subscriptions

NOW = seoul(2026, 11, 28, 12, 0)



@pytest.fixture
def chat(engine) -> ChatDriver:
    engine._clock = FakeClock(NOW)
    return ChatDriver(engine)


async def user_id(store, chat) -> int:
    user = await store.users.find(chat.channel, chat.user_key)
    return user.id


async def conversation(store, chat) -> ConversationState:
    return await store.conversations.load(await user_id(store, chat))


async def test_every_step_of_subscribing_can_be_typed(chat, store):
    await chat.action("jobs:new")
    await chat.say("바리스타 카페")
    assert "어느 지역" in chat.text()
    await chat.say("덕양구요")
    assert "고용형태" in chat.text()
    await chat.say("상관없어요")
    assert "신입·경력" in chat.text()
    await chat.say("신입이요")
    assert "얼마나 자주" in chat.text()
    await chat.say("매일 아침 9시")
    assert "밤에는 알림을 보내지 않아요" in chat.text()  # the time was said: no time question
    await chat.say("밤 11시부터 아침 7시까지")
    text = chat.text()
    assert "이렇게 알림을 만들까요" in text
    assert "바리스타 카페" in text and "덕양구" in text and "매일 09:00" in text
    assert "23:00~07:00" in text
    await chat.say("네")
    assert "알림을 저장했어요" in chat.text()
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("바리스타 카페",) and sub.districts == ("덕양구",)
    assert (sub.emp_type, sub.career, sub.frequency) == (None, "new", "daily")
    assert await alert_times(store, sub.user_id) == ("09:00", "23:00", "07:00")
    assert (await conversation(store, chat)).flow is None


async def test_typed_synonyms_for_type_frequency_and_time(chat, store):
    await chat.action("jobs:new")
    await chat.say("키워드 없이 (모든 공고)")  # a button's label typed
    await chat.say("일산이랑 화정")  # 일산 is both 일산 districts, 화정 is in 덕양구: all three
    await chat.say_each("알바요", "경력", "하루 한 번")
    assert "몇 시에" in chat.text()
    await chat.say("저녁 7시 30분쯤")
    await chat.say("밤에도 받을게요")
    assert "매일 19:30" in chat.text() and "조용한 시간: 없음" in chat.text()
    await chat.say("저장")
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == () and sub.districts == ()  # all three districts: all of Goyang
    assert (sub.emp_type, sub.career, sub.frequency) == ("parttime", "experienced", "daily")
    assert await alert_times(store, sub.user_id) == ("19:30", "00:00", "00:00")


async def test_toggled_districts_are_kept_when_next_is_typed(chat, store):
    await chat.action("jobs:new")
    await chat.say("요양보호사")
    await chat.press("일산서구")
    await chat.press("덕양구")
    await chat.say("다음")
    assert "고용형태" in chat.text()
    draft = (await conversation(store, chat)).data["draft"]
    assert draft["districts"] == ["일산서구", "덕양구"]


async def test_back_asks_the_previous_question_and_keeps_answers(chat, store):
    await chat.action("jobs:new")
    await chat.say("바리스타")
    await chat.say("덕양구")
    assert "고용형태" in chat.text()
    await chat.say("이전")
    assert "어느 지역" in chat.text() and chat.find("☑ 덕양구")
    await chat.say("이전")
    assert "어떤 일을 찾으세요" in chat.text()
    await chat.say("이전")
    assert "첫 질문이에요" in chat.text() and "어떤 일을 찾으세요" in chat.text()
    row = await conversation(store, chat)
    assert row.step == "keywords" and row.data["draft"]["keywords"] == ["바리스타"]
    await chat.say("사무보조")
    await chat.say("다음")  # the districts chosen before are still chosen
    await chat.press_each("정규직", "신입", "바로 받기", "이대로 둘게요", "저장")
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("사무보조",) and sub.districts == ("덕양구",)


async def test_back_from_quiet_hours_after_a_daily_time_asks_the_time_again(chat):
    await chat.action("jobs:new")
    await chat.press_each("키워드 없이", "다음", "상관없음", "상관없음", "하루 한 번")
    await chat.say("9시")
    await chat.say("뒤로")
    assert "몇 시에" in chat.text()


async def test_cancel_stops_and_saves_nothing(chat, store):
    await chat.action("jobs:new")
    await chat.say_each("바리스타", "덕양구", "취소")
    assert "하던 것을 취소했어요" in chat.text()
    assert await subscriptions(store, chat) == []
    row = await conversation(store, chat)
    assert row.flow is None and row.data == {}


async def test_an_unclear_answer_asks_the_same_step_again_keeping_the_draft(chat, store):
    await chat.action("jobs:new")
    await chat.say_each("바리스타, 카페", "덕양구", "글쎄요 잘 모르겠네")
    assert "답을 잘 못 알아들었어요" in chat.text() and "고용형태를 골라 주세요" in chat.text()
    row = await conversation(store, chat)
    assert row.step == "type"
    assert row.data["draft"]["keywords"] == ["바리스타", "카페"]
    assert row.data["draft"]["districts"] == ["덕양구"]
    await chat.say("알바")
    assert "신입·경력" in chat.text()
    assert (await conversation(store, chat)).data["draft"]["emp_type"] == "parttime"


async def test_an_unknown_area_is_asked_again(chat, store):
    await chat.action("jobs:new")
    await chat.say("바리스타")
    await chat.say("부산 해운대")
    assert "지역을 알아보지 못했어요" in chat.text() and "어느 지역" in chat.text()
    assert (await conversation(store, chat)).step == "districts"


async def test_an_unclear_frequency_is_asked_again(chat, store):
    await chat.action("jobs:new")
    await chat.press_each("키워드 없이", "다음", "상관없음", "상관없음")
    await chat.say("가끔")
    assert "'매일 아침 9시'처럼" in chat.text() and "얼마나 자주" in chat.text()
    assert (await conversation(store, chat)).step == "frequency"


async def test_a_conversation_saved_by_the_untyped_flow_continues(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    old = {
        "search": None,
        "draft": {
            "keywords": ["바리스타"], "districts": ["일산동구"], "emp_type": None,
            "career": None, "frequency": "instant", "digest_time": None,
            "quiet": ["00:00", "00:00"], "edit": None,
        },
    }
    await store.conversations.save(
        user.id, ConversationState(flow="jobs", step="type", data=old, version=7), NOW)
    await chat.say("계약직")
    assert "신입·경력" in chat.text()
    await chat.say_each("상관없어요", "바로", "그대로 둘게요")
    assert "일산동구" in chat.text() and "계약직" in chat.text()
    await chat.say("네")
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("바리스타",) and sub.districts == ("일산동구",)
    assert (sub.emp_type, sub.career, sub.frequency) == ("contract", None, "instant")


async def test_an_old_delete_question_still_answers(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    fields = SubscriptionFields(
        keywords=("x",),
        frequency="instant",
    )
    sub = await SubscriptionRepository(store.db).create(user.id, fields, now=NOW)
    await store.conversations.save(
        user.id,
        ConversationState(flow="jobs", step="delete", data={"deleting": sub.id}, version=2),
        NOW)
    await chat.say("네")
    assert "지웠어요" in chat.text()
    assert await subscriptions(store, chat) == []


async def test_a_forged_choice_on_the_current_step_answers_expired(chat, store):
    await chat.action("jobs:new")
    await chat.say("바리스타")
    await chat.say("덕양구")
    row = await conversation(store, chat)
    assert row.step == "type"
    await chat.action(f"jobs:pick:zzz~{row.version}")
    assert "만료" in chat.text()
    assert (await conversation(store, chat)).data["draft"]["keywords"] == ["바리스타"]
    await chat.action(f"jobs:pick:regular~{row.version}")  # the real choice still works
    assert "신입·경력" in chat.text()
    assert (await conversation(store, chat)).data["draft"]["emp_type"] == "regular"


async def test_typing_no_to_the_delete_question_keeps_the_alert(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    fields = SubscriptionFields(
        keywords=("x",),
        frequency="instant",
    )
    await SubscriptionRepository(store.db).create(user.id, fields, now=NOW)
    await chat.action("jobs:subs")
    await chat.press("1번 지우기")
    await chat.say("아니요")
    assert "📋 내 알림 1개" in chat.text()
    assert len(await subscriptions(store, chat)) == 1


async def test_a_tampered_state_row_is_closed_politely(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    bad = {"draft": {"keywords": ["x"], "emp_type": "boss"}}
    await store.conversations.save(
        user.id, ConversationState(flow="jobs", step="career", data=bad, version=1), NOW)
    await chat.say("신입")
    assert "이어갈 수 없게 됐어요" in chat.text()
    assert (await conversation(store, chat)).flow is None
    assert await subscriptions(store, chat) == []
