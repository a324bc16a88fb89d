"""Distances, walking times and nearest-N search over places."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.places.geo import (
    PlaceIndex,
    Point,
    distance_m,
    format_distance,
    nearest_brute_force,
    valid_coordinates,
    walking_minutes,
)
from tests.places.fixture import fake_places

HWAJEONG_STN = Point(37.634592, 126.83265)
HUB = Point(37.63426, 126.83373)  # 청취다방 HUB, 화정터미널 2층
DAEHWA_STN = Point(37.676087, 126.747569)
ILSAN_STN = Point(37.682077, 126.769846)


def test_hwajeong_station_to_chungchwi_hub_is_a_few_hundred_metres():
    assert 50 < distance_m(HWAJEONG_STN, HUB) < 400


def test_hwajeong_to_daehwa_is_about_nine_kilometres():
    # 3호선 화정 → 대화: known to be roughly 8–9 km as the crow flies
    assert 8_000 < distance_m(HWAJEONG_STN, DAEHWA_STN) < 9_500


def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_m(HUB, HUB) == 0
    assert math.isclose(distance_m(HUB, ILSAN_STN), distance_m(ILSAN_STN, HUB))


def test_one_degree_of_latitude_is_about_111_km():
    assert 110_000 < distance_m(Point(37, 127), Point(38, 127)) < 112_000


def test_antipodes_do_not_crash():
    assert 20_000_000 < distance_m(Point(0, 0), Point(0, 180)) < 20_100_000


def test_walking_minutes_round_up_and_stop_after_an_hour():
    assert walking_minutes(0) == 1
    assert walking_minutes(300) == 6  # 300 m × 1.3 detour ÷ 75 m/min = 5.2 → 6
    assert walking_minutes(3_000) == 52
    assert walking_minutes(10_000) is None


def test_distances_are_shown_in_metres_then_kilometres():
    assert format_distance(3) == "10m"
    assert format_distance(347) == "350m"
    assert format_distance(1_234) == "1.2km"
    assert format_distance(25_400) == "25km"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(float("nan"), 126.8), (37.6, float("inf")), (91, 0), (0, 181), (True, 126.8), ("37", "126")],
)
def test_malformed_coordinates_are_refused(lat, lon):
    assert not valid_coordinates(lat, lon)


def test_zero_zero_is_a_valid_but_faraway_coordinate():
    assert valid_coordinates(0, 0)


PLACES = fake_places(400)
INDEX = PlaceIndex(PLACES)


def test_nearest_is_ordered_by_distance_from_hwajeong():
    found = INDEX.nearest(HWAJEONG_STN, limit=10)
    distances = [n.distance_m for n in found]
    assert distances == sorted(distances)
    assert len(found) == 10


@settings(max_examples=60, deadline=None)
@given(
    lat=st.floats(37.55, 37.75),
    lon=st.floats(126.65, 126.98),
    limit=st.integers(1, 12),
)
def test_nearest_matches_brute_force(lat, lon, limit):
    origin = Point(lat, lon)
    fast = INDEX.nearest(origin, limit=limit)
    slow = nearest_brute_force(PLACES, origin, limit)
    assert [n.place.id for n in fast] == [n.place.id for n in slow]
    for a, b in zip(fast, slow, strict=True):
        assert math.isclose(a.distance_m, b.distance_m, rel_tol=1e-9, abs_tol=1e-6)


def test_paging_with_offset_continues_where_the_first_page_ended():
    first = INDEX.nearest(HWAJEONG_STN, limit=5)
    second = INDEX.nearest(HWAJEONG_STN, limit=5, offset=5)
    both = INDEX.nearest(HWAJEONG_STN, limit=10)
    assert [n.place.id for n in first + second] == [n.place.id for n in both]


def test_kind_filter_keeps_only_those_kinds():
    found = INDEX.nearest(HWAJEONG_STN, limit=20, kinds=("startup_space", "maker_space"))
    assert found
    assert {n.place.kind for n in found} <= {"startup_space", "maker_space"}


def test_unknown_kind_filter_finds_nothing():
    assert INDEX.nearest(HWAJEONG_STN, kinds=("castle",)) == []


def test_predicate_is_applied_nearest_first():
    found = INDEX.nearest(HWAJEONG_STN, limit=5, where=lambda p: p.id.endswith("7"))
    assert [n.place.id[-1] for n in found] == ["7"] * 5
    assert [n.distance_m for n in found] == sorted(n.distance_m for n in found)


def test_asking_for_more_than_there_are_returns_them_all():
    small = PlaceIndex(PLACES[:3])
    assert len(small.nearest(HWAJEONG_STN, limit=10)) == 3
    assert small.nearest(HWAJEONG_STN, limit=10, offset=5) == []


def test_empty_index_and_zero_limit_find_nothing():
    assert PlaceIndex([]).nearest(HWAJEONG_STN) == []
    assert INDEX.nearest(HWAJEONG_STN, limit=0) == []


def test_ten_thousand_places_are_searched_correctly():
    many = fake_places(10_000, seed=3)
    index = PlaceIndex(many)
    origin = Point(37.65, 126.8)
    assert [n.place.id for n in index.nearest(origin)] == [
        n.place.id for n in nearest_brute_force(many, origin, 5)
    ]
