"""The rule evaluator: yes / no with the failed condition / unknown with what is missing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.eligibility.evaluation import evaluate
from content.eligibility.rule_parser import RuleProblems
from content.eligibility.rules import Verdict, quarter_start
from content.eligibility.timing import quarter_birth_window
from content.text.ages import BirthDate
from content.text.ranges import Range
from tests.eligibility.support import TODAY, condition, real_eligibility, situation

AGE_18_TO_39 = "{fact: age, between: [18, 39]}"


def verdict_for(rule: str, **answers: str) -> Verdict:
    return evaluate(condition(rule), situation(**answers)).verdict


# ----------------------------------------------------------------- ages on the birthday


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("1987-11-29", Verdict.YES),  # turns 39 tomorrow… still 38 today
        ("1986-11-29", Verdict.YES),  # turns 40 tomorrow: the last day at 39
        ("1986-11-28", Verdict.NO),  # 40 today
        ("1986-11-27", Verdict.NO),  # 40 since yesterday
        ("2008-11-28", Verdict.YES),  # 18 today
        ("2008-11-29", Verdict.NO),  # 18 tomorrow
    ],
)
def test_age_limits_around_the_birthday(birth: str, expected: Verdict) -> None:
    assert verdict_for(AGE_18_TO_39, birth_date=birth) is expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 2, 28), Verdict.YES),  # born 29 Feb 1988: 38 until the end of Feb 2027
        (date(2027, 3, 1), Verdict.NO),  # 39 from 1 March in a common year
        (date(2028, 2, 28), Verdict.NO),  # still 39 on 28 Feb 2028
    ],
)
def test_leap_day_birthdays_against_an_age_limit(today: date, expected: Verdict) -> None:
    rule = condition("{fact: age, at_most: 38}")
    birth = {"birth_date": BirthDate.on(date(1988, 2, 29))}
    assert evaluate(rule, real_eligibility().situation(birth, today)).verdict is expected


def test_leap_day_birthday_turns_older_on_1_march_in_common_years() -> None:
    rule = condition("{fact: age, at_most: 24}")
    birth = {"birth_date": BirthDate.on(date(2000, 2, 29))}
    elig = real_eligibility()
    assert evaluate(rule, elig.situation(birth, date(2025, 2, 28))).verdict is Verdict.YES
    assert evaluate(rule, elig.situation(birth, date(2025, 3, 1))).verdict is Verdict.NO


# ----------------------------------------------------------------- quarter windows


@pytest.mark.parametrize(
    ("quarter", "first", "last"),
    [
        (date(2025, 10, 1), date(2000, 10, 2), date(2001, 10, 1)),
        (date(2026, 1, 1), date(2001, 1, 2), date(2002, 1, 1)),
        (date(2024, 4, 1), date(1999, 4, 2), date(2000, 4, 1)),
        (date(2019, 1, 1), date(1994, 1, 2), date(1995, 1, 1)),
    ],
)
def test_quarter_birth_windows_match_the_published_ones(quarter: date, first: date,
                                                        last: date) -> None:
    assert quarter_birth_window(quarter, 24) == (first, last)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("2001-10-01", Verdict.NO),  # day before the 2026 Q4 window (25 on 1 Oct 2026)
        ("2001-10-02", Verdict.YES),  # first day of the window
        ("2002-10-01", Verdict.YES),  # last day of the window
        ("2002-10-02", Verdict.NO),  # day after: 23 on 1 Oct 2026
    ],
)
def test_youth_basic_income_quarter_window_edges(birth: str, expected: Verdict) -> None:
    rule = "{fact: age, on_day: quarter_start, is: 24}"
    assert verdict_for(rule, birth_date=birth) is expected


def test_quarter_start() -> None:
    assert quarter_start(date(2026, 11, 28)) == date(2026, 10, 1)
    assert quarter_start(date(2026, 1, 1)) == date(2026, 1, 1)
    assert quarter_start(date(2026, 6, 30)) == date(2026, 4, 1)


# ----------------------------------------------------------------- residence years

RESIDENCE = """
any:
  - {fact: gyeonggi_years_continuous, at_least: 3}
  - {fact: gyeonggi_years_total, at_least: 10}
