"""shops.yaml: the shipped file is valid and honest; broken files name file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from content.booking.eligibility import AgeLimits, age_limits, suit_rule
from content.booking.shops import BookingContent, load_booking_content
from content.catalogue import Catalogue
from content.eligibility.rule_parser import RuleProblems, parse_condition
from content.files import Problems

ROOT = Path(__file__).resolve().parents[2] / "content" / "data"


def load(root: Path) -> tuple[BookingContent | None, list[str]]:
    problems = Problems(root)
    return load_booking_content(root, problems), problems.lines


def test_shipped_file_has_the_three_lending_points_with_sources() -> None:
    content, problems = load(ROOT)
    assert problems == []
    assert content is not None
    # The city program's own step first, then the centre, then the 2023 partner.
    assert list(content.shops) == ["jobaba_apply", "naeil_kkum", "dreamwings"]
    for shop in content.shops.values():
        assert shop.sources and all(s.startswith("http") for s in shop.sources)


def test_shipped_modes_promise_nothing_no_one_confirmed() -> None:
    content, _ = load(ROOT)
    assert content is not None
    modes = {shop.id: shop.mode for shop in content.shops.values()}
    assert modes == {"jobaba_apply": "external", "naeil_kkum": "request",
                     "dreamwings": "external"}
    for shop in content.shops.values():
        # every direct point has confirmed hours and seats (the loader checks it too)
        assert shop.mode != "direct" or shop.confirmed, shop.id
    assert not content.shops["naeil_kkum"].confirmed  # placeholders: request mode
    jobaba = content.shops["jobaba_apply"]
    assert jobaba.booking_url == "https://apply.jobaba.net"
    assert "https://www.asiae.co.kr/article/2026030921153673795" in jobaba.sources


def test_no_point_is_this_years_city_partner_without_a_source() -> None:
    content, _ = load(ROOT)
    assert content is not None
    year = content.rules.as_of.year
    for shop in content.shops.values():
        if shop.city_partner is not None:
            assert shop.city_partner.sources
            assert year not in shop.city_partner.years, shop.id  # none sourced for 2026
    assert content.shops["dreamwings"].city_partner is not None
    assert content.shops["dreamwings"].city_partner.years == [2023]


def test_rules_match_the_2026_program(catalogue: Catalogue) -> None:
    content, _ = load(ROOT)
    assert content is not None
    rules = content.rules
    assert (rules.yearly_limit, rules.rental_nights) == (3, 3)
    # who may rent is the eligibility rule's (rules/interview_suit_rental.yaml), written once
    assert age_limits(suit_rule(catalogue.eligibility)) == AgeLimits(18, 39)
    names = [item.name["ko"] for item in rules.items]
    assert names == ["재킷", "바지", "스커트", "셔츠", "블라우스", "넥타이", "벨트", "구두"]


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "shops.yaml", tmp_path / "shops.yaml")
    return tmp_path


def rewrite(root: Path, change) -> None:
    path = root / "shops.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def shop(data: dict, shop_id: str) -> dict:
    return next(s for s in data["shops"] if s["id"] == shop_id)


def test_bad_hours_are_reported_with_file_entry_and_field(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum")["hours"].update({"tue": ["18:00-10:00"]}))
    content, problems = load(editable)
    assert content is None
    assert any(
        p.startswith("shops.yaml: naeil_kkum: hours:") and "ends before" in p for p in problems
    )


def test_unknown_weekday_is_reported(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum")["hours"].update({"monday": ["10:00-12:00"]}))
    _, problems = load(editable)
    assert any("naeil_kkum: hours" in p and "not a weekday" in p for p in problems)


def test_reminder_inside_quiet_hours_is_refused(editable: Path) -> None:
    rewrite(editable, lambda d: d["rules"]["reminders"].update({"morning_of": "07:00"}))
    _, problems = load(editable)
    assert any(p.startswith("shops.yaml: rules:") and "quiet_hours" in p for p in problems)


def test_duplicate_shop_id_and_missing_field(editable: Path) -> None:
    def change(d):
        del shop(d, "naeil_kkum")["seats_per_slot"]
        shop(d, "dreamwings")["id"] = "naeil_kkum"

    rewrite(editable, change)
    _, problems = load(editable)
    assert any("naeil_kkum: (entry): " in p and "mode request needs seats_per_slot" in p
               for p in problems)


def test_an_age_rule_in_shops_yaml_is_refused_as_a_second_copy(editable: Path) -> None:
    rewrite(editable, lambda d: d["rules"].update({"min_age": 18, "max_age": 10}))
    content, problems = load(editable)
    assert content is None
    assert any(p.startswith("shops.yaml: rules: max_age") for p in problems)
    assert any(p.startswith("shops.yaml: rules: min_age") for p in problems)


def test_max_age_below_min_age_is_refused_in_the_eligibility_rule(catalogue: Catalogue) -> None:
    assert catalogue.eligibility is not None
    with pytest.raises(RuleProblems) as caught:
        parse_condition({"fact": "age", "between": [39, 18]}, catalogue.eligibility.facts, {})
    assert "low <= high" in str(caught.value)


def test_broken_yaml_names_the_line(editable: Path) -> None:
    (editable / "shops.yaml").write_text("rules: [\n", encoding="utf-8")
    content, problems = load(editable)
    assert content is None
    assert problems and problems[0].startswith("shops.yaml: line")


def test_missing_file_is_reported(tmp_path: Path) -> None:
    _, problems = load(tmp_path)
    assert problems == ["shops.yaml: (file): (file): file is missing"]


async def test_a_broken_shops_file_fails_the_whole_catalogue_and_reload_keeps_the_last_good(
    tmp_path: Path,
) -> None:
    from content.catalogue import load_catalogue
    from content.errors import ContentError
    from db.store import Store
    from handlers.dialog.engine import Engine
    from handlers.registry import build_flows

    copy = tmp_path / "content"
    shutil.copytree(ROOT, copy)
    good = load_catalogue(copy)
    assert isinstance(good.booking, BookingContent)
    rewrite(copy, lambda d: shop(d, "naeil_kkum").update({"seats_per_slot": 0}))
    with pytest.raises(ContentError) as exc:
        load_catalogue(copy)
    assert any("shops.yaml: naeil_kkum: seats_per_slot:" in p for p in exc.value.problems)

    store = await Store.open(tmp_path / "r.sqlite3")
    try:
        engine = Engine(store, good, build_flows())
        with pytest.raises(ContentError):
            engine.reload_catalogue(copy)
        assert engine.catalogue is good
    finally:
        await store.close()


# -- booking modes ---------------------------------------------------------------------------


def test_direct_with_placeholder_hours_is_refused_with_the_reason(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum").update({"mode": "direct"}))
    content, problems = load(editable)
    assert content is None
    (line,) = [p for p in problems if "naeil_kkum" in p]
    assert "mode direct needs confirmed hours and seats" in line
    assert "hours_confirmed and seats_confirmed false" in line
    assert "use mode request" in line


def test_direct_with_only_hours_confirmed_names_the_seats(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum").update(
        {"mode": "direct", "hours_confirmed": True}))
    _, problems = load(editable)
    assert any("(seats_confirmed false)" in p for p in problems)


def test_direct_with_confirmed_hours_and_seats_loads(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum").update(
        {"mode": "direct", "hours_confirmed": True, "seats_confirmed": True}))
    content, problems = load(editable)
    assert problems == [] and content is not None
    assert content.shops["naeil_kkum"].mode == "direct"


def test_an_unknown_mode_is_refused(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "naeil_kkum").update({"mode": "instant"}))
    _, problems = load(editable)
    assert any(p.startswith("shops.yaml: naeil_kkum: mode:") and "'direct'" in p
               for p in problems)


def test_an_external_point_with_hours_is_refused(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "dreamwings").update(
        {"hours": {"mon": ["10:00-18:00"]}, "seats_per_slot": 2}))
    _, problems = load(editable)
    assert any("dreamwings: (entry):" in p and "mode external: remove hours, seats_per_slot"
               in p for p in problems)


def test_an_external_point_needs_a_way_to_book_and_the_documents(editable: Path) -> None:
    def change(d):
        point = shop(d, "jobaba_apply")
        del point["booking_url"]
        del point["documents"]

    rewrite(editable, change)
    _, problems = load(editable)
    assert any("jobaba_apply: (entry):" in p
               and "mode external needs documents, booking_url or phone" in p
               for p in problems)


def test_a_request_point_needs_hours_and_a_location(editable: Path) -> None:
    def change(d):
        point = shop(d, "naeil_kkum")
        del point["hours"]
        del point["location"]
        del point["place"]

    rewrite(editable, change)
    _, problems = load(editable)
    assert any("mode request needs hours, location" in p for p in problems)


def test_a_city_partner_without_a_source_is_refused(editable: Path) -> None:
    rewrite(editable, lambda d: shop(d, "dreamwings")["city_partner"].update({"sources": []}))
    _, problems = load(editable)
    assert any(p.startswith("shops.yaml: dreamwings: city_partner.sources:") for p in problems)
