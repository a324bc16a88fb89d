"""Every flow walked with the longest content the bot can meet: 300 places around one
station, job postings with 200-character titles, a user who qualifies for every program,
every program card. Each tour drives one channel ``Driver``; ``FLOW_TOURS`` names them so a
test can report the longest message per flow.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.jobs.ingest import import_postings
from content.catalogue import Catalogue
from content.jobs.postings import ParseResult, Posting
from db.store import Store
from tests.conversations.drivers import Driver
from tests.places.fixture import fake_places

Tour = Callable[[Driver], Awaitable[None]]
HWAJEONG = (37.6346, 126.8326)
DAY_LABEL = re.compile(r"\d{1,2}/\d{1,2}\(")
LONG = "고양시 일산동구 장항동 킨텍스 제2전시장 옆 청년 일자리 지원 사업 안내 "


def generous(catalogue: Catalogue) -> Catalogue:
    """The bundled content where every program is running and every rule is the suit
    rental's (a 26-year-old Goyang resident qualifies for all): the longest result."""
    elig = catalogue.eligibility
    assert elig is not None
    suit = elig.rules["interview_suit_rental"]
    rules = {pid: dataclasses.replace(rule, condition=suit.condition, to_confirm=())
             for pid, rule in elig.rules.items()}
    programs = {pid: p.model_copy(update={"status": "active"})
                for pid, p in catalogue.programs.items()}
    return dataclasses.replace(catalogue, programs=programs,
                               eligibility=dataclasses.replace(elig, rules=rules))


def long_posting(number: int, today: date) -> Posting:
    return Posting(
        source="work24", source_id=f"LONG{number:02d}",
        title=f"[{number}호점] 카페 바리스타 " + LONG * 4,
        company="(주)고양커피앤베이커리 " + LONG,
        district="일산동구", region="경기 고양시 일산동구",
        address="경기 고양시 일산동구 " + LONG,
        pay_type="월급", pay="2500000", emp_type_code="10", emp_type="정규직",
        career="신입", closes_on=today + timedelta(days=number + 1),
        url=f"https://www.work24.go.kr/wk/a/b/1500/empDetailAuthView.do?wantedAuthNo={number}",
    )


async def seed_long_content(store: Store, now: datetime) -> None:
    """300 imported places around Goyang and 14 long job postings."""
    places = [p.model_dump(mode="json") for p in fake_places(300)]
    await store.places.upsert_many(places, origin="tour.csv", now=now)
    postings = [long_posting(i, now.date()) for i in range(14)]
    await import_postings(store.db, ParseResult(postings), now)


async def press_first_day(driver: Driver) -> None:
    day = next(label for label in driver.labels() if DAY_LABEL.search(label))
    await driver.press(day)


# -- the tours ----------------------------------------------------------------------------


async def talk_tour(driver: Driver) -> None:
    for text in ("/start", "/help", "안녕하세요", "고마워요", "상담원 연결해 주세요",
                 "ㅁㄴㅇㄹ 뭐지", "가" * 3000, "/menu"):
        await driver.say(text)


async def programs_tour(driver: Driver) -> None:
    await driver.say("/menu")
    await driver.press("프로그램 안내")
    categories = [label for label in driver.labels() if "처음으로" not in label]
    for category in categories:
        await driver.say("/menu")
        await driver.press("프로그램 안내")
        await driver.press(category)
        for program in [label for label in driver.labels()
                        if "처음으로" not in label and "다른" not in label]:
            await driver.say(program)


async def eligibility_tour(driver: Driver) -> None:
    await driver.say("/menu")
    await driver.press("자격 확인")
    for answer in ("만 26세", "네", "네", "준비하고 있어요", "8개월", "아니요", "네", "아니요",
                   "아니요", "아니요", "아니요"):
        if "확인 결과" in driver.text():
            break
        await driver.say(answer)
    assert "확인 결과" in driver.text(), driver.text()
    for label in [label for label in driver.labels() if label.startswith(("✅", "🔎", "❌"))]:
        await driver.press(label)
        await driver.press("결과 요약")
    await driver.say("면접정장 자격 확인해줘")


async def places_tour(driver: Driver) -> None:
    await driver.say("/menu")
    await driver.press("청년공간")
    if driver.channel != "kakao":
        await driver.location(*HWAJEONG)
    else:
        await driver.say("화정역")
    for label in ("더 보기", "카페만", "지금 여는"):
        if any(label in x for x in driver.labels()):
            await driver.press(label)
    await driver.say("화정녁 근처 카페")
    await driver.say("/menu")
    await driver.press("청년공간")
    await driver.press("동네 이름")


async def jobs_tour(driver: Driver) -> None:
    await driver.say("/menu")
    await driver.press("채용 알림")
    await driver.say("바리스타")
    for label in ("다음", "마감 임박", "알림 받기"):
        if any(label in x for x in driver.labels()):
            await driver.press(label)
    await driver.say("/menu")
    await driver.press("채용 알림")
    await driver.press("새 알림")
    await driver.say("바리스타, 사무보조")
    for label in ("덕양구", "다음", "정규직", "신입", "바로 받기", "이대로", "저장"):
        await driver.press(label)
    await driver.say("/menu")
    await driver.press("채용 알림")
    await driver.press("내 알림")


async def booking_tour(driver: Driver) -> None:
    await driver.say("면접 정장 빌리고 싶어")
    await driver.press("18~39세")
    await driver.press("고양시에 살아요")
    await driver.press("내일꿈제작소")
    await press_first_day(driver)
    slot = next(label for label in driver.labels() if re.match(r"\d{1,2}:\d{2}", label))
    await driver.press(slot)
    await driver.press("재킷")
    await driver.press("다음")
    await driver.say("L")
    await press_first_day(driver)
    await driver.press("건너뛰기")
    await driver.press("신청하기")  # 내일꿈제작소 takes requests (shops.yaml)
    await driver.say("/mybookings")


async def privacy_tour(driver: Driver) -> None:
    await driver.say("/privacy")
    await driver.say("/forget")
    await driver.say("아니요")


FLOW_TOURS: dict[str, Tour] = {
    "talk": talk_tour,
    "programs": programs_tour,
    "eligibility": eligibility_tour,
    "places": places_tour,
    "jobs": jobs_tour,
    "booking": booking_tour,
    "privacy": privacy_tour,
}
