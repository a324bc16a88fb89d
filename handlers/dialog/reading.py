"""How the engine reads an answer to a declared step, the same way for every flow.

Typed text is tried, in order, as: "cancel", "back", a choice's label or synonym, a shared
answer word for a choice's kind ("네" for a YES choice), and a value the step's parser accepts.
Anything else is ``Unaccepted``: the engine either answers it as a different request (keeping
the flow paused) or asks the same step again with every answer so far kept. A pressed choice
is looked up in the question the step shows now, so a forged key is refused like an expired
button.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from content.text.matching import fold
from content.text.typed import polite_forms
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow
from handlers.dialog.steps import (
    ANY,
    NO,
    NOT_AN_ANSWER,
    YES,
    Question,
    Rejected,
    Step,
    match_choice,
    match_kind,
)

# Whole-message small talk the core flow answers (``cue:hello`` → ``core:hello``).
SMALL_TALK = ("hello", "thanks")
_LAUGHS = fold("ㅎㅋㅠㅜ")  # folded like the text: NFKC turns ㅎ into a conjoining jamo


@dataclass(frozen=True, slots=True)
class DialogWords:
    """What "back" and "cancel" sound like when typed (``content/data/intents/core.yaml``),
    and the shared answer words per choice kind (``content/data/intents/answers.yaml``)."""

    back: frozenset[str] = frozenset()
    cancel: frozenset[str] = frozenset()
    kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)
    resume: frozenset[str] = frozenset()
    small_talk: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: Mapping[str, list[str]]) -> DialogWords:
        def folded(action: str) -> frozenset[str]:
            return frozenset(fold(w) for w in phrases.get(action, []))

        return cls(
            back=folded("cue:back"),
            cancel=folded("cue:cancel"),
            kinds={kind: folded(f"cue:{kind}") for kind in (YES, NO, ANY)},
            resume=folded("cue:resume"),
            small_talk={verb: folded(f"cue:{verb}") for verb in SMALL_TALK},
        )

    def small_talk_of(self, text: str) -> str | None:
        """"hello" or "thanks" when the whole message is a greeting or a thank-you."""
        said = fold(text)
        trimmed = said.rstrip(_LAUGHS) or said
        for form in {*polite_forms(said), *polite_forms(trimmed)}:
            for verb, known in self.small_talk.items():
                if form in known:
                    return verb
        return None

    def means_resume(self, text: str) -> bool:
        """"이어서 할게요", or a plain yes right after the bot offered to go back."""
        return any(said in self.resume or said in self.kinds.get(YES, ())
                   for said in polite_forms(fold(text)))


@dataclass(frozen=True, slots=True)
class Unaccepted:
    """Typed text the current step did not take, and why. The question is built only when
    it is asked again (not when the text turns out to be a different request)."""

    step: Step[Any]
    state: Any
    reason: str
    built: Question | None = None

    async def question(self, ctx: Context) -> Question:
        return self.built or await self.step.ask(ctx, self.state)


def current_step(ctx: Context, flow: StepFlow[Any]) -> Step[Any] | None:
    return flow.steps.get(ctx.state.step) if ctx.state.flow == flow.name else None


async def read_typed_answer(
    ctx: Context, flow: StepFlow[Any], text: str, words: DialogWords
) -> bool | Unaccepted:
    """Handle ``text`` as an answer to the flow's current step. False: the step says the
    text is not for it; ``Unaccepted``: the step could not use it (nothing was changed)."""
    step = current_step(ctx, flow)
    if step is None:
        return False
    said = fold(text)
    if said in words.cancel:
        await flow.on_cancel(ctx)
        return True
    if said in words.back and step.back:
        await flow.on_back(ctx, step)
        return True
    state = flow.state(ctx)
    question: Question | None = None
    if step.choices is not None:
        choices = list(step.choices(ctx, state))
    else:
        question = await step.ask(ctx, state)
        choices = question.choices()
    choice = match_choice(choices, text) or match_kind(choices, text, words.kinds)
    if choice is not None:
        await step.answer(ctx, state, choice.answer())
        return True
    if step.parse is not None:
        value = step.parse(ctx, state, text)
        if inspect.isawaitable(value):  # a parser may look things up (async) first
            value = await value
        if value is NOT_AN_ANSWER:
            return False
        if not isinstance(value, Rejected):
            await step.answer(ctx, state, value)
            return True
        reason = value.reason
    else:
        reason = ctx.t("core.answer_not_understood")
    return Unaccepted(step, state, reason, question)


async def press_choice(ctx: Context, flow: StepFlow[Any], key: str) -> None:
    """A pressed choice button of the current step (its version was checked already)."""
    step = current_step(ctx, flow)
    if step is None:
        raise InvalidAction(f"{flow.name}: no step for a choice")
    state = flow.state(ctx)
    question = await step.ask(ctx, state)
    choice = next((c for c in question.choices() if c.key == key), None)
    if choice is None:
        raise InvalidAction(f"{flow.name}:{step.name}: unknown choice")
    await step.answer(ctx, state, choice.answer())


async def go_back(ctx: Context, flow: StepFlow[Any], step: Step[Any]) -> None:
    """Ask the step before this one again (its answer is kept until it is answered anew)."""
    await flow.on_back(ctx, step)
