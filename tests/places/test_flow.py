"""The places flow through the engine (console-like chat) and through Telegram."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.actions import parse_action
from handlers.dialog.engine import Engine
from handlers.dialog.types import Card, LocationRequest, Venue
from handlers.registry import build_flows
from tests.conftest import ChatDriver, TelegramHarness, stored_user
from tests.fakes.clock import FakeClock, seoul
from tests.fakes.telegram import callback_update, location_update, text_update
from tests.places.fixture import fake_places

HWAJEONG = (37.634592, 126.83265)


SATURDAY_AFTERNOON = seoul(2026, 11, 28, 14, 0)


@pytest.fixture
def fixed_chat(store: Store, catalogue: Catalogue) -> ChatDriver:
    return ChatDriver(Engine(store, catalogue, build_flows(), clock=FakeClock(SATURDAY_AFTERNOON)))


def cards(chat: ChatDriver) -> list[Card]:
    return [p for p in chat.last.parts if isinstance(p, Card)]


async def test_menu_entry_asks_for_a_location_with_a_name_fallback(chat: ChatDriver) -> None:
    await chat.command("menu")
    await chat.press("가까운 청년공간")
    request = next(p for p in chat.last.parts if isinstance(p, LocationRequest))
    assert request.button_label == "📍 내 위치 보내기"
    assert any(b.label == "동네 이름으로 찾기" for b in request.fallback)


async def test_shared_location_lists_nearest_places_with_distance_hours_and_maps(
    chat: ChatDriver,
) -> None:
    await chat.action("places")
    await chat.location(*HWAJEONG)
    venue = next(p for p in chat.last.parts if isinstance(p, Venue))
    assert venue.title in ("내일꿈제작소", "28청춘창업소")
    found = cards(chat)
    assert 1 <= len(found) <= 3  # a few a screen, "더 보기" for the rest
    first = found[0]
    assert first.title.startswith("1. ")
    assert "걸어서 약" in first.body and "m ·" in first.body
    assert "운영시간 미확인" in first.body
    assert "기준일" in first.body and "출처" in first.body
    assert "37.6" not in first.body and "126.8" not in first.body  # no raw coordinates
    [map_link] = first.buttons  # one map link, named after the place
    name = first.title.removeprefix("1. ").split(" · ")[0]
    assert map_link.label == f"{name} 지도"
    assert map_link.url and map_link.url.startswith("https://map.kakao.com/link/map/")
    labels = [b.label for b in chat.last.buttons()]
    assert {"카페만", "창업공간만", "지금 여는 곳만"} <= set(labels)
    assert all(parse_action(b.action) for b in chat.last.buttons() if not b.url)


async def test_buttons_for_the_longest_ids_still_fit_a_telegram_button(
    chat: ChatDriver, store: Store
) -> None:
    place = fake_places(1)[0].model_copy(update={"id": "x" * 30, "name": {"ko": "긴아이디카페"}})
    await store.places.upsert_many([place.model_dump(mode="json")], origin="t", now=datetime.now())
    await chat.action("places:by_name")
    await chat.say("긴아이디카페")
    await chat.press("창업공간만")
    await chat.press("모두 보기")
    assert cards(chat)
    assert all(parse_action(b.action) for b in chat.last.buttons() if not b.url)


async def test_the_moved_hub_is_not_listed(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    assert all("HUB" not in c.title for c in cards(chat))


async def test_more_shows_the_next_places(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    first_titles = [c.title for c in cards(chat)]
    await chat.press("더 보기")
    more = cards(chat)
    assert more and more[0].title.startswith(f"{len(first_titles) + 1}. ")
    assert not any(isinstance(p, Venue) for p in chat.last.parts)


async def test_startup_filter_shows_only_startup_and_maker_spaces(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    await chat.press("창업공간만")
    titles = [c.title for c in cards(chat)]
    assert titles
    assert all("창업공간" in t or "메이커스페이스" in t for t in titles)
    assert "모두 보기" in [b.label for b in chat.last.buttons()]


async def test_cafe_filter_lists_cafes_and_points_to_the_full_list(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    await chat.press("카페만")
    assert [c.title for c in cards(chat)] == ["1. Q카페 · 청취다방 카페"]
    assert "goyangjobcafe.kr" in chat.text()


async def test_open_now_with_unknown_hours_shows_those_places_marked_as_unknown(
    fixed_chat: ChatDriver,
) -> None:
    await fixed_chat.location(*HWAJEONG)
    await fixed_chat.press("지금 여는 곳만")
    found = cards(fixed_chat)
    assert found, "places whose hours are unknown may be open: they are shown, not hidden"
    assert all("운영시간 미확인" in c.body for c in found)
    assert "🟢" not in " ".join(c.body for c in found)
    assert "운영시간을 몰라요" in fixed_chat.text()
    assert "찾지 못했어요" not in fixed_chat.text()
    assert "지금 열려 있는 곳이에요" not in fixed_chat.text()  # the header does not claim it
    assert "모두 보기" in [b.label for b in fixed_chat.last.buttons()]


async def test_imported_places_appear_and_open_now_keeps_only_open_ones(
    fixed_chat: ChatDriver, store: Store
) -> None:
    places = fake_places(300)
    now = SATURDAY_AFTERNOON
    await store.places.upsert_many(
        [p.model_dump(mode="json") for p in places], origin="t.csv", now=now
    )
    await fixed_chat.location(37.65, 126.80)
    await fixed_chat.press("지금 여는 곳만")
    found = cards(fixed_chat)
    assert len(found) == 3
    assert all("🟢" in c.body for c in found)


async def test_typed_place_with_typo_finds_places_near_it(chat: ChatDriver) -> None:
    await chat.action("places")
    await chat.press("동네 이름으로 찾기")
    await chat.say("화정녁 근처")
    assert "화정역에서 가까운" in chat.text()
    assert cards(chat)


async def test_free_text_with_a_place_goes_straight_to_results(chat: ChatDriver) -> None:
    await chat.say("화정역 근처 카페")
    assert "📍 화정역에서 가까운" in chat.text()
    assert cards(chat)


async def test_ambiguous_name_offers_a_choice(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.say("일산")
    assert "여러 곳" in chat.text()
    await chat.press("일산서구")
    assert "📍 일산서구에서 가까운" in chat.text()


async def test_district_buttons_under_the_name_question(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.press("덕양구")
    assert "📍 덕양구에서 가까운" in chat.text()


async def test_name_outside_goyang_says_so(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.say("홍대 근처 카페")
    assert "고양시 밖의 지명" in chat.text()
    assert cards(chat) == []


async def test_unknown_name_says_it_was_not_found(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.say("아무데도없는곳")
    assert "찾지 못했어요" in chat.text()


async def test_location_far_outside_goyang_still_lists_places_with_distances(
    chat: ChatDriver,
) -> None:
    await chat.location(0.0, 0.0)
    assert "고양시 밖의 위치예요" in chat.text()
    assert "km" in cards(chat)[0].body


async def test_malformed_location_is_refused_politely(chat: ChatDriver) -> None:
    await chat.location(float("nan"), 126.8)
    assert chat.last.parts and not cards(chat)
    await chat.location(91.0, 181.0)
    assert not cards(chat)


@pytest.mark.parametrize(
    "payload",
    [
        "places:near:999,0",
        "places:near:abc,def",
        "places:near:37.6",
        "places:at:nowhere",
        "places:at:hwajeong_stn:x",
        "places:at:hwajeong_stn:all:-5",
        "places:at:hwajeong_stn:all:99999",
        "places:frobnicate",
    ],
)
async def test_forged_buttons_get_the_expired_answer(chat: ChatDriver, payload: str) -> None:
    await chat.action(payload)
    assert "만료" in chat.text()


async def test_english_user_gets_english_results(store: Store, catalogue: Catalogue) -> None:
    chat = ChatDriver(Engine(store, catalogue, build_flows()), language="en")
    await chat.location(*HWAJEONG)
    assert "Near your location" in chat.text()
    assert "min on foot" in cards(chat)[0].body


async def test_telegram_location_update_gets_a_venue_and_cards(tg: TelegramHarness) -> None:
    await tg.process(location_update(tg.bot, *HWAJEONG))
    venues = tg.api.sent("sendVenue")
    assert len(venues) == 1
    assert venues[0].params["title"] in ("내일꿈제작소", "28청춘창업소")
    texts = [c.text for c in tg.api.sent("sendMessage")]
    assert any("걸어서 약" in t for t in texts)
    labels = [label for c in tg.api.sent("sendMessage") for label in c.button_labels()]
    assert any(label.endswith(" 지도") for label in labels) and "더 보기" in labels


async def test_telegram_menu_button_asks_for_location_with_a_keyboard(
    tg: TelegramHarness,
) -> None:
    await tg.process(callback_update(tg.bot, "places"))
    calls = tg.api.sent("sendMessage")
    keyboard = [b for c in calls for b in c.buttons() if b.get("request_location")]
    assert keyboard and keyboard[0]["text"] == "📍 내 위치 보내기"
    assert any("동네 이름으로 찾기" in c.button_labels() for c in calls)


async def test_telegram_typed_place_name(tg: TelegramHarness) -> None:
    await tg.process(callback_update(tg.bot, "places:by_name"))
    tg.api.clear()
    await tg.process(text_update(tg.bot, "주엽동"))
    venues = tg.api.sent("sendVenue")
    assert len(venues) == 1
    texts = [c.text for c in tg.api.sent("sendMessage")]
    assert "📍 주엽1동 (일산서구)에서 가까운 곳이에요" in texts[0]
    first = next(t for t in texts if t.startswith("1. "))
    assert first.startswith(f"1. {venues[0].params['title']} · ")  # the venue is the nearest
    assert "걸어서 약" in first or "km" in first
    labels = [label for c in tg.api.sent("sendMessage") for label in c.button_labels()]
    assert {"카페만", "다른 위치로 찾기"} <= set(labels)
    assert any(x.endswith(" 지도") for x in labels)


async def test_other_questions_after_results_reach_the_rest_of_the_bot(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    await chat.say("청년배당 받을수잇나")
    assert not cards(chat)
    assert "청년기본소득" in chat.text()


async def test_a_new_place_name_after_results_searches_again(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    await chat.say("킨텍스")
    assert "📍 킨텍스에서 가까운" in chat.text()


async def test_privacy_says_locations_are_not_kept(chat: ChatDriver) -> None:
    await chat.location(*HWAJEONG)
    await chat.command("privacy")
    assert "위치" in chat.text()


async def test_console_shows_places_for_a_typed_location(engine: Engine) -> None:
    from bot.channels.console.chat import ConsoleChat

    console = ConsoleChat(engine)
    screen = await console.turn("/loc 37.6346 126.8327")
    assert "걸어서 약" in screen
    assert "map.kakao.com" in screen


def distance_m(card: Card) -> float:
    """The card's distance ("📏 350m · 걸어서 약 5분", "📏 1.2km") in metres."""
    match = re.search(r"📏 ([\d.,]+)(k?m)", card.body)
    assert match, card.body
    number = float(match.group(1).replace(",", ""))
    return number * 1000 if match.group(2) == "km" else number


