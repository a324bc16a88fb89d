"""Declared steps: what a flow asks, which choices it offers and how a typed answer is read.

A flow lists its steps once (like the ``states={...}`` of PTB's ``ConversationHandler``, but
channel-neutral)::

    def declare(self) -> Steps[ForgetState]:
        return Steps(Step("confirm", ask=self.ask_confirm, answer=self.confirmed,
                          parse=read_yes_no))

For the step the user is on, the engine — not the flow — reads what comes back: a pressed
choice, a typed label or synonym of a choice, a value the step's parser accepts, "back",
"cancel", or something it does not understand (the same step is asked again, nothing lost).
The flow's ``answer`` only decides what happens with the value.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from content.text.matching import fold
from content.text.typed import polite_forms
from handlers.dialog.state import FlowState
from handlers.dialog.types import Button

if TYPE_CHECKING:
    from handlers.dialog.context import Context

S = TypeVar("S", bound=FlowState)

# What a choice means, for choices people answer with everyday words rather than its label:
# "네"/"ㅇㅇ" pick the YES choice, "ㄴㄴ"/"싫어요" the NO one, "상관없어요"/"아무거나" the ANY one.
# The words live in content/data/intents/answers.yaml (``cue:yes``, ``cue:no``, ``cue:any``).
YES = "yes"
NO = "no"
ANY = "any"


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer offered as a button. ``key`` travels in the button payload (≤ 40 bytes,
    no ``:``, ``~`` or space); ``value`` is what the step's ``answer`` receives; typing the
    label or one of ``synonyms`` counts as pressing it. ``kind`` (``YES``, ``NO``, ``ANY``)
    lets the shared answer words pick it too."""

    key: str
    label: str
    value: Any = None
    synonyms: tuple[str, ...] = ()
    kind: str = ""

    def answer(self) -> Any:
        return self.key if self.value is None else self.value


Row = Sequence[Choice | Button]


@dataclass(frozen=True, slots=True)
class Question:
    """What a step shows: its text and rows of choices (and plain buttons: links, menu).

    With ``location_button`` the step asks for a shared location: channels show that
    button (Telegram's keyboard) and the rows' plain buttons beside it.
    """

    text: str
    rows: Sequence[Row] = ()
    location_button: str = ""

    def choices(self) -> list[Choice]:
        return [item for row in self.rows for item in row if isinstance(item, Choice)]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A typed answer the parser could not use; ``reason`` is shown before the question."""

    reason: str


class NotAnAnswer:
    """A parser's way to say "this text is not for me": the router gets it instead."""


NOT_AN_ANSWER = NotAnAnswer()

Ask = Callable[["Context", S], Awaitable[Question]]
Answer = Callable[["Context", S, Any], Awaitable[None]]
Choices = Callable[["Context", S], Sequence[Choice]]
Parse = Callable[["Context", S, str], Any]


@dataclass(frozen=True, slots=True)
class Step(Generic[S]):
    """One question of a flow. ``parse`` returns a value, ``Rejected`` or ``NOT_AN_ANSWER``;
    without a parser only the choices are understood."""

    name: str
    ask: Ask[S]
    answer: Answer[S]
    parse: Parse[S] | None = None
    back: bool = True  # "이전"/"back" returns to the step before this one
    # The choices alone, for a step whose full question is costly to build (e.g. progress
    # counted over every rule): a typed answer is matched against these and the question
    # is built only when it has to be shown again. Default: the choices of ``ask``.
    choices: Choices[S] | None = None


@dataclass(slots=True)
class Steps(Generic[S]):
    """The steps of one flow, by name."""

    by_name: dict[str, Step[S]] = field(default_factory=dict)

    def __init__(self, *steps: Step[S]) -> None:
        self.by_name = {}
        for step in steps:
            if step.name in self.by_name:
                raise ValueError(f"step {step.name!r} declared twice")
            self.by_name[step.name] = step

    def get(self, name: str | None) -> Step[S] | None:
        return self.by_name.get(name or "")

    def __iter__(self) -> Iterator[Step[S]]:
        return iter(self.by_name.values())


def match_choice(choices: Sequence[Choice], text: str) -> Choice | None:
    """The choice a typed answer names: its label or a synonym, spacing, case and
    trailing politeness ("요", "이요", "예요") aside. Exact (folded) matches only: a wrong
    guess at this point would change a booking or a subscription."""
    said = fold(text)
    if not said:
        return None
    for trimmed in polite_forms(said):
        for choice in choices:
            names = (choice.label, *choice.synonyms)
            if any(fold(name) == trimmed for name in names):
                return choice
    return None


def match_kind(
    choices: Sequence[Choice], text: str, words: Mapping[str, frozenset[str]]
) -> Choice | None:
    """The choice whose ``kind`` the text says in everyday words ("넹" → the YES choice).

    ``words`` maps a kind to its folded words. Only a step showing exactly one choice of that
    kind is answered this way: two "yes" choices would make "네" a guess. A yes or no said
    first and followed by more ("넹 일산동구 살아요") counts too, except a bare "아니", which
    Koreans also use as "well…" ("아니 근데요")."""
    said = fold(text)
    first = text.split(maxsplit=1)[0] if len(text.split()) > 1 else ""
    leading = [] if fold(first) in _NOT_A_NO else polite_forms(fold(first)) if first else []
    for trimmed in (polite_forms(said) if said else []):
        known, found = _of_kind(choices, trimmed, words, (YES, NO, ANY))
        if known:
            return found
    for trimmed in leading:
        known, found = _of_kind(choices, trimmed, words, (YES, NO))
        if known:
            return found
    return None


_NOT_A_NO = frozenset({"아니"})


def _of_kind(
    choices: Sequence[Choice], said: str, words: Mapping[str, frozenset[str]],
    kinds: Sequence[str],
) -> tuple[bool, Choice | None]:
    """Whether ``said`` is a known word of one of ``kinds``, and the one choice of that kind
    (None when no single choice has it)."""
    for kind in kinds:
        if said in words.get(kind, ()):
            matching = [c for c in choices if c.kind == kind]
            return True, (matching[0] if len(matching) == 1 else None)
    return False, None
