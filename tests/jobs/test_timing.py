"""Quiet hours and digest times (Asia/Seoul) with a controllable clock."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.jobs.alerts import digest_day, next_digest_at
from content.text.clock import QuietHours, parse_clock
from tests.jobs.support import seoul


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (seoul(2026, 11, 28, 21, 0), True),
        (seoul(2026, 11, 28, 3, 0), True),
        (seoul(2026, 11, 28, 7, 59), True),
        (seoul(2026, 11, 28, 8, 0), False),
        (seoul(2026, 11, 28, 20, 59), False),
    ],
)
def test_default_quiet_hours_are_21_to_8(moment, quiet):
    assert QuietHours().contains(moment) is quiet


def test_quiet_hours_hold_until_the_morning_even_across_midnight():
    assert QuietHours().next_allowed(seoul(2026, 11, 28, 23, 0)) == seoul(2026, 11, 29, 8, 0)
    assert QuietHours().next_allowed(seoul(2026, 11, 29, 2, 0)) == seoul(2026, 11, 29, 8, 0)


def test_quiet_hours_in_another_time_zone_are_read_in_seoul():
    same_moment_in_utc = seoul(2026, 11, 28, 21, 30).astimezone(ZoneInfo("UTC"))
    assert QuietHours().contains(same_moment_in_utc)


def test_daytime_quiet_hours_and_none():
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert lunch.contains(seoul(2026, 11, 28, 12, 30))
    assert not lunch.contains(seoul(2026, 11, 28, 13, 0))
    assert not QuietHours(time(0, 0), time(0, 0)).contains(seoul(2026, 11, 28, 3, 0))


@given(
    st.integers(0, 23), st.integers(0, 59), st.integers(0, 23), st.integers(0, 59),
    st.integers(0, 60 * 24 * 3),
)
def test_next_allowed_is_never_quiet_and_never_early(sh, sm, eh, em, minutes):
    quiet = QuietHours(time(sh, sm), time(eh, em))
    moment = seoul(2026, 11, 27, 0, 0) + timedelta(minutes=minutes)
    allowed = quiet.next_allowed(moment)
    assert allowed >= moment
    assert not quiet.contains(allowed)
    assert allowed - moment <= timedelta(days=1)


def test_digest_day_and_next_digest_time():
    assert digest_day(seoul(2026, 11, 28, 8, 59), time(9, 0)) is None
    assert digest_day(seoul(2026, 11, 28, 9, 0), time(9, 0)).isoformat() == "2026-11-28"
    at = next_digest_at(seoul(2026, 11, 28, 9, 30), time(9, 0), QuietHours())
    assert at == seoul(2026, 11, 29, 9, 0)
    late = next_digest_at(seoul(2026, 11, 28, 10, 0), time(22, 0), QuietHours())
    assert late == seoul(2026, 11, 29, 8, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9:00", time(9, 0)), ("09:30", time(9, 30)), ("21시", time(21, 0)),
     ("7시 30분", time(7, 30)), ("7", time(7, 0))],
)
def test_clock_times_as_people_type_them(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "아침", "", "99년 3월", "-1"])
def test_impossible_clock_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_clock(text)
