"""Days, slots, holidays, return dates, reminders and typed input for suit bookings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.booking.calendar import (
    DayStatus,
    InterviewProblem,
    SlotProblem,
    SlotStatus,
    check_interview_date,
    check_slot,
    closure,
    day_info,
    next_free_slots,
    offer_deadline,
    parse_slot_key,
    public_holiday,
    reminder_times,
    return_date,
    slot_key,
    slot_starts,
    slots_for_day,
    week_days,
)
from content.booking.codes import ALPHABET, format_code, new_code, normalize_code
from content.booking.shops import BookingContent, load_booking_content
from content.booking.sizes import guess_sizes, normalize_size, parse_height_weight
from content.files import Problems
from content.text.ages import parse_age
from content.text.clock import SEOUL
from content.text.dates import parse_day, parse_time

ROOT = Path(__file__).resolve().parents[2] / "content" / "data"


@pytest.fixture(scope="module")
def content(catalogue) -> BookingContent:
    """The test ``direct`` points (tests/booking/data/direct_shops.yaml)."""
    assert catalogue.booking is not None
    return catalogue.booking


@lru_cache(maxsize=1)
def bundled_rules():
    loaded = load_booking_content(ROOT, Problems(ROOT))
    assert loaded is not None
    return loaded.rules


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


# -- days ---------------------------------------------------------------------------------


def test_christmas_is_a_holiday_and_the_shop_is_closed(content: BookingContent) -> None:
    shop = content.shops["dreamwings"]
    assert public_holiday(date(2026, 12, 25)) == "기독탄신일"
    assert closure(shop, date(2026, 12, 25)) is DayStatus.HOLIDAY


def test_substitute_holiday_counts_as_a_holiday() -> None:
    # 2027-02-09: alternative holiday for 설날
    assert public_holiday(date(2027, 2, 9)) is not None


def test_weekday_without_hours_is_closed(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    assert closure(shop, date(2026, 11, 30)) is DayStatus.CLOSED  # Monday
    assert closure(shop, date(2026, 12, 1)) is None  # Tuesday


def test_staff_closed_date_is_closed(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    assert closure(shop, date(2026, 12, 31)) is DayStatus.CLOSED_DATE


def test_slots_are_30_minutes_and_skip_the_lunch_break(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    starts = [s.strftime("%H:%M") for s in slot_starts(shop, date(2026, 12, 1))]
    assert starts[:4] == ["10:00", "10:30", "11:00", "11:30"]
    assert "12:00" not in starts and "12:30" not in starts
    assert starts[-1] == "17:30"
    assert len(starts) == 4 + 10


def test_full_slot_is_kept_and_marked_full(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    now = at("2026-11-28T12:00")
    taken = {"2026-12-01 10:00": shop.seats_per_slot, "2026-12-01 10:30": 1}
    slots = slots_for_day(shop, content.rules, date(2026, 12, 1), now, taken)
    assert slots[0].status is SlotStatus.FULL and slots[0].seats_left == 0
    assert slots[1].status is SlotStatus.OPEN and slots[1].seats_left == shop.seats_per_slot - 1


def test_day_with_every_slot_taken_is_full_not_hidden(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    day = date(2026, 12, 1)
    taken = {slot_key(s): shop.seats_per_slot for s in slot_starts(shop, day)}
    info = day_info(shop, content.rules, day, at("2026-11-28T12:00"), taken)
    assert info.status is DayStatus.FULL


def test_week_starts_today_and_marks_every_day(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    now = at("2026-11-28T12:00")  # Saturday
    days = week_days(shop, content.rules, now, 0, {})
    assert [d.day for d in days] == [date(2026, 11, 28) + timedelta(days=i) for i in range(7)]
    by_day = {d.day: d.status for d in days}
    assert by_day[date(2026, 11, 29)] is DayStatus.CLOSED  # Sunday
    assert by_day[date(2026, 11, 30)] is DayStatus.CLOSED  # Monday
    assert by_day[date(2026, 12, 1)] is DayStatus.OPEN


def test_today_after_closing_counts_as_past(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    info = day_info(shop, content.rules, date(2026, 12, 1), at("2026-12-01T17:10"), {})
    assert info.status is DayStatus.PAST


def test_days_beyond_the_window_are_not_bookable(content: BookingContent) -> None:
    shop = content.shops["dreamwings"]
    now = at("2026-11-28T12:00")
    far = date(2026, 11, 28) + timedelta(days=content.rules.booking_window_days + 1)
    assert day_info(shop, content.rules, far, now, {}).status is DayStatus.BEYOND_WINDOW


# -- checking one slot ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "problem"),
    [
        ("2026-11-27T10:00", SlotProblem.PAST),
        ("2026-11-28T12:30", SlotProblem.NOT_A_SLOT),
        ("2026-12-01T10:15", SlotProblem.NOT_A_SLOT),
        ("2026-12-01T12:00", SlotProblem.NOT_A_SLOT),
        ("2026-11-30T10:00", SlotProblem.CLOSED),
        ("2027-03-02T10:00", SlotProblem.BEYOND_WINDOW),
        ("2026-12-01T10:00", None),
    ],
)
def test_check_slot_names_the_problem(
    content: BookingContent, start: str, problem: SlotProblem | None
) -> None:
    shop = content.shops["naeil_kkum"]
    assert check_slot(shop, content.rules, at(start), at("2026-11-28T12:00")) == problem


def test_holiday_and_staff_closed_date_are_named(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    now = at("2026-12-20T12:00")
    assert check_slot(shop, content.rules, at("2026-12-25T10:00"), now) is SlotProblem.HOLIDAY
    assert check_slot(shop, content.rules, at("2026-12-31T10:00"), now) is SlotProblem.CLOSED_DATE


def test_slot_within_the_minimum_notice_is_too_soon(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    now = at("2026-11-28T12:30")
    assert check_slot(shop, content.rules, at("2026-11-28T13:00"), now) is SlotProblem.TOO_SOON
    assert check_slot(shop, content.rules, at("2026-11-28T13:30"), now) is None


def test_next_free_slots_skip_full_ones(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]
    now = at("2026-11-28T12:00")
    taken = {"2026-12-01 10:00": 2, "2026-12-01 10:30": 2}
    found = next_free_slots(shop, content.rules, now, taken, after=at("2026-12-01T09:59"))
    assert [s.key for s in found] == ["2026-12-01 11:00", "2026-12-01 11:30", "2026-12-01 13:00"]


def test_slot_keys_round_trip_and_reject_garbage() -> None:
    start = at("2026-12-01T10:30")
    assert parse_slot_key(slot_key(start)) == start
    for bad in ["", "2026-13-01 10:00", "2026-12-01 25:00", "x" * 100, "2026-12-01T10:00"]:
        assert parse_slot_key(bad) is None


# -- rental period and interview date -----------------------------------------------------------


def test_return_date_is_three_nights_later(content: BookingContent) -> None:
    shop = content.shops["dreamwings"]
    assert return_date(shop, content.rules, date(2026, 12, 1)) == date(2026, 12, 4)


def test_return_date_on_a_closed_day_moves_to_the_next_opening(content: BookingContent) -> None:
    shop = content.shops["naeil_kkum"]  # closed Sunday and Monday
    # Friday 2026-12-04 + 3 nights = Monday 12-07 (closed) -> Tuesday 12-08
    assert return_date(shop, content.rules, date(2026, 12, 4)) == date(2026, 12, 8)


def test_interview_before_the_rental_or_after_the_return_is_refused() -> None:
    rental, due = date(2026, 12, 1), date(2026, 12, 4)
    assert check_interview_date(rental, due, date(2026, 11, 30)) is InterviewProblem.BEFORE_RENTAL
    assert check_interview_date(rental, due, date(2026, 12, 5)) is InterviewProblem.AFTER_RETURN
    assert check_interview_date(rental, due, date(2026, 12, 3)) is None


# -- reminders -------------------------------------------------------------------------------


def test_four_reminders_at_the_configured_times(content: BookingContent) -> None:
    plan = reminder_times(
        content.rules, at("2026-12-01T10:00"), date(2026, 12, 4), at("2026-11-28T12:00")
    )
    assert plan == [
        ("day_before", at("2026-11-30T18:00")),
        ("morning_of", at("2026-12-01T08:30")),
        ("before_return", at("2026-12-03T18:00")),
        ("return_day", at("2026-12-04T09:00")),
    ]


def test_reminders_already_due_are_left_out(content: BookingContent) -> None:
    plan = reminder_times(
        content.rules, at("2026-12-01T10:00"), date(2026, 12, 4), at("2026-11-30T19:00")
    )
    assert [kind for kind, _ in plan] == ["morning_of", "before_return", "return_day"]


def test_morning_reminder_after_an_early_visit_is_left_out(content: BookingContent) -> None:
    plan = reminder_times(
        content.rules, at("2026-12-01T08:00"), date(2026, 12, 4), at("2026-11-28T12:00")
    )
    assert "morning_of" not in [kind for kind, _ in plan]


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)),
    nights=st.integers(0, 10),
    lead=st.integers(0, 60 * 24 * 30),
)
def test_no_reminder_falls_in_quiet_hours_or_in_the_past(
    start: datetime, nights: int, lead: int
) -> None:
    rules = bundled_rules()
    start = start.replace(tzinfo=SEOUL, second=0, microsecond=0)
    now = start - timedelta(minutes=lead)
    due = start.date() + timedelta(days=nights)
    for _, when in reminder_times(rules, start, due, now):
        assert when > now
        assert not rules.quiet.contains(when)


def test_offer_made_at_night_runs_from_the_end_of_quiet_hours(content: BookingContent) -> None:
    assert offer_deadline(content.rules, at("2026-12-01T23:30")) == at("2026-12-02T08:30")
    assert offer_deadline(content.rules, at("2026-12-01T14:00")) == at("2026-12-01T14:30")


# -- typed input ---------------------------------------------------------------------------------

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("2026.12.3", date(2026, 12, 3)),
        ("2026년 12월 3일", date(2026, 12, 3)),
        ("12/3", date(2026, 12, 3)),
        ("12월 3일", date(2026, 12, 3)),
        ("12월3일이요", date(2026, 12, 3)),
        ("1월 5일", date(2027, 1, 5)),
        ("3일", date(2026, 12, 3)),
        ("내일", date(2026, 11, 29)),
        ("모레", date(2026, 11, 30)),
        ("99년 3월", None),
        ("2월 30일", None),
        ("🙂", None),
        ("'; DROP TABLE bookings; --", None),
        ("", None),
    ],
)
def test_parse_day(text: str, expected: date | None) -> None:
    assert parse_day(text, TODAY) == expected


@given(st.text(max_size=60))
def test_parse_day_never_raises_and_never_goes_back_in_time_without_a_year(text: str) -> None:
    found = parse_day(text, TODAY)
    if found is not None and not any(ch in text for ch in "년-") and text.count(".") < 2:
        assert found >= TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:30", time(10, 30)),
        ("10시", time(10, 0)),
        ("10시 반", time(10, 30)),
        ("오후 2시", time(14, 0)),
        ("2pm", time(14, 0)),
        ("25시", None),
        ("오후 13시", None),
        ("abc", None),
    ],
)
def test_parse_time(text: str, expected: time | None) -> None:
    assert parse_time(text) == expected


@given(st.text(max_size=40))
def test_parse_time_and_age_never_raise(text: str) -> None:
    parse_time(text)
    age = parse_age(text)
    assert age is None or 0 < age < 130


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25", 25),
        ("만 25세", 25),
        ("25살이에요", 25),
        ("99년 3월", None),
        ("0", None),
        ("스물다섯", 25),  # read like the eligibility birth-date answers
        ("121", None),
    ],
)
def test_parse_age(text: str, expected: int | None) -> None:
    assert parse_age(text) == expected


# -- sizes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizing", "text", "expected"),
    [
        ("top", "100", "100 (L)"),
        ("top", "xl", "105 (XL)"),
        ("top", "8XL", "140 (8XL)"),
        ("top", "XXL", "110 (2XL)"),
        ("top", "97", None),
        ("top", "9XL", None),
        ("waist", "32", "32inch"),
        ("waist", "81cm", "32inch"),
        ("waist", "80", "31inch"),
        ("waist", "12", None),
        ("waist", "200", None),
        ("shoes", "270", "270mm"),
        ("shoes", "305mm", "305mm"),
        ("shoes", "310", None),
        ("shoes", "272", None),
        ("none", "anything", "-"),
    ],
)
def test_normalize_size(sizing: str, text: str, expected: str | None) -> None:
    assert normalize_size(sizing, text) == expected


def test_size_guess_for_typical_builds() -> None:
    assert guess_sizes(175, 70).top == "95 (M)"
    assert guess_sizes(160, 50).top == "85 (XS)"
    assert guess_sizes(180, 100).top == "110 (2XL)"
    assert 28 <= guess_sizes(175, 70).waist <= 32


@given(st.integers(130, 210), st.integers(35, 200))
def test_size_guess_is_always_a_stocked_size(height: int, weight: int) -> None:
    guess = guess_sizes(height, weight)
    assert normalize_size("top", guess.top.split()[0]) == guess.top
    assert normalize_size("waist", str(guess.waist)) == f"{guess.waist}inch"


@pytest.mark.parametrize("text", ["175/70", "175cm 70kg", "키 175 몸무게 70"])
def test_height_and_weight_are_read(text: str) -> None:
    assert parse_height_weight(text) == (175, 70)


@pytest.mark.parametrize("text", ["175", "17/70", "300/70", "175/500", "175/70/3", "🙂"])
def test_bad_height_and_weight_are_refused(text: str) -> None:
    assert parse_height_weight(text) is None


def test_size_guess_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        guess_sizes(20, 70)


@given(st.text(max_size=30), st.sampled_from(["top", "waist", "shoes", "none"]))
def test_normalize_size_never_raises(text: str, sizing: str) -> None:
    normalize_size(sizing, text)
    parse_height_weight(text)


# -- codes ---------------------------------------------------------------------------------------


def test_codes_avoid_look_alike_characters() -> None:
    for ch in "0O1IL2Z5S8B6GQDUV":
        assert ch not in ALPHABET
    for _ in range(200):
        code = new_code()
        assert len(code) == 6 and set(code) <= set(ALPHABET)


def test_typed_codes_are_normalized() -> None:
    code = new_code()
    assert normalize_code(format_code(code).lower()) == code
    assert normalize_code(f" {code[:3]} {code[3:]} ") == code
    assert normalize_code("ABC0OO") is None
    assert normalize_code("x" * 50) is None


# -- properties of the slot logic ---------------------------------------------------------------


@st.composite
def shops(draw):
    """A shop with random opening ranges per weekday, slot length and seats."""
    from content.booking.shops import Shop

    hours = {}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        if draw(st.booleans()):
            start = draw(st.integers(6 * 2, 12 * 2))
            end = draw(st.integers(start + 1, 22 * 2))
            opens = f"{start // 2:02d}:{start % 2 * 30:02d}"
            hours[day] = [f"{opens}-{end // 2:02d}:{end % 2 * 30:02d}"]
    if not hours:
        hours["wed"] = ["10:00-12:00"]
    return Shop.model_validate(
        {
            "id": "prop_shop",
            "mode": "direct",
            "name": "테스트",
            "address": "고양시",
            "map_url": "https://x.example",
            "location": {"lat": 37.6, "lon": 126.8},
            "hours": hours,
            "hours_confirmed": True,
            "slot_minutes": draw(st.sampled_from([15, 20, 30, 45, 60])),
            "seats_per_slot": draw(st.integers(1, 5)),
            "seats_confirmed": True,
            "open_on_public_holidays": draw(st.booleans()),
            "sources": ["https://x.example"],
            "as_of": "2026-01-01",
        }
    )


@settings(max_examples=150, deadline=None)
@given(
    shop=shops(),
    now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
    offset=st.integers(0, 25),
    taken_seed=st.integers(0, 10**6),
)
def test_slots_and_check_slot_agree(shop, now: datetime, offset: int, taken_seed: int) -> None:
    rules = bundled_rules()
    now = now.replace(tzinfo=SEOUL)
    day = now.date() + timedelta(days=offset)
    starts = slot_starts(shop, day)
    taken = {
        slot_key(s): (taken_seed >> i) % (shop.seats_per_slot + 2) for i, s in enumerate(starts)
    }
    slots = slots_for_day(shop, rules, day, now, taken)
    if closure(shop, day) is not None:
        assert slots == []
        return
    assert [s.start for s in slots] == starts
    for slot in slots:
        assert 0 <= slot.seats_left <= shop.seats_per_slot
        assert slot.end - slot.start == timedelta(minutes=shop.slot_minutes)
        problem = check_slot(shop, rules, slot.start, now)
        if slot.status is SlotStatus.TOO_SOON:
            assert problem in (SlotProblem.PAST, SlotProblem.TOO_SOON)
        elif day <= now.date() + timedelta(days=rules.booking_window_days):
            assert problem is None
        if slot.status is SlotStatus.FULL:
            assert slot.seats_left == 0
    info = day_info(shop, rules, day, now, taken)
    bookable = [s for s in slots if s.status is SlotStatus.OPEN]
    if info.status is DayStatus.OPEN:
        assert bookable
    if bookable and day <= now.date() + timedelta(days=rules.booking_window_days):
        assert info.status is DayStatus.OPEN


@settings(max_examples=100, deadline=None)
@given(shop=shops(), rental=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_return_date_is_never_before_the_rental_nights(shop, rental: date) -> None:
    rules = bundled_rules()
    due = return_date(shop, rules, rental)
    assert due >= rental + timedelta(days=rules.rental_nights)
    assert due <= rental + timedelta(days=rules.rental_nights + 14)
