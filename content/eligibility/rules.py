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

This module holds the tree and the outcome types. ``rule_parser.parse_condition`` builds a
tree from YAML (naming every bad field); ``evaluation.evaluate`` answers YES, NO (with the
conditions that failed, their thresholds and the user's values) or UNKNOWN (with the facts
that are missing, or the reasons a condition cannot be checked).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from content.eligibility.facts import Fact, FactValue
from content.localized import LocalizedText

NUMBER_OPS = ("at_least", "at_most", "more_than", "less_than", "between")
EQUALITY_OPS = ("is", "is_not", "one_of")
OPS = EQUALITY_OPS + NUMBER_OPS
REFERENCE_DAYS = ("today", "quarter_start")


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
