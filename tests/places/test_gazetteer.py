"""Typed place names → Goyang locations: typos, suffixes, ambiguity, places outside Goyang."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.catalogue import bundled_content_dir
from content.files import Problems
from content.places.gazetteer import Ambiguous, Found, NotFound, OutsideGoyang
from content.places.geo import Point
from content.places.loader import load_places

PROBLEMS = Problems(bundled_content_dir())
CONTENT = load_places(bundled_content_dir(), PROBLEMS)
GAZ = CONTENT.gazetteer

# (what a user types, the id it should resolve to). Typos, spacing, suffixes, English.
TYPED = [
    ("화정역", "hwajeong_stn"),
    ("화정녁", "hwajeong_stn"),
    ("화정녁 근처", "hwajeong_stn"),
    ("화정 역 근처 카페", "hwajeong_stn"),
    ("화정역근처카페", "hwajeong_stn"),
    ("화정", "hwajeong_stn"),
    ("화정역 2번 출구", "hwajeong_stn"),
    ("hwajeong station", "hwajeong_stn"),
    ("Hwajeong", "hwajeong_stn"),
    ("대화역", "daehwa_stn"),
    ("대하역", "daehwa_stn"),
    ("대화 역 주변", "daehwa_stn"),
    ("정발산", "jeongbalsan_stn"),
    ("정발산녁", "jeongbalsan_stn"),
    ("정발산역 근처에서", "jeongbalsan_stn"),
    ("주엽역", "juyeop_stn"),
    ("주엽녁 카페", "juyeop_stn"),
    ("마두역", "madu_stn"),
    ("마두 역 앞", "madu_stn"),
    ("백석역", "baekseok_stn"),
    ("백썩역", "baekseok_stn"),
    ("대곡역", "daegok_stn"),
    ("대곡", "daegok_stn"),
    ("원당역 근처", "wondang_stn"),
    ("원당녁", "wondang_stn"),
    ("원흥역", "wonheung_stn"),
    ("원흥", "wonheung_stn"),
    ("삼송역", "samsong_stn"),
    ("삼송녁 주변", "samsong_stn"),
    ("일산역", "ilsan_stn"),
    ("일산녁", "ilsan_stn"),
    ("주엽동", "d4128755000"),
    ("주엽1동", "d4128755000"),
    ("주엽2동", "d4128756000"),
    ("화정1동", "d4128162100"),
    ("화정2동 근처", "d4128162200"),
    ("행신동", "d4128164000"),
    ("행신4동", "d4128165600"),
    ("식사동", "d4128551000"),
    ("식싸동", "d4128551000"),
    ("고봉동", "d4128560000"),
    ("탄현동", "d4128754500"),
    ("탄현 2동", "d4128754600"),
    ("가좌동", "d4128761000"),
    ("송포동 근처 카페", "d4128758000"),
    ("덕이동", "d4128760000"),
    ("고양동", "d4128159000"),
    ("관산동", "d4128160000"),
    ("능곡동", "d4128161000"),
    ("성사1동", "d4128154000"),
    ("성사 2동", "d4128155000"),
    ("효자동", "d4128156000"),
    ("풍산동", "d4128554000"),
    ("장항2동", "d4128559000"),
    ("백석1동", "d4128555100"),
    ("대덕동", "d4128167000"),
    ("화전동", "d4128166000"),
    ("일산서구", "ilsanseo"),
    ("일산 서구", "ilsanseo"),
    ("일산동구", "ilsandong"),
    ("덕양구", "deogyang"),
    ("덕양", "deogyang"),
    ("덕양구청", "deogyang"),
    ("고양시 덕양구", "deogyang"),
    ("킨텍스", "kintex"),
    ("킨텍스 근처", "kintex"),
    ("킨택스", "kintex"),
    ("KINTEX", "kintex"),
    ("킨텍스 제2전시장", "kintex"),
    ("고양시청", "city_hall"),
    ("시청 근처", "city_hall"),
    ("화정터미널", "hwajeong_terminal"),
    ("화정 버스터미널", "hwajeong_terminal"),
    ("대화도서관 근처 카페", "p.daehwa_library_maker"),
    ("대화도서관", "p.daehwa_library_maker"),
    ("내일꿈제작소", "p.naeilkkum"),
    ("내일꿈 제작소 근처", "p.naeilkkum"),
    ("28청춘창업소", "p.startup28"),
    ("28청춘사업소", "p.startup28"),
    ("고양문화창조허브", "p.culture_hub"),
    ("Q카페", "p.q_cafe"),
]


def _resolved_id(text: str) -> str | None:
    result = GAZ.resolve(text)
    return result.spot.id if isinstance(result, Found) else None


def test_bundled_gazetteer_loads_without_problems():
    assert PROBLEMS.lines == []


def test_gazetteer_knows_3_districts_44_dongs_and_the_stations():
    kinds = [s.kind for s in GAZ.spots.values()]
    assert kinds.count("district") == 3
    assert kinds.count("dong") == 44
    assert kinds.count("station") >= 11


def test_typed_names_hit_rate_is_at_least_95_percent():
    assert len(TYPED) >= 50
    misses = [(text, want, GAZ.resolve(text)) for text, want in TYPED if _resolved_id(text) != want]
    hit_rate = 1 - len(misses) / len(TYPED)
    assert hit_rate >= 0.95, misses


@pytest.mark.parametrize(("text", "want"), TYPED[:12])
def test_common_station_spellings(text, want):
    assert _resolved_id(text) == want


def test_ilsan_alone_asks_which_district():
    result = GAZ.resolve("일산")
    assert isinstance(result, Ambiguous)
    assert {s.id for s in result.choices} == {"ilsandong", "ilsanseo"}


def test_goyang_city_asks_which_district():
    for text in ("고양시", "고양", "goyang"):
        result = GAZ.resolve(text)
        assert isinstance(result, Ambiguous), text
        assert {s.id for s in result.choices} == {"deogyang", "ilsandong", "ilsanseo"}


def test_close_candidates_are_one_answer_with_the_station_first():
    # 화정역, 화정1동 and 화정2동 are within a short walk: no question asked
    assert _resolved_id("화정") == "hwajeong_stn"


@pytest.mark.parametrize(
    "text", ["홍대", "홍대 근처 카페", "서울역", "파주 운정", "강남역 근처", "seoul"]
)
def test_places_outside_goyang_are_named_as_such(text):
    assert isinstance(GAZ.resolve(text), OutsideGoyang)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "근처 카페", "ㅋㅋㅋㅋ", "🙂🙂", "asdfgh", "'; DROP TABLE places; --", "가" * 5000],
)
def test_nonsense_is_not_found(text):
    assert isinstance(GAZ.resolve(text), NotFound)


def test_a_near_miss_comes_with_suggestions():
    result = GAZ.resolve("정발")
    assert isinstance(result, Found | NotFound)
    if isinstance(result, NotFound):
        assert result.suggestions


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_resolves_without_error(text):
    assert isinstance(GAZ.resolve(text), Found | Ambiguous | OutsideGoyang | NotFound)


def test_goyang_points_are_not_far_and_faraway_points_are():
    assert not GAZ.is_far_from_goyang(Point(37.634592, 126.83265))
    assert GAZ.is_far_from_goyang(Point(0, 0))
    assert GAZ.is_far_from_goyang(Point(37.5663, 126.9779))  # Seoul City Hall
    assert GAZ.is_far_from_goyang(Point(35.1796, 129.0756))  # Busan


def test_dong_labels_name_their_district():
    spot = GAZ.get("d4128755000")
    assert spot is not None
    assert spot.label("ko") == "주엽1동 (일산서구)"


@pytest.mark.parametrize(
    "text",
    [
        "청년배당 받을수잇나",
        "면접 정장 빌리고싶어요",
        "도움말",
        "메뉴",
        "처음으로",
        "고마워",
        "채용 알림",
        "카페",
        "고양이",
        "대화하고 싶어요",
        "청년",
        "취업",
        "네",
        "menu",
    ],
)
def test_everyday_words_are_not_taken_for_places(text):
    # After a result list the flow reads typed text as a place name only when it is one,
    # so these must stay NotFound to reach the rest of the bot.
    assert isinstance(GAZ.resolve(text), NotFound)


# One-key slips on the Korean 2-beolsik keyboard: a vowel or consonant for its neighbour
# (ㅓ/ㅕ, ㅇ/ㄴ, shifted doubles, final ㅇ/ㄴ …), as conjoining jamo.
SLIPS = {
    "ᅥ": "ᅧ",
    "ᅧ": "ᅥ",
    "ᅡ": "ᅣ",
    "ᅩ": "ᅭ",
    "ᅮ": "ᅲ",
    "ᅵ": "ᅴ",
    "ᅢ": "ᅦ",
    "ᅦ": "ᅢ",
    "ᅪ": "ᅡ",
    "ᅯ": "ᅥ",
    "ᄋ": "ᄂ",
    "ᄂ": "ᄋ",
    "ᄉ": "ᄊ",
    "ᄀ": "ᄁ",
    "ᄃ": "ᄄ",
    "ᄇ": "ᄈ",
    "ᄌ": "ᄍ",
    "ᆼ": "ᆫ",
    "ᆫ": "ᆼ",
    "ᆨ": "ᆩ",
    "ᆯ": "ᆶ",
}


def test_generated_one_jamo_typos_hit_rate_is_at_least_95_percent():
    import random
    import unicodedata

    rng = random.Random(1)
    tried, misses = 0, []
    for spot in GAZ.spots.values():
        if spot.kind == "place":
            continue
        letters = unicodedata.normalize("NFD", spot.name)
        slots = [i for i, ch in enumerate(letters) if ch in SLIPS]
        for _ in range(2):
            i = rng.choice(slots)
            typo = unicodedata.normalize("NFC", letters[:i] + SLIPS[letters[i]] + letters[i + 1 :])
            text = typo + rng.choice(["", " 근처", " 주변 카페", "에서"])
            result = GAZ.resolve(text)
            tried += 1
            same_area = (
                isinstance(result, Found)
                and (
                    result.spot.id == spot.id
                    # 행신1동 typed as 행신2동 is still a hit when both are the same dong family
                    or (spot.kind == "dong" and result.spot.name[:2] == spot.name[:2])
                )
            )
            if not same_area:
                misses.append((text, spot.name, result))
    assert tried >= 100
    assert 1 - len(misses) / tried >= 0.95, misses


@pytest.mark.parametrize(
    ("text", "not_this"), [("덕은동", "덕이동"), ("동산동", "풍산동"), ("성석동", "성사1동")]
)
def test_a_different_real_name_is_suggested_not_silently_taken(text, not_this):
    # 덕은동 (legal dong near 상암) is not 덕이동 (일산서구): ask, don't guess
    result = GAZ.resolve(text)
    assert isinstance(result, NotFound)
    assert not_this in [s.name for s in result.suggestions]
