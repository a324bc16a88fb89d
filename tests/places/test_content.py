"""The shipped places and gazetteer files: valid, sourced, and errors that name the field."""

from __future__ import annotations

import shutil
from datetime import datetime

from content.catalogue import bundled_content_dir
from content.files import Problems
from content.places.geo import Point, distance_m
from content.places.loader import load_places
from content.places.maplinks import kakao_map_url, naver_map_url
from content.places.search import open_state, search_places
from content.text.clock import SEOUL
from tests.places.fixture import fake_places

NOW = datetime(2026, 11, 28, 14, 0, tzinfo=SEOUL)  # a Saturday


def load(root):
    problems = Problems(root)
    return load_places(root, problems), problems.lines


def test_shipped_places_are_valid_and_sourced():
    content, problems = load(bundled_content_dir())
    assert problems == []
    assert {
        "naeilkkum",
        "chungchwi_hub",
        "startup28",
        "culture_hub",
        "daehwa_library_maker",
        "q_cafe",
        "job_centre",
    } <= set(content.places)
    for place in content.places.values():
        assert place.sources and place.as_of
        if place.hours is None:
            assert place.approximate or place.hours_note is not None or place.status != "open"


def test_the_hub_has_moved_to_naeilkkum_and_is_not_searched():
    content, _ = load(bundled_content_dir())
    hub = content.places["chungchwi_hub"]
    assert hub.status == "moved" and hub.moved_to == "naeilkkum"
    assert all(p.id != "chungchwi_hub" for p in content.index.places)


def test_from_hwajeong_station_the_nearest_is_in_hwajeong():
    content, _ = load(bundled_content_dir())
    result = search_places(content, Point(37.634592, 126.83265), now=NOW)
    assert result.items[0].place.id in {"naeilkkum", "startup28"}
    assert result.items[0].distance_m < 500
    assert not result.far_from_goyang


def test_startup_filter_and_cafe_filter():
    content, _ = load(bundled_content_dir())
    origin = Point(37.676087, 126.747569)
    startups = search_places(content, origin, now=NOW, only="startup")
    assert {n.place.kind for n in startups.items} <= {"startup_space", "maker_space"}
    cafes = search_places(content, origin, now=NOW, only="cafe")
    assert [n.place.id for n in cafes.items] == ["q_cafe"]


def test_open_now_filter_keeps_only_open_places():
    content, _ = load(bundled_content_dir())
    content = content.with_imported(fake_places(200))
    result = search_places(content, Point(37.65, 126.8), now=NOW, only="open", limit=10)
    assert result.items
    assert all(open_state(n.place.hours, NOW).state == "open" for n in result.items)


def test_from_zero_zero_places_are_found_but_far_from_goyang():
    content, _ = load(bundled_content_dir())
    result = search_places(content, Point(0, 0), now=NOW)
    assert result.far_from_goyang
    assert result.items and result.items[0].distance_m > 10_000_000


def test_has_more_tells_whether_another_page_exists():
    content, _ = load(bundled_content_dir())
    content = content.with_imported(fake_places(12))
    first = search_places(content, Point(37.65, 126.8), now=NOW, limit=5)
    assert first.has_more
    last = search_places(content, Point(37.65, 126.8), now=NOW, limit=5, offset=15)
    assert not last.has_more


def test_imported_place_replaces_a_shipped_one_with_the_same_id():
    content, _ = load(bundled_content_dir())
    newer = content.places["q_cafe"].model_copy(update={"phone": "031-111-2222"})
    merged = content.with_imported([newer])
    assert merged.places["q_cafe"].phone == "031-111-2222"
    assert len(merged.places) == len(content.places)


def test_imported_places_are_found_by_name():
    content, _ = load(bundled_content_dir())
    merged = content.with_imported(fake_places(3))
    assert merged.gazetteer.resolve("테스트카페 1").__class__.__name__ == "Found"


def test_map_links_are_https_and_encode_the_name():
    url = kakao_map_url("청취다방, HUB", 37.63426, 126.83373)
    assert url == (
        "https://map.kakao.com/link/map/"
        "%EC%B2%AD%EC%B7%A8%EB%8B%A4%EB%B0%A9%20HUB,37.634260,126.833730"
    )
    assert naver_map_url("내일꿈제작소").startswith("https://map.naver.com/p/search/")


def test_a_broken_places_file_names_file_entry_and_field(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir() / "places", root / "places")
    path = root / "places" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("lat: 37.656678", "lat: 126.831722", 1)  # q_cafe: swapped
    text = text.replace(
        "hours: 미확인\n    services: [cafe_space",
        'hours: "월-금 10시"\n    services: [cafe_space',
        1,
    )
    text = text.replace(
        "services: [job_counselling, resume_clinic, programs]",
        "services: [job_counselling, sauna]",
        1,
    )
    path.write_text(text, encoding="utf-8")
    _, problems = load(root)
    joined = "\n".join(problems)
    assert "places/places.yaml: q_cafe: lat:" in joined
    assert "swapped" in joined
    assert "q_cafe: hours:" in joined
    assert "job_centre: services: 'sauna' is not in services" in joined


def test_broken_yaml_is_reported_with_its_line(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir() / "places", root / "places")
    (root / "places" / "gazetteer.yaml").write_text("districts: [\n", encoding="utf-8")
    _, problems = load(root)
    assert any("gazetteer.yaml: line" in p for p in problems)


def test_a_content_folder_without_places_has_none(tmp_path):
    content, problems = load(tmp_path)
    assert problems == [] and content.places == {}


def test_distance_between_two_shipped_places():
    content, _ = load(bundled_content_dir())
    a, b = content.places["chungchwi_hub"], content.places["naeilkkum"]
    assert distance_m(Point(a.lat, a.lon), Point(b.lat, b.lon)) < 200
