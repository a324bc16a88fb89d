"""Typing instead of pressing, at every booking step: labels, back, cancel, unclear answers,
conversations saved by the flow before it declared its steps, and forged step buttons."""

from __future__ import annotations

import json
from datetime import datetime

from db.conversations import ConversationState
from db.store import Store
from tests.booking.test_flow import SEOUL, book_until_slot, tie_until_review
from tests.conftest import ChatDriver

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=SEOUL)


async def state_of(store: Store, key: str = "u1") -> ConversationState:
    user = await store.users.find("console", key)
    assert user is not None
    return await store.conversations.load(user.id)


async def only_booking(store: Store) -> tuple[object, ...]:
    rows = await store.db.fetchall(
        "SELECT shop_id, slot_start, interview_date, company, basis, items FROM bookings")
    assert len(rows) == 1
    *fields, items = rows[0]
    return (*fields, json.loads(items))


async def test_every_choice_can_be_typed_as_its_label(user: ChatDriver, store: Store) -> None:
    await user.say("정장 대여")
    await user.say("만 18~39세예요")  # the age button's label
    assert "고양시에 살거나" in user.text()
    await user.say("고양시 학교에 다녀요")  # the basis button's label
    assert "어디에서 빌릴까요" in user.text()
    await user.say("드림윙즈 (협력 대여점)")  # the shop button's label
    assert "날짜를 골라" in user.text()
    await user.say("다음 주")  # "다음 주 ▶"
    assert "12/5(토)" in user.text() and "12/11(금)" in user.text()
    await user.say("이전 주")  # "◀ 이전 주"
    await user.say("12/1(화)")  # the day button's label
    assert "12/1(화) 몇 시에" in user.text()
    await user.say(user.find("10:30").label)  # the slot button's label, "10:30 (n자리)"
    assert "무엇을 빌릴까요" in user.text()
    await user.say("넥타이")
    await user.say("다음")
    await user.say("12/2(수)")  # the interview day button's label
    await user.say("건너뛰기")
    assert "예약 내용을 확인" in user.text()
    await user.say("예약하기")
    assert "예약했어요" in user.text()
    assert await only_booking(store) == (
        "dreamwings", "2026-12-01 10:30", "2026-12-02", None, "study",
        [{"item": "tie", "size": "-"}])


async def test_the_age_range_typed_short_or_with_a_particle_is_understood(
        user: ChatDriver) -> None:
    await user.say("정장 대여")
    await user.say("18~39세요")
    assert "고양시에 살거나" in user.text()
    await user.command("suit")
    await user.say("만 40세 이상이에요")  # the "over" button's label
    assert "만 18~39세 청년만" in user.text()


async def test_back_returns_one_step_and_keeps_the_answers(user: ChatDriver,
                                                           store: Store) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "재킷", "다음")
    await user.say("L")
    await user.say("12/2")
    assert "회사 이름" in user.text()
    await user.say("이전")
    assert "면접 날짜" in user.text()
    assert (await state_of(store)).step == "interview"
    await user.say("12/3")
    await user.press("건너뛰기")
    assert "재킷 100 (L)" in user.text()  # items and sizes survived going back
    await user.press("예약하기")
    assert "예약했어요" in user.text()
    shop, slot, interview, _, basis, items = await only_booking(store)
    assert (shop, slot, interview, basis) == ("naeil_kkum", "2026-12-01 10:00", "2026-12-03",
                                              "live")
    assert items == [{"item": "jacket", "size": "100 (L)"}]


async def test_back_from_the_times_shows_the_days_again(user: ChatDriver, store: Store) -> None:
    await book_until_slot(user)
    await user.say("이전")
    assert "날짜를 골라" in user.text()
    state = await state_of(store)
    assert state.step == "day" and state.data["shop"] == "naeil_kkum"


async def test_cancel_typed_mid_booking_ends_it_and_books_nothing(user: ChatDriver,
                                                                  store: Store) -> None:
    await book_until_slot(user)
    await user.press("10:00")
    await user.say("취소")
    assert "취소했어요" in user.text()
    state = await state_of(store)
    assert state.flow is None and state.data == {}
    assert (await store.db.fetchone("SELECT COUNT(*) FROM bookings"))[0] == 0


async def test_an_unclear_answer_asks_the_same_step_again_keeping_progress(
        user: ChatDriver, store: Store) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "재킷", "다음")
    await user.say("아무거나")
    assert "상의" in user.text()  # the size question again, with the reason
    state = await state_of(store)
    assert state.step == "size" and state.data["items"] == ["jacket"]
    assert state.data["slot"] == "2026-12-01 10:00"
    await user.say("XL")
    assert "면접 날짜" in user.text()


