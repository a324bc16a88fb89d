"""When the answer changes with time: age-out and age-in days, and the quarter birth window."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from content.eligibility.facts import FactValue
from content.eligibility.model import Eligibility, ProgramRule
from content.eligibility.rules import AllOf, Compare, Condition, Verdict, quarter_start
from content.text.ages import BirthDate, first_day_aged, last_day_aged, manse_age

AGE_OUT_NOTICE_DAYS = 365  # "…까지/…부터 신청할 수 있어요" only when the day is this close
QUARTERS_AHEAD = 4 * 30  # how far to look for the quarter someone enters the window


@dataclass(frozen=True, slots=True)
class TimingNote:
    """``kind``: age_out (limit, day), age_in (limit, day), quarter_window (quarter, start,
    end), next_quarter (quarter)."""

    kind: str
    limit: int | None = None
    day: date | None = None
    start: date | None = None
    end: date | None = None
    quarter: date | None = None


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def quarter_birth_window(quarter: date, age: int) -> tuple[date, date]:
    """Birth dates that make someone ``age`` (만 나이) on the quarter's first day."""
    latest = years_before(quarter, age)
    earliest = years_before(quarter, age + 1) + timedelta(days=1)
    return earliest, latest


def timing_notes(
    rule: ProgramRule,
    eligibility: Eligibility,
    known: Mapping[str, FactValue],
    today: date,
    verdict: Verdict,
) -> list[TimingNote]:
    """Age-out and age-in dates and the quarter birth window, when the birth date is known."""
    notes: list[TimingNote] = []
    for node in _required_compares(rule.condition):
        fact = eligibility.facts[node.fact]
        if fact.type != "age":
            continue
        birth_value = known.get(fact.derived_from or "")
        birth = birth_value.exact if isinstance(birth_value, BirthDate) else None
        if node.on == "quarter_start" and node.op == "is":
            notes.extend(_quarter_notes(int(node.value), birth, today))
        elif birth is not None and node.on == "today":
            notes.extend(_age_notes(node, birth, today, verdict))
    return notes


def _required_compares(condition: Condition) -> list[Compare]:
    """Comparisons every eligible person must meet (reached through ``all`` only)."""
    if isinstance(condition, Compare):
        return [condition]
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _required_compares(item)]
    return []


def _quarter_notes(age: int, birth: date | None, today: date) -> list[TimingNote]:
    """This quarter's birth window (unless too old for it), and the quarter a younger
    user enters it."""
    notes = []
    this_quarter = quarter_start(today)
    start, end = quarter_birth_window(this_quarter, age)
    if birth is None or manse_age(birth, this_quarter) <= age:
        notes.append(TimingNote("quarter_window", start=start, end=end, quarter=this_quarter))
    if birth is not None and manse_age(birth, this_quarter) < age:
        upcoming = this_quarter
        for _ in range(QUARTERS_AHEAD):
            upcoming = _next_quarter(upcoming)
            if manse_age(birth, upcoming) == age:
                notes.append(TimingNote("next_quarter", quarter=upcoming))
                break
    return notes


def _age_notes(node: Compare, birth: date, today: date, verdict: Verdict) -> list[TimingNote]:
    """The last day an eligible user can apply, or the first day a too-young one can."""
    notes = []
    upper = _upper_age(node)
    lower = _lower_age(node)
    if verdict is Verdict.YES and upper is not None:
        last = last_day_aged(birth, upper)
        if today <= last <= today + timedelta(days=AGE_OUT_NOTICE_DAYS):
            notes.append(TimingNote("age_out", limit=upper, day=last))
    if verdict is Verdict.NO and lower is not None and manse_age(birth, today) < lower:
        first = first_day_aged(birth, lower)
        if first <= today + timedelta(days=AGE_OUT_NOTICE_DAYS):
            notes.append(TimingNote("age_in", limit=lower, day=first))
    return notes


def _upper_age(node: Compare) -> int | None:
    if node.op == "at_most":
        return int(node.value)
    if node.op == "less_than":
        return int(node.value) - 1
    if node.op == "between":
        return int(node.value[1])
    return None


def _lower_age(node: Compare) -> int | None:
    if node.op == "at_least":
        return int(node.value)
    if node.op == "more_than":
        return int(node.value) + 1
    if node.op == "between":
        return int(node.value[0])
    return None


def _next_quarter(day: date) -> date:
    month = day.month + 3
    return date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