@pytest.mark.parametrize(
    ("text", "spot"),
    [("주엽동", "주엽1동 (일산서구)"), ("킨텍스 근처", "킨텍스"), ("일산서구 카페", "일산서구"),
     ("행신동 스터디", "행신1동 (덕양구)")],
)
async def test_a_place_name_typed_anywhere_opens_the_places_list(
    chat: ChatDriver, store: Store, text: str, spot: str
) -> None:
    await chat.command("menu")
    await chat.say(text)
    assert f"📍 {spot}에서 가까운 곳이에요" in chat.text()
    found = cards(chat)
    assert [c.title.split(".")[0] for c in found] == [str(n) for n in range(1, len(found) + 1)]
    distances = [distance_m(c) for c in found]
    assert distances == sorted(distances)  # nearest first
    venue = next(p for p in chat.last.parts if isinstance(p, Venue))
    assert found[0].title.startswith(f"1. {venue.title} · ")
    user = await stored_user(store)
    row = await store.conversations.load(user.id)
    assert (row.flow, row.step) == ("places", "results")
    assert "37." not in str(row.data)  # no location is kept in the conversation


async def test_the_places_command_asks_for_a_location(chat: ChatDriver) -> None:
    await chat.command("places")
    assert any(isinstance(p, LocationRequest) for p in chat.last.parts)


