"""Assessing programs, grouping results, choosing the next question, timing notes."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from content.eligibility.assessment import assess, grouped, is_running
from content.eligibility.facts import parse_answer
from content.eligibility.planning import next_fact, open_facts
from content.eligibility.rules import Verdict
from content.eligibility.timing import timing_notes
from tests.eligibility.support import TODAY, known, real_catalogue, real_eligibility

ELIG = real_eligibility()
CATALOGUE = real_catalogue()
RUNNING = [p for p in ELIG.rules if is_running(CATALOGUE.programs.get(p))]


def test_the_first_question_is_the_birth_date() -> None:
    assert next_fact(ELIG, {}, TODAY, RUNNING) == "birth_date"


def test_a_known_fact_is_never_asked_again() -> None:
    facts = known(birth_date="1999-03-02")
    assert next_fact(ELIG, facts, TODAY, RUNNING) != "birth_date"


def test_a_skipped_fact_is_not_asked_again() -> None:
    assert next_fact(ELIG, {}, TODAY, RUNNING, skipped={"birth_date"}) != "birth_date"


def test_the_next_question_is_the_one_that_settles_most_programs() -> None:
    # After a young birth date, residence settles suit rental and the cafés at once.
    facts = known(birth_date="1999-03-02")
    assert next_fact(ELIG, facts, TODAY, RUNNING) == "goyang_resident"


def test_an_older_user_is_not_asked_about_youth_only_facts() -> None:
    facts = known(birth_date="1970-05-05", goyang_resident="네", employed="아니요")
    remaining = open_facts(ELIG, facts, TODAY, RUNNING)
    assert "goyang_study_or_work" not in remaining


def test_a_single_program_check_asks_only_its_own_facts() -> None:
    asked = []
    facts: dict = {}
    replies = {"birth_date": "2002-03-02", "goyang_resident": "네", "gyeonggi_resident": "네",
               "gyeonggi_years_continuous": "5년", "korean_national": "네"}
    while (fact := next_fact(ELIG, facts, TODAY, ["youth_basic_income"])) is not None:
        asked.append(fact)
        facts[fact] = parse_answer(ELIG.facts[fact], replies[fact], TODAY).value
    assert set(asked) <= {"birth_date", "goyang_resident", "gyeonggi_resident",
                          "gyeonggi_years_continuous", "gyeonggi_years_total",
                          "korean_national"}
    (result,) = assess(ELIG, CATALOGUE.programs, facts, TODAY, ["youth_basic_income"])
    assert result.outcome.verdict is Verdict.YES
    assert result.group == "not_running"  # Goyang does not take part in 2025–2026


def test_a_not_running_program_does_not_drive_questions_in_the_full_check() -> None:
    assert "youth_basic_income" not in RUNNING
    facts = known(birth_date="2002-03-02", goyang_resident="네")
    assert "korean_national" not in open_facts(ELIG, facts, TODAY, RUNNING)


def test_results_fall_into_the_four_groups() -> None:
    facts = known(birth_date="1999-03-02", goyang_resident="네", employed="네",
                  business_stage="아니요", owns_home="아니요")
    groups = grouped(assess(ELIG, CATALOGUE.programs, facts, TODAY))
    ids = {g: [a.program_id for a in items] for g, items in groups.items()}
    assert "interview_suit_rental" in ids["eligible"]
    assert "cat_cheer_up_academy" in ids["not_eligible"]  # employed
    assert "youth_startup_loan" in ids["not_eligible"]
    assert "youth_social_housing" in ids["to_check"]  # income table and call details
    assert "youth_basic_income" in ids["not_running"]


def test_a_26_year_old_is_told_the_24_year_age_rule() -> None:
    facts = known(birth_date="만 26세")
    (result,) = assess(ELIG, CATALOGUE.programs, facts, TODAY, ["youth_basic_income"])
    assert result.outcome.verdict is Verdict.NO
    assert result.outcome.failures[0].threshold == 24


def test_age_out_note_when_the_last_day_is_near() -> None:
    facts = known(birth_date="1987-03-03", goyang_resident="네")
    rule = ELIG.rules["interview_suit_rental"]
    (note,) = timing_notes(rule, ELIG, facts, TODAY, Verdict.YES)
    assert note.kind == "age_out"
    assert note.limit == 39
    assert note.day == date(2027, 3, 2)


def test_no_age_out_note_when_it_is_years_away() -> None:
    facts = known(birth_date="2000-03-03", goyang_resident="네")
    assert timing_notes(ELIG.rules["interview_suit_rental"], ELIG, facts, TODAY,
                        Verdict.YES) == []


def test_age_in_note_for_someone_about_to_turn_18() -> None:
    facts = known(birth_date="2009-05-01")
    notes = timing_notes(ELIG.rules["interview_suit_rental"], ELIG, facts, TODAY, Verdict.NO)
    assert [(n.kind, n.limit, n.day) for n in notes] == [("age_in", 18, date(2027, 5, 1))]


def test_quarter_window_and_next_quarter_for_a_23_year_old() -> None:
    facts = known(birth_date="2002-12-15")
    notes = timing_notes(ELIG.rules["youth_basic_income"], ELIG, facts, TODAY, Verdict.NO)
    kinds = {n.kind: n for n in notes}
    assert kinds["quarter_window"].start == date(2001, 10, 2)
    assert kinds["quarter_window"].end == date(2002, 10, 1)
    assert kinds["next_quarter"].quarter == date(2027, 1, 1)


def test_no_quarter_window_for_someone_past_it() -> None:
    facts = known(birth_date="1990-01-01")
    assert timing_notes(ELIG.rules["youth_basic_income"], ELIG, facts, TODAY, Verdict.NO) == []


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_random_answers_always_end_in_a_result(data: st.DataObject) -> None:
    """Whatever the user answers or skips, the questions run out and every program is
    grouped; no fact is asked twice; the progress total never grows."""
    program_ids = data.draw(st.sampled_from([RUNNING, ["youth_basic_income"],
                                             ["youth_social_housing"]]))
    facts: dict = {}
    skipped: set[str] = set()
    asked: list[str] = []
    last_total = None
    while (fact_id := next_fact(ELIG, facts, TODAY, program_ids, skipped)) is not None:
        assert fact_id not in asked
        asked.append(fact_id)
        remaining = len(open_facts(ELIG, facts, TODAY, program_ids, skipped))
        total = len(asked) - 1 + remaining
        assert last_total is None or total <= last_total
        last_total = total
        fact = ELIG.facts[fact_id]
        text = data.draw(st.one_of(
            st.just("모르겠어요"),
            st.sampled_from(["네", "아니요", "3년", "10년 이상", "1999-03-02", "만 24세",
                             "2002.12.1", "준비 중", "사업하고 있어요", "250만원", "2"]),
            st.text(max_size=20),
        ))
        if text == "모르겠어요":
            skipped.add(fact_id)
            continue
        try:
            facts[fact_id] = parse_answer(fact, text, TODAY).value
        except ValueError:
            skipped.add(fact_id)  # three failed tries end in a skip
        assert len(asked) <= len(ELIG.asked_facts)
    results = assess(ELIG, CATALOGUE.programs, facts, TODAY, program_ids)
    assert {a.program_id for a in results} == set(program_ids)
    for result in results:
        assert result.group in ("eligible", "to_check", "not_eligible", "not_running")
