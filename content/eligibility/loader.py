"""Eligibility as data: load facts, tables and program rules from the content files.

Files (all staff-editable):

* ``eligibility/facts.yaml``: the facts we may ask (see ``content.eligibility.facts``).
* ``eligibility/tables.yaml``: dated lookup tables (e.g. income thresholds by household).
* ``rules/<program_id>.yaml``: one program's machine-checked ``conditions`` (see
  ``content.eligibility.rules``), the conditions the bot cannot check (``to_confirm``: they make the
  result "확인이 필요해요" and say why), ``notes`` shown with a result, ``sources`` and
  ``as_of``.

``load_eligibility`` reports every problem as ``file: program: field: problem``; the result
is attached to ``Catalogue.eligibility``. What is done with it is pure functions of
(rules, known facts, today): ``assessment.assess`` gives each program a group with reasons,
``planning.next_fact`` picks the question that settles the most undecided programs, and
``timing.timing_notes`` gives age-out, age-in and quarter-window notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field

from content.eligibility.facts import Fact
from content.eligibility.model import Eligibility, ProgramRule
from content.eligibility.rule_parser import RuleProblems, parse_condition
from content.eligibility.rules import Table
from content.files import Problems, parse_entry, parse_list, read_yaml
from content.localized import LocalizedText
from content.models import IDENTIFIER, Program, Sources, Strict


class RuleFile(Strict):
    program: str = Field(pattern=IDENTIFIER)
    sources: Sources
    as_of: date
    conditions: Any
    to_confirm: list[LocalizedText] = Field(default_factory=list)
    notes: list[LocalizedText] = Field(default_factory=list)


class TableFile(Strict):
    id: str = Field(pattern=IDENTIFIER)
    label: LocalizedText
    by: str = Field(pattern=IDENTIFIER)
    values: dict[int, float] = Field(default_factory=dict)
    as_of: date | None = None
    source: str | None = Field(default=None, pattern=r"^https?://\S+$")
    missing_note: LocalizedText


def _entry_id(item: dict[str, Any], index: int) -> str:
    return str(item.get("id", index + 1))


def load_eligibility(
    root: Path, problems: Problems, programs: Mapping[str, Program]
) -> Eligibility:
    """Facts, tables and rules under ``root``; problems are added to ``problems``."""
    facts = load_facts(root / "eligibility" / "facts.yaml", problems)
    tables = load_tables(root / "eligibility" / "tables.yaml", facts, problems)
    rules: dict[str, ProgramRule] = {}
    rules_folder = root / "rules"
    for path in sorted(rules_folder.glob("*.yaml")) if rules_folder.is_dir() else []:
        rule = load_rule(path, facts, tables, programs, problems)
        if rule is not None:
            rules[rule.program_id] = rule
    return Eligibility(facts=facts, tables=tables, rules=rules)


def load_facts(path: Path, problems: Problems) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    for fact in parse_list(path, Fact, problems, _entry_id):
        if fact.id in facts:
            problems.add(path, fact.id, "id", "is used twice")
        facts[fact.id] = fact
    for fact in facts.values():
        if fact.derived_from is None:
            continue
        source = facts.get(fact.derived_from)
        if source is None or source.type != "birth_date":
            problems.add(
                path, fact.id, "derived_from", f"'{fact.derived_from}' must be a birth_date fact"
            )
    return facts


def load_tables(path: Path, facts: Mapping[str, Fact], problems: Problems) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    if not path.exists():
        return tables
    for entry in parse_list(path, TableFile, problems, _entry_id):
        key_fact = facts.get(entry.by)
        if key_fact is None or key_fact.type != "count":
            problems.add(path, entry.id, "by", f"'{entry.by}' must be a count fact in facts.yaml")
        if entry.id in tables:
            problems.add(path, entry.id, "id", "is used twice")
        tables[entry.id] = Table(
            entry.id, entry.by, dict(entry.values), entry.as_of, entry.source, entry.missing_note
        )
    return tables


def load_rule(
    path: Path,
    facts: Mapping[str, Fact],
    tables: Mapping[str, Table],
    programs: Mapping[str, Program],
    problems: Problems,
) -> ProgramRule | None:
    """One ``rules/<program>.yaml``, or None (with its problems added) when it is bad."""
    raw = read_yaml(path, problems)
    if raw is None:
        return None
    entry_name = str(raw.get("program", path.stem)) if isinstance(raw, dict) else path.stem
    rule_file = parse_entry(path, raw, RuleFile, entry_name, problems)
    if rule_file is None:
        return None
    if rule_file.program != path.stem:
        problems.add(path, entry_name, "program", f"must match the file name '{path.stem}'")
        return None
    if rule_file.program not in programs:
        problems.add(
            path, entry_name, "program", f"'{rule_file.program}' is not a program in programs/"
        )
        return None
    try:
        condition = parse_condition(rule_file.conditions, facts, tables)
    except RuleProblems as exc:
        for fieldname, problem in exc.problems:
            problems.add(path, entry_name, fieldname, problem)
        return None
    return ProgramRule(
        program_id=rule_file.program,
        condition=condition,
        sources=tuple(rule_file.sources),
        as_of=rule_file.as_of,
        to_confirm=tuple(rule_file.to_confirm),
        notes=tuple(rule_file.notes),
    )