async def test_places_command_with_a_name_searches_there(chat: ChatDriver) -> None:
    await chat.command("places", "대화역")
    assert "📍 대화역에서 가까운" in chat.text()


async def test_places_command_is_registered_on_telegram(tg: TelegramHarness) -> None:
    from bot.channels.telegram.channel import register_commands

    await register_commands(tg.app)  # type: ignore[arg-type]
    names = [c["command"] for c in tg.api.sent("setMyCommands")[-1].params["commands"]]
    assert "places" in names


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lat=st.floats(allow_nan=True, allow_infinity=True),
    lon=st.floats(allow_nan=True, allow_infinity=True),
    verb=st.sampled_from(["at", "near", "more", "only", "by_name", "loc"]),
    junk=st.lists(st.from_regex(r"[A-Za-z0-9_.,\-]{1,12}", fullmatch=True), max_size=3),
)
async def test_any_location_or_places_button_gets_a_sane_reply(
    chat: ChatDriver, lat: float, lon: float, verb: str, junk: list[str]
) -> None:
    reply = await chat.location(lat, lon)
    assert reply.parts
    assert all(parse_action(b.action) for b in reply.buttons() if not b.url)
    reply = await chat.action(":".join(["places", verb, *junk]))
    assert reply.parts and all(t.strip() for t in reply.texts())


