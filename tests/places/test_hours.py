"""Opening hours: parsing staff's one-line format, open now in Seoul, holidays, midnight."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.places.hours import (
    HoursError,
    OpeningHours,
    holiday_name,
    is_public_holiday,
    parse_hours,
)
from content.text.clock import SEOUL

HUB = parse_hours("평일 10:00-22:00; 주말,공휴일 10:00-19:00")
assert HUB is not None


def seoul(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SEOUL)


def test_weekday_and_weekend_hours():
    assert HUB.is_open(seoul(2026, 11, 27, 21, 30))  # Friday
    assert not HUB.is_open(seoul(2026, 11, 28, 19, 30))  # Saturday
    assert HUB.is_open(seoul(2026, 11, 28, 18, 59))
    assert not HUB.is_open(seoul(2026, 11, 27, 9, 59))


def test_closing_minute_is_closed_and_opening_minute_is_open():
    assert HUB.is_open(seoul(2026, 11, 26, 10, 0))
    assert not HUB.is_open(seoul(2026, 11, 26, 22, 0))


def test_public_holiday_uses_the_holiday_hours():
    # 2026-10-09 (Fri) is 한글날: weekend hours, closed at 20:00 although a Friday
    assert is_public_holiday(date(2026, 10, 9))
    assert not HUB.is_open(seoul(2026, 10, 9, 20, 0))
    assert HUB.is_open(seoul(2026, 10, 8, 20, 0))


def test_substitute_holiday_counts_as_a_holiday():
    # 2026-10-05 (Mon): 대체공휴일 for 개천절
    assert is_public_holiday(date(2026, 10, 5))
    assert not HUB.is_open(seoul(2026, 10, 5, 20, 0))


def test_lunar_new_year_closes_an_office_that_closes_on_holidays():
    office = parse_hours("월-금 09:00-18:00; 공휴일 휴무")
    assert office is not None
    assert not office.is_open(seoul(2026, 2, 17, 11, 0))  # 설날 (Tue)
    assert office.is_open(seoul(2026, 2, 19, 11, 0))


def test_without_a_holiday_rule_a_holiday_keeps_its_weekday_hours():
    cafe = parse_hours("월-금 09:00-18:00")
    assert cafe is not None
    assert cafe.is_open(seoul(2026, 10, 9, 11, 0))


def test_holiday_names_in_korean_and_english():
    assert holiday_name(date(2026, 10, 9)) == "한글날"
    assert holiday_name(date(2026, 10, 9), "en") == "Hangul Day"
    assert holiday_name(date(2026, 11, 27)) is None


def test_hours_past_midnight_belong_to_the_day_they_started():
    bar = parse_hours("금 18:00-02:00")
    assert bar is not None
    assert bar.is_open(seoul(2026, 11, 27, 23, 59))  # Friday night
    assert bar.is_open(seoul(2026, 11, 28, 1, 59))  # Saturday small hours
    assert not bar.is_open(seoul(2026, 11, 28, 2, 0))
    assert not bar.is_open(seoul(2026, 11, 27, 1, 0))  # Friday small hours: Thursday closed


def test_open_until_midnight_closes_at_midnight():
    late = parse_hours("월 10:00-24:00")
    assert late is not None
    assert late.is_open(seoul(2026, 11, 23, 23, 59))
    assert not late.is_open(seoul(2026, 11, 24, 0, 0))
    assert late.closes_at(seoul(2026, 11, 23, 23, 0)) == seoul(2026, 11, 24, 0, 0)


def test_a_holiday_night_spills_into_the_next_morning():
    # 2026-10-09 is a holiday (Fri): its rule, not Friday's, runs past midnight
    hours = parse_hours("매일 10:00-20:00; 공휴일 12:00-01:00")
    assert hours is not None
    assert hours.is_open(seoul(2026, 10, 10, 0, 30))
    assert not hours.is_open(seoul(2026, 10, 9, 0, 30))


def test_time_in_another_zone_is_converted_to_seoul():
    # 12:30 UTC on Friday = 21:30 in Seoul: open; 13:30 UTC = 22:30: closed
    assert HUB.is_open(datetime(2026, 11, 27, 12, 30, tzinfo=UTC))
    assert not HUB.is_open(datetime(2026, 11, 27, 13, 30, tzinfo=UTC))


def test_closes_at_and_next_opening():
    assert HUB.closes_at(seoul(2026, 11, 27, 12, 0)) == seoul(2026, 11, 27, 22, 0)
    assert HUB.closes_at(seoul(2026, 11, 27, 23, 0)) is None
    assert HUB.next_opening(seoul(2026, 11, 27, 23, 0)) == seoul(2026, 11, 28, 10, 0)


def test_never_open_has_no_next_opening():
    never = parse_hours("월 휴무")
    assert never is not None
    assert not never.is_open(seoul(2026, 11, 23, 12, 0))
    assert never.next_opening(seoul(2026, 11, 23, 12, 0)) is None


def test_always_open():
    always = parse_hours("24시간")
    assert always is not None
    assert always.is_open(seoul(2026, 1, 1, 3, 0))


@pytest.mark.parametrize("text", [None, "", "미확인", "unknown", "  ", "-"])
def test_unknown_hours_are_none(text):
    assert parse_hours(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "mon-fri 09:00-18:00; sat 10:00-14:00",
        "월~금 9-18",
        "평일 09:00-12:00,13:00-18:00",
        "Weekdays 09:00-18:00; Weekend closed; holiday closed",
        "월-일 10:00-22:00",
        "토-월 10:00-22:00",
    ],
)
def test_accepted_spellings(text):
    assert isinstance(parse_hours(text), OpeningHours)


def test_wrapping_day_range_covers_the_weekend():
    hours = parse_hours("토-월 10:00-22:00")
    assert hours is not None
    assert [bool(day) for day in hours.week] == [True, False, False, False, False, True, True]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("월-금", "should look like"),
        ("월-금 10시부터", "should look like 10:00-22:00"),
        ("금요일밤 10:00-22:00", "is not a day"),
        ("월 25:00-26:00", "is not a time of day"),
        ("월 10:61-12:00", "is not a time of day"),
        ("월 10:00-12:00; 월 13:00-14:00", "given twice"),
        ("월 10:00-14:00,13:00-15:00", "overlapping"),
        ("월-공휴일 10:00-12:00", "on its own"),
    ],
)
def test_bad_hours_say_what_is_wrong(text, says):
    with pytest.raises(HoursError, match=says):
        parse_hours(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_raises_hours_error(text):
    with contextlib.suppress(HoursError):
        parse_hours(text)


interval = st.tuples(st.integers(0, 23), st.sampled_from([0, 30]), st.integers(1, 12))


@settings(max_examples=100, deadline=None)
@given(
    days=st.lists(st.one_of(st.none(), interval), min_size=8, max_size=8),
    when=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
)
def test_written_hours_read_back_the_same(days, when):
    rules = []
    names = ["월", "화", "수", "목", "금", "토", "일", "공휴일"]
    for name, spec in zip(names, days, strict=True):
        if spec is None:
            rules.append(f"{name} 휴무")
        else:
            hour, minute, length = spec
            end = (hour * 60 + minute + length * 60) % (24 * 60)
            rules.append(f"{name} {hour:02d}:{minute:02d}-{end // 60:02d}:{end % 60:02d}")
    hours = parse_hours("; ".join(rules))
    assert hours is not None
    again = parse_hours(hours.to_text("ko"))
    assert again == hours
    assert parse_hours(hours.to_text("en")) == hours
    at = when.replace(tzinfo=SEOUL)
    assert again.is_open(at) == hours.is_open(at)


def test_round_the_clock_has_no_closing_time_and_reads_as_24h():
    always = parse_hours("24시간")
    assert always is not None and always.always_open()
    assert always.closes_at(seoul(2026, 11, 23, 23, 30)) is None
    assert always.to_text("ko") == "매일 24시간"
    assert always.to_text("en") == "Daily 24h"


def test_an_opening_that_runs_into_the_next_day_closes_the_next_day():
    hours = parse_hours("월 23:00-24:00; 화 00:00-02:00")
    assert hours is not None
    assert hours.closes_at(seoul(2026, 11, 23, 23, 30)) == seoul(2026, 11, 24, 2, 0)
