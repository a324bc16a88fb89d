"""Choosing the next question: the fact whose answer settles the most undecided programs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from content.eligibility.evaluation import evaluate
from content.eligibility.facts import Fact, FactValue
from content.eligibility.model import Eligibility, ProgramRule
from content.eligibility.rules import Compare, Outcome, TableRef, Verdict, walk
from content.eligibility.timing import years_before
from content.text.ages import BirthDate
from content.text.ranges import Range

_NEXT_FACT_CACHE_SIZE = 4096


def _askable_missing(
    outcome: Outcome, known: Mapping[str, FactValue], skipped: Iterable[str]
) -> set[str]:
    return set(outcome.missing) - set(known) - set(skipped)


def open_facts(
    eligibility: Eligibility,
    known: Mapping[str, FactValue],
    today: date,
    program_ids: Sequence[str],
    skipped: Iterable[str] = (),
) -> set[str]:
    """Facts that could still change the result of one of ``program_ids``."""
    skipped = set(skipped)
    situation = eligibility.situation(known, today)
    found: set[str] = set()
    for program_id in program_ids:
        rule = eligibility.rules.get(program_id)
        if rule is None:
            continue
        found |= _askable_missing(evaluate(rule.condition, situation), known, skipped)
    return found


def sample_answers(eligibility: Eligibility, fact_id: str, today: date) -> list[FactValue]:
    """Representative answers to ``fact_id``: every choice, and values either side of
    every threshold the rules compare it with (used to score questions)."""
    fact = eligibility.facts[fact_id]
    if fact.type == "yes_no":
        return [True, False]
    if fact.type == "choice":
        return [c.id for c in fact.choices]
    numbers, dates, ages = _thresholds(eligibility, fact)
    if fact.type == "birth_date":
        out: list[FactValue] = []
        for age in sorted({a + d for a in ages for d in (-1, 0, 1) if a + d >= 0}):
            # Someone who turned ``age`` about 100 days ago: clear of every birthday edge.
            born = years_before(today, age)
            out.append(BirthDate.on(born - timedelta(days=100)))
        out.extend(BirthDate.on(d + timedelta(days=k)) for d in sorted(dates) for k in (-1, 0, 1))
        return out or [BirthDate.on(years_before(today, 30))]
    step = 1.0
    values = sorted({max(fact.minimum, n + d) for n in numbers for d in (-step, 0.0, step)})
    return [Range.exactly(v) for v in values] or [Range.exactly(fact.minimum)]


def _compared_values(eligibility: Eligibility, node: Compare) -> list[Any]:
    if isinstance(node.value, TableRef):
        return list(eligibility.tables[node.value.table].values.values())
    if isinstance(node.value, tuple):
        return list(node.value)
    return [node.value]


def _thresholds(eligibility: Eligibility, fact: Fact) -> tuple[set[float], set[date], set[int]]:
    """The numbers, birth dates and ages the rules compare ``fact`` with."""
    numbers: set[float] = set()
    dates: set[date] = set()
    ages: set[int] = set()
    for rule in eligibility.rules.values():
        for node in walk(rule.condition):
            if not isinstance(node, Compare):
                continue
            values = _compared_values(eligibility, node)
            if node.fact == fact.id and fact.type in ("count", "money"):
                numbers.update(v for v in values if isinstance(v, float))
            elif fact.type == "birth_date" and eligibility.facts[node.fact].derived_from == fact.id:
                ages.update(int(v) for v in values if isinstance(v, float))
            elif fact.type == "birth_date" and node.fact == fact.id:
                dates.update(v for v in values if isinstance(v, date))
    for table in eligibility.tables.values():
        if table.by == fact.id and table.values:
            numbers.update(float(k) for k in table.values)
    return numbers, dates, ages


def next_fact(
    eligibility: Eligibility,
    known: Mapping[str, FactValue],
    today: date,
    program_ids: Sequence[str],
    skipped: Iterable[str] = (),
) -> str | None:
    """The question that settles the most undecided programs (memoised: most users start
    from the same few situations, and planning costs milliseconds)."""
    plan = _Plan(known, today, tuple(program_ids), frozenset(skipped))
    try:
        key = (frozenset(known.items()), today, plan.program_ids, plan.skipped)
        hash(key)
    except TypeError:
        return _plan_next_fact(eligibility, plan)
    cache = eligibility.plan_cache
    if key not in cache:
        if len(cache) >= _NEXT_FACT_CACHE_SIZE:
            cache.clear()
        cache[key] = _plan_next_fact(eligibility, plan)
    return cache[key]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one planning question depends on."""

    known: Mapping[str, FactValue]
    today: date
    program_ids: tuple[str, ...]
    skipped: frozenset[str]


def _plan_next_fact(eligibility: Eligibility, plan: _Plan) -> str | None:
    """The question that settles the most undecided programs, or None when none is left.

    A question's score is the average number of still-undecided programs that one of its
    representative answers would decide. Ties go to the fact relevant to more programs,
    then to the order of ``facts.yaml`` (so the conversation reads naturally).
    """
    known, today, program_ids, skipped = plan.known, plan.today, plan.program_ids, plan.skipped
    situation = eligibility.situation(known, today)
    undecided: list[ProgramRule] = []
    relevance: dict[str, int] = {}
    for program_id in program_ids:
        rule = eligibility.rules.get(program_id)
        if rule is None:
            continue
        outcome = evaluate(rule.condition, situation)
        missing = _askable_missing(outcome, known, skipped)
        if outcome.verdict is Verdict.UNKNOWN and missing:
            undecided.append(rule)
            for fact_id in missing:
                relevance[fact_id] = relevance.get(fact_id, 0) + 1
    if not relevance:
        return None
    order = {fact_id: i for i, fact_id in enumerate(eligibility.facts)}
    best: tuple[float, int, int] | None = None
    best_fact: str | None = None
    for fact_id in relevance:
        answers = sample_answers(eligibility, fact_id, today)
        settled = 0
        for answer in answers:
            trial = eligibility.situation({**known, fact_id: answer}, today)
            settled += sum(1 for rule in undecided if evaluate(rule.condition, trial).decided)
        key = (settled / len(answers), relevance[fact_id], -order.get(fact_id, 0))
        if best is None or key > best:
            best, best_fact = key, fact_id
    return best_fact
