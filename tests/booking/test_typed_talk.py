"""Booking typed the way people type: yes/no words at the confirmations, a different request
in the middle of a booking answered and the booking offered back, real answers never taken
for another request (issue 11)."""

from __future__ import annotations

from db.store import Store
from tests.booking.test_flow import book_until_slot, booking_engine, clock, full_booking, user
from tests.conftest import ChatDriver

__all__ = ["booking_engine", "clock", "user"]  # fixtures shared with test_flow


async def state_of(store: Store, chat: ChatDriver):  # type: ignore[no-untyped-def]
    found = await store.users.find(chat.channel, chat.user_key)
    assert found is not None
    return await store.conversations.load(found.id)


async def test_typed_yes_at_the_cancel_confirmation_cancels(user, store) -> None:
    await full_booking(user)
    await user.say("내 예약")
    await user.press("취소")
    await user.say("어 음")  # not an answer: asked again, nothing cancelled
    assert "취소할까요" in user.text()
    await user.say("ㄴㄴ")
    await user.say("내 예약")
    assert "예약됨" in user.text()
    await user.press("취소")
    await user.say("넹")
    assert "취소했어요" in user.text()


async def test_typed_yes_at_the_last_step_books(user, store) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "재킷", "다음")
    await user.say("100")
    await user.say("12월 2일")
    await user.press("건너뛰기")
    assert "예약 내용을 확인" in user.text()
    await user.say("네 그래요")
    assert "예약" in user.text() and (await state_of(store, user)).flow is None
    await user.say("내 예약")
    assert "예약됨" in user.text()


async def test_a_place_question_mid_booking_is_answered_and_the_booking_kept(
    user, store
) -> None:
    await book_until_slot(user)
    before = await state_of(store, user)
    assert before.step == "slot"
    await user.say("cafe near Hwajeong station")
    assert "Shall we go back to Interview suit rental?" in user.text()  # asked in English
    assert (await state_of(store, user)).paused["data"]["shop"] == before.data["shop"]
    await user.say("이어서 할게요")
    after = await state_of(store, user)
    assert (after.flow, after.step) == ("booking", "slot")
    assert after.data["shop"] == before.data["shop"] and after.data["day"] == before.data["day"]
    await user.say("10시")  # the resumed step takes its answer
    assert (await state_of(store, user)).step == "items"


async def test_a_typed_date_and_shop_name_stay_answers(user, store) -> None:
    await user.say("면접 정장 빌리고 싶어")
    await user.press("18~39세")
    await user.press("고양시에 살아요")
    await user.say("내일꿈제작소")  # a shop name, not a place search
    assert "날짜를 골라" in user.text()
    await user.say("12월 1일")
    state = await state_of(store, user)
    assert (state.flow, state.step, state.paused) == ("booking", "slot", None)
