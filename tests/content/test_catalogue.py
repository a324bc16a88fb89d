"""The bundled catalogue: complete, sourced, dated, bilingual."""

from __future__ import annotations

from content.catalogue import Catalogue
from content.text.matching import jamo_key, plain_words

REQUIRED_PROGRAM_WORDS = [
    "청년기본소득",
    "사회주택",
    "창업",
    "면접정장",
    "박람회",
    "캣취업",
    "청취다방",
    "문화창조허브",
    "대화도서관",
    "내일꿈제작소",
    "28청춘",
    "일자리",
    "일자리버스",
    "신중년",
]


def test_catalogue_names_every_program_of_the_city_plan(catalogue: Catalogue) -> None:
    names = " ".join(p.name["ko"] for p in catalogue.programs.values())
    missing = [w for w in REQUIRED_PROGRAM_WORDS if w not in names]
    assert not missing
    assert len(catalogue.programs) >= 14


def test_every_program_has_source_date_and_english(catalogue: Catalogue) -> None:
    for program in catalogue.programs.values():
        assert program.sources and program.as_of
        for field in ("name", "summary", "audience", "benefit", "how_to_apply", "contact"):
            assert "en" in getattr(program, field), (program.id, field)


def test_youth_basic_income_says_goyang_does_not_take_part(catalogue: Catalogue) -> None:
    program = catalogue.programs["youth_basic_income"]
    assert program.status == "suspended"
    assert program.status_note and "2025" in program.status_note["ko"]


def test_contacts_include_the_job_centre(catalogue: Catalogue) -> None:
    assert catalogue.contacts["job_centre"].phone == "031-8075-3665"


def test_every_menu_action_fits_a_telegram_button(catalogue: Catalogue) -> None:
    for item in catalogue.menu:
        assert len(item.action.encode()) <= 60


def test_hangul_normalisation_tolerates_spacing_and_one_jamo_typos() -> None:
    assert plain_words("  청년  배당!!  ") == "청년 배당"
    assert jamo_key("받을 수 있나") != jamo_key("받을수잇나")
    assert len(jamo_key("받을수있나")) == len(jamo_key("받을수잇나"))
