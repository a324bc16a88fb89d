"""A suit rental typed at every step the way people write times and sizes: "2시반" is the
afternoon slot when the shop has no 02:30, "100이요" and women's "66" are sizes, and a
question about something else in the middle keeps the booking."""

from __future__ import annotations

from db.store import Store
from tests.booking.test_flow import booking_engine, clock, user
from tests.booking.test_typed_talk import state_of
from tests.conftest import ChatDriver

__all__ = ["booking_engine", "clock", "user"]  # fixtures shared with tests/booking


async def typed_until_the_day(user: ChatDriver, age: str, shop: str, day: str) -> None:
    for typed in ("면접정장 빌리고 싶어요", age, "고양시에 살아요", shop):
        await user.say(typed)
    assert "날짜를 골라" in user.text()
    await user.say(day)


async def test_a_booking_typed_from_the_first_sentence_to_the_last_answer(
    user: ChatDriver, store: Store
) -> None:
    # 화요일: 12/1, the Tuesday after Saturday 11/28
    await typed_until_the_day(user, "26살이요", "내일꿈제작소요", "화요일이요")
    assert (await state_of(store, user)).step == "slot"
    await user.say("2시반")  # no 02:30 slot: the afternoon one
    state = await state_of(store, user)
    assert state.data["slot"] == "2026-12-01 14:30", state.data
    await user.say("화정역 근처 카페")  # another request: answered, the booking kept
    assert "아까 하던 면접정장 무료 대여 이어서 할까요?" in user.text()
    await user.say("이어서 할게요")
    assert (await state_of(store, user)).data["slot"] == state.data["slot"]
    await user.say_each("재킷", "다음", "100이요")
    assert "100 (L)" in str((await state_of(store, user)).data)


async def test_a_morning_time_the_shop_offers_stays_in_the_morning(
    user: ChatDriver, store: Store
) -> None:
    await typed_until_the_day(user, "만 26세", "내일꿈제작소", "12월 1일")
    await user.say("10시")
    assert (await state_of(store, user)).data["slot"] == "2026-12-01 10:00"
