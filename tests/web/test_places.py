"""장소: the list with filters, and a CSV upload that is checked (every problem shown, a
preview) before anything is saved, and saved whole or not at all."""

from __future__ import annotations

import re

from tests.places.fixture import fake_csv
from tests.web.conftest import Web

HEADER = "종류,이름,주소,위도,경도,운영시간,출처,기준일\n"
GOOD = "카페,좋은카페,고양시 덕양구 1,37.6350,126.8330,매일 10:00-20:00,청년정책팀,2026-11-28\n"
FAR = "카페,서울카페,서울 중구,37.5663,126.9779,,청년정책팀,2026-11-28\n"
NO_DATE = "카페,날짜없음,고양시 2,37.6350,126.8330,,청년정책팀,\n"
DATA_INPUT = re.compile(r'name="data" value="([^"]+)"')


async def upload(web: Web, text: str, name: str = "cafes.csv", **extra: str):
    token = await web.csrf("/staff/places")
    return await web.client.post(
        "/staff/places/check", data={"csrf": token, **extra},
        files={"file": (name, text.encode("utf-8"), "text/csv")})


async def test_the_list_filters(staff_web: Web):
    page = await staff_web.client.get("/staff/places")
    assert page.status_code == 200 and "장소 목록" in page.text
    total = page.text.count("<tr>")
    cafes = await staff_web.client.get("/staff/places?kind=청취다방 카페")
    assert 1 < cafes.text.count("<tr>") < total
    none = await staff_web.client.get("/staff/places?q=존재하지않는이름xyz")
    assert none.text.count("<tr>") == 1  # the header row only


async def test_a_file_with_bad_rows_shows_every_problem_and_saves_nothing(staff_web: Web):
    page = await upload(staff_web, HEADER + GOOD + FAR + NO_DATE)
    assert page.status_code == 422
    assert "3번째 줄 · lat/lon" in page.text and "from Goyang" in page.text
    assert "4번째 줄 · as_of" in page.text
    assert "좋은카페" in page.text  # the preview of the good row
    assert 'action="/staff/places/import"' not in page.text  # no save button
    assert await staff_web.store.places.count() == 0


async def test_a_good_file_is_previewed_then_saved_whole(staff_web: Web):
    page = await upload(staff_web, fake_csv(5))
    assert page.status_code == 200 and "5곳 저장" in page.text
    assert await staff_web.store.places.count() == 0  # only a preview so far
    data = DATA_INPUT.search(page.text)
    assert data
    saved = await staff_web.post("/staff/places/import",
                                 {"name": "cafes.csv", "data": data.group(1)},
                                 csrf_from="/staff/places")
    assert saved.status_code == 200 and "새로 5" in saved.text
    assert await staff_web.store.places.count() == 5
    audit = await staff_web.store.audit.recent()
    assert ("staff:담당자", "places.import") in [(a[1], a[2]) for a in audit]


async def test_an_edited_save_is_checked_again(staff_web: Web):
    import base64

    bad = base64.b64encode((HEADER + GOOD + FAR).encode()).decode()
    page = await staff_web.post("/staff/places/import", {"name": "x.csv", "data": bad},
                                csrf_from="/staff/places")
    assert page.status_code == 422 and "아무것도 저장하지 않았어요" in page.text
    assert await staff_web.store.places.count() == 0
    junk = await staff_web.post("/staff/places/import", {"name": "x.csv", "data": "%%%"},
                                csrf_from="/staff/places")
    assert junk.status_code == 400


async def test_bad_uploads_are_answered(staff_web: Web):
    assert "골라 주세요" in (await upload(staff_web, "", name="")).text
    empty = await upload(staff_web, "   ")
    assert empty.status_code == 400 and "빈 파일" in empty.text
    wrong = await upload(staff_web, "a,b,c\n1,2,3\n")
    assert wrong.status_code == 422 and "아무것도 저장하지 않았어요" in wrong.text
    binary = await staff_web.client.post(
        "/staff/places/check", data={"csrf": await staff_web.csrf("/staff/places")},
        files={"file": ("x.csv", bytes(range(256)) * 10, "text/csv")})
    assert binary.status_code == 422
    big = await upload(staff_web, "x" * (1024 * 1024 + 10))
    assert big.status_code == 400 and "너무 커요" in big.text
    assert await staff_web.store.places.count() == 0
