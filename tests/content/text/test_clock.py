"""The Seoul clock and quiet hours shared by job alerts and suit-rental reminders."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.text.clock import SEOUL, QuietHours, format_clock, parse_clock, seoul_now

NIGHT = QuietHours(time(21, 0), time(8, 0))
LUNCH = QuietHours(time(12, 0), time(13, 0))


def seoul(hour: int, minute: int = 0, day: int = 28) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [
        (20, 59, False),
        (21, 0, True),  # the start belongs to quiet hours
        (23, 59, True),
        (0, 0, True),  # past midnight, still the same night
        (7, 59, True),
        (8, 0, False),  # the end does not
        (12, 0, False),
    ],
)
def test_an_overnight_window_includes_its_start_and_excludes_its_end(
    hour: int, minute: int, quiet: bool
) -> None:
    assert NIGHT.contains(seoul(hour, minute)) is quiet
    assert NIGHT.covers(time(hour, minute)) is quiet


def test_a_daytime_window_does_not_wrap_midnight() -> None:
    assert LUNCH.contains(seoul(12, 30))
    assert not LUNCH.contains(seoul(13, 0))
    assert not LUNCH.contains(seoul(0, 30))


def test_the_same_start_and_end_means_no_quiet_hours() -> None:
    always_open = QuietHours(time(0, 0), time(0, 0))
    assert not any(always_open.covers(time(h, m)) for h in range(24) for m in (0, 30))
    assert always_open.next_allowed(seoul(3)) == seoul(3)


def test_a_moment_in_another_zone_is_judged_by_the_seoul_clock() -> None:
    # 13:00 UTC is 22:00 in Seoul.
    assert NIGHT.contains(datetime(2026, 11, 28, 13, 0, tzinfo=UTC))
    assert not NIGHT.contains(datetime(2026, 11, 28, 3, 0, tzinfo=UTC))


def test_next_allowed_waits_for_the_end_of_this_night_only() -> None:
    assert NIGHT.next_allowed(seoul(22, 15)) == seoul(8, 0, day=29)
    assert NIGHT.next_allowed(seoul(2, 0)) == seoul(8, 0)  # after midnight: this morning
    assert NIGHT.next_allowed(seoul(8, 0)) == seoul(8, 0)
    assert NIGHT.next_allowed(seoul(14, 0)) == seoul(14, 0)
    assert LUNCH.next_allowed(seoul(12, 10)) == seoul(13, 0)


clock_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@given(
    clock_times,
    clock_times,
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)),
)
def test_next_allowed_is_never_quiet_never_earlier_and_within_a_day(
    start: time, end: time, naive: datetime
) -> None:
    quiet = QuietHours(start, end)
    moment = naive.replace(tzinfo=SEOUL)
    allowed = quiet.next_allowed(moment)
    assert not quiet.contains(allowed)
    assert moment <= allowed <= moment + timedelta(days=1)
    assert (allowed == moment) is not quiet.contains(moment)


def test_quiet_hours_are_read_from_a_range() -> None:
    assert QuietHours.parse("21:00-08:00") == NIGHT
    assert QuietHours.parse("12:00-13:00") == LUNCH
    with pytest.raises(ValueError):
        QuietHours.parse("21:00")
    with pytest.raises(ValueError):
        QuietHours.parse("25:00-08:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:30", time(9, 30)),
        ("9:00", time(9, 0)),
        ("21시", time(21, 0)),
        ("7시 30분", time(7, 30)),
        (" 21 ", time(21, 0)),
    ],
)
def test_clock_times_are_read_in_every_common_form(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "9:60", "nine", "21:00-08:00"])
def test_anything_else_is_not_a_clock_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


@given(st.text(max_size=30))
def test_any_text_is_a_clock_time_or_a_value_error(text: str) -> None:
    try:
        parsed = parse_clock(text)
    except ValueError:
        return
    assert parse_clock(format_clock(parsed)) == parsed


def test_now_is_in_seoul() -> None:
    now = seoul_now()
    assert now.tzinfo is SEOUL
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
