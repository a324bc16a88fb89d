"""Reading a rule tree from YAML (see ``content.eligibility.rules`` for the language).

Every problem is collected as ``(field path, problem)``, so one load names every bad field
of a rule file, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from content.eligibility.facts import Fact
from content.eligibility.rules import (
    OPS,
    REFERENCE_DAYS,
    AllOf,
    AnyOf,
    CannotCheck,
    Compare,
    Condition,
    Not,
    Table,
    TableRef,
)
from content.localized import LocalizedText

_LOCALIZED: TypeAdapter[dict[str, str]] = TypeAdapter(LocalizedText)
ProblemList = list[tuple[str, str]]


class RuleProblems(Exception):
    def __init__(self, problems: ProblemList) -> None:
        super().__init__("; ".join(f"{f}: {p}" for f, p in problems))
        self.problems = problems


class _Bad(Exception):
    """One comparison value that does not fit its fact (the message names the fix)."""


def parse_condition(
    raw: Any, facts: Mapping[str, Fact], tables: Mapping[str, Table], path: str = "conditions"
) -> Condition:
    """Build a condition tree from YAML data; raises ``RuleProblems`` naming every bad field."""
    problems: ProblemList = []
    node = _Parser(facts, tables, problems).parse(raw, path)
    if problems or node is None:
        raise RuleProblems(problems or [(path, "is empty")])
    return node


class _Parser:
    def __init__(
        self, facts: Mapping[str, Fact], tables: Mapping[str, Table], problems: ProblemList
    ) -> None:
        self.facts = facts
        self.tables = tables
        self.problems = problems

    def parse(self, raw: Any, path: str) -> Condition | None:
        if not isinstance(raw, dict):
            self.problems.append(
                (path, "must be a mapping (all/any/not, or fact with a comparison)")
            )
            return None
        explain = self._explain(raw, path)
        kinds: dict[str, Callable[[dict[str, Any], str, Any], Condition | None]] = {
            "all": self._group,
            "any": self._group,
            "not": self._not,
            "fact": self._compare,
            "cannot_check": self._cannot_check,
        }
        for key, parse in kinds.items():
            if key in raw:
                return parse(raw, path, explain)
        self.problems.append(
            (path, f"has none of all/any/not/fact/cannot_check (found {sorted(raw)})")
        )
        return None

    def _explain(self, raw: dict[str, Any], path: str) -> Any:
        if "explain" not in raw:
            return None
        try:
            return _LOCALIZED.validate_python(raw["explain"])
        except ValidationError as exc:
            self.problems.append((f"{path}.explain", exc.errors(include_url=False)[0]["msg"]))
            return None

    def _only(self, raw: dict[str, Any], path: str, key: str, allowed: set[str]) -> None:
        extra = set(raw) - allowed
        if extra:
            self.problems.append((path, f"unexpected field(s) {sorted(extra)} beside '{key}'"))

    def _group(self, raw: dict[str, Any], path: str, explain: Any) -> Condition | None:
        key = "all" if "all" in raw else "any"
        self._only(raw, path, key, {key, "explain"})
        items = raw[key]
        if not isinstance(items, list) or not items:
            self.problems.append((f"{path}.{key}", "must be a non-empty list of conditions"))
            return None
        parsed = [self.parse(item, f"{path}.{key}.{i}") for i, item in enumerate(items)]
        children = tuple(p for p in parsed if p is not None)
        if len(children) != len(parsed):
            return None
        return AllOf(children, explain, path) if key == "all" else AnyOf(children, explain, path)

    def _not(self, raw: dict[str, Any], path: str, explain: Any) -> Condition | None:
        self._only(raw, path, "not", {"not", "explain"})
        if explain is None:
            self.problems.append((f"{path}.explain", "a 'not' condition needs an 'explain' text"))
        inner = self.parse(raw["not"], f"{path}.not")
        return None if inner is None else Not(inner, explain, path)

    def _cannot_check(self, raw: dict[str, Any], path: str, explain: Any) -> Condition | None:
        self._only(raw, path, "cannot_check", {"cannot_check"})
        try:
            return CannotCheck(_LOCALIZED.validate_python(raw["cannot_check"]), path)
        except ValidationError as exc:
            self.problems.append(
                (f"{path}.cannot_check", exc.errors(include_url=False)[0]["msg"])
            )
            return None

    def _compare(self, raw: dict[str, Any], path: str, explain: Any) -> Condition | None:
        header = self._compare_header(raw, path)
        if header is None:
            return None
        fact, op, on = header
        try:
            value = _VALUE_READERS[fact.type](fact, op, raw[op], self.tables)
        except _Bad as bad:
            self.problems.append((f"{path}.{op}", str(bad)))
            return None
        return Compare(fact.id, op, value, on, explain, path)

    def _compare_header(self, raw: dict[str, Any], path: str) -> tuple[Fact, str, str] | None:
        """The fact, the one operator and the reference day of a comparison."""
        fact_id = raw["fact"]
        fact = self.facts.get(fact_id) if isinstance(fact_id, str) else None
        ops = [key for key in raw if key in OPS]
        unknown = set(raw) - set(OPS) - {"fact", "explain", "on_day"}
        on = raw.get("on_day", "today")
        problem: tuple[str, str] | None = None
        if fact is None:
            problem = (f"{path}.fact", f"unknown fact '{fact_id}' (not in facts.yaml)")
        elif unknown:
            problem = (path, f"unknown operator/field(s) {sorted(unknown)}; use one of {list(OPS)}")
        elif len(ops) != 1:
            problem = (path, f"needs exactly one comparison of {list(OPS)}, found {ops}")
        elif on not in REFERENCE_DAYS:
            problem = (f"{path}.on_day", f"must be one of {list(REFERENCE_DAYS)}")
        elif on != "today" and fact.type != "age":
            problem = (f"{path}.on_day", "only an age comparison can use 'on_day'")
        if problem is not None or fact is None:
            self.problems.append(problem or (path, "no fact"))
            return None
        return fact, ops[0], on


# --------------------------------------------------------------------------- values by fact type


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _yes_no_value(fact: Fact, op: str, value: Any, tables: Mapping[str, Table]) -> Any:
    if op not in ("is", "is_not") or not isinstance(value, bool):
        raise _Bad(f"'{fact.id}' is a yes/no fact: compare with is: true or is: false")
    return value


def _choice_value(fact: Fact, op: str, value: Any, tables: Mapping[str, Table]) -> Any:
    ids = {c.id for c in fact.choices}
    if op in ("is", "is_not"):
        if value not in ids:
            raise _Bad(f"'{value}' is not a choice of '{fact.id}' ({sorted(ids)})")
        return value
    if op == "one_of":
        if not isinstance(value, list) or not value or any(v not in ids for v in value):
            raise _Bad(f"must list choices of '{fact.id}' ({sorted(ids)})")
        return tuple(value)
    raise _Bad(f"'{fact.id}' is a choice fact: use is, is_not or one_of")


def _number_value(fact: Fact, op: str, value: Any, tables: Mapping[str, Table]) -> Any:
    if op == "one_of":
        raise _Bad(f"'{fact.id}' is a number: use is, at_least, at_most, between …")
    if op == "between":
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(_is_number(v) for v in value)
            or value[0] > value[1]
        ):
            raise _Bad("must be [low, high] numbers with low <= high")
        return (float(value[0]), float(value[1]))
    if isinstance(value, dict) and set(value) == {"table"}:
        table = tables.get(value["table"])
        if table is None:
            raise _Bad(f"unknown table '{value['table']}'")
        if op in ("is", "is_not"):
            raise _Bad("a table value can only be compared with at_least/at_most/…")
        return TableRef(table.id)
    if _is_number(value):
        return float(value)
    raise _Bad(f"'{fact.id}' is a number: the value must be a number")


def _birth_date_value(fact: Fact, op: str, value: Any, tables: Mapping[str, Table]) -> Any:
    if op == "between":
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, date) for v in value)
            or value[0] > value[1]
        ):
            raise _Bad("must be [first day, last day] dates (YYYY-MM-DD), first <= last")
        return (value[0], value[1])
    if op in ("at_least", "at_most") and isinstance(value, date):
        return value
    raise _Bad("a birth date is compared with at_least/at_most/between and dates")


_VALUE_READERS: dict[str, Callable[[Fact, str, Any, Mapping[str, Table]], Any]] = {
    "yes_no": _yes_no_value,
    "choice": _choice_value,
    "count": _number_value,
    "money": _number_value,
    "age": _number_value,
    "birth_date": _birth_date_value,
}
