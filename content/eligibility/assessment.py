"""Assessing programs: each program's outcome and the result group it is shown in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from content.eligibility.evaluation import evaluate
from content.eligibility.facts import FactValue
from content.eligibility.model import Eligibility, ProgramRule
from content.eligibility.rules import Outcome, Situation, Verdict
from content.models import Program

Group = Literal["eligible", "to_check", "not_eligible", "not_running"]
GROUP_ORDER: tuple[Group, ...] = ("eligible", "to_check", "not_eligible", "not_running")
NOT_RUNNING_STATUSES = frozenset({"suspended", "ended"})


@dataclass(frozen=True, slots=True)
class Assessment:
    program_id: str
    outcome: Outcome
    running: bool
    # True when the program is out in Goyang but runs where this user lives (elsewhere_note).
    elsewhere: bool = False

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


def runs_where_user_lives(program: Program | None, known: Mapping[str, FactValue]) -> bool:
    """A Goyang-only stop (elsewhere_note) does not concern a Gyeonggi resident outside Goyang."""
    return (
        program is not None
        and program.elsewhere_note is not None
        and known.get("goyang_resident") is False
        and known.get("gyeonggi_resident") is True
    )


def unconfirmed(outcome: Outcome, program: Program | None, today: date) -> Outcome:
    """A "yes" for a program no source confirms for this year becomes "확인이 필요해요"."""
    if program is None or outcome.verdict is Verdict.NO or program.confirmed_running(today):
        return outcome
    unchecked = list(outcome.unchecked)
    if program.status_note is not None and program.status_note not in unchecked:
        unchecked.append(program.status_note)
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
        program = programs.get(program_id)
        outcome = assess_rule(rule, situation)
        if runs_where_user_lives(program, known):
            out.append(Assessment(program_id, outcome, True, elsewhere=True))
            continue
        running = is_running(program)
        out.append(Assessment(
            program_id, unconfirmed(outcome, program, today) if running else outcome, running
        ))
    return out


def grouped(assessments: Sequence[Assessment]) -> dict[Group, list[Assessment]]:
    groups: dict[Group, list[Assessment]] = {g: [] for g in GROUP_ORDER}
    for assessment in assessments:
        groups[assessment.group].append(assessment)
    return groups