async def test_an_imported_row_that_no_longer_validates_is_skipped(
    chat: ChatDriver, store: Store
) -> None:
    good, bad = (p.model_dump(mode="json") for p in fake_places(2))
    bad["hours"] = "언제나 열림"  # e.g. written by an older version with other rules
    await store.places.upsert_many([good, bad], origin="t.csv", now=datetime.now())
    await chat.location(bad["lat"], bad["lon"])  # standing at the broken one
    titles = [c.title for c in cards(chat)]
    assert titles and not any(bad["name"]["ko"] + " ·" in t for t in titles)
    await chat.location(good["lat"], good["lon"])
    assert cards(chat)[0].title.startswith(f"1. {good['name']['ko']} · "), titles


HANGUL_DAY_EVENING = seoul(2026, 10, 9, 20, 0)


async def test_on_a_public_holiday_the_list_says_so(store: Store, catalogue: Catalogue) -> None:
    chat = ChatDriver(Engine(store, catalogue, build_flows(), clock=FakeClock(HANGUL_DAY_EVENING)))
    await chat.location(*HWAJEONG)
    assert "오늘은 공휴일(한글날)이에요" in chat.text()


async def test_a_near_miss_offers_did_you_mean_buttons(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.say("정발")
    assert "혹시 이곳인가요?" in chat.text()
    await chat.press("정발산역")
    assert "📍 정발산역에서 가까운" in chat.text()


async def test_a_question_instead_of_a_place_reaches_the_rest_of_the_bot(
    chat: ChatDriver,
) -> None:
    await chat.action("places")
    await chat.say("청년배당 받을수잇나")
    assert "청년기본소득" in chat.text()


async def test_after_asking_for_a_name_any_text_is_taken_as_one(chat: ChatDriver) -> None:
    await chat.action("places:by_name")
    await chat.say("청년배당 받을수잇나")
    assert "찾지 못했어요" in chat.text()
