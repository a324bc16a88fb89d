"""The shipped booking modes through the engine, typed the way people type (issue 12):
잡아바어플라이 first, 내일꿈제작소 as a request staff confirm or decline (the answer pushed
through the outbox), 드림윙즈 as an external point with a reminder only after consent.
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta

import pytest

from content.catalogue import Catalogue
from content.text.clock import SEOUL
from db.bookings import ANSWER_KIND, REMINDER_KIND
from db.store import Store
from handlers.booking.push import booking_renderers
from handlers.dialog.engine import Engine
from tests.conftest import ChatDriver

REQUESTED = "신청이 접수됐어요 — 담당자가 확인하면 알려 드릴게요"
_users = itertools.count()


@pytest.fixture
def youth(shipped_engine: Engine) -> ChatDriver:
    return ChatDriver(shipped_engine, user_key="youth")


@pytest.fixture
def staff(shipped_engine: Engine) -> ChatDriver:
    return ChatDriver(shipped_engine, user_key="staff", admin=True)


async def queued(store: Store, chat: ChatDriver) -> list[tuple[str, dict, str]]:
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    rows = await store.db.fetchall(
        "SELECT kind, payload, not_before FROM outbox WHERE user_id = ? AND status = 'pending'"
        " ORDER BY id", (user.id,))
    return [(r[0], json.loads(r[1]), r[2]) for r in rows]


async def pushed(store: Store, catalogue: Catalogue, chat: ChatDriver, kind: str,
                 now) -> str:  # type: ignore[no-untyped-def]
    """Render the user's pending push of ``kind`` as the dispatcher would send it."""
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    payloads = [p for k, p, _ in await queued(store, chat) if k == kind]
    assert payloads, f"no {kind} queued"
    reply = await booking_renderers(store.bookings, lambda: catalogue)[kind](
        payloads[-1], user, now)
    assert reply is not None
    return "\n".join(reply.texts())


async def typed_request(chat: ChatDriver) -> str:
    """A 내일꿈제작소 request typed from start to finish; returns the code shown."""
    await chat.say("면접 정장 빌리고 싶어요")
    assert "잡아바어플라이" in chat.text()
    await chat.say("27살")
    await chat.say("고양시에 살아요")
    assert "어디에서 빌릴까요" in chat.text()
    await chat.say_each("내일꿈제작소요", "12/1", "10시", "재킷이랑 바지", "다음", "100", "32",
                        "12월 2일")
    await chat.press("건너뛰기")
    assert "담당자가 확인하면 확정돼요" in chat.text()
    assert "신청하기" in [b.label for b in chat.last.buttons()]
    await chat.say("네")
    assert REQUESTED in chat.text()
    line = next(x for x in chat.text().splitlines() if "신청번호" in x)
    return line.split("신청번호")[1].strip()


# -- what the user is shown first --------------------------------------------------------------


async def test_the_shop_list_puts_the_city_step_first_and_dates_every_fact(youth) -> None:
    await youth.say("정장 대여")
    assert "출처 https://www.asiae.co.kr/article/2026030921153673795 (2026-03-09 기준)" \
        in youth.text()
    await youth.say("25")
    await youth.say("회사 다녀요")
    text = youth.text()
    order = [text.index(name) for name in ("잡아바어플라이 신청", "내일꿈제작소", "드림윙즈")]
    assert order == sorted(order)
    assert "정보 기준일 2026-03-09 · 출처 asiae.co.kr" in text
    assert "정보 기준일 2025-04-09 · 출처 hankyung.com" in text
    assert "신청하면 담당자가 확인한 뒤 확정돼요" in text  # 내일꿈제작소: request
    assert "운영시간·자리 수는 임시로 정한 값이라 아직 확인 중이에요" in text
    # 드림윙즈: the 2023 partner, with its source; not offered as 2026's.
    assert "고양시 2023년 협력 업체였어요 (출처 http://search.incheonilbo.com" in text
    assert "2026년 업체인지는 확인되지 않았어요" in text
    # No shop phone published for the centre: the city call centre, never the job centre.
    assert "031-909-9000" in text and "031-8075-3665" not in text
    assert "예약했어요" not in text


