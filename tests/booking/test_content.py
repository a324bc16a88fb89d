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


def test_shipped_file_has_the_two_lending_points_with_sources() -> None:
    content, problems = load(ROOT)
    assert problems == []
    assert content is not None
    assert set(content.shops) == {"naeil_kkum", "dreamwings"}
    for shop in content.shops.values():
        assert shop.sources and all(s.startswith("http") for s in shop.sources)


def test_unpublished_hours_are_marked_as_placeholders() -> None:
    content, _ = load(ROOT)
    assert content is not None
    assert not content.shops["naeil_kkum"].confirmed
    assert not content.shops["dreamwings"].confirmed


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


def test_bad_hours_are_reported_with_file_entry_and_field(editable: Path) -> None:
    rewrite(editable, lambda d: d["shops"][0]["hours"].update({"tue": ["18:00-10:00"]}))
    content, problems = load(editable)
    assert content is None
    assert any(
        p.startswith("shops.yaml: naeil_kkum: hours:") and "ends before" in p for p in problems
    )


def test_unknown_weekday_is_reported(editable: Path) -> None:
    rewrite(editable, lambda d: d["shops"][1]["hours"].update({"monday": ["10:00-12:00"]}))
    _, problems = load(editable)
    assert any("dreamwings: hours" in p and "not a weekday" in p for p in problems)


def test_reminder_inside_quiet_hours_is_refused(editable: Path) -> None:
    rewrite(editable, lambda d: d["rules"]["reminders"].update({"morning_of": "07:00"}))
    _, problems = load(editable)
    assert any(p.startswith("shops.yaml: rules:") and "quiet_hours" in p for p in problems)


def test_duplicate_shop_id_and_missing_field(editable: Path) -> None:
    def change(d):
        d["shops"][1]["id"] = "naeil_kkum"
        del d["shops"][0]["seats_per_slot"]

    rewrite(editable, change)
    _, problems = load(editable)
    assert any("naeil_kkum: seats_per_slot: Field required" in p for p in problems)


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
    rewrite(copy, lambda d: d["shops"][0].update({"seats_per_slot": 0}))
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