async def test_an_unclear_shop_or_day_is_asked_again(user: ChatDriver, store: Store) -> None:
    await user.say("정장 대여")
    await user.press("18~39세")
    await user.press("고양시에 살아요")
    await user.say("강남에서요")
    assert "어디에서 빌릴까요" in user.text()
    assert (await state_of(store)).step == "shop"
    await user.say("내일꿈제작소에서요")
    await user.say("언젠가")
    assert "'12월 3일'처럼" in user.text() and "날짜를 골라" in user.text()
    assert (await state_of(store)).data["shop"] == "naeil_kkum"


async def test_a_conversation_saved_by_the_previous_code_continues(user: ChatDriver,
                                                                   store: Store) -> None:
    uid = (await store.users.create_or_reactivate("console", "u1", NOW)).id
    old_row = {  # what the flow wrote with ctx.goto(...) before it declared its steps
        "mode": "new", "basis": "work", "shop": "naeil_kkum", "week": 0,
        "day": "2026-12-01", "slot": "2026-12-01 10:00", "due": "2026-12-04",
        "items": ["jacket", "pants"], "sizes": {"top": "100 (L)", "waist": "32inch"},
        "needed": ["top", "waist"], "sizing": "waist", "interview": "2026-12-02",
    }
    await store.conversations.save(
        uid, ConversationState(flow="booking", step="company", data=old_row, version=5), NOW)
    await user.say("고양시청")
    assert "예약 내용을 확인" in user.text() and "고양시청" in user.text()
    await user.say("네")
    assert "예약했어요" in user.text()
    assert await only_booking(store) == (
        "naeil_kkum", "2026-12-01 10:00", "2026-12-02", "고양시청", "work",
        [{"item": "jacket", "size": "100 (L)"}, {"item": "pants", "size": "32inch"}])


async def test_an_old_row_waiting_for_a_height_guess_continues(user: ChatDriver,
                                                               store: Store) -> None:
    uid = (await store.users.create_or_reactivate("console", "u1", NOW)).id
    old_row = {"mode": "new", "basis": "live", "shop": "naeil_kkum", "week": 0,
               "day": "2026-12-01", "slot": "2026-12-01 10:00", "due": "2026-12-04",
               "items": ["jacket"], "sizes": {}, "needed": ["top"], "sizing": "top",
               "guess": {"top": "95 (M)", "waist": "31inch"}}
    await store.conversations.save(
        uid, ConversationState(flow="booking", step="height_weight", data=old_row, version=2),
        NOW)
    await user.say("추천대로 할게요")
    assert "면접 날짜" in user.text()
    assert (await state_of(store)).data["sizes"] == {"top": "95 (M)"}


async def test_a_forged_step_choice_is_answered_as_expired(user: ChatDriver,
                                                           store: Store) -> None:
    await book_until_slot(user)
    version = user.find("10:00").action.rsplit("~", 1)[1]
    reply = await user.action(f"booking:pick:xyz~{version}")
    assert "만료" in "\n".join(reply.texts())
    assert (await store.db.fetchone("SELECT COUNT(*) FROM bookings"))[0] == 0
    reply = await user.action(f"booking:pick:209901011000~{version}")
    assert "만료" in "\n".join(reply.texts())


async def test_button_payloads_fit_telegram(user: ChatDriver) -> None:
    await book_until_slot(user)
    for button in user.last.buttons():
        assert len(button.action.encode()) <= 64
        assert not button.action or button.action.count(":") <= 2


async def test_a_time_shown_full_offers_the_waitlist_and_one_that_filled_says_just_now(
        user: ChatDriver, booking_engine) -> None:
    from tests.booking.test_flow import full_booking, other

    for i in range(2):
        await full_booking(other(booking_engine, f"s{i}"))  # both 10:00 seats
    await book_until_slot(user)
    await user.press("10:00 마감")
    assert "10:00 시간은 마감됐어요" in user.text()
    await user.say("이전")  # back to the times
    assert "몇 시에 방문할까요" in user.text()
    for i in range(2):  # 10:30 fills while the user looks at it
        chat = other(booking_engine, f"t{i}")
        await book_until_slot(chat)
        await tie_until_review(chat, "10:30")
        await chat.press("예약하기")
    await user.say("10:30")
    assert "방금 마감되었어요" in user.text()
    labels = [b.label for b in user.last.buttons()]
    assert "12/1(화) 11:00" in labels and "대기 신청" in labels
