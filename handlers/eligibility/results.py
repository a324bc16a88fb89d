"""The result of an eligibility check: a summary first (programs grouped 받을 수 있어요 ·
확인이 필요해요 · 해당하지 않아요 · 지금은 운영하지 않아요, names only), then behind one button
per program or group its card or each program's reason; and suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from content.eligibility.assessment import (
    GROUP_ORDER,
    Assessment,
    Group,
    assess,
    grouped,
    is_running,
)
from content.eligibility.facts import FactValue
from content.eligibility.rules import Verdict
from content.eligibility.timing import timing_notes
from content.eligibility.wording import (
    date_text,
    failure_text,
    missing_text,
    object_particle,
    timing_text,
)
from handlers.dialog.actions import build_action
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction
from handlers.dialog.steps import Choice
from handlers.dialog.types import Button, Card
from handlers.eligibility.asking import Act, eligibility
from handlers.eligibility.state import EligibilityState

MAX_SUGGESTED = 4
MAX_PROGRAM_BUTTONS = 4  # more eligible programs than this open as one group button
GROUP_PAGE = 4  # programs with their reasons on one page of a group's detail
MAX_TO_CHECK = 3
_NOT_RUNNING_KEYS = {
    Verdict.YES: "not_running_would_qualify",
    Verdict.NO: "not_running_would_not",
    Verdict.UNKNOWN: "not_running_open",
}


@dataclass(frozen=True, slots=True)
class ResultView:
    """A finished check: the summary text (groups and program names) and the groups."""

    summary: str
    groups: dict[Group, list[Assessment]]

    def choices(self, ctx: Context) -> list[Choice]:
        """What opens a detail: each program the user can get, and each other group."""
        programs = ctx.catalogue.programs
        found = [Choice(f"p_{a.program_id}", f"✅ {ctx.pick(programs[a.program_id].name)}",
                        synonyms=tuple(programs[a.program_id].name.values()))
                 for a in self.groups["eligible"][:MAX_PROGRAM_BUTTONS]]
        if len(self.groups["eligible"]) > MAX_PROGRAM_BUTTONS:
            found.append(_group_choice(ctx, "eligible", self.groups))
        found.extend(_group_choice(ctx, g, self.groups) for g in GROUP_ORDER[1:] if self.groups[g])
        return found


def _group_choice(ctx: Context, group: Group, groups: dict[Group, list[Assessment]]) -> Choice:
    title = ctx.t(f"eligibility.group_{group}")
    return Choice(f"g_{group}", ctx.t("eligibility.button_group", group=title,
                                      count=len(groups[group])), synonyms=(title,))


VIEW_MEMO = "eligibility.result_view"


def result_view(ctx: Context, state: EligibilityState, known: dict[str, FactValue]) -> ResultView:
    """The first screen of a result: each group with its programs' names; details (reasons,
    documents, where to apply) are behind one button per program or group. Assessed once a
    turn for the same answers: the last answer both shows the result and records it."""
    said = (state.single, dict(known))
    cached = ctx.memo.get(VIEW_MEMO)
    if cached is not None and cached[0] == said:
        return cast(ResultView, cached[1])
    view = _assessed_view(ctx, state, known)
    ctx.memo[VIEW_MEMO] = (said, view)
    return view


def _assessed_view(ctx: Context, state: EligibilityState,
                   known: dict[str, FactValue]) -> ResultView:
    today = ctx.now.date()
    programs = ctx.catalogue.programs
    single = state.single
    if single and single not in programs:
        raise InvalidAction(single)  # the program left the catalogue (reload)
    # Questions were planned for running programs only; the result also shows the
    # programs that are not running now (with whether the user would qualify).
    results = assess(eligibility(ctx), programs, known, today, [single] if single else None)
    if single:
        lines = [ctx.t("eligibility.result_title_program", program=ctx.pick(programs[single].name),
                       today=date_text(today, ctx.locale))]
    else:
        lines = [ctx.t("eligibility.result_title_all", today=date_text(today, ctx.locale))]
    groups = grouped(results)
    for group in GROUP_ORDER:
        if groups[group]:
            names = " · ".join(ctx.pick(programs[a.program_id].name) for a in groups[group])
            lines.append(ctx.t("eligibility.summary_line",
                               group=ctx.t(f"eligibility.group_{group}"), programs=names))
    if not groups["eligible"] and not single:
        lines.append(ctx.t("eligibility.nothing_eligible"))
    lines.append(ctx.t("eligibility.summary_pick"))
    return ResultView("\n".join(lines), groups)


OUTCOMES_MEMO = "eligibility_outcomes"
"""``ctx.memo`` key: the (program id, verdict) pairs of a check finished this turn, which
the staff console's insight counts read (aggregates only, no user)."""


