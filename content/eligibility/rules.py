"""A small rule language for program conditions, and its three-valued evaluator.

A rule is a tree written in YAML::

    all:
      - {fact: age, between: [18, 39]}
      - any:
          - {fact: goyang_resident, is: true}
          - {fact: goyang_study_or_work, is: true}
        explain: {ko: 고양시에 살거나 고양시 학교·직장에 다녀야 해요, en: ...}
      - not: {fact: employed, is: true}
        explain: {ko: 지금 일하고 있지 않아야 해요, en: ...}

A ``cannot_check: {ko: …}`` leaf is a condition the bot cannot check: it is always
unknown and its text says what to confirm and with whom. Leaves compare one fact:
``is``, ``is_not``, ``one_of`` (yes/no and choices), and ``at_least``, ``at_most``,
``more_than``, ``less_than``, ``between`` (numbers, ages, birth dates; a number may be
``{table: <id>}``, looked up by the table's key fact).
``on_day: quarter_start`` makes an age comparison use the first day of the current quarter
(the 청년기본소득 birth window). Any node may carry ``explain`` (ko/en text with
``{value}`` and ``{threshold}``) to word its failure.

``evaluate`` answers YES, NO (with the conditions that failed, their thresholds and the
user's values) or UNKNOWN (with the facts that are missing, or the reasons a condition
cannot be checked). Knowledge may be partial: an age range or "10년 이상" decides every
comparison it can and leaves only the rest unknown.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from content.eligibility.facts import Fact, FactValue
from content.localized import LocalizedText
from content.text.ages import BirthDate
from content.text.ranges import Range

NUMBER_OPS = ("at_least", "at_most", "more_than", "less_than", "between")
EQUALITY_OPS = ("is", "is_not", "one_of")
OPS = EQUALITY_OPS + NUMBER_OPS
REFERENCE_DAYS = ("today", "quarter_start")
_LOCALIZED: TypeAdapter[dict[str, str]] = TypeAdapter(LocalizedText)


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class TableRef:
    table: str


@dataclass(frozen=True, slots=True)
class Compare:
    fact: str
    op: str
    value: Any  # bool | str | tuple[str, ...] | float | date | TableRef | (low, high)
    on: str = "today"
    explain: LocalizedText | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Condition, ...]
    explain: LocalizedText | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Condition, ...]
    explain: LocalizedText | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition
    explain: LocalizedText | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class CannotCheck:
    """A condition the bot cannot check: always unknown, with the reason to show."""

    reason: LocalizedText
    path: str = ""


Condition = Compare | AllOf | AnyOf | Not | CannotCheck


def walk(condition: Condition) -> Iterator[Condition]:
    yield condition
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            yield from walk(item)
    elif isinstance(condition, Not):
        yield from walk(condition.item)


def facts_used(condition: Condition) -> set[str]:
    return {node.fact for node in walk(condition) if isinstance(node, Compare)}


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class Table:
    """A dated lookup table (e.g. 도시근로자 월평균소득 by household size)."""

    id: str
    by: str
    values: Mapping[int, float]
    as_of: date | None
    source: str | None
    missing_note: LocalizedText


# --------------------------------------------------------------------------- parsing


class RuleProblems(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {p}" for f, p in problems))
        self.problems = problems


def parse_condition(
    raw: Any, facts: Mapping[str, Fact], tables: Mapping[str, Table], path: str = "conditions"
) -> Condition:
    """Build a condition tree from YAML data; raises ``RuleProblems`` naming every bad field."""
    problems: list[tuple[str, str]] = []
    node = _parse(raw, facts, tables, path, problems)
    if problems or node is None:
        raise RuleProblems(problems or [(path, "is empty")])
    return node


def _explain(raw: dict[str, Any], path: str, problems: list[tuple[str, str]]) -> Any:
    if "explain" not in raw:
        return None
    try:
        return _LOCALIZED.validate_python(raw["explain"])
    except ValidationError as exc:
        problems.append((f"{path}.explain", exc.errors(include_url=False)[0]["msg"]))
        return None


def _parse(
    raw: Any,
    facts: Mapping[str, Fact],
    tables: Mapping[str, Table],
    path: str,
    problems: list[tuple[str, str]],
) -> Condition | None:
    if not isinstance(raw, dict):
        problems.append((path, "must be a mapping (all/any/not, or fact with a comparison)"))
        return None
    explain = _explain(raw, path, problems)
    for group, cls in (("all", AllOf), ("any", AnyOf)):
        if group in raw:
            extra = set(raw) - {group, "explain"}
            if extra:
                problems.append((path, f"unexpected field(s) {sorted(extra)} beside '{group}'"))
            items = raw[group]
            if not isinstance(items, list) or not items:
                problems.append((f"{path}.{group}", "must be a non-empty list of conditions"))
                return None
            parsed = [
                _parse(item, facts, tables, f"{path}.{group}.{i}", problems)
                for i, item in enumerate(items)
            ]
            if any(p is None for p in parsed):
                return None
            return cls(tuple(p for p in parsed if p is not None), explain, path)
    if "not" in raw:
        extra = set(raw) - {"not", "explain"}
        if extra:
            problems.append((path, f"unexpected field(s) {sorted(extra)} beside 'not'"))
        if explain is None:
            problems.append((f"{path}.explain", "a 'not' condition needs an 'explain' text"))
        inner = _parse(raw["not"], facts, tables, f"{path}.not", problems)
        return None if inner is None else Not(inner, explain, path)
    if "fact" in raw:
        return _parse_compare(raw, facts, tables, path, explain, problems)
    if "cannot_check" in raw:
        extra = set(raw) - {"cannot_check"}
        if extra:
            problems.append((path, f"unexpected field(s) {sorted(extra)} beside 'cannot_check'"))
        try:
            return CannotCheck(_LOCALIZED.validate_python(raw["cannot_check"]), path)
        except ValidationError as exc:
            problems.append((f"{path}.cannot_check", exc.errors(include_url=False)[0]["msg"]))
            return None
    problems.append((path, f"has none of all/any/not/fact/cannot_check (found {sorted(raw)})"))
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_compare(
    raw: dict[str, Any],
    facts: Mapping[str, Fact],
    tables: Mapping[str, Table],
    path: str,
    explain: Any,
    problems: list[tuple[str, str]],
) -> Compare | None:
    fact_id = raw["fact"]
    fact = facts.get(fact_id) if isinstance(fact_id, str) else None
    if fact is None:
        problems.append((f"{path}.fact", f"unknown fact '{fact_id}' (not in facts.yaml)"))
        return None
    ops = [key for key in raw if key in OPS]
    unknown = set(raw) - set(OPS) - {"fact", "explain", "on_day"}
    if unknown:
        problems.append(
            (path, f"unknown operator/field(s) {sorted(unknown)}; use one of {list(OPS)}")
        )
        return None
    if len(ops) != 1:
        problems.append((path, f"needs exactly one comparison of {list(OPS)}, found {ops}"))
        return None
    op = ops[0]
    value = raw[op]
    where = f"{path}.{op}"
    on = raw.get("on_day", "today")
    if on not in REFERENCE_DAYS:
        problems.append((f"{path}.on_day", f"must be one of {list(REFERENCE_DAYS)}"))
        return None
    if on != "today" and fact.type != "age":
        problems.append((f"{path}.on_day", "only an age comparison can use 'on_day'"))
        return None

    def bad(problem: str) -> None:
        problems.append((where, problem))

    if fact.type == "yes_no":
        if op not in ("is", "is_not") or not isinstance(value, bool):
            bad(f"'{fact_id}' is a yes/no fact: compare with is: true or is: false")
            return None
    elif fact.type == "choice":
        ids = {c.id for c in fact.choices}
        if op in ("is", "is_not"):
            if value not in ids:
                bad(f"'{value}' is not a choice of '{fact_id}' ({sorted(ids)})")
                return None
        elif op == "one_of":
            if not isinstance(value, list) or not value or any(v not in ids for v in value):
                bad(f"must list choices of '{fact_id}' ({sorted(ids)})")
                return None
            value = tuple(value)
        else:
            bad(f"'{fact_id}' is a choice fact: use is, is_not or one_of")
            return None
    elif fact.type in ("count", "money", "age"):
        if op == "one_of":
            bad(f"'{fact_id}' is a number: use is, at_least, at_most, between …")
            return None
        if op == "between":
            if (
                not isinstance(value, list)
                or len(value) != 2
                or not all(_is_number(v) for v in value)
                or value[0] > value[1]
            ):
                bad("must be [low, high] numbers with low <= high")
                return None
            value = (float(value[0]), float(value[1]))
        elif isinstance(value, dict) and set(value) == {"table"}:
            table = tables.get(value["table"])
            if table is None:
                bad(f"unknown table '{value['table']}'")
                return None
            if op in ("is", "is_not"):
                bad("a table value can only be compared with at_least/at_most/…")
                return None
            value = TableRef(table.id)
        elif _is_number(value):
            value = float(value)
        else:
            bad(f"'{fact_id}' is a number: the value must be a number")
            return None
    elif fact.type == "birth_date":
        if op == "between":
            if (
                not isinstance(value, list)
                or len(value) != 2
                or not all(isinstance(v, date) for v in value)
                or value[0] > value[1]
            ):
                bad("must be [first day, last day] dates (YYYY-MM-DD), first <= last")
                return None
            value = (value[0], value[1])
        elif op in ("at_least", "at_most") and isinstance(value, date):
            pass
        else:
            bad("a birth date is compared with at_least/at_most/between and dates")
            return None
    return Compare(fact_id, op, value, on, explain, path)


# --------------------------------------------------------------------------- outcomes


class Verdict(enum.Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Failure:
    """A condition that failed: the node, the user's value and the threshold it missed."""

    condition: Condition
    value: Any = None
    threshold: Any = None
    reference_day: date | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    verdict: Verdict
    failures: tuple[Failure, ...] = ()
    missing: frozenset[str] = frozenset()
    unchecked: tuple[LocalizedText, ...] = ()

    @property
    def decided(self) -> bool:
        return self.verdict is not Verdict.UNKNOWN


