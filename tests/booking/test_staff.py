"""The staff day sheet and its CSV; the policy built from shops.yaml."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from content.booking.codes import new_code
from content.booking.shops import BookingContent
from db.bookings import BookingRepository, BookingRequest, SlotFull
from db.users import UserRepository
from handlers.booking.policy import booking_policy
from handlers.booking.staff_sheet import CSV_COLUMNS, day_sheet, sheet_csv
from handlers.dialog.actions import build_action

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")


@pytest.fixture(scope="module")
def content(catalogue) -> BookingContent:
    """The test ``direct`` points (tests/booking/data/direct_shops.yaml)."""
    assert catalogue.booking is not None
    return catalogue.booking


async def test_policy_uses_the_shop_seats_and_queues_four_reminders(db, content) -> None:
    repo = BookingRepository(db)
    policy = booking_policy(content)
    users = [(await UserRepository(db).touch("t", str(i), NOW)).id for i in range(3)]
    slot = "2026-12-01 10:00"  # naeil_kkum has 2 seats (placeholder)
    for user in users[:2]:
        await repo.book(
            BookingRequest(user, "naeil_kkum", slot, "2026-12-04"),
            policy,
            now=NOW,
            new_code=new_code,
        )
    with pytest.raises(SlotFull):
        await repo.book(
            BookingRequest(users[2], "naeil_kkum", slot, "2026-12-04"),
            policy,
            now=NOW,
            new_code=new_code,
        )
    rows = await db.fetchall(
        "SELECT dedupe_key, not_before FROM outbox WHERE user_id = ? ORDER BY not_before",
        (users[0],),
    )
    assert [r[1] for r in rows] == [
        "2026-11-30T18:00:00+09:00",
        "2026-12-01T08:30:00+09:00",
        "2026-12-03T18:00:00+09:00",
        "2026-12-04T09:00:00+09:00",
    ]


async def test_day_sheet_csv_has_one_row_per_booking_and_defuses_formulas(db, content) -> None:
    repo = BookingRepository(db)
    policy = booking_policy(content)
    users = [(await UserRepository(db).touch("t", str(i), NOW)).id for i in range(2)]
    await repo.book(
        BookingRequest(
            users[0],
            "dreamwings",
            "2026-12-01 10:30",
            "2026-12-04",
            [{"item": "jacket", "size": "100 (L)"}, {"item": "tie", "size": "-"}],
            "2026-12-02",
            '=HYPERLINK("x")',
            "work",
        ),
        policy,
        now=NOW,
        new_code=new_code,
    )
    await repo.book(
        BookingRequest(users[1], "naeil_kkum", "2026-12-01 10:00", "2026-12-04"),
        policy,
        now=NOW,
        new_code=new_code,
    )
    rows = await day_sheet(repo, content, date(2026, 12, 1))
    assert [r.shop_name for r in rows] == ["드림윙즈", "내일꿈제작소"]
    parsed = list(csv.reader(io.StringIO(sheet_csv(rows))))
    assert tuple(parsed[0]) == CSV_COLUMNS
    assert parsed[1][1:3] == ["10:30", "드림윙즈"]
    assert parsed[1][4] == "재킷 100 (L), 넥타이"
    assert parsed[1][6].startswith("'=")
    only = await day_sheet(repo, content, date(2026, 12, 1), "naeil_kkum")
    assert len(only) == 1


async def test_empty_day_gives_a_header_only(db, content) -> None:
    rows = await day_sheet(BookingRepository(db), content, date(2026, 12, 2))
    assert sheet_csv(rows).strip() == ",".join(CSV_COLUMNS)


@pytest.mark.parametrize(
    ("verb", "args"),
    [("admin_day", ()), ("mark", ("AAAAAA", "r")), ("confirm", ("AAAAAA",)),
     ("decline", ("AAAAAA",))],
)
async def test_staff_verbs_answer_non_admins_with_a_short_no(chat, verb, args) -> None:
    await chat.action(build_action(f"booking:{verb}", *args))
    assert "담당 직원만" in chat.text()
    chat.admin = True
    await chat.action(build_action(f"booking:{verb}", *args))
    assert "담당 직원만" not in chat.text()