def record_outcomes(ctx: Context, view: ResultView) -> None:
    ctx.memo[OUTCOMES_MEMO] = [(a.program_id, a.outcome.verdict.value)
                               for group in GROUP_ORDER for a in view.groups[group]
                               if a.running]


def show_detail(ctx: Context, state: EligibilityState, known: dict[str, FactValue],
                view: ResultView, key: str, start: int = 0) -> int | None:
    """One program the user can get (its card), or one page of a group with each program's
    reason. Returns where the group's next page starts, or None when nothing is left."""
    kind, _, name = key.partition("_")
    if kind == "p":
        found = [a for a in view.groups["eligible"] if a.program_id == name]
        if not found:
            raise InvalidAction(key)
        ctx.add(eligible_card(ctx, found[0], known))
        return None
    group = cast(Group, name)
    if group not in view.groups or not view.groups[group] or start < 0:
        raise InvalidAction(key)
    if group == "eligible":
        for assessment in view.groups[group][MAX_PROGRAM_BUTTONS:]:
            ctx.add(eligible_card(ctx, assessment, known))
        return None
    # A page, not the whole group: every reason with the contacts must fit one message
    # (1,000 characters) on every channel, and twenty-odd programs do not.
    shown = view.groups[group][start:start + GROUP_PAGE]
    if not shown:
        raise InvalidAction(key)
    ctx.say(ctx.t(f"eligibility.group_{group}"))
    for assessment in shown:  # one part each: a channel joins them up to its message size
        ctx.say(program_line(ctx, state, assessment, known))
    following = start + GROUP_PAGE
    if following < len(view.groups[group]):
        return following
    if group in ("to_check", "not_eligible") and not state.single:
        ctx.say(ctx.t("eligibility.human_hint", help=ctx.human_help()))
    return None


def eligible_card(ctx: Context, assessment: Assessment, known: dict[str, FactValue]) -> Card:
    program = ctx.catalogue.programs[assessment.program_id]
    elig = eligibility(ctx)
    rule = elig.rules[assessment.program_id]
    extra = [ctx.pick(note) for note in rule.notes]
    extra += [timing_text(n, ctx.locale, ctx.t)
              for n in timing_notes(rule, elig, known, ctx.now.date(), Verdict.YES)]
    note = program.elsewhere_note if assessment.elsewhere else program.status_note
    if note:
        extra.append(ctx.t("eligibility.status_note", note=ctx.pick(note)))
    documents = " · ".join(ctx.pick(d) for d in program.documents) or ctx.t(
        "eligibility.documents_none")
    body = ctx.t(
        "eligibility.eligible_card",
        benefit=ctx.pick(program.benefit),
        documents=documents,
        how_to_apply=ctx.pick(program.how_to_apply),
        contact=ctx.pick(program.contact),
        extra="".join(f"\n• {line}" for line in extra),
        source=program.status_source,
        source_date=program.source_date.isoformat(),
        as_of=program.as_of.isoformat(),
        rule_source=rule.sources[0],
        rule_as_of=rule.as_of.isoformat(),
    )
    buttons = [ctx.button(ctx.t("eligibility.button_details"),
                          build_action("programs:show", program.id))]
    buttons.extend(Button(ctx.pick(link.label), url=link.url) for link in program.links[:1])
    return Card(title=ctx.pick(program.name), body=body, buttons=tuple(buttons))


