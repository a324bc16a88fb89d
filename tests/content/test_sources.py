"""Issue 12, keep it true: who runs each program, where each contact's number comes from,
and the cards young people ask for first. Bad input gets a ``file: entry: field: problem``
line, never a traceback."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from content.catalogue import Catalogue, bundled_content_dir, load_catalogue
from content.errors import ContentError
from tests.conftest import ChatDriver

TODAY = date(2026, 12, 1)
NEW_CARDS = {
    "youth_monthly_rent": "national",
    "national_employment_support": "national",
    "gyeonggi_interview_allowance": "gyeonggi",
    "youth_tomorrow_savings": "national",
    "youth_leap_account": "national",
    "goyang_admin_internship": "goyang",
    "goyang_future_package": "goyang",
    "youth_future_savings": "national",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _broken(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_catalogue(root)
    return caught.value.problems


# ---------------------------------------------------------------- the shipped files


def test_the_programs_youth_ask_for_have_cards_with_who_runs_them(catalogue: Catalogue) -> None:
    for program_id, scope in NEW_CARDS.items():
        program = catalogue.programs[program_id]
        assert program.scope == scope, program_id
        assert program.status_source in program.sources
        assert program.source_date.year >= 2025, program_id  # nothing older than 2025 carries it
    assert catalogue.programs["youth_basic_income"].scope == "gyeonggi"


def test_no_new_card_is_presented_as_open_without_a_source_for_this_year(
    catalogue: Catalogue,
) -> None:
    for program_id in NEW_CARDS:
        program = catalogue.programs[program_id]
        assert not program.confirmed_running(TODAY), program_id
        assert program.status_note is not None, program_id
    internship = catalogue.programs["goyang_admin_internship"]
    assert internship.status == "closed" and internship.confirmed_until == 2026
    assert internship.status_note and "마감" in internship.status_note["ko"]


def test_every_contact_names_its_source_and_date(catalogue: Catalogue) -> None:
    for contact in catalogue.contacts.values():
        assert contact.sources, contact.id
        assert all(url.startswith(("http://", "https://")) for url in contact.sources)
        assert contact.as_of <= TODAY, contact.id


def test_rules_exist_only_where_criteria_are_published(catalogue: Catalogue) -> None:
    assert catalogue.eligibility is not None
    rules = catalogue.eligibility.rules
    for program_id in NEW_CARDS.keys() - {"national_employment_support"}:
        assert program_id in rules, program_id
    # The sources give no age or income thresholds the bot could check for this one.
    assert "national_employment_support" not in rules


# ---------------------------------------------------------------- what users see


@pytest.mark.parametrize(("program_id", "label"), [
    ("youth_monthly_rent", "정부(전국) 사업"),
    ("gyeonggi_interview_allowance", "경기도 사업"),
    ("goyang_admin_internship", "고양시 사업"),
    ("youth_basic_income", "경기도 사업"),
])
async def test_card_says_who_runs_the_program(chat: ChatDriver, program_id: str,
                                              label: str) -> None:
    await chat.action(f"programs:show:{program_id}")
    first_line = chat.text().splitlines()[0]
    assert first_line.endswith(f" · {label}"), first_line


async def test_unconfirmed_card_says_until_when_it_is_confirmed(chat: ChatDriver) -> None:
    await chat.action("programs:show:gyeonggi_interview_allowance")
    text = chat.text()
    assert "확인 필요 — 2025년 모집(10월 27일부터 접수)까지 확인돼요" in text
    assert "(2025-10-24 자료 · 2026-12-01 확인)" in text


async def test_typed_program_name_opens_the_card(chat: ChatDriver) -> None:
    await chat.say("국취제")
    assert "국민취업지원제도" in chat.text()
    assert "정부(전국) 사업" in chat.text()


# ---------------------------------------------------------------- the loader refuses bad input


def test_loader_names_a_missing_scope(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "programs/youth_leap_account.yaml", "scope: national\n", "")
    assert "programs/youth_leap_account.yaml: youth_leap_account: scope: Field required" in problems


def test_loader_names_an_unknown_scope(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "programs/youth_leap_account.yaml", "scope: national",
                       "scope: seoul")
    assert ("programs/youth_leap_account.yaml: youth_leap_account: scope: Input should be "
            "'goyang', 'gyeonggi' or 'national'") in problems


def test_loader_names_a_contact_without_sources(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "contacts.yaml",
                       "  sources:\n    - https://www.hankyung.com/article/202102088975Y\n"
                       "    - https://www.newspim.com/news/view/20221227000612\n", "")
    assert "contacts.yaml: job_centre: sources: Field required" in problems


def test_loader_names_a_contact_source_that_is_not_a_web_address(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "contacts.yaml",
                       "    - https://www.hankyung.com/article/202102088975Y",
                       "    - 전화로 확인함")
    assert ("contacts.yaml: job_centre: sources: Value error, '전화로 확인함' is not a web "
            "address") in problems


def test_loader_names_a_contact_without_a_date(tmp_path: Path) -> None:
    problems = _broken(tmp_path, "contacts.yaml", "  as_of: 2022-12-27\n", "")
    assert "contacts.yaml: job_centre: as_of: Field required" in problems
    # One line for one mistake: not also "this contact must exist".
    assert [p for p in problems if "job_centre" in p] == [
        "contacts.yaml: job_centre: as_of: Field required"]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("contacts.yaml", "as_of: 2022-12-27", "as_of: 2022-13-27",
     "contacts.yaml: job_centre: as_of: Input should be a valid date or datetime, month "
     "value is outside expected range of 1-12"),
    ("programs/youth_leap_account.yaml", "source_date: 2025-08-28", "source_date: 2025-08-32",
     "programs/youth_leap_account.yaml: youth_leap_account: source_date: Input should be a "
     "valid date or datetime, day value is outside expected range"),
    ("rules/youth_leap_account.yaml", "as_of: 2023-06-15", "as_of: 2023-02-30",
     "rules/youth_leap_account.yaml: youth_leap_account: as_of: Input should be a valid date "
     "or datetime, day value is outside expected range"),
    ("places/places.yaml", "as_of: 2025-07-09", "as_of: 25-07-09",
     "places/places.yaml: seongsa_campus: as_of: Input should be a valid date or datetime, "
     "input is too short"),
])
def test_a_bad_date_is_a_located_problem_not_a_traceback(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    # PyYAML used to raise ValueError("month must be in 1..12") out of the loader.
    assert expected in _broken(tmp_path, file, old, new)
