"""Typed answers: birth dates and ages, counts, money, yes/no, "모르겠어요"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.text.ages import BirthDate, first_day_aged, last_day_aged, manse_age
from content.text.birthdates import parse_birth_date
from content.text.counts import parse_count
from content.text.errors import AnswerError
from content.text.money import parse_money, won_text
from content.text.ranges import Range
from content.text.typed import is_dont_know
from content.text.yesno import parse_yes_no

TODAY = date(2026, 11, 28)
MARCH_2_1999 = BirthDate.on(date(1999, 3, 2))


@pytest.mark.parametrize(
    "text",
    [
        "1999-03-02", "1999.3.2", "1999. 3. 2.", "1999/03/02", "1999년 3월 2일",
        "1999년 3월 2일생", "99년 3월 2일", "99.3.2", "990302", "19990302",
        "March 2, 1999", "2 March 1999", "１９９９－０３－０２", "  1999-03-02  ",
    ],
)
def test_common_birth_date_forms_are_read(text: str) -> None:
    assert parse_birth_date(text, TODAY).value == MARCH_2_1999


def test_a_resident_number_keeps_only_the_birth_date() -> None:
    parsed = parse_birth_date("990302-1234567", TODAY)
    assert parsed.value == MARCH_2_1999
    assert parsed.dropped_id_number


@pytest.mark.parametrize("text", ["26살", "만 26세", "26세", "26", "스물여섯 살", "만26세"])
def test_an_age_is_accepted_instead_of_a_date(text: str) -> None:
    parsed = parse_birth_date(text, TODAY)
    assert parsed.from_age
    assert parsed.value.age_range(TODAY) == (26, 26)
    assert parsed.value == BirthDate(date(1999, 11, 29), date(2000, 11, 28))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3/2/1999", "ambiguous_date"),
        ("2/3/1999", "ambiguous_date"),
        ("15.3.1999", "ambiguous_date"),
        ("99/3/2", "ambiguous_date"),
        ("1999년 3월", "no_day"),
        ("99년 3월", "no_day"),
        ("1999", "no_day"),
        ("1999년 2월 30일", "no_such_day"),
        ("2월 30일", "no_such_day"),
        ("3월 2일", "no_year"),
        ("1999-13-01", "no_such_month"),
        ("2027-01-01", "future_date"),
        ("2026-11-29", "future_date"),
        ("1900-01-01", "too_old"),
        ("121살", "too_old"),
        ("26.5살", "bad_age"),
        ("어제", "bad_date"),
        ("😀", "bad_date"),
        ("'; DROP TABLE users; --", "bad_date"),
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 5000, "too_long"),
    ],
)
def test_bad_birth_dates_are_refused_with_a_reason(text: str, code: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_birth_date(text, TODAY)
    assert raised.value.code == code


def test_two_digit_years_pick_the_past_century_when_needed() -> None:
    assert parse_birth_date("05.1.2", TODAY).value.exact == date(2005, 1, 2)
    assert parse_birth_date("27.1.2", TODAY).value.exact == date(1927, 1, 2)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2002, 11, 28), date(2026, 11, 27), 23),  # the day before the birthday
        (date(2002, 11, 28), date(2026, 11, 28), 24),  # the birthday
        (date(2002, 11, 28), date(2026, 11, 29), 24),  # the day after
        (date(2000, 2, 29), date(2025, 2, 28), 24),  # leap-day birthday, common year
        (date(2000, 2, 29), date(2025, 3, 1), 25),
        (date(2000, 2, 29), date(2024, 2, 28), 23),  # leap year: birthday is 29 Feb
        (date(2000, 2, 29), date(2024, 2, 29), 24),
    ],
)
def test_manse_age_changes_on_the_birthday(birth: date, on: date, age: int) -> None:
    assert manse_age(birth, on) == age


def test_last_and_first_day_at_an_age() -> None:
    assert last_day_aged(date(1987, 3, 3), 39) == date(2027, 3, 2)
    assert first_day_aged(date(2008, 5, 1), 18) == date(2026, 5, 1)
    assert last_day_aged(date(2000, 2, 29), 24) == date(2025, 2, 28)
    assert first_day_aged(date(2000, 2, 29), 25) == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3년", Range.exactly(3)),
        ("3", Range.exactly(3)),
        ("삼 년", Range.exactly(3)),
        ("십이년", Range.exactly(12)),
        ("세 해", Range.exactly(3)),
        ("1년 반", Range.exactly(1.5)),
        ("10년 이상", Range(10, None)),
        ("3년 넘게", Range(3, None, low_open=True)),
        ("2년 미만", Range(0, 2, high_open=True)),
        ("5년 이하", Range(0, 5)),
        ("없어요", Range.exactly(0)),
        ("처음이에요", Range.exactly(0)),
    ],
)
def test_year_counts_in_words_digits_and_ranges(text: str, expected: Range) -> None:
    assert parse_count(text, unit="년") == expected


def test_counts_convert_between_years_and_months() -> None:
    assert parse_count("2년", unit="개월", maximum=600) == Range.exactly(24)
    assert parse_count("1년 반", unit="개월", maximum=600) == Range.exactly(18)
    assert parse_count("6개월", unit="년") == Range.exactly(0.5)


@pytest.mark.parametrize(
    ("text", "code"),
    [("-3년", "negative"), ("많이", "not_a_number"), ("200년", "too_large"), ("", "empty")],
)
def test_bad_counts_are_refused(text: str, code: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_count(text, unit="년", maximum=120)
    assert raised.value.code == code


def test_household_size_has_a_minimum() -> None:
    with pytest.raises(AnswerError) as raised:
        parse_count("0명", unit="명", minimum=1, maximum=20)
    assert raised.value.code == "too_small"


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("350만원", 3_500_000), ("350만 원", 3_500_000), ("3,500,000원", 3_500_000),
        ("삼백오십만 원", 3_500_000), ("350", 3_500_000), ("3천5백만원", 35_000_000),
        ("1억 2천만", 120_000_000), ("월 250만원 정도", 2_500_000), ("0원", 0), ("없어요", 0),
    ],
)
def test_money_in_common_forms(text: str, won: int) -> None:
    assert parse_money(text, maximum=1_000_000_000) == Range.exactly(won)


def test_money_ranges() -> None:
    assert parse_money("300만원 이하") == Range(0, 3_000_000)
    assert parse_money("300만원 넘어요") == Range(3_000_000, None, low_open=True)


@pytest.mark.parametrize("text", ["많아요", "-300만원", "만원짜리", ""])
def test_bad_money_is_refused(text: str) -> None:
    with pytest.raises(AnswerError):
        parse_money(text)


def test_won_text_reads_like_korean_amounts() -> None:
    assert won_text(3_500_000) == "350만원"
    assert won_text(120_000_000) == "1억 2,000만원"
    assert won_text(0) == "0원"


@pytest.mark.parametrize("text", ["네", "예", "응", "ㅇㅇ", "네!", "맞아요", "yes", "Y", "있어요"])
def test_yes(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["아니요", "아뇨", "아니", "ㄴㄴ", "no", "없어요", "아니요~"])
def test_no(text: str) -> None:
    assert parse_yes_no(text) is False


def test_a_question_can_add_its_own_yes_and_no_words() -> None:
    assert parse_yes_no("취준생", no_words=("취준생",)) is False
    with pytest.raises(AnswerError) as raised:
        parse_yes_no("취준생")
    assert raised.value.code == "not_yes_no"


@pytest.mark.parametrize("text", ["모르겠어요", "몰라", "잘 모르겠어요", "skip", "?", "패스"])
def test_dont_know_is_recognised(text: str) -> None:
    assert is_dont_know(text)


@pytest.mark.parametrize("text", ["네", "1999-03-02", "모르는 사람", "3년"])
def test_answers_are_not_mistaken_for_dont_know(text: str) -> None:
    assert not is_dont_know(text)


# ----------------------------------------------------------------- properties

birth_dates = st.dates(min_value=date(1907, 1, 1), max_value=TODAY)


@given(birth_dates, st.sampled_from([
    "{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}", "{y}. {m}. {d}.", "{y}/{m}/{d}",
    "{y}년 {m}월 {d}일", "{y}{m:02d}{d:02d}",
]))
def test_any_written_birth_date_reads_back_as_itself(birth: date, form: str) -> None:
    text = form.format(y=birth.year, m=birth.month, d=birth.day)
    assert parse_birth_date(text, TODAY).value == BirthDate.on(birth)


@given(st.text(max_size=300))
@settings(max_examples=400)
def test_any_text_gives_a_birth_date_or_a_reason(text: str) -> None:
    try:
        parsed = parse_birth_date(text, TODAY)
    except AnswerError as error:
        assert error.code
    else:
        assert parsed.value.earliest <= parsed.value.latest <= TODAY
        assert manse_age(parsed.value.earliest, TODAY) <= 120


@given(st.text(max_size=300))
def test_any_text_gives_a_count_money_or_yes_no_or_a_reason(text: str) -> None:
    for parse in (lambda t: parse_count(t, unit="년"), parse_money, parse_yes_no):
        try:
            parse(text)
        except AnswerError as error:
            assert error.code


@given(st.integers(min_value=0, max_value=120), st.dates(min_value=date(2000, 1, 1),
                                                         max_value=date(2100, 12, 31)))
def test_an_age_answer_covers_exactly_the_people_of_that_age(age: int, today: date) -> None:
    value = BirthDate.from_age(age, today)
    assert manse_age(value.latest, today) == age
    assert manse_age(value.earliest, today) == age
    assert manse_age(value.latest + timedelta(days=1), today) == age - 1
    assert manse_age(value.earliest - timedelta(days=1), today) == age + 1


@given(birth_dates, st.integers(min_value=1, max_value=100))
def test_the_last_day_at_an_age_is_followed_by_the_next_age(birth: date, age: int) -> None:
    last = last_day_aged(birth, age)
    assert manse_age(birth, last) == age
    assert manse_age(birth, last + timedelta(days=1)) == age + 1


@given(st.integers(min_value=0, max_value=99_999_999))
def test_any_amount_written_in_won_reads_back(won: int) -> None:
    assert parse_money(f"{won:,}원", maximum=100_000_000) == Range.exactly(won)


@given(st.integers(min_value=1, max_value=9_999))
def test_a_bare_small_number_is_read_in_manwon(amount: int) -> None:
    assert parse_money(str(amount), maximum=100_000_000) == Range.exactly(amount * 10_000)


@pytest.mark.parametrize("text", ["혼자", "혼자 살아요", "저 혼자예요", "1명", "한 명"])
def test_living_alone_is_a_household_of_one(text: str) -> None:
    assert parse_count(text, unit="명", minimum=1, maximum=20) == Range.exactly(1)
