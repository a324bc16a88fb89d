"""The eligibility check started by a sentence, and "왜 안 돼요?" about one program.

"저 26살인데 일산동구 살아요 받을 수 있는 지원 뭐 있어요?" starts the check with the age and
residence already answered ("만 26세, 일산동구로 알아볼게요"); only what is missing is asked.
"28청춘창업소는 왜 안된다는거에요" answers with this user's own reasons: the rule's threshold
and the value the user gave (saved with consent, or given in this conversation).
"""

from __future__ import annotations

from collections.abc import Callable

from content.eligibility.assessment import assess
from content.eligibility.facts import Fact, encode
from content.eligibility.rules import Verdict
from content.models import Program
from content.text.matching import fold
from handlers.dialog.context import Context
from handlers.dialog.understand import understanding_for, understood
from handlers.eligibility.asking import eligibility, known_answers
from handlers.eligibility.results import program_line
from handlers.eligibility.state import EligibilityState

Act = Callable[..., str]


def typed_answers(ctx: Context, state: EligibilityState) -> list[str]:
    """Answers the opening sentence gave, stored in ``state``; what to echo, in order."""
    facts = eligibility(ctx).facts
    found = understood(ctx)
    echo: list[str] = []
    if found.birth is not None and "birth_date" in facts:
        state.answers["birth_date"] = encode(facts["birth_date"], found.birth)
        echo.append(ctx.t("eligibility.age", age=found.age) if found.age is not None
                    else ctx.t("eligibility.birth_year", year=found.birth.latest.year))
    text = ctx.incoming.text or ""
    cues = understanding_for(ctx.catalogue).rules.cues_in(text)
    if found.places and "live" in cues and "goyang_resident" in facts:
        state.answers["goyang_resident"] = True
        echo.append(found.places[0].label(ctx.locale))
    employed = facts.get("employed")
    said = _yes_or_no(employed, fold(text)) if employed is not None else None
    if employed is not None and said is not None:
        state.answers[employed.id] = said
        echo.append(ctx.pick(employed.yes_label if said else employed.no_label))
    state.history = [f for f in state.answers if f not in state.history] + state.history
    return echo


def _yes_or_no(fact: Fact, said: str) -> bool | None:
    """A yes/no fact answered inside a sentence by one of its own words ("취준생")."""
    if any(fold(w) and fold(w) in said for w in fact.no_words):
        return False
    if any(fold(w) and fold(w) in said for w in fact.yes_words):
        return True
    return None


async def explain_refusal(ctx: Context, state: EligibilityState, program: Program,
                          act: Act) -> None:
    """This user's reasons for one program, from what they answered; a check if nothing."""
    known = await known_answers(ctx, state)
    [assessment] = assess(eligibility(ctx), ctx.catalogue.programs, known, ctx.now.date(),
                          [program.id])
    verdict = assessment.outcome.verdict
    name = ctx.pick(program.name)
    check = [ctx.button(ctx.t("eligibility.button_check_program", program=name)[:40],
                        act("program", program.id))]
    if verdict is Verdict.UNKNOWN and not known:
        ctx.say(ctx.t("eligibility.why_not_no_answers", program=name),
                [check, [ctx.menu_button()]])
        return
    key = {Verdict.NO: "why_not_no", Verdict.YES: "why_not_yes"}.get(verdict, "why_not_open")
    line = program_line(ctx, state, assessment, known)
    ctx.say(f"{ctx.t(f'eligibility.{key}', program=name)}\n{line}", [check, [ctx.menu_button()]])
