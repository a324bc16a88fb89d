"""채용 알림 and 채용 검색 through the dialog engine (the console channel's view)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.jobs.ingest import build_due_digests, import_postings
from bot.push.dispatcher import Dispatcher
from content.jobs.postings import ParseResult
from db.jobs import SubscriptionFields, SubscriptionRepository
from handlers.dialog.types import Reply
from handlers.jobs.messages import job_renderers
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock
from tests.jobs.support import SEOUL, ScriptedSender, alert_times, posting, seoul, subscriptions

NOW = seoul(2026, 11, 28, 12, 0)



@pytest.fixture
def chat(engine) -> ChatDriver:
    engine._clock = FakeClock(NOW)
    return ChatDriver(engine)


async def dispatch_pushes(store, chat, now) -> list[Reply]:
    """One dispatcher pass at ``now`` over the console channel; the replies it delivered."""
    clock = FakeClock(now)
    sender = ScriptedSender(clock)
    catalogue = chat.engine.catalogue
    await Dispatcher(store.db, {"console": sender},
                     job_renderers(store, lambda: catalogue), clock=clock).run_once()
    return sender.messages


async def make_alert(chat, keywords="바리스타, 사무 보조"):
    await chat.press("채용 알림") if chat.last.parts else await chat.action("jobs")
    await chat.press("새 알림 만들기")
    await chat.say(keywords)
    await chat.press_each("덕양구", "일산서구", "다음", "정규직", "신입")


async def save_alert(chat):
    """``make_alert``, then instant delivery and the default quiet hours, saved."""
    await make_alert(chat)
    await chat.press_each("바로 받기", "이대로 둘게요", "저장")


async def test_menu_leads_to_jobs_home(chat):
    await chat.command("start")
    await chat.press("채용 알림")
    assert "찾는 일을 적어 보세요" in chat.text()
    assert chat.find("새 알림 만들기")


async def test_subscribing_by_conversation_stores_every_choice(chat, store):
    await chat.command("start")
    await make_alert(chat)
    await chat.press("하루 한 번")
    assert "몇 시에" in chat.text()
    await chat.say("18:30")
    assert "21:00~08:00" in chat.text()
    await chat.say("22:00-07:00")
    text = chat.text()
    assert "바리스타, 사무 보조" in text and "덕양구, 일산서구" in text
    assert "정규직" in text and "신입" in text and "매일 18:30" in text and "22:00~07:00" in text
    await chat.press("저장")
    assert "알림을 저장했어요" in chat.text()
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("바리스타", "사무 보조")
    assert sub.districts == ("덕양구", "일산서구")
    assert (sub.emp_type, sub.career, sub.frequency) == ("regular", "new", "daily")
    assert await alert_times(store, sub.user_id) == ("18:30", "22:00", "07:00")


async def test_district_buttons_toggle_and_all_three_mean_all_of_goyang(chat, store):
    await chat.action("jobs:new")
    await chat.press("키워드 없이")
    await chat.press("덕양구")
    assert chat.find("☑ 덕양구")
    await chat.press("덕양구")
    assert chat.find("☐ 덕양구")
    for name in ("덕양구", "일산동구", "일산서구"):
        await chat.press(name)
    assert chat.find("☑ 고양시 전체")
    await chat.press_each("다음", "상관없음", "상관없음", "바로 받기", "이대로 둘게요", "저장")
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == () and sub.districts == () and sub.emp_type is None


async def test_bad_answers_get_a_clear_prompt_not_a_crash(chat):
    await chat.action("jobs:new")
    await chat.say("😀😀 !!!")
    assert "글자로 적어" in chat.text()  # the engine's answer; the step is kept
    await chat.say("바리스타")
    assert "어느 지역" in chat.text()
    await chat.press_each("다음", "상관없음", "상관없음", "하루 한 번")
    await chat.say("25시 99분")
    assert "시간을 알아보지 못했어요" in chat.text()
    await chat.say("9시")
    await chat.say("밤에는 싫어요")
    assert "'22:00-07:00'처럼" in chat.text()
    await chat.say("22시~7시")
    assert "22:00~07:00" in chat.text() and "매일 09:00" in chat.text()


@pytest.mark.parametrize(
    "payload",
    ["jobs:del:999999", "jobs:delok:1", "jobs:page:abc:new", "jobs:d:7", "jobs:type:boss",
     "jobs:more:2026x128:0", "jobs:save", "jobs:nonsense", "jobs:stop:-1"],
)
async def test_forged_or_stale_buttons_are_answered_kindly(chat, payload):
    reply = await chat.action(payload)
    assert reply.parts
    assert any(b.action == "core:menu" for b in reply.buttons()) or "처음" in chat.text()


async def test_a_stale_step_button_says_the_menu_expired(chat):
    await chat.action("jobs:new")
    old = chat.find("키워드 없이").action
    await chat.say("바리스타")
    await chat.action(old)
    assert "만료" in chat.text()


async def test_list_pause_resume_edit_delete(chat, store):
    await make_alert(chat)
    await chat.press_each("바로 받기", "이대로 둘게요", "저장", "내 알림 목록")
    assert "📋 내 알림 1개" in chat.text() and "바리스타, 사무 보조" in chat.text()
    await chat.press("1번 멈추기")
    assert "멈췄어요" in chat.text() and "⏸(멈춤)" in chat.text()
    assert not (await subscriptions(store, chat))[0].active
    await chat.press("1번 다시 받기")
    assert (await subscriptions(store, chat))[0].active
    await chat.press("1번 고치기")
    await chat.say("요양보호사")
    await chat.press_each("다음", "계약직", "경력", "바로 받기", "이대로 둘게요", "저장")
    assert "알림을 고쳤어요" in chat.text()
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("요양보호사",) and sub.emp_type == "contract"
    await chat.press("내 알림 목록")
    await chat.press("1번 지우기")
    assert "지울까요" in chat.text()
    await chat.press("네, 지워 주세요")
    assert "지웠어요" in chat.text()
    assert await subscriptions(store, chat) == []


async def test_no_more_than_five_alerts(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    for _ in range(5):
        fields = SubscriptionFields(
            keywords=("x",),
            frequency="instant",
        )
        await SubscriptionRepository(store.db).create(user.id, fields, now=NOW)
    await chat.action("jobs:new")
    assert "5개까지" in chat.text()


async def test_typing_alerts_off_pauses_everything(chat, store):
    await save_alert(chat)
    await chat.say("알림 꺼줘")
    assert "모두 멈췄어요" in chat.text()
    assert not (await subscriptions(store, chat))[0].active
    await chat.press("모두 다시 받기")
    assert (await subscriptions(store, chat))[0].active


async def seed_postings(store, count=12):
    postings = [
        posting(f"K{i:02d}", title=f"카페 바리스타 {i}호점", closes_on=date(2026, 12, 31 - i),
                url=f"https://www.work24.go.kr/{i}")
        for i in range(count)
    ]
    postings.append(posting("CLOSED", title="카페 바리스타 마감", closes_on=date(2026, 11, 27)))
    postings.append(posting("OTHER", title="물류센터 사무보조", district="덕양구",
                            emp_type_code="21"))
    await import_postings(store.db, ParseResult(postings), NOW)


async def test_search_pages_three_at_a_time_and_never_shows_closed(chat, store):
    await seed_postings(store)
    await chat.command("jobs", "바리스타")
    text = chat.text()
    assert "검색 결과 12건" in text and "1~3" in text
    assert "마감" not in text.replace("마감 2026", "").replace("마감 임박", "")
    assert "D-" in text
    await chat.press("다음")
    assert "4~6" in chat.text()
    await chat.press("다음")
    await chat.press("다음")
    assert "10~12" in chat.text()
    assert not [b for b in chat.last.buttons() if "다음" in b.label]
    await chat.press("이전")
    assert "7~9" in chat.text()
    await chat.press("마감 임박순")
    assert "마감 임박순" in chat.text()
    assert chat.text().index("11호점") < chat.text().index("10호점")


async def test_free_text_search_with_area_and_type(chat, store):
    await seed_postings(store)
    await chat.action("jobs")
    await chat.say("덕양 사무 보조 알바")
    assert "물류센터 사무보조" in chat.text() and "검색 결과 1건" in chat.text()


async def test_typed_search_from_anywhere(chat, store):
    await seed_postings(store)
    await chat.command("start")
    await chat.say("일자리 검색")
    assert "찾는 일을 적어 주세요" in chat.text()
    await chat.say("바리스터")  # a typo still finds them
    assert "검색 결과 12건" in chat.text()


async def test_other_requests_typed_on_the_jobs_page_still_work(chat, store):
    await chat.action("jobs")
    await chat.say("프로그램 안내")
    assert "분야를 골라 주세요" in chat.text()


async def test_search_with_no_result_offers_an_alert(chat, store):
    await seed_postings(store)
    await chat.command("jobs", "용접")
    assert "공고가 없어요" in chat.text()
    await chat.press("이 조건으로 알림 받기")
    assert "얼마나 자주" in chat.text()
    await chat.press_each("바로 받기", "이대로 둘게요", "저장")
    [sub] = await subscriptions(store, chat)
    assert sub.keywords == ("용접",)


async def test_alert_stop_button_pauses_that_alert(chat, store):
    await save_alert(chat)
    await import_postings(store.db, ParseResult([posting("N1", district="덕양구")]), NOW)
    [alert] = await dispatch_pushes(store, chat, NOW)
    stop = next(b for b in alert.buttons() if b.label == "이 알림 그만 받기")
    await chat.action(stop.action)
    assert "이 알림을 멈췄어요" in chat.text()
    assert not (await subscriptions(store, chat))[0].active
    await chat.press("다시 받기")
    assert (await subscriptions(store, chat))[0].active


async def test_digest_more_button_shows_the_rest(chat, store):
    user = await store.users.create_or_reactivate("console", "u1", NOW)
    fields = SubscriptionFields(
        keywords=("바리스타",),
        frequency="daily",
    )
    await SubscriptionRepository(store.db).create(user.id, fields, now=NOW)
    await seed_postings(store)
    morning = seoul(2026, 11, 29, 9, 0)
    assert await build_due_digests(store.db, morning) == 1
    [digest] = await dispatch_pushes(store, chat, morning)
    more = next(b for b in digest.buttons() if "더 보기" in b.label)
    assert more.label == "7건 더 보기"
    await chat.action(more.action)
    assert "6." in chat.text() and "10." in chat.text() and "11." not in chat.text()
    await chat.press("더 보기")
    assert "11." in chat.text() and "12." in chat.text()


async def test_admin_stats_only_for_admins(chat, store):
    await seed_postings(store)
    await chat.command("admin", "stats")
    assert "직원만" in chat.text()
    chat.admin = True
    await chat.command("admin", "stats")
    assert "공고 14건 (모집 중 13)" in chat.text()


async def test_privacy_lists_alerts_and_forget_deletes_them(chat, store):
    await save_alert(chat)
    await chat.command("privacy")
    assert "채용 알림 설정 1개" in chat.text()
    await chat.command("forget")
    await chat.say("네")
    rows = await store.db.fetchone("SELECT COUNT(*) FROM job_subscriptions")
    assert rows[0] == 0


def test_clock_fixture_is_seoul():
    assert FakeClock(NOW).now(SEOUL).tzinfo is SEOUL
