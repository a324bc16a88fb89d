"""Open-ended typed answers: whatever is typed, each parser returns a value or an
``AnswerError`` with a reason, nothing else (the split modules of content/text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from content.text.birthdates import parse_birth_date
from content.text.counts import parse_count
from content.text.errors import AnswerError
from content.text.money import parse_money, won_text
from content.text.ranges import Range
from content.text.typed import MAX_TEXT, is_dont_know
from content.text.yesno import parse_yes_no

TODAY = date(2026, 11, 28)

# Pieces answers are made of, so the search reaches deep into each parser, not only its
# "not a number" exit.
PIECES = [
    *"0123456789 .,-/+",
    "년", "월", "일", "생", "살", "세", "만", "억", "천", "백", "십", "원", "반", "개월", "명",
    "삼", "이", "오", "스물", "서른", "여섯", "하나", "이상", "이하", "미만", "넘게", "초과",
    "안 돼요", "정도", "없어요", "혼자", "네", "아니요", "모르겠어요", "만원", "years old",
    "more than", "less than", "march", "1999", "99", "-1234567", "₩", "🙂", "\u200b",
]
answers = st.one_of(
    st.text(max_size=MAX_TEXT + 20),
    st.lists(st.sampled_from(PIECES), max_size=10).map("".join),
)


T = TypeVar("T")


def reason_or_value(parse: Callable[[str], T], text: str) -> T | None:
    try:
        return parse(text)
    except AnswerError as error:
        assert error.code
        return None


@given(answers)
@settings(max_examples=300)
def test_birth_dates_are_read_or_refused_with_a_reason(text: str) -> None:
    answer = reason_or_value(lambda t: parse_birth_date(t, TODAY), text)
    if answer is not None:
        assert answer.value.earliest <= answer.value.latest <= TODAY


@given(answers, st.sampled_from(["년", "개월", "명"]))
@settings(max_examples=300)
def test_counts_are_read_or_refused_with_a_reason(text: str, unit: str) -> None:
    found = reason_or_value(lambda t: parse_count(t, unit=unit, maximum=600), text)
    if found is not None:
        assert isinstance(found, Range)
        assert all(b is None or 0 <= b <= 600 for b in (found.low, found.high))


@given(answers)
@settings(max_examples=300)
def test_money_is_read_or_refused_with_a_reason(text: str) -> None:
    found = reason_or_value(parse_money, text)
    if found is not None:
        assert all(b is None or 0 <= b <= 100_000_000 for b in (found.low, found.high))


@given(answers)
def test_yes_no_and_dont_know_are_read_or_refused_with_a_reason(text: str) -> None:
    assert reason_or_value(parse_yes_no, text) in (True, False, None)
    assert is_dont_know(text) in (True, False)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_an_amount_written_back_reads_as_itself(won: int) -> None:
    assert parse_money(won_text(won)) == Range.exactly(won)


@given(st.integers(min_value=0, max_value=99), st.booleans())
def test_a_count_with_half_a_year_reads_back(years: int, half: bool) -> None:
    text = f"{years}년" + (" 반" if half else "")
    assert parse_count(text, unit="년") == Range.exactly(years + (0.5 if half else 0))
    assert parse_count(text, unit="개월", maximum=1200) == Range.exactly(
        (years + (0.5 if half else 0)) * 12
    )
