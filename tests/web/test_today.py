"""오늘 예약: the day's bookings per lending point, marks, the waitlist, the CSV download."""

from __future__ import annotations

import csv
import io

from content.booking.codes import format_code, new_code
from content.booking.shops import BookingContent
from db.bookings import BookingRequest
from handlers.booking.policy import booking_policy
from tests.web.conftest import Web


async def book(web: Web, user_key: str, slot: str = "2026-12-01 10:00") -> str:
    content = web.engine.catalogue.booking
    assert isinstance(content, BookingContent)
    user = await web.store.users.touch("telegram", user_key, web.clock.now())
    booking = await web.store.bookings.book(
        BookingRequest(user.id, "naeil_kkum", slot, "2026-12-04",
                       items=[{"item": "jacket", "size": "100"}], company="=HYPERLINK()"),
        booking_policy(content), now=web.clock.now(), new_code=new_code)
    return booking.code


async def test_the_day_lists_bookings_per_shop_and_time(staff_web: Web):
    code = await book(staff_web, "u1")
    page = await staff_web.client.get("/staff/?date=2026-12-01")
    assert page.status_code == 200
    assert format_code(code) in page.text and "10:00" in page.text and "확인 대기" in page.text
    assert "확정</button>" in page.text and "거절</button>" in page.text
    other = await staff_web.client.get("/staff/?date=2026-12-02")
    assert format_code(code) not in other.text and "예약이 없어요" in other.text


async def test_a_bad_date_is_answered_not_crashed(staff_web: Web):
    page = await staff_web.client.get("/staff/?date=<script>")
    assert page.status_code == 400
    assert "날짜가 아니에요" in page.text and "<script>" not in page.text


async def test_a_request_is_confirmed_then_marked_and_audited(staff_web: Web):
    code = await book(staff_web, "u1")  # 내일꿈제작소 takes requests: staff confirm first
    page = await staff_web.client.get("/staff/?date=2026-12-01")
    assert "확인 대기" in page.text and "확정</button>" in page.text
    data = {"code": code, "action": "picked_up", "date": "2026-12-01", "shop": ""}
    early = await staff_web.post("/staff/bookings/mark", data, csrf_from="/staff/")
    assert early.status_code == 409 and "확정 전인 신청" in early.text
    confirmed = await staff_web.post("/staff/bookings/mark", {**data, "action": "confirm"},
                                     csrf_from="/staff/")
    assert confirmed.status_code == 200 and "확정했어요" in confirmed.text
    again = await staff_web.post("/staff/bookings/mark", {**data, "action": "confirm"},
                                 csrf_from="/staff/")
    assert again.status_code == 409 and "이미 확정된" in again.text
    page = await staff_web.post("/staff/bookings/mark", data, csrf_from="/staff/")
    assert page.status_code == 200 and "대여 중" in page.text
    stored = await staff_web.store.bookings.get_by_code(code)
    assert stored is not None and stored.status == "picked_up"
    returned = await staff_web.post("/staff/bookings/mark", {**data, "action": "returned"},
                                    csrf_from="/staff/")
    assert "반납 완료" in returned.text
    audit = await staff_web.store.audit.recent()
    assert audit[0][1:3] == ("staff:담당자", "booking_mark")
    assert audit[0][3] == f"{format_code(code)} returned"
    assert ("staff:담당자", "booking_confirm") in [a[1:3] for a in audit]


async def test_a_request_is_declined_with_a_reason(staff_web: Web):
    code = await book(staff_web, "u1")
    page = await staff_web.post(
        "/staff/bookings/mark",
        {"code": code, "action": "decline", "reason": "그날은 문을 닫아요", "date": "2026-12-01"},
        csrf_from="/staff/")
    assert page.status_code == 200 and "거절했어요" in page.text
    stored = await staff_web.store.bookings.get_by_code(code)
    assert stored is not None and stored.confirmation == "declined"
    assert stored.decision_note == "그날은 문을 닫아요"
    assert (await staff_web.store.audit.recent())[0][1:3] == ("staff:담당자", "booking_decline")


async def test_marking_bad_input_is_refused_with_a_reason(staff_web: Web):
    unknown = await staff_web.post("/staff/bookings/mark",
                                   {"code": "ZZZ999", "action": "returned"}, csrf_from="/staff/")
    assert unknown.status_code in (400, 404) and "error" in unknown.text
    verb = await staff_web.post("/staff/bookings/mark", {"code": "ABC123", "action": "drop"},
                                csrf_from="/staff/")
    assert verb.status_code == 400 and "처리 방법" in verb.text


async def test_the_waitlist_shows_counts_only(staff_web: Web):
    user = await staff_web.store.users.touch("telegram", "w1", staff_web.clock.now())
    await staff_web.store.bookings.join_waitlist(user.id, "naeil_kkum", "2026-12-01 11:00",
                                                 {}, now=staff_web.clock.now())
    page = await staff_web.client.get("/staff/?date=2026-12-01")
    assert "11:00" in page.text and "대기" in page.text


async def test_the_csv_download_is_the_export(staff_web: Web):
    code = await book(staff_web, "u1")
    response = await staff_web.client.get("/staff/bookings.csv?date=2026-12-01")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["code"] for r in rows] == [format_code(code)]
    assert rows[0]["company"] == "'=HYPERLINK()"  # defused for spreadsheets
    assert (await staff_web.store.audit.recent())[0][2] == "bookings_export"
