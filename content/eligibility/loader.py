"""Eligibility as data: load facts, tables and program rules; assess; choose the next question.

Files (all staff-editable):

* ``eligibility/facts.yaml``: the facts we may ask (see ``content.eligibility.facts``).
* ``eligibility/tables.yaml``: dated lookup tables (e.g. income thresholds by household).
* ``rules/<program_id>.yaml``: one program's machine-checked ``conditions`` (see
  ``content.eligibility.rules``), the conditions the bot cannot check (``to_confirm``: they make the
  result "확인이 필요해요" and say why), ``notes`` shown with a result, ``sources`` and
  ``as_of``.

``load_eligibility`` reports every problem as ``file: program: field: problem`` and is
attached to ``Catalogue.eligibility``. The rest is pure functions of
(rules, known facts, today): ``assess`` gives each program a group with reasons,
``next_fact`` picks the question that settles the most undecided programs, and
``timing_notes`` gives age-out, age-in and quarter-window notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from content.eligibility.facts import Fact, FactValue
from content.eligibility.rules import (
    AllOf,
    Compare,
    Condition,
    Outcome,
    RuleProblems,
    Situation,
    Table,
    TableRef,
    Verdict,
    evaluate,
    parse_condition,
    quarter_start,
    walk,
)
from content.files import Problems, parse_entry, parse_list, read_yaml
from content.localized import LocalizedText
from content.models import IDENTIFIER, Program, Strict
from content.text.ages import BirthDate, first_day_aged, last_day_aged, manse_age
from content.text.ranges import Range

Group = Literal["eligible", "to_check", "not_eligible", "not_running"]
GROUP_ORDER: tuple[Group, ...] = ("eligible", "to_check", "not_eligible", "not_running")
NOT_RUNNING_STATUSES = frozenset({"suspended", "ended"})
AGE_OUT_NOTICE_DAYS = 365  # "…까지/…부터 신청할 수 있어요" only when the day is this close


# --------------------------------------------------------------------------- file models


class RuleFile(Strict):
    program: str = Field(pattern=IDENTIFIER)
    sources: list[str] = Field(min_length=1)
    as_of: date
    conditions: Any
    to_confirm: list[LocalizedText] = Field(default_factory=list)
    notes: list[LocalizedText] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"^https?://\S+$", url):
                raise ValueError(f"'{url}' is not a web address")
        return value


class TableFile(Strict):
    id: str = Field(pattern=IDENTIFIER)
    label: LocalizedText
    by: str = Field(pattern=IDENTIFIER)
    values: dict[int, float] = Field(default_factory=dict)
    as_of: date | None = None
    source: str | None = Field(default=None, pattern=r"^https?://\S+$")
    missing_note: LocalizedText


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


# --------------------------------------------------------------------------- loading


def load_eligibility(
    root: Path, problems: Problems, programs: Mapping[str, Program]
) -> Eligibility:
    """Facts, tables and rules under ``root``; problems are added to ``problems``."""

    folder = root / "eligibility"
    facts_path = folder / "facts.yaml"
    fact_list = parse_list(facts_path, Fact, problems, lambda item, i: str(item.get("id", i + 1)))
    facts: dict[str, Fact] = {}
    for fact in fact_list:
        if fact.id in facts:
            problems.add(facts_path, fact.id, "id", "is used twice")
        facts[fact.id] = fact
    for fact in facts.values():
        if fact.derived_from is not None:
            source = facts.get(fact.derived_from)
            if source is None or source.type != "birth_date":
                problems.add(
                    facts_path,
                    fact.id,
                    "derived_from",
                    f"'{fact.derived_from}' must be a birth_date fact",
                )

    tables: dict[str, Table] = {}
    tables_path = folder / "tables.yaml"
    if tables_path.exists():
        for entry in parse_list(
            tables_path, TableFile, problems, lambda item, i: str(item.get("id", i + 1))
        ):
            key_fact = facts.get(entry.by)
            if key_fact is None or key_fact.type != "count":
                problems.add(
                    tables_path, entry.id, "by", f"'{entry.by}' must be a count fact in facts.yaml"
                )
            if entry.id in tables:
                problems.add(tables_path, entry.id, "id", "is used twice")
            tables[entry.id] = Table(
                entry.id,
                entry.by,
                dict(entry.values),
                entry.as_of,
                entry.source,
                entry.missing_note,
            )

    rules: dict[str, ProgramRule] = {}
    rules_folder = root / "rules"
    for path in sorted(rules_folder.glob("*.yaml")) if rules_folder.is_dir() else []:
        raw = read_yaml(path, problems)
        if raw is None:
            continue
        entry_name = str(raw.get("program", path.stem)) if isinstance(raw, dict) else path.stem
        rule_file = parse_entry(path, raw, RuleFile, entry_name, problems)
        if rule_file is None:
            continue
        if rule_file.program != path.stem:
            problems.add(path, entry_name, "program", f"must match the file name '{path.stem}'")
            continue
        if rule_file.program not in programs:
            problems.add(
                path, entry_name, "program", f"'{rule_file.program}' is not a program in programs/"
            )
            continue
        try:
            condition = parse_condition(rule_file.conditions, facts, tables)
        except RuleProblems as exc:
            for fieldname, problem in exc.problems:
                problems.add(path, entry_name, fieldname, problem)
            continue
        rules[rule_file.program] = ProgramRule(
            program_id=rule_file.program,
            condition=condition,
            sources=tuple(rule_file.sources),
            as_of=rule_file.as_of,
            to_confirm=tuple(rule_file.to_confirm),
            notes=tuple(rule_file.notes),
        )
    return Eligibility(facts=facts, tables=tables, rules=rules)


# --------------------------------------------------------------------------- assessing


@dataclass(frozen=True, slots=True)
class Assessment:
    program_id: str
    outcome: Outcome
    running: bool

    @property
    def group(self) -> Group:
        if not self.running:
            return "not_running"
        return _GROUP_OF[self.outcome.verdict]


_GROUP_OF: dict[Verdict, Group] = {
    Verdict.YES: "eligible",
    Verdict.NO: "not_eligible",
    Verdict.UNKNOWN: "to_check",
}


def is_running(program: Program | None) -> bool:
    return program is None or program.status not in NOT_RUNNING_STATUSES


def assess_rule(rule: ProgramRule, situation: Situation) -> Outcome:
    """The rule's outcome, with the conditions the bot cannot check folded in."""
    outcome = evaluate(rule.condition, situation)
    if outcome.verdict is Verdict.NO or not rule.to_confirm:
        return outcome
    unchecked = list(outcome.unchecked)
    unchecked.extend(note for note in rule.to_confirm if note not in unchecked)
    return Outcome(Verdict.UNKNOWN, (), outcome.missing, tuple(unchecked))


