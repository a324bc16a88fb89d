"""Words for eligibility results: the user's value, the threshold, why a condition failed.

Pure functions of content and a string lookup ``t(key, **values)`` (``ctx.t`` in a flow,
``Strings.get`` bound to a locale in tests), so the result wording is tested without a
chat. "만 26세 — 이 사업은 만 24세 대상이에요" is ``failure_text`` of an age rule.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from content.eligibility.facts import Fact
from content.eligibility.model import Eligibility
from content.eligibility.rules import AllOf, AnyOf, Compare, Failure, Not
from content.eligibility.timing import TimingNote
from content.localized import pick
from content.text.ages import BirthDate
from content.text.money import won_text
from content.text.ranges import Range

Lookup = Callable[..., str]


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def date_text(day: date, locale: str) -> str:
    if locale == "en":
        return day.strftime("%-d %B %Y")
    return f"{day.year}년 {day.month}월 {day.day}일"


def quarter_text(quarter: date, locale: str) -> str:
    number = (quarter.month - 1) // 3 + 1
    return f"Q{number} {quarter.year}" if locale == "en" else f"{quarter.year}년 {number}분기"


def _age_text(youngest: int, oldest: int, t: Lookup) -> str:
    if youngest == oldest:
        return t("eligibility.age", age=youngest)
    return t("eligibility.age_range", low=youngest, high=oldest)


def _amount(fact: Fact, amount: float, locale: str) -> str:
    if fact.type == "money":
        return won_text(amount) if locale == "ko" else f"₩{round(amount):,}"
    unit = pick(fact.unit, locale)
    return f"{number_text(amount)}{unit}" if locale == "ko" else f"{number_text(amount)} {unit}"


def value_text(fact: Fact, value: Any, locale: str, t: Lookup,
               on: date | None = None) -> str:
    """How a user's answer reads back: "만 26세", "1999년 3월 2일", "10년 이상", "미취업"."""
    if fact.type == "age" and isinstance(value, BirthDate):
        youngest, oldest = value.age_range(on or date.today())
        return _age_text(youngest, oldest, t)
    if isinstance(value, BirthDate):
        if value.exact is not None:
            return date_text(value.exact, locale)
        return t("eligibility.birth_between", start=date_text(value.earliest, locale),
                 end=date_text(value.latest, locale))
    if isinstance(value, Range):
        if value.exact is not None:
            return _amount(fact, value.exact, locale)
        if value.high is None and value.low is not None:
            key = "eligibility.more_than" if value.low_open else "eligibility.at_least"
            return t(key, value=_amount(fact, value.low, locale))
        if value.high is not None:
            key = "eligibility.less_than" if value.high_open else "eligibility.at_most"
            return t(key, value=_amount(fact, value.high, locale))
        return "?"
    if isinstance(value, bool):
        return pick(fact.yes_label if value else fact.no_label, locale)
    if isinstance(value, str):
        choice = fact.choice(value)
        return pick(choice.label, locale) if choice else value
    return str(value)


def threshold_text(node: Compare, threshold: Any, fact: Fact, locale: str, t: Lookup) -> str:
    """The condition's bar in words: "만 18~39세", "36개월 이하", "무주택", "사업하고 있어요"."""
    if fact.type in ("yes_no", "choice"):
        if node.op == "one_of":
            return " / ".join(value_text(fact, v, locale, t) for v in threshold)
        shown = value_text(fact, threshold, locale, t)
        return t("eligibility.not_value", value=shown) if node.op == "is_not" else shown
    if fact.type == "age":
        if node.op == "between":
            return t("eligibility.age_range", low=int(threshold[0]), high=int(threshold[1]))
        age = t("eligibility.age", age=int(threshold))
    elif fact.type == "birth_date":
        if node.op == "between":
            return t("eligibility.birth_between", start=date_text(threshold[0], locale),
                     end=date_text(threshold[1], locale))
        age = date_text(threshold, locale)
    else:
        if node.op == "between":
            return t("eligibility.between", low=_amount(fact, threshold[0], locale),
                     high=_amount(fact, threshold[1], locale))
        age = _amount(fact, threshold, locale)
    key = {
        "at_least": "eligibility.at_least",
        "at_most": "eligibility.at_most",
        "more_than": "eligibility.more_than",
        "less_than": "eligibility.less_than",
        "is_not": "eligibility.not_value",
    }.get(node.op)
    return t(key, value=age) if key else age


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def failure_text(failure: Failure, eligibility: Eligibility, locale: str, t: Lookup,
                 today: date) -> str:
    """One line saying which condition failed, its threshold and the user's value."""
    node = failure.condition
    values: dict[str, str] = {}
    if isinstance(node, Compare):
        fact = eligibility.facts[node.fact]
        shown = value_text(fact, failure.value, locale, t, on=today)  # the age they know
        if fact.type in ("count", "money"):
            shown = f"{pick(fact.label, locale)} {shown}"
        values = {
            "value": shown,
            "threshold": threshold_text(node, failure.threshold, fact, locale, t),
        }
    explain = getattr(node, "explain", None)
    if explain:
        return string.Formatter().vformat(pick(explain, locale), (), _Blank(values))
    if isinstance(node, Compare):
        return t("eligibility.failed", **values)
    if isinstance(node, AllOf | AnyOf | Not):  # pragma: no cover - explain is required
        return t("eligibility.failed_generic")
    return ""


def object_particle(word: str) -> str:
    """을 after a final consonant, 를 after a vowel (생년월일을, 가구원 수를)."""
    last = word.rstrip()[-1:] or "가"
    if "가" <= last <= "힣":
        return "을" if (ord(last) - ord("가")) % 28 else "를"
    return "을(를)"


def missing_text(fact_ids: Mapping[str, Any] | set[str] | frozenset[str],
                 eligibility: Eligibility, locale: str) -> str:
    """"생년월일, 취업 여부": the facts a result is waiting for, in catalogue order."""
    order = list(eligibility.facts)
    names = [pick(eligibility.facts[f].label, locale) for f in order if f in fact_ids]
    return ", ".join(names)


def timing_text(note: TimingNote, locale: str, t: Lookup) -> str:
    if note.kind == "age_out":
        assert note.day is not None
        return t("eligibility.note_age_out", limit=note.limit, day=date_text(note.day, locale))
    if note.kind == "age_in":
        assert note.day is not None
        return t("eligibility.note_age_in", limit=note.limit, day=date_text(note.day, locale))
    if note.kind == "quarter_window":
        assert note.start and note.end and note.quarter
        return t("eligibility.note_quarter_window", quarter=quarter_text(note.quarter, locale),
                 start=date_text(note.start, locale), end=date_text(note.end, locale))
    if note.kind == "next_quarter":
        assert note.quarter is not None
        return t("eligibility.note_next_quarter", quarter=quarter_text(note.quarter, locale))
    return ""

