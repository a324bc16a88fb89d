"""Whole conversations where the user TYPES at every step, the way people type: typos, no
spaces, 해요체 and 반말, particles ("26살이요", "네 그래요", "상관없어요", "담주 화요일 2시반"),
and topic switches mid-flow with a resume. Each one runs through the engine (terminal chat),
and the marked ones through Telegram and the Kakao skill as well; each ends by checking
what reached the store, so no answer was lost on the way.

A line is ``(typed text, a piece the answer must show)``; ``""`` expects nothing.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from db.store import Store
from tests.conversations.conftest import NOW
from tests.conversations.drivers import Driver
from tests.conversations.tours import seed_long_content

Check = Callable[[Store, Driver], Awaitable[None]]
ALL = ("console", "telegram", "kakao")
ENGINE = ("console",)


@dataclass(frozen=True)
class Talk:
    lines: Sequence[tuple[str, str]]
    check: Check
    channels: Sequence[str] = ENGINE


async def user_id(store: Store, driver: Driver) -> int:
    user = await store.users.find(driver.channel, driver.user_key)
    assert user is not None, "the user is gone"
    return user.id


async def state(store: Store, driver: Driver) -> Any:
    return await store.conversations.load(await user_id(store, driver))


async def bookings(store: Store) -> list[tuple[Any, ...]]:
    return list(await store.db.fetchall(
        "SELECT shop_id, slot_start, status, items, company FROM bookings ORDER BY id"))


async def subs(store: Store, driver: Driver) -> list[Any]:
    return list(await store.subscriptions.for_user(await user_id(store, driver)))


# -- checks -----------------------------------------------------------------------------


async def facts_saved(store: Store, driver: Driver) -> None:
    facts = {f.fact for f in await store.profile.facts(await user_id(store, driver))}
    assert {"birth_date", "goyang_resident", "employed"} <= facts, facts


async def nothing_saved(store: Store, driver: Driver) -> None:
    assert await store.profile.facts(await user_id(store, driver)) == []
    consent = await store.profile.consent(await user_id(store, driver))
    assert consent is not None and not consent.granted


async def at_eligibility_result(store: Store, driver: Driver) -> None:
    saved = await state(store, driver)
    assert (saved.flow, saved.step) == ("eligibility", "result")
    assert "birth_date" in saved.data["answers"]


async def eligibility_resumed_with_age(store: Store, driver: Driver) -> None:
    saved = await state(store, driver)
    assert (saved.flow, saved.step, saved.paused) == ("eligibility", "ask", None)
    assert "birth_date" in saved.data["answers"]


async def booked_1430(store: Store, driver: Driver) -> None:
    [(shop, slot, status, items, company)] = await bookings(store)
    assert (shop, slot, status) == ("naeil_kkum", "2026-12-01 14:30", "booked")
    assert {i["item"] for i in json.loads(items)} == {"jacket", "pants"}
    assert company is None  # "건너뛸게요" skipped it, it is no company name


async def booked_and_moved(store: Store, driver: Driver) -> None:
    [(_, slot, status, _, _)] = await bookings(store)
    assert (slot, status) == ("2026-11-28 15:00", "booked")  # "3시" by day is 15:00


async def booked_then_cancelled(store: Store, driver: Driver) -> None:
    [(_, _, status, _, _)] = await bookings(store)
    assert status == "cancelled"


async def booking_kept_mid_flow(store: Store, driver: Driver) -> None:
    saved = await state(store, driver)
    assert (saved.flow, saved.step) == ("booking", "slot")
    assert saved.data["shop"] == "naeil_kkum" and saved.data["day"] == "2026-12-01"


async def alert_saved(store: Store, driver: Driver) -> None:
    [sub] = await subs(store, driver)
    assert list(sub.keywords) == ["바리스타", "사무보조"] and sub.active
    assert list(sub.districts) == ["덕양구"]


async def alert_any_type(store: Store, driver: Driver) -> None:
    [sub] = await subs(store, driver)
    assert list(sub.keywords) == ["카페"] and sub.active
    assert (sub.emp_type, sub.career, sub.frequency) == (None, None, "daily")  # "아무거나요"


async def alert_paused(store: Store, driver: Driver) -> None:
    [sub] = await subs(store, driver)
    assert not sub.active


async def alert_deleted(store: Store, driver: Driver) -> None:
    assert await subs(store, driver) == []


async def forgotten(store: Store, driver: Driver) -> None:
    assert await store.users.find(driver.channel, driver.user_key) is None


async def kept(store: Store, driver: Driver) -> None:
    assert await store.users.find(driver.channel, driver.user_key) is not None


async def places_results(store: Store, driver: Driver) -> None:
    saved = await state(store, driver)
    assert (saved.flow, saved.step) == ("places", "results")
    assert not {"lat", "lon", "location", "near"} & set(saved.data)  # no location kept


async def idle(store: Store, driver: Driver) -> None:
    assert (await state(store, driver)).flow in (None, "jobs", "places", "programs")


# -- the conversations --------------------------------------------------------------------

ELIGIBILITY = [("자격확인 해줘", "생년월일"), ("26살이요", "질문 2"), ("네 그래요", "질문 3"),
               ("아니용", ""), ("아니요*", "확인 결과")]
BOOKING = [("정장 빌리고 싶어요", "만 나이"), ("26살이요", "고양시에 살거나"),
           ("고양시 살아요", "어디에서"), ("내일꿈제작소요", "날짜"), ("담주 화요일", "몇 시"),
           ("2시반", "무엇을 빌릴까요"), ("재킷이랑 바지", ""), ("다음", "사이즈"),
           ("100이요", "허리"), ("32요", "면접 날짜"), ("12/1", "회사"),
           ("건너뛸게요", "확인해 주세요"), ("네 그래요", "신청이 접수됐어요")]
ALERT = [("채용 알림 만들래요", "키워드"), ("바리스타, 사무보조", "지역"),
         ("덕양구", ""), ("다음", "고용형태"), ("상관없어요", "신입"), ("신입이요", "자주"),
         ("바로 받을래요", "밤에는"), ("이대로 둘게요", "만들까요"), ("저장", "저장했어요")]

TALKS: dict[str, Talk] = {
    "eligibility typed, answers kept with a typed yes": Talk(
        [*ELIGIBILITY, ("네 저장해 주세요", "저장했어요")], facts_saved, ALL),
    "eligibility typed, saving refused in 반말": Talk(
        [*ELIGIBILITY, ("저장하지 마세요", "저장하지 않을게요")], nothing_saved),
    "eligibility result, a group opened by typing its name": Talk(
        [*ELIGIBILITY, ("해당하지 않아요", "이 사업은"), ("결과 요약", "확인 결과")],
        at_eligibility_result, ALL),
    "eligibility, a place asked mid-check, then carry on": Talk(
        [("자격 확인해줘", "생년월일"), ("만 26세요", "질문 2"),
         ("화정역 근처 카페 있어?", "이어서 할까요"), ("이어서 할게요", "주민등록")],
        eligibility_resumed_with_age, ALL),
    "eligibility, back and don't know typed": Talk(
        [("받을 수 있는 지원 알려줘", "생년월일"), ("26살", "질문 2"), ("이전", "생년월일"),
         ("27살이에요", "질문 2"), ("모르겠어요", "질문 3"), ("아니요*", "확인 결과")],
        at_eligibility_result),
    "eligibility, a change of answer typed from the result": Talk(
        [*ELIGIBILITY, ("답변 바꾸기", "바꿀"), ("생년월일", "생년월일을 알려"),
         ("30살이요", "확인 결과")], at_eligibility_result),
    "places, a station with a typo and no spaces": Talk(
        [("화정녁근처 카페", "가까운"), ("카페만", "카페"), ("더 보기", "4.")],
        places_results, ALL),
    "places, a dong typed after the question": Talk(
        [("가까운 청년공간 찾기", "동네·역 이름"), ("주엽동이요", "가까운")], places_results, ALL),
    "places, by name typed, then a district": Talk(
        [("가까운 청년공간 찾기", ""), ("동네 이름으로 찾기", "동네"), ("일산동구요", "가까운")],
        places_results),
    "places, an unknown name asks again": Talk(
        [("가까운 청년공간 찾기", ""), ("동네 이름으로 찾기", ""), ("우리집앞", "찾지 못했어요"),
         ("킨텍스요", "가까운")],
        places_results),
    "job alert set up typed step by step": Talk(ALERT, alert_saved, ALL),
    "job alert with any type and any career": Talk(
        [("채용 알림", ""), ("새 알림 만들기", "키워드"), ("카페", "지역"), ("고양시 전체", ""),
         ("다음", "고용형태"), ("아무거나요", "신입"), ("상관없음", "자주"),
         ("하루 한 번 모아 받기", "몇 시"), ("아침 9시요", "밤에는"), ("이대로 둘게요", ""),
         ("저장", "저장했어요")],
        alert_any_type),
    "job alert paused from the list, typed": Talk(
        [*ALERT, ("채용 알림", ""), ("내 알림 목록", "바리스타"), ("1번 멈추기", "멈췄어요")],
        alert_paused, ALL),
    "job alert deleted, typed, with a typed yes": Talk(
        [*ALERT, ("채용 알림", ""), ("내 알림 목록", "바리스타"),
         ("1번 지우기", "지울까요"), ("네", "지웠어요")], alert_deleted),
    "job search typed, next page and order typed": Talk(
        [("바리스타 공고 찾아줘", "검색 결과"), ("다음", "4~6"),
         ("마감 임박순으로", "마감 임박순")], idle, ALL),
    "job search in the search step, 반말": Talk(
        [("채용 알림", ""), ("채용 검색", "찾는 일"), ("바리스타 정규직", "검색 결과")], idle),
    "booking typed end to end": Talk(BOOKING, booked_1430, ALL),
    "booking moved by typing": Talk(
        [*BOOKING, ("내 예약", "내일꿈제작소"), ("시간 변경", "날짜"), ("오늘이요", "몇 시"),
         ("3시", "옮겼어요")], booked_and_moved),
    "booking cancelled by typing": Talk(
        [*BOOKING, ("내 예약 보여줘", ""), ("취소", "취소할까요"),
         ("네 취소해 주세요", "취소했어요")], booked_then_cancelled),
    "booking, a job question mid-booking, then carry on": Talk(
        [*BOOKING[:5], ("화정역 근처 카페", "이어서 할까요"), ("이어서 할게요", "몇 시")],
        booking_kept_mid_flow, ALL),
    "booking, a typed no at the age step": Talk(
        [("정장 빌리고 싶어요", "만 나이"), ("40살이에요", "39세"), ("/menu", "")], kept),
    "forget typed with yes": Talk(
        [("안녕하세요", ""), ("내 정보 다 지워줘", "지울까요"), ("네 지워주세요", "")],
        forgotten, ALL),
    "forget typed with no": Talk(
        [("/forget", "지울까요"), ("아니요 안 지울래요", "")], kept),
    "privacy then forget, 반말": Talk(
        [("/privacy", "저장하는 내 정보"), ("/forget", "지울까요"), ("응", "")], forgotten),
    "a greeting, thanks and a person, then a flow": Talk(
        [("ㅎㅇ", "고양시 청년 챗봇"), ("고마워요", "천만에요"), ("상담원 연결해 주세요", "031"),
         ("화정역 카페", "가까운")], places_results),
    "eligibility, then a job alert, then back to the menu": Talk(
        [*ELIGIBILITY, ("채용 알림 만들래요", "키워드"),
         ("바리스타", "지역"), ("처음으로", "무엇을 도와")], kept),
}


@pytest.mark.parametrize(("name", "driver"), [
    (name, channel) for name, talk in TALKS.items() for channel in talk.channels],
    indirect=["driver"])
async def test_typed_conversation(name: str, driver: Driver, store: Store) -> None:
    await seed_long_content(store, NOW)
    talk = TALKS[name]
    for typed, expected in talk.lines:
        # "아니요*": said again (as people do) until the expected answer shows
        for _ in range(8 if typed.endswith("*") else 1):
            await driver.say(typed.rstrip("*"))
            if expected in driver.text():
                break
        assert expected in driver.text(), (typed, expected, driver.text())
    await talk.check(store, driver)


def test_there_are_enough_conversations() -> None:
    assert len(TALKS) >= 25
