"""Who may rent a suit, asked of the eligibility rules engine (rules/interview_suit_rental.yaml).

The age limits and the live/study/work-in-Goyang condition are written once, in the program's
rule file; the booking flow turns its two questions (an age band or a typed age, and the
basis) into facts and lets ``content.eligibility`` decide. ``shops.yaml`` keeps only what is
about bookings (yearly limit, windows, cut-offs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from content.eligibility.assessment import assess_rule
from content.eligibility.facts import FactValue
from content.eligibility.model import Eligibility, ProgramRule
from content.eligibility.rules import Compare, Outcome, Verdict, walk
from content.text.ages import BirthDate

SUIT_PROGRAM = "interview_suit_rental"
AGE_FACT = "age"
BIRTH_FACT = "birth_date"
RESIDENT_FACT = "goyang_resident"
STUDY_OR_WORK_FACT = "goyang_study_or_work"

AgeBand = Literal["ok", "under", "over"]
BasisAnswer = Literal["live", "study", "work", "none"]


@dataclass(frozen=True, slots=True)
class AgeLimits:
    """The 만-age range of the rule (for the age buttons and the refusal text)."""

    low: int
    high: int


def suit_rule(eligibility: Eligibility | None) -> ProgramRule:
    rule = eligibility.rules.get(SUIT_PROGRAM) if eligibility is not None else None
    if rule is None:
        raise LookupError(f"no eligibility rule for {SUIT_PROGRAM} (rules/{SUIT_PROGRAM}.yaml)")
    return rule


def age_limits(rule: ProgramRule) -> AgeLimits:
    """The rule's ``{fact: age, between: [low, high]}``."""
    for node in walk(rule.condition):
        if isinstance(node, Compare) and node.fact == AGE_FACT and node.op == "between":
            low, high = node.value
            return AgeLimits(int(low), int(high))
    raise LookupError(f"{rule.program_id}: the rule has no 'age between' condition")


def birth_for_age(age: int, today: date) -> BirthDate:
    return BirthDate.from_age(age, today)


def birth_for_band(band: AgeBand, limits: AgeLimits, today: date) -> BirthDate:
    """Birth dates that fit an age button: inside the range, under it or over it."""
    if band == "under":
        return BirthDate.from_age(max(0, limits.low - 1), today)
    if band == "over":
        return BirthDate.from_age(limits.high + 1, today)
    oldest, youngest = BirthDate.from_age(limits.high, today), BirthDate.from_age(limits.low, today)
    return BirthDate(oldest.earliest, youngest.latest)


def basis_facts(basis: BasisAnswer) -> dict[str, FactValue]:
    if basis == "live":
        return {RESIDENT_FACT: True}
    if basis in ("study", "work"):
        return {STUDY_OR_WORK_FACT: True}
    return {RESIDENT_FACT: False, STUDY_OR_WORK_FACT: False}


def decide(eligibility: Eligibility, known: Mapping[str, FactValue], today: date) -> Outcome:
    """The rule's verdict on what is known (UNKNOWN while a needed fact is missing)."""
    return assess_rule(suit_rule(eligibility), eligibility.situation(known, today))


def age_settled(outcome: Outcome) -> bool:
    """The answers so far decide the age part (nothing about the birth date is missing)."""
    return BIRTH_FACT not in outcome.missing


def failed_on_age(outcome: Outcome) -> bool:
    return outcome.verdict is Verdict.NO and any(
        isinstance(failure.condition, Compare) and failure.condition.fact == AGE_FACT
        for failure in outcome.failures
    )