# -- request: asked, confirmed, pushed --------------------------------------------------------


async def test_a_typed_request_is_confirmed_by_staff_and_the_user_is_told(
        youth, staff, store, shipped_catalogue, clock) -> None:
    code = await typed_request(youth)
    assert await queued(store, youth) == []  # no reminder for an unconfirmed visit
    await youth.say("내 예약")
    assert "확인 대기" in youth.text()

    await staff.command("bookings", "pending")
    assert "확인 대기 신청 1건" in staff.text() and code in staff.text()
    await staff.command("bookings", f"confirm {code.lower()}")
    assert f"{code} 신청을 확정했어요" in staff.text()

    kinds = [k for k, _, _ in await queued(store, youth)]
    assert kinds.count(ANSWER_KIND) == 1 and kinds.count(REMINDER_KIND) == 4
    text = await pushed(store, shipped_catalogue, youth, ANSWER_KIND, clock.now())
    assert f"신청하신 정장 대여가 확정됐어요! 예약번호 {code}" in text
    assert "12/1(화) 10:00" in text
    await youth.say("내 예약")
    assert "예약됨" in youth.text() and "확인 대기" not in youth.text()


async def test_the_confirm_button_in_the_day_sheet_confirms(youth, staff, store) -> None:
    code = await typed_request(youth)
    await staff.command("bookings", "12/1")
    assert "확인 대기" in staff.text()
    await staff.press(f"{code} 확정")
    assert f"{code} 신청을 확정했어요" in staff.text()


async def test_a_declined_request_frees_the_seat_and_says_why(
        youth, staff, store, shipped_catalogue, clock, shipped_engine) -> None:
    code = await typed_request(youth)
    other = ChatDriver(shipped_engine, user_key="other")
    await typed_request(other)  # the second of the two (placeholder) seats
    await staff.command("bookings", f"decline {code} 그날은 정장 재고가 없어요")
    assert f"{code} 신청을 거절했어요" in staff.text()
    text = await pushed(store, shipped_catalogue, youth, ANSWER_KIND, clock.now())
    assert f"신청({code})은 받을 수 없대요. 사유: 그날은 정장 재고가 없어요" in text
    assert "자리는 풀렸어요" in text
    taken = await store.bookings.taken_seats("naeil_kkum", "2026-12-01", "2026-12-01",
                                             clock.now())
    assert taken == {"2026-12-01 10:00": 1}
    await youth.say("내 예약")
    assert code not in youth.text()


async def test_cancel_typed_mid_request_books_nothing(youth, store) -> None:
    await youth.say_each("정장 빌릴래요", "27", "고양시에 살아요", "내일꿈제작소", "12/1",
                         "취소할래요")
    user = await store.users.find("console", "youth")
    assert user is not None
    assert await store.bookings.for_user(user.id) == []
    assert (await store.conversations.load(user.id)).flow is None


# -- staff answers that are refused -----------------------------------------------------------


async def test_staff_bad_input_gets_clear_answers(youth, staff, shipped_engine) -> None:
    await staff.command("bookings", "confirm KKK-777")
    assert "KKK-777 예약을 찾지 못했어요" in staff.text()
    await staff.command("bookings", "confirm 12시")
    assert "'12시'는 예약번호 모양이 아니에요" in staff.text()
    await staff.command("bookings", "confirm")
    assert "/bookings confirm [예약번호]" in staff.text()
    code = await typed_request(youth)
    await staff.command("bookings", f"confirm {code}")
    await staff.command("bookings", f"confirm {code}")
    assert f"{code}는 이미 확정된 예약이에요" in staff.text()
    await staff.command("bookings", f"decline {code}")
    assert f"{code}는 이미 확정된 예약이에요" in staff.text()
    stranger = ChatDriver(shipped_engine, user_key="stranger")
    await stranger.command("bookings", f"decline {code}")
    assert "담당 직원만" in stranger.text()


async def test_a_pending_request_cannot_be_marked_picked_up(youth, staff) -> None:
    code = await typed_request(youth)
    await staff.command("mark", f"{code} 수령")
    assert f"{code}는 아직 확인 대기 중이에요. 먼저 확정해 주세요" in staff.text()


