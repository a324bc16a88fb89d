"""Eligibility as the catalogue holds it: facts, dated tables and one rule per program."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from content.eligibility.facts import Fact, FactValue
from content.eligibility.rules import Condition, Situation, Table
from content.localized import LocalizedText


@dataclass(frozen=True, slots=True)
class ProgramRule:
    program_id: str
    condition: Condition
    sources: tuple[str, ...]
    as_of: date
    to_confirm: tuple[LocalizedText, ...]
    notes: tuple[LocalizedText, ...]


@dataclass(frozen=True)
class Eligibility:
    """Everything the eligibility check needs from content: facts, tables, rules."""

    facts: dict[str, Fact]
    tables: dict[str, Table]
    rules: dict[str, ProgramRule]
    plan_cache: dict[tuple[Any, ...], str | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def asked_facts(self) -> list[Fact]:
        return [f for f in self.facts.values() if f.asked]

    def situation(self, known: Mapping[str, FactValue], today: date) -> Situation:
        return Situation(known=known, today=today, facts=self.facts, tables=self.tables)
