"""The ASGI app end to end (httpx test client, in process): auth, limits, errors, answers."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels.kakao.app import KakaoSkill, KakaoSkillConfig, create_app
from bot.channels.kakao.limits import check_skill_response
from handlers.dialog.types import Incoming, Reply, Text
from tests.fakes.kakao import (
    ADMIN_TEST_CONSOLE,
    REAL_DEVELOPMENT,
    REAL_PRODUCTION,
    SECRET,
    SECRET_HEADER,
    EchoEngine,
    body,
    payload,
    press,
    translate,
)

HEADERS = {SECRET_HEADER: SECRET, "content-type": "application/json"}


def make_client(engine=None, **config) -> tuple[httpx.AsyncClient, EchoEngine]:
    engine = engine or EchoEngine()
    skill = KakaoSkill(engine, KakaoSkillConfig(secret=SECRET, **config), translate)
    app = create_app(skill)
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver"), engine


async def post(client, data, headers=HEADERS):
    raw = data if isinstance(data, bytes) else body(data)
    return await client.post("/kakao/skill", content=raw, headers=headers)


@pytest.mark.parametrize("shape", [REAL_PRODUCTION, REAL_DEVELOPMENT, ADMIN_TEST_CONSOLE])
async def test_real_payload_shapes_get_a_skill_response_within_limits(shape):
    client, engine = make_client()
    async with client:
        response = await post(client, shape)
    assert response.status_code == 200
    answer = response.json()
    assert answer["version"] == "2.0"
    assert check_skill_response(answer) == []
    assert engine.seen[0].user_key == shape["userRequest"]["user"]["id"]


async def test_pressed_button_reaches_the_engine_as_its_action():
    client, engine = make_client()
    async with client:
        response = await post(client, press("처음으로", "menu~2"))
    assert response.status_code == 200
    assert engine.seen == [
        Incoming(
            channel="kakao",
            user_key=REAL_PRODUCTION["userRequest"]["user"]["id"],
            action="menu~2",
            language="ko",
        )
    ]
    quick = response.json()["template"]["quickReplies"]
    assert [q["extra"]["action"] for q in quick] == ["programs", "menu"]


async def test_healthz_answers_ok_without_a_secret():
    client, _ = make_client()
    async with client:
        response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {SECRET_HEADER: ""},
        {SECRET_HEADER: SECRET + "x"},
        {SECRET_HEADER: SECRET[:-1]},
        {"X-Other": SECRET},
    ],
)
async def test_missing_or_wrong_secret_is_401_and_the_engine_is_not_called(headers):
    client, engine = make_client()
    async with client:
        response = await post(client, REAL_PRODUCTION, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "missing or wrong secret header"}
    assert engine.seen == []


async def test_secret_header_name_is_configurable():
    client, engine = make_client(secret_header="X-Kakao-Key")
    async with client:
        refused = await post(client, REAL_PRODUCTION)
        accepted = await post(client, REAL_PRODUCTION, headers={"X-Kakao-Key": SECRET})
    assert refused.status_code == 401 and accepted.status_code == 200
    assert len(engine.seen) == 1


async def test_oversized_body_is_413():
    client, engine = make_client(max_body_bytes=2048)
    async with client:
        response = await post(client, payload(utterance="가" * 5000))
    assert response.status_code == 413
    assert "error" in response.json()
    assert engine.seen == []


async def test_oversized_chunked_body_without_length_is_413():
    client, engine = make_client(max_body_bytes=1024)

    async def chunks():
        for _ in range(100):
            yield b"x" * 100

    async with client:
        response = await client.post("/kakao/skill", content=chunks(), headers=HEADERS)
    assert response.status_code == 413
    assert engine.seen == []


async def test_5000_character_message_within_the_limit_is_answered():
    client, _ = make_client()
    async with client:
        response = await post(client, payload(utterance="청년 " * 1700))
    assert response.status_code == 200
    assert check_skill_response(response.json()) == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "body is not valid JSON"),
        (b"", "body is not valid JSON"),
        (b"[]", "body must be a JSON object"),
        (b'{"userRequest": {"utterance": "hi"}}', "userRequest.user is missing"),
        (b'{"userRequest": {"user": {"id": "u"}}}', "userRequest.utterance is missing"),
    ],
)
async def test_malformed_body_is_400_with_a_short_json_reason(raw, reason):
    client, engine = make_client()
    async with client:
        response = await post(client, raw)
    assert response.status_code == 400
    assert response.json() == {"error": reason}
    assert engine.seen == []


async def test_request_for_another_bot_is_403_when_a_bot_id_is_configured():
    client, _ = make_client(bot_id="5ae9b76d7409b11ec845b746")
    async with client:
        dev = await post(client, REAL_DEVELOPMENT)
        other = await post(client, REAL_PRODUCTION)
    assert dev.status_code == 200
    assert other.status_code == 403


async def test_request_naming_no_bot_passes_the_bot_check():
    client, engine = make_client(bot_id="5ae9b76d7409b11ec845b746")
    async with client:
        response = await post(client, ADMIN_TEST_CONSOLE)
    assert response.status_code == 200
    assert len(engine.seen) == 1


async def test_get_on_the_skill_path_is_refused():
    client, _ = make_client()
    async with client:
        response = await client.get("/kakao/skill", headers=HEADERS)
    assert response.status_code == 405


async def test_engine_failure_is_a_friendly_200_and_logs_no_user_data(caplog):
    async def broken(incoming: Incoming) -> Reply:
        raise RuntimeError(f"boom for {incoming.text}")

    client, _ = make_client(engine=broken)
    with caplog.at_level(logging.ERROR):
        async with client:
            response = await post(client, payload(utterance="내 주민번호 900101"))
    assert response.status_code == 200
    assert response.json()["template"]["outputs"][0]["simpleText"]["text"] == translate(
        "kakao.error"
    )
    assert "RuntimeError" in caplog.text
    assert "900101" not in caplog.text
    assert "Traceback" not in response.text


async def test_slow_engine_gets_a_busy_answer_in_time_and_still_finishes():
    finished = asyncio.Event()

    async def slow(incoming: Incoming) -> Reply:
        await asyncio.sleep(0.3)
        finished.set()
        return Reply().add(Text("늦었어요"))

    client, _ = make_client(engine=slow, answer_timeout=0.05)
    async with client:
        response = await post(client, REAL_PRODUCTION)
    assert response.status_code == 200
    assert response.json()["template"]["outputs"][0]["simpleText"]["text"] == translate(
        "kakao.busy"
    )
    await asyncio.wait_for(finished.wait(), 5)


def test_empty_secret_is_refused_at_configuration():
    with pytest.raises(ValueError):
        KakaoSkillConfig(secret="")


async def test_channel_strings_follow_the_users_stored_locale_looked_up_only_when_needed():
    from handlers.dialog.types import Location, Venue

    asked: list[str] = []

    async def locale_of(incoming: Incoming) -> str:
        asked.append(incoming.user_key)
        return "en"

    async def engine(incoming: Incoming) -> Reply:
        if incoming.text == "venue":
            return Reply().add(Venue("Hub", "Goyang", Location(37.6, 126.8)))
        return Reply().add(Text("plain"))

    skill = KakaoSkill(engine, KakaoSkillConfig(secret=SECRET), translate, locale_of)
    transport = httpx.ASGITransport(app=create_app(skill))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        plain = await post(client, payload(utterance="hello"))
        assert asked == []
        venue = await post(client, payload(utterance="venue"))
    assert plain.status_code == venue.status_code == 200
    assert len(asked) == 1
    labels = [b["label"] for b in venue.json()["template"]["outputs"][0]["textCard"]["buttons"]]
    assert labels[0].endswith("map") and labels[1].endswith("directions")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["userRequest", "user", "id", "utterance", "action", "clientExtra", "bot", "x"]
        ),
        children,
        max_size=5,
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_json.map(lambda v: json.dumps(v).encode()), st.binary(max_size=300)))
async def test_any_body_gets_200_or_a_4xx_with_a_json_reason(raw):
    client, _ = make_client()
    async with client:
        response = await post(client, raw)
    assert response.status_code in (200, 400)
    answer = response.json()
    if response.status_code == 200:
        assert check_skill_response(answer) == []
    else:
        assert set(answer) == {"error"} and len(answer["error"]) < 120


async def test_a_missing_channel_string_degrades_instead_of_failing():
    def broken_translate(key: str, locale: str) -> str:
        raise KeyError(key)

    async def failing(incoming: Incoming) -> Reply:
        raise RuntimeError("boom")

    skill = KakaoSkill(failing, KakaoSkillConfig(secret=SECRET), broken_translate)
    transport = httpx.ASGITransport(app=create_app(skill))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await post(client, REAL_PRODUCTION)
    assert response.status_code == 200
    assert check_skill_response(response.json()) == []
