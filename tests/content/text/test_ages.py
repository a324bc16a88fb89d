"""만 나이 and ages as typed: one function for eligibility and booking alike."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.text.ages import MAX_AGE, BirthDate, manse_age, parse_age, typed_age
from content.text.birthdates import parse_birth_date

TODAY = date(2026, 11, 28)


def test_manse_age_counts_full_years() -> None:
    # Moved from tests/booking/test_calendar.py (it tested booking's own copy, age_on).
    assert manse_age(date(2000, 11, 28), date(2026, 11, 28)) == 26
    assert manse_age(date(2000, 11, 29), date(2026, 11, 28)) == 25
    assert manse_age(date(2004, 2, 29), date(2026, 2, 28)) == 21
    assert manse_age(date(2004, 2, 29), date(2026, 3, 1)) == 22


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25", 25),
        ("만 25세", 25),
        ("25살이에요", 25),
        ("25이요", 25),
        ("스물다섯", 25),
        ("스물다섯 살", 25),
        ("서른", 30),
        ("26 years old", 26),
        ("２５", 25),  # full-width digits
        ("세 살", 3),  # a unit makes a lone syllable an age
    ],
)
def test_an_age_is_read_in_digits_or_words(text: str, expected: int) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    "text", ["0", "121", "25.5", "1999", "99년 3월", "99년생", "네", "이", "abc", "", "2" * 21]
)
def test_anything_else_is_no_age(text: str) -> None:
    assert parse_age(text) is None


@given(st.text(max_size=30))
def test_any_text_is_an_age_in_range_or_none(text: str) -> None:
    age = parse_age(text)
    assert age is None or 0 < age <= MAX_AGE


@given(st.integers(min_value=1, max_value=MAX_AGE), st.sampled_from(["{}", "{}살", "만 {}세"]))
def test_booking_and_eligibility_read_an_age_alike(age: int, form: str) -> None:
    text = form.format(age)
    assert parse_age(text) == age
    answer = parse_birth_date(text, TODAY)
    assert answer.from_age
    assert answer.value == BirthDate.from_age(age, TODAY)
    assert answer.value.age_range(TODAY) == (age, age)


def test_typed_age_keeps_how_it_was_written() -> None:
    said = typed_age("만 26세")
    assert said is not None
    assert (said.number, said.value, said.with_unit, said.digits_only) == ("26", 26.0, True, True)
    assert typed_age("1999") is not None  # bounds are the caller's
    assert typed_age("1999년 3월 2일") is None
