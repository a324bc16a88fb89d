"""The bundled rules and facts, and how bad content files are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content.catalogue import load_catalogue
from content.errors import ContentError
from tests.eligibility.support import real_catalogue, real_eligibility

ISSUE_PROGRAMS = {
    "youth_basic_income", "interview_suit_rental", "cheongchwi_dabang",
    "cheongchun28_startup", "youth_startup_loan", "youth_social_housing",
    "midlife_career_jobs", "cat_cheer_up_academy",
}


def test_every_program_named_in_the_issue_has_rules() -> None:
    assert set(real_eligibility().rules) >= ISSUE_PROGRAMS


def test_every_rule_names_a_program_with_sources_and_a_date() -> None:
    catalogue = real_catalogue()
    for program_id, rule in real_eligibility().rules.items():
        assert program_id in catalogue.programs
        assert rule.sources and rule.as_of


def test_every_asked_fact_has_question_and_why_in_both_languages() -> None:
    for fact in real_eligibility().asked_facts:
        assert fact.question and fact.why
        assert fact.question.get("en") and fact.why.get("en"), fact.id


def test_every_fact_is_used_by_some_rule() -> None:
    from content.eligibility.rules import facts_used

    elig = real_eligibility()
    used = set().union(*(facts_used(rule.condition) for rule in elig.rules.values()))
    used |= {elig.facts[f].derived_from for f in used if elig.facts[f].derived_from}
    used |= {table.by for table in elig.tables.values()}
    assert {f.id for f in elig.asked_facts} <= used


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    shutil.copytree(real_catalogue().source_dir, tmp_path / "data")
    return tmp_path / "data"


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_catalogue(root)
    return raised.value.problems


def test_a_rule_with_an_unknown_fact_fails_with_file_program_and_field(
    content_copy: Path,
) -> None:
    path = content_copy / "rules" / "interview_suit_rental.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("fact: age", "fact: agee"),
                    encoding="utf-8")
    assert (
        "rules/interview_suit_rental.yaml: interview_suit_rental: conditions.all.0.fact: "
        "unknown fact 'agee' (not in facts.yaml)"
    ) in _problems(content_copy)


def test_a_rule_with_an_unknown_operator_fails(content_copy: Path) -> None:
    path = content_copy / "rules" / "interview_suit_rental.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("between:", "betwen:"),
                    encoding="utf-8")
    problems = _problems(content_copy)
    assert any(p.startswith("rules/interview_suit_rental.yaml: interview_suit_rental: "
                            "conditions.all.0: unknown operator") for p in problems), problems


def test_a_rule_for_a_program_that_does_not_exist_fails(content_copy: Path) -> None:
    (content_copy / "rules" / "no_such_program.yaml").write_text(
        "program: no_such_program\nsources: [https://example.org]\nas_of: 2026-01-01\n"
        "conditions: {fact: age, at_most: 39}\n", encoding="utf-8")
    assert ("rules/no_such_program.yaml: no_such_program: program: 'no_such_program' is not "
            "a program in programs/") in _problems(content_copy)


def test_a_rule_file_missing_its_source_fails(content_copy: Path) -> None:
    (content_copy / "rules" / "interview_suit_rental.yaml").write_text(
        "program: interview_suit_rental\nas_of: 2026-01-01\n"
        "conditions: {fact: age, at_most: 39}\n", encoding="utf-8")
    assert any(p.startswith("rules/interview_suit_rental.yaml: interview_suit_rental: sources:")
               for p in _problems(content_copy))


def test_a_fact_without_a_why_text_fails(content_copy: Path) -> None:
    path = content_copy / "eligibility" / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: korean_national")
    block_end = text.index("- id: gyeonggi_resident")
    block = text[start:block_end]
    cut = block[: block.index("  why:")] + block[block.index("  yes_label:"):]
    path.write_text(text.replace(block, cut), encoding="utf-8")
    problems = _problems(content_copy)
    assert any(p.startswith("eligibility/facts.yaml: korean_national:") and "why" in p
               for p in problems), problems


def test_broken_yaml_in_a_rule_file_is_reported_with_a_line(content_copy: Path) -> None:
    (content_copy / "rules" / "cat_cheer_up_academy.yaml").write_text(
        "program: cat_cheer_up_academy\nconditions: [\n", encoding="utf-8")
    assert any(p.startswith("rules/cat_cheer_up_academy.yaml: line ")
               for p in _problems(content_copy))


def test_cli_try_shows_results_and_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    assert main(["eligibility", "try", "birth_date=1987-03-03", "goyang_resident=네",
                 "--today", "2026-11-28", "--program", "interview_suit_rental"]) == 0
    out = capsys.readouterr().out
    assert "eligible      interview_suit_rental    rule=yes" in out
    assert "만 39세 기준이라 2027년 3월 2일까지 신청할 수 있어요." in out


@pytest.mark.parametrize("answer", ["agee=3", "birth_date=2월 30일", "birth_date"])
def test_cli_try_refuses_bad_answers_with_exit_2(answer: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    assert main(["eligibility", "try", answer]) == 2
    assert capsys.readouterr().out.strip()


def test_cli_lists_facts(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    assert main(["eligibility", "facts"]) == 0
    assert "birth_date" in capsys.readouterr().out
