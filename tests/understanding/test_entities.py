"""Values read out of whole sentences, and the small parser extensions they needed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.booking.sizes import normalize_size, size_word
from content.catalogue import Catalogue
from content.jobs.matching import parse_search
from content.text.birthdates import parse_birth_year
from content.text.dates import half_of_day_said
from content.text.typed import particle_forms
from content.text.yesno import parse_yes_no
from content.understanding.entities import Entities, EntityReader
from handlers.dialog.understand import understanding_for

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def reader(catalogue: Catalogue) -> EntityReader:
    return understanding_for(catalogue).reader


def test_a_sentence_names_an_age_a_district_and_nothing_to_search(reader) -> None:
    found = reader.read("저 26살인데 일산동구 살아요 받을수잇는 지원 뭐잇어요?", TODAY)
    assert found.age == 26 and [s.name for s in found.places] == ["일산동구"]
    assert found.birth is not None and found.birth.age_range(TODAY) == (26, 26)
    assert found.districts == ("일산동구",)


def test_words_that_said_a_value_are_not_job_keywords(reader) -> None:
    found = reader.read("내일 오후 3시 화정역 바리스타 알바", TODAY)
    assert found.day == date(2026, 12, 2) and found.clock is not None
    assert found.job.keywords == ("바리스타",) and found.job.emp_type == "parttime"
    assert found.clock_half_said


def test_a_time_without_its_half_of_the_day_is_read_as_typed(reader) -> None:
    found = reader.read("2시반", TODAY)
    assert found.clock is not None and (found.clock.hour, found.clock.minute) == (2, 30)
    assert not found.clock_half_said


@pytest.mark.parametrize("text", ["", "   ", "??!!", "ㅋㅋㅋ", "\u200b", "0살", "999살",
                                  "13월 45일", "25시", "-5만원", "x" * 5000])
def test_bad_input_names_nothing_it_should_not(reader, text: str) -> None:
    found = reader.read(text, TODAY)
    assert isinstance(found, Entities)
    assert found.age is None and found.day is None and found.clock is None
    assert found.money is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_text_reads_without_raising(catalogue: Catalogue, text: str) -> None:
    found = understanding_for(catalogue).reader.read(text, TODAY)
    assert isinstance(found.said(), dict)


def test_particle_forms() -> None:
    assert particle_forms("26살인데") == ["26살인데", "26살"]
    assert "일산동구" in particle_forms("일산동구에서")
    assert particle_forms("반이요")[1] == "반"
    assert particle_forms("요") == ["요"]


def test_birth_year() -> None:
    year = parse_birth_year("99년생", TODAY)
    assert year is not None and (year.earliest, year.latest) == (date(1999, 1, 1),
                                                                 date(1999, 12, 31))
    assert parse_birth_year("1999년생", TODAY) == year
    assert parse_birth_year("2030년생", TODAY) is None
    assert parse_birth_year("1800년생", TODAY) is None
    assert parse_birth_year("99년", TODAY) is None


def test_sizes_as_people_say_them() -> None:
    assert [size_word(w) for w in ("L", "100", "55", "265", "32인치", "26", "2시")] == [
        "L", "100", "55", "265", "32인치", None, None]
    assert normalize_size("top", "66") == "95 (M)"


def test_a_search_drops_the_sentence_around_the_job() -> None:
    assert parse_search("바리스타 공고 잇어요?").keywords == ("바리스타",)
    assert parse_search("바리스타알바공고뜨면알려줘").keywords == ("바리스타",)
    assert parse_search("part-time barista").emp_type == "parttime"
    assert parse_search("덕양구 바리스타 알바").text() == "바리스타 덕양구 알바"
    assert parse_search(parse_search("덕양구 바리스타 알바").text()) == parse_search(
        "덕양구 바리스타 알바")


def test_half_of_day() -> None:
    assert half_of_day_said("오후 2시") and half_of_day_said("2PM")
    assert not half_of_day_said("2시 반")


def test_yes_no_words_of_a_question_still_count() -> None:
    assert parse_yes_no("다른 데 살아요", no_words=("다른 데 살아요",)) is False
    assert parse_yes_no("네") is True


def test_places_inside_words_and_with_typos(reader) -> None:
    assert [s.name for s in reader.read("화정역근처카페").places] == ["화정역"]
    assert [s.name for s in reader.read("화정녁 근처").places] == ["화정역"]
    assert reader.read("고양이 좋아").places == ()
