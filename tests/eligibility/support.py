"""Shared helpers for the eligibility tests: the real content, and small rule sets."""

from __future__ import annotations

import functools
from datetime import date

import yaml

from content.catalogue import Catalogue, load_catalogue
from content.eligibility.facts import Fact, FactValue, parse_answer
from content.eligibility.model import Eligibility
from content.eligibility.rule_parser import parse_condition
from content.eligibility.rules import Situation
from tests.fakes.clock import FakeClock, seoul

TODAY = date(2026, 11, 28)  # a Saturday in 2026 Q4


def fixed_clock() -> FakeClock:
    """28 Nov 2026, 10:00 in Seoul: every age in the conversation tests is computed on this day."""
    return FakeClock(seoul(2026, 11, 28, 10, 0))


@functools.cache
def real_catalogue() -> Catalogue:
    """The bundled content, loaded once for the pure tests."""
    return load_catalogue()


def real_eligibility() -> Eligibility:
    return real_catalogue().eligibility


def facts() -> dict[str, Fact]:
    return real_eligibility().facts


def answer(fact_id: str, text: str, today: date = TODAY) -> FactValue:
    return parse_answer(facts()[fact_id], text, today).value


def known(today: date = TODAY, **answers: str) -> dict[str, FactValue]:
    """Typed answers, e.g. ``known(birth_date="1999-03-02", employed="아니요")``."""
    return {fact_id: answer(fact_id, text, today) for fact_id, text in answers.items()}


def situation(today: date = TODAY, **answers: str) -> Situation:
    return real_eligibility().situation(known(today, **answers), today)


def condition(yaml_text: str):
    elig = real_eligibility()
    return parse_condition(yaml.safe_load(yaml_text), elig.facts, elig.tables)
