"""The facts the eligibility check can ask about: what each one is and how to read an answer.

A fact is asked once and serves every program whose rules mention it. Each fact in
``content/data/eligibility/facts.yaml`` has an id, a question (ko/en), an answer type,
the "왜 물어보나요?" text, and for choices the choices. ``age`` is derived from
``birth_date`` on the day of the check and is never asked.

Stored values are JSON (see ``encode``/``decode``) so a profile can live in SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from content.localized import LocalizedText
from content.models import IDENTIFIER, Strict
from content.text.ages import BirthDate
from content.text.birthdates import BirthAnswer, parse_birth_date
from content.text.counts import parse_count
from content.text.errors import AnswerError
from content.text.money import parse_money
from content.text.ranges import Range
from content.text.typed import tidy_text
from content.text.yesno import parse_yes_no

FactType = Literal["yes_no", "choice", "count", "money", "birth_date", "age"]
FactValue = bool | str | Range | BirthDate


class Choice(Strict):
    id: str = Field(pattern=IDENTIFIER)
    label: LocalizedText
    aliases: list[str] = Field(default_factory=list)


class Fact(Strict):
    """One thing we may ask a user (or, for ``age``, work out from another fact)."""

    id: str = Field(pattern=IDENTIFIER)
    type: FactType
    label: LocalizedText
    question: LocalizedText | None = None
    why: LocalizedText | None = None
    hint: LocalizedText | None = None  # an example answer shown under the question
    choices: list[Choice] = Field(default_factory=list)
    unit: LocalizedText | None = None  # count: 년, 개월, 명
    minimum: float = 0
    maximum: float = 100
    yes_label: LocalizedText | None = None  # how a yes answer reads in a result
    no_label: LocalizedText | None = None
    yes_words: list[str] = Field(default_factory=list)  # extra words meaning yes here
    no_words: list[str] = Field(default_factory=list)
    derived_from: str | None = Field(default=None, pattern=IDENTIFIER)
    keep_days: int | None = Field(default=None, ge=1)  # re-ask a stored answer after this

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        if self.type == "age":
            if self.derived_from is None:
                raise ValueError("an age fact needs 'derived_from' (a birth_date fact)")
            return self
        if self.derived_from is not None:
            raise ValueError("only an age fact can be 'derived_from' another fact")
        if self.question is None or self.why is None:
            raise ValueError("a fact that is asked needs 'question' and 'why'")
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError("a choice fact needs at least two 'choices'")
        if self.type != "choice" and self.choices:
            raise ValueError("only a choice fact has 'choices'")
        if self.type == "yes_no" and (self.yes_label is None or self.no_label is None):
            raise ValueError("a yes_no fact needs 'yes_label' and 'no_label' for results")
        if self.type == "count" and self.unit is None:
            raise ValueError("a count fact needs a 'unit' (e.g. 년, 명)")
        if self.minimum > self.maximum:
            raise ValueError("'minimum' is larger than 'maximum'")
        return self

    @property
    def asked(self) -> bool:
        return self.type != "age"

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class ParsedAnswer:
    """A usable answer: the value, plus how it was read when that is worth saying back."""

    value: FactValue
    from_age: bool = False
    dropped_id_number: bool = False


def parse_answer(fact: Fact, text: str, today: date) -> ParsedAnswer:
    """Read a typed answer to ``fact``; raises ``AnswerError`` with a message code."""
    if fact.type == "birth_date":
        birth: BirthAnswer = parse_birth_date(text, today)
        return ParsedAnswer(birth.value, birth.from_age, birth.dropped_id_number)
    if fact.type == "yes_no":
        return ParsedAnswer(
            parse_yes_no(text, yes_words=tuple(fact.yes_words), no_words=tuple(fact.no_words))
        )
    if fact.type == "count":
        unit = (fact.unit or {}).get("ko", "")
        return ParsedAnswer(
            parse_count(text, unit=unit, minimum=fact.minimum, maximum=fact.maximum)
        )
    if fact.type == "money":
        return ParsedAnswer(parse_money(text, maximum=int(fact.maximum)))
    if fact.type == "choice":
        return ParsedAnswer(match_choice(fact, text))
    raise AnswerError("not_asked")


def match_choice(fact: Fact, text: str) -> str:
    """A choice by its number ("1"), its label or one of its aliases (typos forgiven)."""
    from rapidfuzz import fuzz, process

    cleaned = tidy_text(text).rstrip(".!?~ ")
    if not cleaned:
        raise AnswerError("empty")
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(fact.choices):
        return fact.choices[int(cleaned) - 1].id
    names: dict[str, str] = {}
    for choice in fact.choices:
        for name in (*choice.label.values(), *choice.aliases, choice.id):
            names[tidy_text(name)] = choice.id
    if cleaned in names:
        return names[cleaned]
    found = process.extractOne(cleaned, list(names), scorer=fuzz.WRatio, score_cutoff=80)
    if found is None:
        raise AnswerError("not_a_choice", choices=", ".join(
            c.label["ko"] for c in fact.choices))
    return names[found[0]]


# --------------------------------------------------------------------------- storage codec


def encode(fact: Fact, value: FactValue) -> Any:
    """A JSON-ready form of ``value`` (for the profile table and conversation state)."""
    if isinstance(value, Range | BirthDate):
        return value.to_json()
    return value


def decode(fact: Fact, raw: Any) -> FactValue | None:
    """The value back from JSON; ``None`` when it no longer fits the fact (content changed)."""
    try:
        if fact.type == "yes_no":
            return raw if isinstance(raw, bool) else None
        if fact.type == "choice":
            return raw if isinstance(raw, str) and fact.choice(raw) is not None else None
        if fact.type in ("count", "money"):
            return Range.from_json(raw)
        if fact.type == "birth_date":
            return BirthDate.from_json(raw)
    except (KeyError, TypeError, ValueError):
        return None
    return None


def usable_answers(
    facts: Mapping[str, Fact], stored: Iterable[tuple[str, Any, datetime]], now: datetime
) -> dict[str, FactValue]:
    """Stored answers still worth using: known facts, valid shapes, not older than the
    fact's ``keep_days`` (employment or residence change; a birth date does not)."""
    out: dict[str, FactValue] = {}
    for fact_id, raw, answered_at in stored:
        fact = facts.get(fact_id)
        if fact is None or not fact.asked:
            continue
        if fact.keep_days is not None and now - answered_at > timedelta(days=fact.keep_days):
            continue
        value = decode(fact, raw)
        if value is not None:
            out[fact_id] = value
    return out
