"""Who may rent a suit is decided by the eligibility rule file, not by a copy in shops.yaml."""

from __future__ import annotations

from datetime import date

import pytest

from content.booking.eligibility import (
    BIRTH_FACT,
    AgeLimits,
    age_limits,
    age_settled,
    basis_facts,
    birth_for_age,
    birth_for_band,
    decide,
    failed_on_age,
    suit_rule,
)
from content.catalogue import Catalogue
from content.eligibility.rules import Verdict

TODAY = date(2026, 11, 28)


def test_the_age_buttons_read_the_rules_range(catalogue: Catalogue) -> None:
    assert age_limits(suit_rule(catalogue.eligibility)) == AgeLimits(18, 39)


@pytest.mark.parametrize(("age", "refused"), [(17, True), (18, False), (39, False), (40, True)])
def test_a_typed_age_is_judged_by_the_rule(catalogue: Catalogue, age: int, refused: bool) -> None:
    assert catalogue.eligibility is not None
    outcome = decide(catalogue.eligibility, {BIRTH_FACT: birth_for_age(age, TODAY)}, TODAY)
    assert failed_on_age(outcome) is refused
    assert age_settled(outcome)


@pytest.mark.parametrize(("band", "refused"), [("ok", False), ("under", True), ("over", True)])
def test_each_age_button_is_judged_by_the_rule(catalogue: Catalogue, band: str,
                                               refused: bool) -> None:
    assert catalogue.eligibility is not None
    birth = birth_for_band(band, AgeLimits(18, 39), TODAY)  # type: ignore[arg-type]
    outcome = decide(catalogue.eligibility, {BIRTH_FACT: birth}, TODAY)
    assert failed_on_age(outcome) is refused


@pytest.mark.parametrize(("basis", "verdict"), [
    ("live", Verdict.YES), ("study", Verdict.YES), ("work", Verdict.YES), ("none", Verdict.NO),
])
def test_the_basis_answer_decides_the_residence_condition(catalogue: Catalogue, basis: str,
                                                          verdict: Verdict) -> None:
    assert catalogue.eligibility is not None
    known = {BIRTH_FACT: birth_for_age(25, TODAY), **basis_facts(basis)}  # type: ignore[arg-type]
    outcome = decide(catalogue.eligibility, known, TODAY)
    assert outcome.verdict is verdict
    assert not failed_on_age(outcome)


def test_a_birth_window_across_the_limit_leaves_the_age_open(catalogue: Catalogue) -> None:
    assert catalogue.eligibility is not None
    from content.text.ages import BirthDate

    straddling = BirthDate(date(1986, 6, 1), date(1987, 6, 1))  # 39 or 40
    outcome = decide(catalogue.eligibility, {BIRTH_FACT: straddling}, TODAY)
    assert not age_settled(outcome) and not failed_on_age(outcome)
