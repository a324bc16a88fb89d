"""Content truth (issue 12): one number per name, a sourced status per program, one pin
per place, and a stale-source report staff can act on. Asserted from the shipped files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from content.catalogue import Catalogue, bundled_content_dir, load_catalogue
from content.consistency import pin_problems, shared_numbers, shared_pins
from content.eligibility.assessment import runs_where_user_lives, unconfirmed
from content.eligibility.rules import Outcome, Verdict
from content.errors import ContentError
from tests.conftest import ChatDriver

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    return root


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- the shipped files


def test_no_phone_number_is_listed_under_two_names(catalogue: Catalogue) -> None:
    shops = catalogue.booking.shops.values() if catalogue.booking else []
    places = catalogue.places.places.values()
    assert shared_numbers(catalogue.contacts.values(), shops, places) == {}
    team = catalogue.contacts["youth_policy_team"]
    assert team.phone == "031-909-9000"  # city call centre until the team's line is sourced
    assert catalogue.contacts["job_centre"].phone == "031-8075-3665"


def test_every_program_has_a_status_with_a_source(catalogue: Catalogue) -> None:
    for program in catalogue.programs.values():
        assert program.status_source in program.sources, program.id
        assert program.source_date <= program.as_of, program.id
        if program.status != "active":
            assert program.status_note, program.id


@pytest.mark.parametrize("program_id", ["cat_cheer_up_academy", "cheongchwi_dabang",
                                        "cheongchun28_startup", "goyang_culture_creative_hub",
                                        "midlife_career_jobs"])
def test_programs_not_confirmed_for_this_year_are_never_open_to_apply(
    catalogue: Catalogue, program_id: str
) -> None:
    program = catalogue.programs[program_id]
    assert not program.confirmed_running(TODAY)
    outcome = unconfirmed(Outcome(Verdict.YES), program, TODAY)
    assert outcome.verdict is Verdict.UNKNOWN
    assert program.status_note in outcome.unchecked  # the reason is shown


def test_a_no_stays_a_no_and_a_confirmed_program_keeps_its_yes(catalogue: Catalogue) -> None:
    no = Outcome(Verdict.NO)
    assert unconfirmed(no, catalogue.programs["cat_cheer_up_academy"], TODAY) is no
    yes = Outcome(Verdict.YES)
    assert unconfirmed(yes, catalogue.programs["interview_suit_rental"], TODAY) is yes
    # Next year the 2026 source no longer confirms it.
    later = unconfirmed(yes, catalogue.programs["interview_suit_rental"], date(2027, 1, 2))
    assert later.verdict is Verdict.UNKNOWN


def test_the_closed_midlife_call_says_so(catalogue: Catalogue) -> None:
    program = catalogue.programs["midlife_career_jobs"]
    assert program.status == "closed"
    assert "마감" in program.status_note["ko"] if program.status_note else False


def test_basic_income_stop_is_about_goyang_only(catalogue: Catalogue) -> None:
    program = catalogue.programs["youth_basic_income"]
    paju = {"goyang_resident": False, "gyeonggi_resident": True}
    assert runs_where_user_lives(program, paju)
    assert not runs_where_user_lives(program, {"goyang_resident": True})
    assert not runs_where_user_lives(program, {"goyang_resident": False,
                                               "gyeonggi_resident": False})
    assert program.elsewhere_note and "29개 시·군" in program.elsewhere_note["ko"]


def test_job_fair_card_names_the_2025_fair(catalogue: Catalogue) -> None:
    program = catalogue.programs["youth_job_fair"]
    note = program.status_note["ko"] if program.status_note else ""
    assert "2025년 8월 28일" in note and "2019년 5월" not in note
    assert "https://www.newspim.com/news/view/20250829000878" in program.sources


def test_no_place_has_two_locations(catalogue: Catalogue) -> None:
    places = catalogue.places.places
    shops = catalogue.booking.shops.values() if catalogue.booking else []
    assert pin_problems(places, shops) == []
    assert catalogue.booking and catalogue.booking.shops["naeil_kkum"].place == "naeilkkum"
    for ids in shared_pins(places).values():
        # Only neighbouring lots both shown at their district point may share one.
        assert all(places[i].approximate for i in ids), ids
        assert len({places[i].district for i in ids}) == 1, ids
    assert (places["culture_hub"].lat, places["culture_hub"].lon) != (
        places["job_centre"].lat, places["job_centre"].lon)
    assert "일산동구" in places["job_centre"].address["ko"]


# ---------------------------------------------------------------- the loader refuses drift


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param("contacts.yaml", '"031-909-9000"', '"031-8075-3665"',
                     ["031-8075-3665 is listed under 2 names"], id="one-number-two-names"),
        pytest.param("places/places.yaml", "name: {ko: 고양시 통합일자리센터 (고양",
                     "name: {ko: 고양시 청년정책팀 (고양",
                     ["031-8075-3665 is listed under 2 names "
                      "(고양시 청년정책팀, 고양시 통합일자리센터)"],
                     id="place-lists-a-contact-number-under-another-name"),
        pytest.param("shops.yaml", "{lat: 37.634583, lon: 126.834197}",
                     "{lat: 37.6346, lon: 126.8327}",
                     ["naeil_kkum: place: location 37.6346, 126.8327 "
                      "differs from place 'naeilkkum'"],
                     id="shop-pinned-away-from-its-place"),
        pytest.param("programs/cat_cheer_up_academy.yaml", "status: unknown", "status: active",
                     ["status 'active' needs a source for 2026", "confirmed_until is 2021"],
                     id="active-status-without-a-source-for-this-year"),
        pytest.param("programs/job_bus.yaml",
                     "status_source: https://www.hankyung.com/article/202102088975Y",
                     "status_source: https://example.org/nowhere",
                     ["status_source 'https://example.org/nowhere' must be one of sources"],
                     id="status-source-not-among-sources"),
    ],
)
def test_loader_refuses_drift(tmp_path: Path, file: str, old: str, new: str,
                              expected: list[str]) -> None:
    root = _copy(tmp_path)
    _replace(root / file, old, new)
    with pytest.raises(ContentError) as caught:
        load_catalogue(root)
    assert any(all(e in p for e in expected) for p in caught.value.problems)


# ---------------------------------------------------------------- content check --stale


def test_shipped_content_passes_stale_730_with_a_reason_per_entry(
    capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["content", "check", "--stale", "730"]) == 0
    out = capsys.readouterr().out
    assert "card cat_cheer_up_academy: newest source 2021-02-08" in out
    assert "users are told \"2021년까지 운영이 확인돼요" in out
    assert "place culture_hub:" in out and "0 not flagged to users" in out


def test_stale_check_fails_on_an_active_card_with_an_old_source(
    capsys: pytest.CaptureFixture[str]
) -> None:
    # With DAYS=0 every source is old; active cards say nothing to users about it.
    assert main(["content", "check", "--stale", "0"]) == 1
    out = capsys.readouterr().out
    assert "card interview_suit_rental: newest source 2026-03-09" in out
    assert "NOT flagged to users" in out


def test_stale_check_rejects_negative_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check", "--stale", "-1"]) == 2
    assert "--stale DAYS must be 0 or more" in capsys.readouterr().out


async def test_card_shows_its_newest_source_date_and_its_check_date(chat: ChatDriver) -> None:
    await chat.action("programs:show:cat_cheer_up_academy")
    text = chat.text()
    assert ("출처: https://m.sedaily.com/NewsView/22VGFB2LOH (2021-02-08 자료 · 2026-12-01 확인)"
            in text)
    assert "확인 필요 — 2021년까지 운영이 확인돼요" in text
    await chat.action("programs:show:youth_job_fair")
    assert "(2025-08-29 자료 · 2026-12-01 확인)" in chat.text()