explain: 경기도에 3년 이상 이어서, 또는 합쳐서 10년 이상
"""


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"gyeonggi_years_continuous": "3년"}, Verdict.YES),
        ({"gyeonggi_years_continuous": "삼 년"}, Verdict.YES),
        ({"gyeonggi_years_continuous": "2년", "gyeonggi_years_total": "10년"}, Verdict.YES),
        ({"gyeonggi_years_continuous": "2년", "gyeonggi_years_total": "10년 이상"}, Verdict.YES),
        ({"gyeonggi_years_continuous": "2년", "gyeonggi_years_total": "9년"}, Verdict.NO),
        ({"gyeonggi_years_continuous": "2년 미만", "gyeonggi_years_total": "9년"}, Verdict.NO),
        ({"gyeonggi_years_continuous": "2년"}, Verdict.UNKNOWN),
        ({"gyeonggi_years_continuous": "3년 넘게"}, Verdict.YES),
        ({"gyeonggi_years_total": "5년 이하"}, Verdict.UNKNOWN),
    ],
)
def test_three_years_in_a_row_or_ten_in_total(answers: dict[str, str],
                                              expected: Verdict) -> None:
    assert verdict_for(RESIDENCE, **answers) is expected


def test_an_explained_any_fails_with_its_own_words() -> None:
    outcome = evaluate(condition(RESIDENCE), situation(gyeonggi_years_continuous="1년",
                                                        gyeonggi_years_total="2년"))
    assert outcome.verdict is Verdict.NO
    assert len(outcome.failures) == 1
    assert outcome.failures[0].condition.explain["ko"].startswith("경기도에 3년")


# ----------------------------------------------------------------- three values


def test_missing_fact_is_unknown_and_named() -> None:
    outcome = evaluate(condition(AGE_18_TO_39), situation())
    assert outcome.verdict is Verdict.UNKNOWN
    assert outcome.missing == {"birth_date"}


def test_failure_carries_threshold_and_value() -> None:
    outcome = evaluate(condition("{fact: age, at_most: 24}"), situation(birth_date="만 26세"))
    (failure,) = outcome.failures
    assert failure.threshold == 24
    assert failure.value.age_range(TODAY) == (26, 26)


def test_all_is_no_as_soon_as_one_condition_fails_even_with_others_unknown() -> None:
    rule = f"all: [{AGE_18_TO_39}, {{fact: employed, is: false}}]"
    assert verdict_for(rule, birth_date="1950-01-01") is Verdict.NO
    assert verdict_for(rule, birth_date="2000-01-01") is Verdict.UNKNOWN
    assert verdict_for(rule, birth_date="2000-01-01", employed="아니요") is Verdict.YES


def test_any_is_yes_as_soon_as_one_branch_holds() -> None:
    rule = "any: [{fact: goyang_resident, is: true}, {fact: goyang_study_or_work, is: true}]"
    assert verdict_for(rule, goyang_resident="네") is Verdict.YES
    assert verdict_for(rule, goyang_resident="아니요") is Verdict.UNKNOWN
    assert verdict_for(rule, goyang_resident="아니요", goyang_study_or_work="아니요") is Verdict.NO


def test_not_flips_and_keeps_unknown() -> None:
    rule = "{not: {fact: employed, is: true}, explain: 일하고 있지 않아야 해요}"
    assert verdict_for(rule, employed="아니요") is Verdict.YES
    assert verdict_for(rule, employed="네") is Verdict.NO
    assert verdict_for(rule) is Verdict.UNKNOWN


def test_an_age_instead_of_a_birth_date_decides_clear_cases_only() -> None:
    rule = "{fact: age, on_day: quarter_start, is: 24}"
    # 만 24세 today (28 Nov) may have been 23 or 24 on 1 Oct: a close call stays unknown.
    assert verdict_for(rule, birth_date="만 24세") is Verdict.UNKNOWN
    assert verdict_for(rule, birth_date="만 30세") is Verdict.NO
    assert verdict_for(AGE_18_TO_39, birth_date="만 30세") is Verdict.YES


def test_cannot_check_is_unknown_with_its_reason() -> None:
    outcome = evaluate(condition("cannot_check: 공고에서 확인해 주세요"), situation())
    assert outcome.verdict is Verdict.UNKNOWN
    assert outcome.missing == frozenset()
    assert outcome.unchecked == ({"ko": "공고에서 확인해 주세요"},)


def test_choice_one_of() -> None:
    rule = "{fact: business_stage, one_of: [running, preparing]}"
    assert verdict_for(rule, business_stage="준비 중") is Verdict.YES
    assert verdict_for(rule, business_stage="아니요") is Verdict.NO


def test_a_table_without_figures_is_unknown_without_asking() -> None:
    rule = "{fact: monthly_income, at_most: {table: urban_worker_income_100}}"
    outcome = evaluate(condition(rule), situation())
    assert outcome.verdict is Verdict.UNKNOWN
    assert outcome.missing == frozenset()
    assert outcome.unchecked


# ----------------------------------------------------------------- bad rules fail at load


@pytest.mark.parametrize(
    ("rule", "field", "problem"),
    [
        ("{fact: agee, at_most: 39}", "conditions.fact", "unknown fact 'agee'"),
        ("{fact: age, atmost: 39}", "conditions", "unknown operator"),
        ("{fact: age, at_most: old}", "conditions.at_most", "must be a number"),
        ("{fact: age, between: [39, 18]}", "conditions.between", "low <= high"),
        ("{fact: employed, is: 'yes'}", "conditions.is", "yes/no fact"),
        ("{fact: business_stage, is: rich}", "conditions.is", "not a choice"),
        ("{fact: employed, is: true, on_day: quarter_start}", "conditions.on_day", "only an age"),
        ("{not: {fact: employed, is: true}}", "conditions.explain", "needs an 'explain'"),
        ("{all: []}", "conditions.all", "non-empty list"),
        ("{maybe: 1}", "conditions", "none of all/any/not/fact"),
        ("{fact: monthly_income, at_most: {table: nope}}", "conditions.at_most", "unknown table"),
        ("{fact: age, at_most: 39, is: 20}", "conditions", "exactly one comparison"),
        ("[1, 2]", "conditions", "must be a mapping"),
    ],
)
def test_bad_rules_name_the_field_and_the_problem(rule: str, field: str, problem: str) -> None:
    with pytest.raises(RuleProblems) as raised:
        condition(rule)
    assert any(f == field and problem in p for f, p in raised.value.problems), \
        raised.value.problems


# ----------------------------------------------------------------- properties

ELIG = real_eligibility()


@st.composite
def knowledge(draw: st.DrawFn) -> dict:
    """Random partial knowledge about a user, including ranges and age-only answers."""
    out: dict = {}
    for fact in ELIG.asked_facts:
        if not draw(st.booleans()):
            continue
        if fact.type == "yes_no":
            out[fact.id] = draw(st.booleans())
        elif fact.type == "choice":
            out[fact.id] = draw(st.sampled_from([c.id for c in fact.choices]))
        elif fact.type in ("count", "money"):
            low = draw(st.integers(min_value=0, max_value=int(min(fact.maximum, 200))))
            kind = draw(st.sampled_from(["exact", "above", "below"]))
            out[fact.id] = {"exact": Range.exactly(low), "above": Range(low, None),
                            "below": Range(0, low)}[kind]
        elif fact.type == "birth_date":
            born = draw(st.dates(min_value=date(1920, 1, 1), max_value=TODAY))
            width = draw(st.sampled_from([0, 0, 364]))
            out[fact.id] = BirthDate(born - timedelta(days=width), born)
    return out


def _refine(value):
    if isinstance(value, BirthDate):
        return BirthDate.on(value.latest)
    if isinstance(value, Range) and value.exact is None:
        return Range.exactly(value.low if value.low is not None else value.high)
    return value


@given(knowledge(), st.data())
@settings(max_examples=150, deadline=None)
def test_more_knowledge_never_reverses_a_decided_rule(known: dict, data: st.DataObject) -> None:
    """A YES or NO reached with partial answers stays when answers become more precise or
    more facts are added (so asking more can only settle, never flip, a result)."""
    refined = {k: _refine(v) for k, v in known.items()}
    extra = data.draw(knowledge())
    refined = {**extra, **refined}
    for rule in ELIG.rules.values():
        before = evaluate(rule.condition, ELIG.situation(known, TODAY))
        after = evaluate(rule.condition, ELIG.situation(refined, TODAY))
        if before.decided:
            assert after.verdict is before.verdict, rule.program_id


@given(knowledge())
@settings(max_examples=150, deadline=None)
def test_an_unknown_result_names_what_would_settle_it(known: dict) -> None:
    for rule in ELIG.rules.values():
        outcome = evaluate(rule.condition, ELIG.situation(known, TODAY))
        if outcome.verdict is Verdict.UNKNOWN:
            assert outcome.missing or outcome.unchecked, rule.program_id
        if outcome.verdict is Verdict.NO:
            assert outcome.failures, rule.program_id