YES = Outcome(Verdict.YES)


@dataclass(frozen=True, slots=True)
class Situation:
    """Everything an evaluation depends on besides the rule: facts, the day, tables."""

    known: Mapping[str, FactValue]
    today: date
    facts: Mapping[str, Fact]
    tables: Mapping[str, Table] = field(default_factory=dict)

    def base_fact(self, fact_id: str) -> str:
        fact = self.facts[fact_id]
        return fact.derived_from or fact_id if fact.type == "age" else fact_id


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


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


def _decide(op: str, low: Any, high: Any, low_open: bool, high_open: bool,
            t: Any) -> bool | None:
    """Does every value in the interval satisfy ``op t`` (True), none (False), or some?"""

    def all_at_least(x: Any) -> bool:
        return low is not None and low >= x

    def none_at_least(x: Any) -> bool:
        return high is not None and (high < x or (high == x and high_open))

    def all_more(x: Any) -> bool:
        return low is not None and (low > x or (low == x and low_open))

    def none_more(x: Any) -> bool:
        return high is not None and high <= x

    def all_at_most(x: Any) -> bool:
        return high is not None and high <= x

    def none_at_most(x: Any) -> bool:
        return low is not None and (low > x or (low == x and low_open))

    def all_less(x: Any) -> bool:
        return high is not None and (high < x or (high == x and high_open))

    def none_less(x: Any) -> bool:
        return low is not None and low >= x

    table = {
        "at_least": (all_at_least, none_at_least),
        "more_than": (all_more, none_more),
        "at_most": (all_at_most, none_at_most),
        "less_than": (all_less, none_less),
    }
    if op in table:
        every, none = table[op]
        return True if every(t) else False if none(t) else None
    if op == "between":
        first = _decide("at_least", low, high, low_open, high_open, t[0])
        second = _decide("at_most", low, high, low_open, high_open, t[1])
        if first is False or second is False:
            return False
        return True if first and second else None
    if op in ("is", "is_not"):
        exact = low is not None and low == high and low == t and not low_open and not high_open
        outside = none_at_least(t) or none_at_most(t)
        result = True if exact else False if outside else None
        if op == "is_not" and result is not None:
            return not result
        return result
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - rejected at load


