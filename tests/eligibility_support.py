"""Shared helpers for the eligibility tests: the real content, and small rule sets."""

from __future__ import annotations

import functools
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from content.catalogue import Catalogue, bundled_content_dir, load_catalogue
from content.eligibility import Eligibility
from content.errors import ContentError
from content.facts import Fact, FactValue, parse_answer
from content.rules import Situation, parse_condition

TODAY = date(2026, 11, 28)  # a Saturday in 2026 Q4


def _stub_program(program_id: str) -> dict[str, Any]:
    status = "suspended" if program_id == "youth_basic_income" else "active"
    return {
        "id": program_id, "category": "test", "name": program_id, "summary": "요약",
        "audience": "대상", "benefit": "혜택", "how_to_apply": "신청", "contact": "문의",
        "status": status, "documents": ["신분증"], "sources": ["https://example.org/source"],
        "as_of": "2026-11-01",
    }


@functools.cache
def real_catalogue() -> Catalogue:
    """The bundled content; while programs/ is still empty on this branch, stubs stand in."""
    try:
        return load_catalogue()
    except ContentError:
        pass
    root = Path(tempfile.mkdtemp(prefix="elig-content-"))
    shutil.copytree(bundled_content_dir(), root, dirs_exist_ok=True)
    (root / "programs").mkdir(exist_ok=True)
    for rule in (root / "rules").glob("*.yaml"):
        target = root / "programs" / rule.name
        if not target.exists():
            target.write_text(yaml.safe_dump(_stub_program(rule.stem), allow_unicode=True),
                              encoding="utf-8")
    for name, data in (
        ("categories.yaml", [{"id": "test", "name": "테스트"}]),
        ("menu.yaml", [{"id": "eligibility", "label": "자격 확인", "action": "eligibility"}]),
        ("contacts.yaml", [{"id": "job_centre", "name": "일자리센터"},
                           {"id": "youth_policy_team", "name": "청년정책팀"}]),
    ):
        if not (root / name).exists():
            (root / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_catalogue(root)


def real_eligibility() -> Eligibility:
    return real_catalogue().extras["eligibility"]


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