def assess(
    eligibility: Eligibility,
    programs: Mapping[str, Program],
    known: Mapping[str, FactValue],
    today: date,
    program_ids: Iterable[str] | None = None,
) -> list[Assessment]:
    """Every program (or those named) that has rules, in rule-file order."""
    situation = eligibility.situation(known, today)
    wanted = list(program_ids) if program_ids is not None else list(eligibility.rules)
    out = []
    for program_id in wanted:
        rule = eligibility.rules.get(program_id)
        if rule is None:
            continue
        out.append(
            Assessment(
                program_id, assess_rule(rule, situation), is_running(programs.get(program_id))
            )
        )
    return out


def grouped(assessments: Sequence[Assessment]) -> dict[Group, list[Assessment]]:
    groups: dict[Group, list[Assessment]] = {g: [] for g in GROUP_ORDER}
    for assessment in assessments:
        groups[assessment.group].append(assessment)
    return groups


# --------------------------------------------------------------------------- planning


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
    numbers: set[float] = set()
    dates: set[date] = set()
    ages: set[int] = set()
    for rule in eligibility.rules.values():
        for node in walk(rule.condition):
            if not isinstance(node, Compare):
                continue
            node_fact = eligibility.facts[node.fact]
            values: list[Any] = []
            if isinstance(node.value, TableRef):
                values = list(eligibility.tables[node.value.table].values.values())
            elif isinstance(node.value, tuple):
                values = list(node.value)
            else:
                values = [node.value]
            if node.fact == fact_id and fact.type in ("count", "money"):
                numbers.update(v for v in values if isinstance(v, float))
            elif fact.type == "birth_date" and node_fact.derived_from == fact_id:
                ages.update(int(v) for v in values if isinstance(v, float))
            elif fact.type == "birth_date" and node.fact == fact_id:
                dates.update(v for v in values if isinstance(v, date))
    for table in eligibility.tables.values():
        if table.by == fact_id and table.values:
            numbers.update(float(k) for k in table.values)
    if fact.type == "birth_date":
        out: list[FactValue] = []
        for age in sorted({a + d for a in ages for d in (-1, 0, 1) if a + d >= 0}):
            # Someone who turned ``age`` about 100 days ago: clear of every birthday edge.
            born = _years_before(today, age)
            out.append(BirthDate.on(born - timedelta(days=100)))
        out.extend(BirthDate.on(d + timedelta(days=k)) for d in sorted(dates) for k in (-1, 0, 1))
        return out or [BirthDate.on(_years_before(today, 30))]
    step = 1.0
    values = sorted({max(fact.minimum, n + d) for n in numbers for d in (-step, 0.0, step)})
    return [Range.exactly(v) for v in values] or [Range.exactly(fact.minimum)]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