def _evaluate_compare(node: Compare, situation: Situation) -> Outcome:
    fact = situation.facts[node.fact]
    base = situation.base_fact(node.fact)
    threshold = node.value
    table = situation.tables[threshold.table] if isinstance(threshold, TableRef) else None
    if table is not None and not table.values:
        # No figures to compare with: asking the fact would not help.
        return Outcome(Verdict.UNKNOWN, unchecked=(table.missing_note,))
    known = situation.known.get(base)
    if known is None:
        return Outcome(Verdict.UNKNOWN, missing=frozenset({base}))

    reference: date | None = None
    if table is not None:
        key_value = situation.known.get(table.by)
        if key_value is None:
            return Outcome(Verdict.UNKNOWN, missing=frozenset({table.by}))
        key = key_value.exact if isinstance(key_value, Range) else None
        if key is None or int(key) not in table.values:
            return Outcome(Verdict.UNKNOWN, unchecked=(table.missing_note,))
        threshold = table.values[int(key)]

    if fact.type in ("yes_no", "choice"):
        if node.op == "is":
            ok: bool | None = known == threshold
        elif node.op == "is_not":
            ok = known != threshold
        else:
            ok = known in threshold
    elif fact.type == "age":
        assert isinstance(known, BirthDate)
        reference = quarter_start(situation.today) if node.on == "quarter_start" \
            else situation.today
        youngest, oldest = known.age_range(reference)
        ok = _decide(node.op, youngest, oldest, False, False, threshold)
    elif fact.type == "birth_date":
        assert isinstance(known, BirthDate)
        ok = _decide(node.op, known.earliest, known.latest, False, False, threshold)
    else:
        assert isinstance(known, Range)
        ok = _decide(node.op, known.low, known.high, known.low_open, known.high_open,
                     threshold)

    if ok is True:
        return YES
    if ok is False:
        return Outcome(Verdict.NO, (Failure(node, known, threshold, reference),))
    return Outcome(Verdict.UNKNOWN, missing=frozenset({base}))