def program_line(ctx: Context, state: EligibilityState, assessment: Assessment,
                 known: dict[str, FactValue]) -> str:
    """One program's line in a result group, with its reason."""
    elig = eligibility(ctx)
    program = ctx.catalogue.programs[assessment.program_id]
    outcome = assessment.outcome
    today = ctx.now.date()
    if outcome.verdict is Verdict.NO:
        reason = "; ".join(failure_text(f, elig, ctx.locale, ctx.t, today)
                           for f in outcome.failures)
    elif outcome.verdict is Verdict.UNKNOWN:
        reason = unknown_reason(ctx, outcome.unchecked, outcome.missing, known)
    else:
        reason = ""
    notes = timing_notes(elig.rules[assessment.program_id], elig, known, today, outcome.verdict)
    if assessment.group == "not_running":
        key = _NOT_RUNNING_KEYS[outcome.verdict]
        if key == "not_running_open" and not state.single:
            key = "not_running_unknown"  # its questions were not asked: it isn't running
        reason = ctx.t(f"eligibility.{key}", reason=reason, note=ctx.pick(program.status_note))
        wanted = ("quarter_window", "next_quarter")
    else:
        wanted = ("age_in", "next_quarter")
    reason += "".join(f" {timing_text(n, ctx.locale, ctx.t)}" for n in notes
                      if n.kind in wanted)
    return ctx.t("eligibility.program_line", program=ctx.pick(program.name), reason=reason)


def unknown_reason(ctx: Context, unchecked: Sequence[dict[str, str]],
                   missing: frozenset[str], known: dict[str, FactValue]) -> str:
    """Why a result is open: conditions the bot can't check, skipped or inexact answers."""
    elig = eligibility(ctx)
    parts = [ctx.pick(u) for u in unchecked]
    unanswered = {f for f in missing if f not in known}
    partial = {f for f in missing if f in known}
    if unanswered:
        parts.append(ctx.t("eligibility.reason_missing",
                           facts=missing_text(unanswered, elig, ctx.locale)))
    if partial:
        names = missing_text(partial, elig, ctx.locale)
        if ctx.locale == "ko":
            names += object_particle(names)
        parts.append(ctx.t("eligibility.reason_exact", facts=names))
    return " ".join(parts)


def suggest(ctx: Context, single_id: str, known: dict[str, FactValue], act: Act) -> None:
    """After a one-program check that did not pass: what the user can get instead."""
    elig = eligibility(ctx)
    programs = ctx.catalogue.programs
    others = [p for p in elig.rules if p != single_id and is_running(programs.get(p))]
    results = assess(elig, programs, known, ctx.now.date(), others)
    yes = [a for a in results if a.outcome.verdict is Verdict.YES]
    maybe = [a for a in results if a.outcome.verdict is Verdict.UNKNOWN and a.outcome.missing]
    if yes:
        names = "\n".join(f"• {ctx.pick(programs[a.program_id].name)}" for a in yes)
        buttons = [[ctx.button(ctx.pick(programs[a.program_id].name)[:40],
                               build_action("programs:show", a.program_id))]
                   for a in yes[:MAX_SUGGESTED]]
        ctx.say(ctx.t("eligibility.suggest_title") + "\n" + names, buttons)
    elif maybe:
        buttons = [[ctx.button(
            ctx.t("eligibility.button_check_program",
                  program=ctx.pick(programs[a.program_id].name))[:40],
            act("program", a.program_id))] for a in maybe[:MAX_TO_CHECK]]
        ctx.say(ctx.t("eligibility.suggest_maybe_title"), buttons)
    else:
        ctx.say(ctx.t("eligibility.suggest_full_check"))
