"""An external lending point through the engine (issue 12): the bot says how to book there
(page, phone, documents, source, as-of, the 2023-partner caveat) and stores an interview
reminder only after the user says yes; whatever is typed at those steps gets an answer."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.catalogue import Catalogue
from db.bookings import EXTERNAL_REMINDER_KIND
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.booking.test_modes_talk import pushed, queued, typed_request, youth
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock, seoul

__all__ = ["youth"]  # a fixture shared with test_modes_talk
_users = itertools.count()


# -- external: how to book there, a reminder only after yes ------------------------------------


async def test_an_external_point_explains_and_stores_a_reminder_only_after_yes(
        youth, store, shipped_catalogue, clock) -> None:
    await youth.say_each("정장 대여", "30살", "고양시 학교 다녀요", "드림윙즈")
    text = youth.text()
    assert "신청 방법: 고양시 사업으로 빌리려면 먼저 잡아바어플라이에서 승인을" in text
    assert "필요 서류:" in text and "전화 02-547-4782" in text
    assert "정보 기준일 2026-01-12" in text
    assert "면접 전날에 알림을 보내 드릴까요" in text
    assert await queued(store, youth) == []
    await youth.say("네")
    assert "면접 날짜를 알려 주세요" in youth.text()
    await youth.say("다음주쯤?")  # not a date: asked again
    assert "날짜를 알아듣지 못했어요" in youth.text()
    await youth.say("12/9 2시반")
    assert "12/8(화) 18:00에 드림윙즈" in youth.text()
    [(kind, payload, not_before)] = await queued(store, youth)
    assert kind == EXTERNAL_REMINDER_KIND and not_before.startswith("2026-12-08T18:00")
    assert payload == {"shop_id": "dreamwings", "interview_date": "2026-12-09"}
    push = await pushed(store, shipped_catalogue, youth, EXTERNAL_REMINDER_KIND, clock.now())
    assert "내일 12/9(수) 면접이에요" in push


async def test_no_thanks_at_an_external_point_stores_nothing(youth, store) -> None:
    await youth.say_each("정장 대여", "30", "고양시에 살아요", "잡아바어플라이")
    assert "https://apply.jobaba.net" in youth.text()
    assert any(b.url == "https://apply.jobaba.net" for b in youth.last.buttons())
    await youth.say("괜찮아요")
    assert "알림은 저장하지 않았어요" in youth.text()
    assert await queued(store, youth) == []


async def test_an_interview_date_typed_at_the_question_is_a_yes(youth, store) -> None:
    await youth.say_each("정장 대여", "30", "고양시에 살아요", "잡아바어플라이",
                         "12월 3일에 면접 있어요")
    assert "12/2(수) 18:00" in youth.text()
    assert [k for k, _, _ in await queued(store, youth)] == [EXTERNAL_REMINDER_KIND]


async def test_a_past_or_too_close_interview_gets_no_reminder(youth, store, clock) -> None:
    await youth.say_each("정장 대여", "30", "고양시에 살아요", "드림윙즈", "네", "2026년 11월 20일")
    assert "지난 날짜예요" in youth.text()
    await youth.say("오늘")
    assert "너무 가까워서" in youth.text()
    assert await queued(store, youth) == []


async def test_forget_deletes_requests_and_external_reminders(youth, store) -> None:
    await typed_request(youth)
    await youth.say_each("정장 대여", "27", "고양시에 살아요", "드림윙즈", "12/9")
    assert "알림을 보내 드릴게요" in youth.text()
    user = await store.users.find("console", "youth")
    assert user is not None
    await youth.say("/forget")
    await youth.say("네")
    assert await store.users.find("console", "youth") is None
    row = await store.db.fetchone("SELECT COUNT(*) FROM bookings WHERE user_id = ?", (user.id,))
    assert row[0] == 0
    row = await store.db.fetchone("SELECT COUNT(*) FROM outbox WHERE user_id = ?", (user.id,))
    assert row[0] == 0


EXTERNAL_STEPS = ("external", "remind_day")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.sampled_from(EXTERNAL_STEPS),
       text=st.one_of(st.text(max_size=80),
                      st.sampled_from(["12월 32일", "2026-02-30", "네 12/40", "ㄴㄴ", "x" * 900,
                                       "오늘 오후 3시", "/bookings confirm AAA-AAA"])))
async def test_any_text_at_the_external_steps_gets_an_answer(
        store: Store, shipped_catalogue: Catalogue, step: str, text: str) -> None:
    engine = Engine(store, shipped_catalogue, build_flows(),
                    clock=FakeClock(seoul(2026, 11, 28, 12, 0)),
                    state_timeout=timedelta(days=3650))
    chat = ChatDriver(engine, user_key=f"ext{next(_users)}")
    await chat.say_each("정장 대여", "27", "고양시에 살아요", "드림윙즈")
    if step == "remind_day":
        await chat.say("네")
    shown = "\n".join((await chat.say(text)).texts())
    assert shown
    assert shipped_catalogue.strings.get("core.error_generic", "ko") not in shown
