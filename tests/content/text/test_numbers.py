"""Korean numerals and the two text cleanings (answers keep punctuation, matching drops it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.text.matching import plain_words
from content.text.numbers import format_number, number_word, to_number
from content.text.typed import tidy_text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("26", 26),
        ("삼", 3),
        ("십", 10),
        ("이십오", 25),
        ("삼백오십", 350),
        ("천이백", 1200),
        ("열", 10),
        ("스물여섯", 26),
        ("스무", 20),
        ("서른아홉", 39),
        ("하나", 1),
        ("삼사", None),  # two digits in a row
        ("스물열", None),
        ("사과", None),
    ],
)
def test_number_words(word: str, expected: int | None) -> None:
    assert number_word(word) == expected


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_thousands_separators_read_back(value: int) -> None:
    assert to_number(f"{value:,}") == value
    assert format_number(float(value)) == str(value)


@given(st.text(max_size=20))
def test_any_word_is_a_number_or_none(word: str) -> None:
    found = number_word(word)
    assert found is None or found >= 0


def test_the_two_cleanings_differ_only_in_punctuation() -> None:
    assert tidy_text("  １９９９.３.２  ") == "1999.3.2"
    assert plain_words("  １９９９.３.２  ") == "1999 3 2"
    assert tidy_text("청년  배당!!") == "청년 배당!!"
    assert plain_words("청년  배당!!") == "청년 배당"