_NEXT_FACT_CACHE_SIZE = 4096


def next_fact(
    eligibility: Eligibility,
    known: Mapping[str, FactValue],
    today: date,
    program_ids: Sequence[str],
    skipped: Iterable[str] = (),
) -> str | None:
    """The question that settles the most undecided programs (memoised: most users start
    from the same few situations, and planning costs milliseconds)."""
    skipped = frozenset(skipped)
    try:
        key = (frozenset(known.items()), today, tuple(program_ids), skipped)
        hash(key)
    except TypeError:
        return _plan_next_fact(eligibility, known, today, program_ids, skipped)
    cache = eligibility.plan_cache
    if key not in cache:
        if len(cache) >= _NEXT_FACT_CACHE_SIZE:
            cache.clear()
        cache[key] = _plan_next_fact(eligibility, known, today, program_ids, skipped)
    return cache[key]


def _plan_next_fact(
    eligibility: Eligibility,
    known: Mapping[str, FactValue],
    today: date,
    program_ids: Sequence[str],
    skipped: Iterable[str] = (),
) -> str | None:
    """The question that settles the most undecided programs, or None when none is left.

    A question's score is the average number of still-undecided programs that one of its
    representative answers would decide. Ties go to the fact relevant to more programs,
    then to the order of ``facts.yaml`` (so the conversation reads naturally).
    """
    skipped = set(skipped)
    situation = eligibility.situation(known, today)
    undecided: list[ProgramRule] = []
    candidates: set[str] = set()
    relevance: dict[str, int] = {}
    for program_id in program_ids:
        rule = eligibility.rules.get(program_id)
        if rule is None:
            continue
        outcome = evaluate(rule.condition, situation)
        missing = _askable_missing(outcome, known, skipped)
        if outcome.verdict is Verdict.UNKNOWN and missing:
            undecided.append(rule)
            candidates |= missing
            for fact_id in missing:
                relevance[fact_id] = relevance.get(fact_id, 0) + 1
    if not candidates:
        return None
    order = {fact_id: i for i, fact_id in enumerate(eligibility.facts)}
    best: tuple[float, int, int] | None = None
    best_fact: str | None = None
    for fact_id in candidates:
        answers = sample_answers(eligibility, fact_id, today)
        settled = 0
        for answer in answers:
            trial = eligibility.situation({**known, fact_id: answer}, today)
            settled += sum(1 for rule in undecided if evaluate(rule.condition, trial).decided)
        key = (settled / len(answers), relevance[fact_id], -order.get(fact_id, 0))
        if best is None or key > best:
            best, best_fact = key, fact_id
    return best_fact


# --------------------------------------------------------------------------- timing notes


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


def _required_compares(condition: Condition) -> list[Compare]:
    """Comparisons every eligible person must meet (reached through ``all`` only)."""
    if isinstance(condition, Compare):
        return [condition]
    if isinstance(condition, AllOf):
        return [c for item in condition.items for c in _required_compares(item)]
    return []


def quarter_birth_window(quarter: date, age: int) -> tuple[date, date]:
    """Birth dates that make someone ``age`` (만 나이) on the quarter's first day."""
    latest = _years_before(quarter, age)
    earliest = _years_before(quarter, age + 1) + timedelta(days=1)
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
            age = int(node.value)
            this_quarter = quarter_start(today)
            start, end = quarter_birth_window(this_quarter, age)
            if birth is None or manse_age(birth, this_quarter) <= age:
                notes.append(
                    TimingNote("quarter_window", start=start, end=end, quarter=this_quarter)
                )
            if birth is not None and manse_age(birth, this_quarter) < age:
                upcoming = this_quarter
                for _ in range(4 * 30):
                    upcoming = _next_quarter(upcoming)
                    if manse_age(birth, upcoming) == age:
                        notes.append(TimingNote("next_quarter", quarter=upcoming))
                        break
            continue
        if birth is None or node.on != "today":
            continue
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
