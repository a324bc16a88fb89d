"""The three-valued evaluator of rule trees (``content.eligibility.rules``).

``evaluate`` answers YES, NO (with the conditions that failed, their thresholds and the
user's values) or UNKNOWN (with the facts that are missing, or the reasons a condition
cannot be checked). Knowledge may be partial: an age range or "10년 이상" decides every
comparison it can and leaves only the rest unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from content.eligibility.facts import Fact, FactValue
from content.eligibility.rules import (
    YES,
    AllOf,
    CannotCheck,
    Compare,
    Condition,
    Failure,
    Not,
    Outcome,
    Situation,
    Table,
    TableRef,
    Verdict,
    quarter_start,
)
from content.localized import LocalizedText
from content.text.ages import BirthDate
from content.text.ranges import Range


def evaluate(condition: Condition, situation: Situation) -> Outcome:
    if isinstance(condition, CannotCheck):
        return Outcome(Verdict.UNKNOWN, unchecked=(condition.reason,))
    if isinstance(condition, Compare):
        return _evaluate_compare(condition, situation)
    if isinstance(condition, Not):
        inner = evaluate(condition.item, situation)
        if inner.verdict is Verdict.YES:
            return Outcome(Verdict.NO, (Failure(condition),))
        if inner.verdict is Verdict.NO:
            return YES
        return inner
    outcomes = [evaluate(item, situation) for item in condition.items]
    if isinstance(condition, AllOf):
        failed = [o for o in outcomes if o.verdict is Verdict.NO]
        if failed:
            if condition.explain is not None:
                return Outcome(Verdict.NO, (Failure(condition),))
            return Outcome(Verdict.NO, tuple(f for o in failed for f in o.failures))
        return _merge_unknown(outcomes)
    # AnyOf
    if any(o.verdict is Verdict.YES for o in outcomes):
        return YES
    if all(o.verdict is Verdict.NO for o in outcomes):
        if condition.explain is not None:
            return Outcome(Verdict.NO, (Failure(condition),))
        return Outcome(Verdict.NO, tuple(f for o in outcomes for f in o.failures))
    return _merge_unknown([o for o in outcomes if o.verdict is Verdict.UNKNOWN])


def _merge_unknown(outcomes: list[Outcome]) -> Outcome:
    unknown = [o for o in outcomes if o.verdict is Verdict.UNKNOWN]
    if not unknown:
        return YES
    missing = frozenset().union(*(o.missing for o in unknown))
    unchecked: list[LocalizedText] = []
    for o in unknown:
        for note in o.unchecked:
            if note not in unchecked:
                unchecked.append(note)
    return Outcome(Verdict.UNKNOWN, (), missing, tuple(unchecked))


# --------------------------------------------------------------------------- comparisons


@dataclass(frozen=True, slots=True)
class Interval:
    """What is known of a value: between ``low`` and ``high`` (None: unbounded)."""

    low: Any
    high: Any
    low_open: bool = False
    high_open: bool = False


def _all_at_least(i: Interval, x: Any) -> bool:
    return i.low is not None and i.low >= x


def _all_below(i: Interval, x: Any) -> bool:
    return i.high is not None and (i.high < x or (i.high == x and i.high_open))


def _all_above(i: Interval, x: Any) -> bool:
    return i.low is not None and (i.low > x or (i.low == x and i.low_open))


def _all_at_most(i: Interval, x: Any) -> bool:
    return i.high is not None and i.high <= x


# op -> (every value satisfies it, no value does)
_BOUNDS: dict[str, tuple[Callable[[Interval, Any], bool], Callable[[Interval, Any], bool]]] = {
    "at_least": (_all_at_least, _all_below),
    "more_than": (_all_above, _all_at_most),
    "at_most": (_all_at_most, _all_above),
    "less_than": (_all_below, _all_at_least),
}


def _decide(op: str, known: Interval, t: Any) -> bool | None:
    """Does every value in the interval satisfy ``op t`` (True), none (False), or some?"""
    if op in _BOUNDS:
        every, none = _BOUNDS[op]
        return True if every(known, t) else False if none(known, t) else None
    if op == "between":
        first = _decide("at_least", known, t[0])
        second = _decide("at_most", known, t[1])
        if first is False or second is False:
            return False
        return True if first and second else None
    if op in ("is", "is_not"):
        exact = (known.low is not None and known.low == known.high == t
                 and not known.low_open and not known.high_open)
        outside = _all_below(known, t) or _all_above(known, t)
        result = True if exact else False if outside else None
        if op == "is_not" and result is not None:
            return not result
        return result
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - rejected at load


def _table_threshold(table: Table, situation: Situation) -> float | Outcome:
    """The table's figure for the user's key fact, or why it cannot be looked up."""
    key_value = situation.known.get(table.by)
    if key_value is None:
        return Outcome(Verdict.UNKNOWN, missing=frozenset({table.by}))
    key = key_value.exact if isinstance(key_value, Range) else None
    if key is None or int(key) not in table.values:
        return Outcome(Verdict.UNKNOWN, unchecked=(table.missing_note,))
    return table.values[int(key)]


def _compare_known(
    fact: Fact, node: Compare, known: FactValue, threshold: Any, today: date
) -> tuple[bool | None, date | None]:
    """Whether ``known`` meets the comparison, and the day an age was counted on."""
    if fact.type in ("yes_no", "choice"):
        if node.op == "is":
            return known == threshold, None
        if node.op == "is_not":
            return known != threshold, None
        return known in threshold, None
    if fact.type == "age":
        assert isinstance(known, BirthDate)
        reference = quarter_start(today) if node.on == "quarter_start" else today
        youngest, oldest = known.age_range(reference)
        return _decide(node.op, Interval(youngest, oldest), threshold), reference
    if fact.type == "birth_date":
        assert isinstance(known, BirthDate)
        return _decide(node.op, Interval(known.earliest, known.latest), threshold), None
    assert isinstance(known, Range)
    interval = Interval(known.low, known.high, known.low_open, known.high_open)
    return _decide(node.op, interval, threshold), None


def _evaluate_compare(node: Compare, situation: Situation) -> Outcome:
    base = situation.base_fact(node.fact)
    threshold = node.value
    table = situation.tables[threshold.table] if isinstance(threshold, TableRef) else None
    if table is not None and not table.values:
        # No figures to compare with: asking the fact would not help.
        return Outcome(Verdict.UNKNOWN, unchecked=(table.missing_note,))
    known = situation.known.get(base)
    if known is None:
        return Outcome(Verdict.UNKNOWN, missing=frozenset({base}))
    if table is not None:
        looked_up = _table_threshold(table, situation)
        if isinstance(looked_up, Outcome):
            return looked_up
        threshold = looked_up
    ok, reference = _compare_known(situation.facts[node.fact], node, known, threshold,
                                   situation.today)
    if ok is True:
        return YES
    if ok is False:
        return Outcome(Verdict.NO, (Failure(node, known, threshold, reference),))
    return Outcome(Verdict.UNKNOWN, missing=frozenset({base}))
