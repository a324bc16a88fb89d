"""The suit is for the interview: a booking, and a booking moved to another day, keep the
interview day inside the rental (pick-up day to return day), or the user is told why not."""

from __future__ import annotations

from db.store import Store
from tests.booking.test_flow import book_until_slot, tie_until_review
from tests.conftest import ChatDriver


async def book_with_interview(user: ChatDriver, day: str, interview: str) -> None:
    await book_until_slot(user, day=day)
    await tie_until_review(user, interview=interview)
    await user.press("예약하기")
    assert "예약했어요" in user.text()


async def only_booking(store: Store):  # -> Booking
    uid = (await store.users.find("console", "u1")).id
    (booking,) = await store.bookings.for_user(uid)
    return booking


async def test_a_move_that_would_return_the_suit_before_the_interview_is_refused(
    user: ChatDriver, store: Store,
) -> None:
    await book_with_interview(user, "12/3(목)", "12월 6일")  # return by 12/8
    await user.say("내 예약")
    await user.press("시간 변경")
    await user.press("12/1(화)")
    await user.press("10:00")  # would go back 12/4, before the 12/6 interview
    text = user.text()
    assert "옮기지 않았어요" in text and "옮겼어요" not in text
    assert "면접일(12/6(일))" in text and "12/4(금)" in text
    assert "12/3(목)부터 12/6(일) 사이" in text
    assert "12/2(수)" in [b.label for b in user.last.buttons()]  # the day is asked again
    booking = await only_booking(store)
    assert (booking.slot_start, booking.return_date) == ("2026-12-03 10:00", "2026-12-08")


async def test_a_move_after_the_interview_day_is_refused(user: ChatDriver, store: Store) -> None:
    await book_with_interview(user, "12/1(화)", "12월 2일")
    await user.say("내 예약")
    await user.press_each("시간 변경", "12/3(목)", "10:00")
    assert "옮기지 않았어요" in user.text() and "면접일(12/2(수))" in user.text()
    assert (await only_booking(store)).slot_start == "2026-12-01 10:00"


async def test_after_a_refused_move_a_fitting_day_moves_the_booking(
    user: ChatDriver, store: Store,
) -> None:
    await book_with_interview(user, "12/3(목)", "12월 6일")
    await user.say("내 예약")
    await user.press_each("시간 변경", "12/1(화)", "10:00", "12/4(금)", "11:00")
    assert "옮겼어요" in user.text()
    booking = await only_booking(store)
    assert booking.slot_start == "2026-12-04 11:00"
    assert booking.return_date >= booking.interview_date == "2026-12-06"


async def test_a_booking_keeps_the_interview_inside_the_rental(user: ChatDriver) -> None:
    await book_until_slot(user, day="12/1(화)")
    await user.press_each("10:00", "넥타이", "다음")
    await user.say("12월 9일")
    assert "반납일(12/4(금))보다 뒤" in user.text()
    assert "회사 이름" not in user.text()
