"""The suit-booking conversation through the engine, with a clock the tests control."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest

from content.catalogue import Catalogue
from content.text.clock import SEOUL
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock, seoul


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(seoul(2026, 11, 28, 12, 0))  # a Saturday noon


@pytest.fixture
def booking_engine(store: Store, catalogue: Catalogue, clock) -> Engine:
    return Engine(store, catalogue, build_flows(), clock=clock,
                  state_timeout=timedelta(days=3650))


@pytest.fixture
def user(booking_engine: Engine) -> ChatDriver:
    return ChatDriver(booking_engine)


def other(engine: Engine, key: str, admin: bool = False) -> ChatDriver:
    return ChatDriver(engine, user_key=key, admin=admin)


async def book_until_slot(chat: ChatDriver, shop: str = "내일꿈제작소",
                          day: str = "12/1(화)") -> None:
    await chat.say("면접 정장 빌리고 싶어")
    assert "만 나이" in chat.text()
    await chat.press("18~39세")
    await chat.press("고양시에 살아요")
    assert "어디에서 빌릴까요" in chat.text()
    await chat.press(shop)
    assert "날짜를 골라" in chat.text()
    await chat.press(day)


async def tie_until_review(chat: ChatDriver, start: str = "10:00", interview: str = "12/2",
                           *, pressed: bool = False) -> None:
    """From ``start`` (a time button, or 대기 신청) to the review: a tie (no size asked),
    the interview day typed (or its button ``pressed``), the company name skipped."""
    await chat.press(start)
    await chat.press("넥타이")
    await chat.press("다음")
    await (chat.press(interview) if pressed else chat.say(interview))
    await chat.press("건너뛰기")


async def full_booking(chat: ChatDriver, time: str = "10:00") -> str:
    await book_until_slot(chat)
    await chat.press(time)
    await chat.press_each("재킷", "바지", "다음")
    assert "상의" in chat.text()
    await chat.say("100")
    assert "허리" in chat.text()
    await chat.say("32")
    assert "면접 날짜" in chat.text()
    await chat.say("12월 2일")
    await chat.press("건너뛰기")
    assert "예약 내용을 확인" in chat.text()
    await chat.press("예약하기")
    return chat.text()


# -- the whole way --------------------------------------------------------------------------


async def test_a_young_goyang_resident_books_a_suit_and_gets_a_code(user, store) -> None:
    answer = await full_booking(user)
    assert "예약했어요! 예약번호" in answer
    assert "경기도 고양시 덕양구 화정동" in answer
    assert "신분증" in answer
    assert "12/4(금)까지" in answer  # 3박4일
    assert "3시간 전까지" in answer
    assert "확인 중" not in answer  # a direct point's hours and seats are confirmed
    assert any(b.url for b in user.last.buttons())  # map link
    (booking,) = await store.bookings.for_user((await store.users.find("console", "u1")).id)
    assert booking.items == [{"item": "jacket", "size": "100 (L)"},
                             {"item": "pants", "size": "32inch"}]
    assert booking.interview_date == "2026-12-02" and booking.basis == "live"
    assert await store.outbox.pending_count() == 4


async def test_the_week_shows_closed_days_and_full_days_as_such(user, store) -> None:
    await book_until_slot(user, day="12/1(화)")
    await user.press("다른 날짜")
    labels = [b.label for b in user.last.buttons()]
    assert "11/29(일) 휴무" in labels and "11/30(월) 휴무" in labels
    assert "12/1(화)" in labels
    assert "다음 주 ▶" in labels


async def test_full_slot_is_shown_as_full_and_offers_the_waitlist(user, booking_engine) -> None:
    for i in range(2):  # 내일꿈제작소 has 2 seats per slot (placeholder)
        assert "예약했어요" in await full_booking(other(booking_engine, f"x{i}"))
    await book_until_slot(user)
    labels = [b.label for b in user.last.buttons()]
    assert "10:00 마감" in labels and "10:30 (2자리)" in labels
    await user.press("10:00 마감")
    assert "마감됐어요" in user.text()
    await tie_until_review(user, "대기 신청")
    await user.press("대기 신청")
    assert "대기 신청했어요" in user.text()


async def test_last_seat_taken_while_choosing_gets_just_full_and_next_slots(
        user, booking_engine) -> None:
    await book_until_slot(user)
    await tie_until_review(user)
    for i in range(2):
        await full_booking(other(booking_engine, f"y{i}"))
    await user.press("예약하기")
    assert "방금 마감되었어요" in user.text()
    labels = [b.label for b in user.last.buttons()]
    assert "12/1(화) 10:30" in labels
    await user.press("12/1(화) 10:30")
    assert "예약 내용을 확인" in user.text() and "10:30" in user.text()
    await user.press("예약하기")
    assert "예약했어요" in user.text()


async def test_fifty_users_confirming_the_last_seat_at_once_give_one_booking(
        booking_engine, store) -> None:
    chats = [other(booking_engine, f"r{i}") for i in range(50)]
    for chat in chats:
        await book_until_slot(chat)
        await tie_until_review(chat)
    replies = await asyncio.gather(*(c.press("예약하기") for c in chats))
    texts = ["\n".join(r.texts()) for r in replies]
    assert sum("예약했어요" in t for t in texts) == 2  # 2 seats
    assert sum("방금 마감되었어요" in t for t in texts) == 48
    row = await store.db.fetchone("SELECT COUNT(*) FROM bookings WHERE slot_start = ?",
                                  ("2026-12-01 10:00",))
    assert row[0] == 2


# -- eligibility -------------------------------------------------------------------------


async def test_a_40_year_old_is_told_the_age_rule(user) -> None:
    await user.say("정장 대여")
    await user.say("40")
    assert "만 18~39세 청년만" in user.text()


async def test_typed_age_in_range_moves_on(user) -> None:
    await user.say("정장 대여")
    await user.say("만 25세")
    assert "고양시에 살거나" in user.text()


async def test_unclear_age_is_asked_again(user) -> None:
    await user.say("정장 대여")
    await user.say("99년 3월")
    assert "숫자로" in user.text()


async def test_someone_not_in_goyang_is_told_why(user) -> None:
    await user.say("정장 대여")
    await user.press("18~39세")
    await user.press("해당 없어요")
    assert "고양시에 살거나" in user.text() and "청년만" in user.text()


async def test_yearly_limit_is_checked_before_choosing(user, store) -> None:
    for day, time in (("12/1(화)", "10:00"), ("12/2(수)", "10:00"), ("12/3(목)", "10:00")):
        await book_until_slot(user, day=day)
        await tie_until_review(user, time, day, pressed=True)  # interview on the rental day
        await user.press("예약하기")
        assert "예약했어요" in user.text()
    await user.say("정장 대여")
    await user.press("18~39세")
    await user.press("고양시에 살아요")
    assert "3회를 모두 쓰셨어요" in user.text()


# -- bad input ----------------------------------------------------------------------------


async def test_typed_past_day_gets_a_specific_answer_and_stays(user) -> None:
    await book_until_slot(user)
    await user.press("다른 날짜")
    await user.say("11월 20일")  # next year's 11/20 is beyond the window
    assert "21일 뒤까지만" in user.text()
    await user.say("내일")  # Sunday
    assert "쉬는 날" in user.text()
    await user.say("12월 25일")
    assert "21일 뒤까지만" in user.text()
    await user.say("12월 1일")
    assert "몇 시에 방문할까요" in user.text()


async def test_holiday_is_named(user, clock) -> None:
    clock.set(datetime(2026, 12, 20, 12, 0, tzinfo=SEOUL))
    await book_until_slot(user, day="12/22(화)")
    await user.press("다른 날짜")
    await user.say("12월 25일")
    assert "공휴일(기독탄신일)" in user.text()


async def test_typed_time_is_understood_and_a_missing_slot_refused(user) -> None:
    await book_until_slot(user)
    await user.say("12시")
    assert "예약을 받지 않아요" in user.text()
    await user.say("오후 1시 반")
    assert "무엇을 빌릴까요" in user.text()


async def test_no_items_and_bad_sizes_are_refused(user) -> None:
    await book_until_slot(user)
    await user.press("10:00")
    await user.press("다음")
    assert "한 가지 이상" in user.text()
    await user.press("구두")
    await user.press("다음")
    await user.say("310")
    assert "220~305mm" in user.text()
    await user.say("265")
    assert "면접 날짜" in user.text()


async def test_size_guess_from_height_and_weight(user) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "재킷", "다음", "잘 모르겠어요")
    await user.say("500/20")
    assert "130~210cm" in user.text()
    await user.say("175/70")
    assert "95 (M)" in user.text()
    await user.press("추천대로")
    assert "면접 날짜" in user.text()


async def test_interview_before_rental_or_after_return_is_refused(user) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "넥타이", "다음")
    await user.say("11월 30일")
    assert "대여일(12/1(화))보다 앞" in user.text()
    await user.say("12월 10일")
    assert "반납일(12/4(금))보다 뒤" in user.text()
    await user.say("언제쯤")
    assert "12월 3일" in user.text()
    await user.say("12/3")
    assert "회사 이름" in user.text()


async def test_second_booking_on_the_same_day_is_refused(user) -> None:
    await full_booking(user)
    await book_until_slot(user)
    await tie_until_review(user, "15:00", "12/1")
    await user.press("예약하기")
    assert "이미 예약" in user.text() and "하루에 한 번" in user.text()


async def test_stale_and_forged_buttons_are_answered_politely(user) -> None:
    await book_until_slot(user)
    stale = user.find("10:00").action
    await user.press("10:30")
    reply = await user.action(stale)
    assert "만료" in "\n".join(reply.texts())
    for forged in ("booking:slot:209901011000", "booking:cancel:999", "booking:offer:1",
                   "booking:shop:nowhere", "booking:item:spacesuit", "booking:day:abc"):
        reply = await user.action(forged)
        assert reply.texts(), forged


async def test_long_and_strange_text_in_the_flow_never_crashes(user) -> None:
    await book_until_slot(user)
    await user.press_each("10:00", "넥타이", "다음")
    await user.say("12/2")
    for text in ("x" * 900, "'; DROP TABLE bookings; --", "🙂🙂", "\u200b"):
        reply = await user.say(text)
        assert reply.texts()
    await user.say("=HYPERLINK(1)")
    assert "예약 내용을 확인" in user.text()


# -- 내 예약 ---------------------------------------------------------------------------------


async def test_my_bookings_lists_and_cancels(user, store) -> None:
    await full_booking(user)
    await user.say("내 예약 확인")
    assert "예약됨" in user.text()
    await user.press("취소")
    assert "취소할까요" in user.text()
    await user.press("네, 취소해요")
    assert "취소했어요" in user.text()
    await user.say("내 예약")
    assert "예정된 예약이 없어요" in user.text()
    assert await store.outbox.pending_count() == 0


async def test_cancel_after_the_cut_off_is_refused(user, clock) -> None:
    await full_booking(user)
    await user.say("내 예약")
    clock.set(datetime(2026, 12, 1, 7, 30, tzinfo=SEOUL))
    await user.press("취소")
    await user.press("네, 취소해요")
    assert "3시간 전이 지나서" in user.text()


async def test_move_keeps_the_code_and_changes_the_time(user, store) -> None:
    answer = await full_booking(user)
    await user.say("내 예약")
    await user.press("시간 변경")
    assert "새 날짜" in user.text()
    await user.press("12/2(수)")
    await user.press("11:00")
    assert "옮겼어요" in user.text() and "12/2(수) 11:00" in user.text()
    uid = (await store.users.find("console", "u1")).id
    (booking,) = await store.bookings.for_user(uid)
    assert booking.slot_start == "2026-12-02 11:00"
    assert booking.code[:3] in answer


async def test_move_to_a_full_slot_keeps_the_booking(user, booking_engine, store) -> None:
    await full_booking(user)
    await user.say("내 예약")
    await user.press("시간 변경")
    await user.press("12/2(수)")
    for i in range(2):
        await book_until_slot(other(booking_engine, f"m{i}"), day="12/2(수)")
    # others take both 11:00 seats while the user looks at the slots
    for i in range(2):
        chat = other(booking_engine, f"m{i}")
        chat.last = (await chat.say("12월 2일"))
        await tie_until_review(chat, "11:00")
        await chat.press("예약하기")
    await user.press("11:00")
    assert "방금 마감되었어요" in user.text() and "그대로" in user.text()
    uid = (await store.users.find("console", "u1")).id
    (booking,) = await store.bookings.for_user(uid)
    assert booking.slot_start == "2026-12-01 10:00"


# -- waitlist offers ---------------------------------------------------------------------------


async def test_a_cancellation_offers_the_seat_to_the_waiting_user(booking_engine, store) -> None:
    holders = [other(booking_engine, f"h{i}") for i in range(2)]
    for h in holders:
        await full_booking(h)
    waiter = other(booking_engine, "w")
    await book_until_slot(waiter)
    await waiter.press_each("10:00 마감", "대기 신청", "셔츠", "다음")
    await waiter.say("L")
    await waiter.say("12/2")
    await waiter.press("건너뛰기")
    await waiter.press("대기 신청")
    await holders[0].say("내 예약")
    await holders[0].press("취소")
    await holders[0].press("네, 취소해요")
    row = await store.db.fetchone(
        "SELECT payload FROM outbox WHERE kind = 'booking_offer'")
    assert row is not None
    entry_id = (await store.db.fetchone("SELECT id FROM booking_waitlist"))[0]
    reply = await waiter.action(f"booking:offer:{entry_id}")
    assert "예약했어요" in "\n".join(reply.texts())


# -- staff ---------------------------------------------------------------------------------------


async def test_staff_see_the_day_and_mark_a_no_show(user, booking_engine) -> None:
    await full_booking(user)
    staff = other(booking_engine, "staff", admin=True)
    await staff.command("bookings", "2026-12-01")
    assert "2026-12-01 예약 1건" in staff.text()
    assert "재킷 100 (L)" in staff.text() and "미방문 0회" in staff.text()
    await staff.press("미방문")
    assert "미방문(으)로 표시" in staff.text()
    await staff.command("bookings", "2026-12-01")
    assert "미방문 1회" in staff.text()


async def test_non_staff_are_refused_politely(user) -> None:
    await user.command("bookings")
    assert "담당 직원만" in user.text()
    await user.command("mark", "ACEFHJ 반납")
    assert "담당 직원만" in user.text()
    reply = await user.action("booking:mark:ACEFHJ:n")
    assert "담당 직원만" in "\n".join(reply.texts())


async def test_staff_mark_with_bad_input_gets_usage(booking_engine) -> None:
    staff = other(booking_engine, "staff", admin=True)
    await staff.command("mark", "nonsense")
    assert "사용법" in staff.text()
    await staff.command("mark", "ACEFHJ 반납")
    assert "찾지 못했어요" in staff.text()


async def test_privacy_lists_bookings_and_forget_deletes_them(user, store) -> None:
    await full_booking(user)
    await user.command("privacy")
    assert "면접정장 예약·신청 1건" in user.text()
    await user.command("forget")
    await user.press("네")
    row = await store.db.fetchone("SELECT COUNT(*) FROM bookings")
    assert row[0] == 0


# -- facts remembered by the eligibility flow -------------------------------------------------


class FakeFact:
    def __init__(self, fact: str, value: object) -> None:
        self.fact, self.value = fact, value


class FakeProfile:
    def __init__(self, **facts: object) -> None:
        self._facts = [FakeFact(k, v) for k, v in facts.items()]

    async def facts(self, user_id: int) -> list[FakeFact]:
        return self._facts


async def test_remembered_age_and_residence_skip_the_questions(user, store) -> None:
    store.profile = FakeProfile(birth_date={"earliest": "1999-03-02", "latest": "1999-03-02"},
                                goyang_resident=True)
    await user.say("정장 대여")
    assert "알려 주신 정보로" in user.text() and "어디에서 빌릴까요" in user.text()


async def test_remembered_age_outside_the_rule_is_told(user, store) -> None:
    store.profile = FakeProfile(birth_date={"earliest": "1980-01-01", "latest": "1980-12-31"})
    await user.say("정장 대여")
    assert "만 18~39세 청년만" in user.text()


async def test_uncertain_or_odd_remembered_facts_fall_back_to_asking(user, store) -> None:
    # born in 1987: 38 or 39 → inside; born 1986-1987: could be 40 → ask
    store.profile = FakeProfile(birth_date={"earliest": "1986-06-01", "latest": "1987-06-01"})
    await user.say("정장 대여")
    assert "만 나이" in user.text()
    store.profile = FakeProfile(birth_date="1999")
    await user.command("suit")
    assert "만 나이" in user.text()


async def test_typing_another_day_while_choosing_a_time_changes_the_day(user) -> None:
    await book_until_slot(user)
    await user.say("12월 2일")
    assert "12/2(수) 몇 시에" in user.text()


async def test_limit_used_up_in_december_still_allows_booking_in_january(user, store,
                                                                        clock) -> None:
    clock.set(datetime(2026, 12, 20, 12, 0, tzinfo=SEOUL))
    for day in ("12/22(화)", "12/23(수)", "12/24(목)"):
        await book_until_slot(user, day=day)
        await tie_until_review(user, interview=day, pressed=True)
        await user.press("예약하기")
        assert "예약했어요" in user.text()
    await book_until_slot(user, day="12/26(토)")
    await tie_until_review(user, interview="12/26(토)", pressed=True)
    await user.press("예약하기")
    assert "3회를 모두 쓰셨어요" in user.text()  # 2026 is used up
    await book_until_slot(user, day="12/22(화)")
    await user.say("1월 5일")
    await tie_until_review(user, interview="1/5(화)", pressed=True)
    await user.press("예약하기")
    assert "예약했어요" in user.text()  # 2027 counts afresh


async def test_booking_late_in_the_evening_queues_only_reminders_still_ahead(user, store,
                                                                            clock) -> None:
    clock.set(datetime(2026, 11, 30, 20, 30, tzinfo=SEOUL))  # Monday evening
    await book_until_slot(user, day="12/1(화)")
    await tie_until_review(user, interview="12/1(화)", pressed=True)
    await user.press("예약하기")
    stored = await store.db.fetchall("SELECT payload, not_before FROM outbox ORDER BY not_before")
    rows = [(json.loads(r[0])["reminder"], r[1]) for r in stored]
    assert rows == [
        ("morning_of", "2026-12-01T08:30:00+09:00"),
        ("before_return", "2026-12-03T18:00:00+09:00"),
        ("return_day", "2026-12-04T09:00:00+09:00"),
    ]
    for _, at in rows:
        hour = int(at[11:13])
        assert 8 <= hour < 21  # never inside quiet hours (21:00-08:00)


async def test_a_shop_removed_from_the_content_mid_booking_ends_politely(user, store) -> None:
    await book_until_slot(user)
    uid = (await store.users.find("console", "u1")).id
    state = await store.conversations.load(uid)
    state.data["shop"] = "gone_shop"
    await store.conversations.save(uid, state, datetime(2026, 11, 28, 12, 0, tzinfo=SEOUL))
    await user.say("10시")
    assert "만료" in user.text()


async def test_staff_can_filter_the_day_by_shop_and_bad_dates_get_usage(user,
                                                                       booking_engine) -> None:
    await full_booking(user)
    staff = other(booking_engine, "staff", admin=True)
    await staff.command("bookings", "2026-12-01 dreamwings")
    assert "예약 0건" in staff.text()
    await staff.command("bookings", "12월 1일 naeil_kkum")
    assert "예약 1건" in staff.text()
    await staff.command("bookings", "99년 3월")
    assert "사용법" in staff.text()


async def test_waitlist_entries_show_in_my_bookings_and_can_be_left(user, booking_engine,
                                                                   store) -> None:
    for i in range(2):
        await full_booking(other(booking_engine, f"f{i}"))
    await book_until_slot(user)
    await user.press_each("10:00 마감", "대기 신청", "벨트", "다음")
    await user.say("12/2")
    await user.press("건너뛰기")
    await user.press("대기 신청")
    await user.say("내 예약")
    assert "[대기] 내일꿈제작소, 12/1(화) 10:00" in user.text()
    await user.press("대기 취소")
    assert "예정된 예약이 없어요" in user.text()
    row = await store.db.fetchone("SELECT status FROM booking_waitlist")
    assert row[0] == "cancelled"


async def test_double_tap_on_confirm_books_once(user, store) -> None:
    await book_until_slot(user)
    await tie_until_review(user)
    confirm = user.find("예약하기").action
    replies = await asyncio.gather(user.action(confirm), user.action(confirm))
    texts = ["\n".join(r.texts()) for r in replies]
    assert sum("예약했어요" in t for t in texts) == 1
    assert (await store.db.fetchone("SELECT COUNT(*) FROM bookings"))[0] == 1


async def test_an_english_speaker_books_in_english(booking_engine) -> None:
    chat = ChatDriver(booking_engine, user_key="en1", language="en")
    await chat.say("rent a suit")
    assert "How old are you" in chat.text()
    await chat.press("I'm 18–39")
    await chat.press("I work in Goyang")
    assert "Where would you like to rent?" in chat.text()
    await chat.press_each("Dream Wings", "12/1(Tue)", "10:00", "Tie", "Next")
    await chat.say("12/2")
    await chat.press("Skip")
    assert "Please check your booking" in chat.text()
    await chat.press("Book it")
    assert "Booked! Code" in chat.text() and "Return by 12/4(Fri)" in chat.text()


@pytest.mark.parametrize(("typed", "expected"), [
    ("고양시에 살아요", "live"), ("거주해요", "live"), ("항공대 재학중", "study"),
    ("고양시 회사 다녀요", "work"), ("주민은 아니고 학교 다녀요", "study"),
    ("해당 없어요", "none"), ("고양시에 안 살아요", "none"), ("음", None), ("🙂", None),
])
def test_typed_basis(typed: str, expected: str | None) -> None:
    from handlers.booking.typed import typed_basis

    assert typed_basis(typed) == expected


async def test_a_user_who_types_instead_of_pressing_can_book(user) -> None:
    await user.say_each("면접정장 빌려줘", "27살", "고양시 직장 다녀요")
    assert "어디에서 빌릴까요" in user.text()
    await user.say("드림윙즈요")
    assert "날짜를 골라" in user.text()
    await user.say_each("12월 1일", "10시", "재킷이랑 바지")
    labels = [b.label for b in user.last.buttons()]
    assert "✅ 재킷" in labels and "✅ 바지" in labels
    await user.say("다음")
    await user.say("잘 모르겠어요")
    assert "키와 몸무게" in user.text()
    await user.say("170cm 65kg")
    await user.press("추천대로")
    await user.say("내일모레")
    assert "앞이에요" in user.text()  # 11/30 is before the rental day
    await user.say("12월 3일")
    await user.press("건너뛰기")
    await user.say("네")
    assert "예약했어요" in user.text()


async def test_facts_kept_by_the_eligibility_flow_are_used(user, store) -> None:
    uid = (await store.users.create_or_reactivate("console", "u1",
                                                  datetime(2026, 11, 28, tzinfo=SEOUL))).id
    now = datetime(2026, 11, 28, 12, 0, tzinfo=SEOUL)
    await store.profile.set_consent(uid, True, "test", now)
    await store.profile.save_facts(uid, {"birth_date": "2000-05-05", "goyang_resident": True},
                                   now)
    await user.say("정장 대여")
    assert "알려 주신 정보로" in user.text() and "어디에서 빌릴까요" in user.text()


async def test_the_start_says_how_the_2026_program_is_applied_for(user) -> None:
    await user.say("정장 대여")
    assert "잡아바어플라이" in user.text()
