"""Days and times of day as users type them (``content.text.dates``)."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.text.dates import parse_day, parse_time

SATURDAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("오늘", SATURDAY),
        ("내일이요", date(2026, 11, 29)),
        ("모레", date(2026, 11, 30)),
        ("글피", date(2026, 12, 1)),
        ("12/9", date(2026, 12, 9)),
        ("12월 9일", date(2026, 12, 9)),
        ("12월9일에요", date(2026, 12, 9)),
        ("2027-01-05", date(2027, 1, 5)),
        ("1/5", date(2027, 1, 5)),  # already past this year: next year's
        ("28일", SATURDAY),
        ("27일", date(2026, 12, 27)),
        ("31일", date(2026, 12, 31)),  # November has no 31st
    ],
)
def test_day_words_and_dates(text: str, expected: date) -> None:
    assert parse_day(text, SATURDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("토요일", SATURDAY),  # today is a Saturday
        ("월요일", date(2026, 11, 30)),
        ("금요일에", date(2026, 12, 4)),
        ("금욜", date(2026, 12, 4)),
        ("friday", date(2026, 12, 4)),
        ("다음 주 월요일", date(2026, 11, 30)),
        ("다음주 토요일", date(2026, 12, 5)),
        ("next sat", date(2026, 12, 5)),
        ("이번 주 일요일", date(2026, 11, 29)),
    ],
)
def test_weekday_names_mean_the_next_such_day(text: str, expected: date) -> None:
    assert parse_day(text, SATURDAY) == expected


def test_this_weeks_day_that_has_passed_is_not_guessed() -> None:
    assert parse_day("이번 주 월요일", SATURDAY) is None


@pytest.mark.parametrize(
    "text", ["", "2월 30일", "99년 3월", "00일", "요일", "x요일", "🙂", "a" * 41, "나중에"]
)
def test_anything_else_is_no_day(text: str) -> None:
    assert parse_day(text, SATURDAY) is None


@given(st.text(max_size=50), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)))
def test_any_text_is_a_day_or_none_and_a_day_without_a_year_is_never_past(
    text: str, today: date
) -> None:
    found = parse_day(text, today)
    if found is not None and not any(ch in text for ch in "년-") and text.count(".") < 2:
        assert found >= today


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", time(14, 0)),
        ("오후 2시", time(14, 0)),
        ("오전 11시 30분", time(11, 30)),
        ("2시 반", time(2, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("10시요", time(10, 0)),
    ],
)
def test_times_of_day(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24시", "오후 13시", "10:60", "두시", "", "a" * 31])
def test_anything_else_is_no_time(text: str) -> None:
    assert parse_time(text) is None


@given(st.text(max_size=40))
def test_any_text_is_a_time_or_none(text: str) -> None:
    found = parse_time(text)
    assert found is None or isinstance(found, time)