async def test_a_request_nobody_answered_expires_and_the_user_is_told(
        youth, store, shipped_catalogue, clock) -> None:
    from handlers.booking.policy import booking_policy

    code = await typed_request(youth)
    clock.set(clock.now() + timedelta(days=2, hours=19))  # 12/1 07:00, the 3 h cut-off
    await store.bookings.expire_offers(booking_policy(shipped_catalogue.booking),
                                       now=clock.now())
    text = await pushed(store, shipped_catalogue, youth, ANSWER_KIND, clock.now())
    assert f"신청({code})은 방문 전까지 확인되지 않아 취소됐어요" in text


# -- what is kept, and odd input -----------------------------------------------------------


async def test_privacy_lists_requests_and_interview_reminders(youth) -> None:
    await typed_request(youth)
    await youth.say_each("정장 대여", "27", "고양시에 살아요", "드림윙즈", "12/9")
    assert "알림을 보내 드릴게요" in youth.text()
    await youth.say("/privacy")
    assert "면접정장 예약·신청 1건, 대기 신청 0건, 면접 알림 1건" in youth.text()


async def test_a_waitlist_offer_accepted_at_a_request_point_is_a_request(
        youth, staff, store, shipped_engine, shipped_catalogue, clock) -> None:
    first = ChatDriver(shipped_engine, user_key="first")
    second = ChatDriver(shipped_engine, user_key="second")
    code = await typed_request(first)
    await typed_request(second)
    await youth.say_each("정장 대여", "27", "고양시에 살아요", "내일꿈제작소", "12/1", "10:00")
    assert "마감" in youth.text()
    await youth.press("대기 신청")
    await youth.press("넥타이")
    await youth.say("다음")
    await youth.say("12/2")
    await youth.press("건너뛰기")
    await youth.say("네")
    assert "대기 신청했어요" in youth.text()
    await staff.command("bookings", f"decline {code}")
    offer = [p for k, p, _ in await queued(store, youth) if k == "booking_offer"]
    assert offer
    await youth.action(f"booking:offer:{offer[0]['waitlist_id']}")
    assert REQUESTED in youth.text()  # the freed seat is held as a request, not confirmed


async def test_retention_clears_a_decline_reason_once_the_rental_is_over(
        youth, staff, store) -> None:
    code = await typed_request(youth)
    await staff.command("bookings", f"decline {code} 개인 사정")
    await store.apply_retention(datetime(2026, 12, 20, tzinfo=SEOUL), 365)
    row = await store.db.fetchone("SELECT decision_note, confirmation FROM bookings")
    assert tuple(row) == (None, "declined")


async def test_a_confirmed_request_moved_to_another_time_is_a_request_again(
        youth, staff, store) -> None:
    code = await typed_request(youth)
    await staff.command("bookings", f"confirm {code}")
    await youth.say("내 예약")
    await youth.press("시간 변경")
    await youth.say("12/2")
    await youth.say("11시")
    assert "11:00(으)로 옮겼어요" in youth.text()
    assert "새 시간은 담당자가 다시 확인해요" in youth.text()
    user = await store.users.find("console", "youth")
    assert user is not None
    (booking,) = await store.bookings.for_user(user.id)
    assert booking.pending and booking.slot_start == "2026-12-02 11:00"
    kinds = [k for k, _, _ in await queued(store, youth)]
    assert REMINDER_KIND not in kinds  # the old time's reminders are dropped, none yet
    await staff.command("bookings", f"confirm {code}")
    assert f"{code} 신청을 확정했어요" in staff.text()
    answers = [p for k, p, _ in await queued(store, youth) if k == ANSWER_KIND]
    assert len(answers) == 2  # the new time's confirmation is pushed too


async def test_an_answer_given_at_night_is_pushed_after_quiet_hours(
        youth, staff, store, clock) -> None:
    code = await typed_request(youth)
    clock.set(clock.now().replace(hour=23, minute=30))  # staff answer late (11/28 23:30)
    await staff.command("bookings", f"confirm {code}")
    [(_, _, not_before)] = [r for r in await queued(store, youth) if r[0] == ANSWER_KIND]
    assert not_before == "2026-11-29T08:00:00+09:00"  # quiet hours 21:00-08:00
