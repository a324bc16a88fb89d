"""SkillPayload parsing: real shapes accepted, unknown fields ignored, bad input refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.kakao.payload import (
    PayloadError,
    bot_id_matches,
    incoming_from_payload,
    location_text,
    parse_skill_payload,
)
from tests.fakes.kakao import (
    ADMIN_TEST_CONSOLE,
    OFFICIAL_SYS_PARAMS,
    REAL_DEVELOPMENT,
    REAL_PRODUCTION,
    body,
    payload,
    press,
)


def test_production_payload_becomes_free_text_from_its_bot_user_key():
    incoming = incoming_from_payload(parse_skill_payload(body(REAL_PRODUCTION)))
    assert incoming.channel == "kakao"
    assert incoming.user_key == REAL_PRODUCTION["userRequest"]["user"]["id"]
    assert incoming.text == "!가격 btc"
    assert incoming.action is None and incoming.command is None
    assert incoming.language == "ko"


def test_development_channel_payload_is_accepted_and_keeps_the_plusfriend_key():
    parsed = parse_skill_payload(body(REAL_DEVELOPMENT))
    assert parsed.user_request.user.plusfriend_user_key == "T8x9DhjAiBrv"
    assert parsed.user_request.callback_url is not None
    assert incoming_from_payload(parsed).text == "aaa"


def test_admin_test_console_payload_with_nulls_and_kr_language_is_accepted():
    incoming = incoming_from_payload(parse_skill_payload(body(ADMIN_TEST_CONSOLE)))
    assert incoming.user_key == "test-user-1"
    assert incoming.text == "발화 내용"
    assert incoming.language == "ko"


def test_pressed_quick_reply_carries_its_action_from_client_extra():
    incoming = incoming_from_payload(parse_skill_payload(body(press("처음으로", "menu~3"))))
    assert incoming.action == "menu~3"
    assert incoming.text is None


@pytest.mark.parametrize(
    "extra",
    [None, "null", {}, [], 5, {"action": 7}, {"action": ""}, {"action": "x" * 1000}, "{bad"],
)
def test_missing_or_odd_client_extra_falls_back_to_the_typed_text(extra):
    incoming = incoming_from_payload(
        parse_skill_payload(body(payload(utterance="화정역", client_extra=extra)))
    )
    assert incoming.action is None
    assert incoming.text == "화정역"


def test_client_extra_sent_as_a_json_string_still_gives_the_action():
    data = payload(client_extra=json.dumps({"action": "places:near"}))
    assert incoming_from_payload(parse_skill_payload(body(data))).action == "places:near"


def test_typed_slash_command_becomes_a_command_with_arguments():
    incoming = incoming_from_payload(parse_skill_payload(body(payload(utterance="/lang en"))))
    assert incoming.command == "lang"
    assert incoming.command_args == "en"
    assert incoming.text is None


def test_sys_location_is_text_for_the_place_search_when_the_utterance_is_empty():
    data = payload(utterance="   ")
    data["action"] = OFFICIAL_SYS_PARAMS
    parsed = parse_skill_payload(body(data))
    assert location_text(parsed) == "강남"
    assert incoming_from_payload(parsed).text == "강남"


def test_typed_place_with_sys_location_keeps_the_whole_utterance():
    data = payload(utterance="1 금요일 강남")
    data["action"] = OFFICIAL_SYS_PARAMS
    assert incoming_from_payload(parse_skill_payload(body(data))).text == "1 금요일 강남"


def test_location_given_as_an_object_value_is_read():
    data = payload(utterance="")
    data["action"] = {"detailParams": {"sys_location": {"origin": "화정", "value": {"x": 1}}}}
    assert incoming_from_payload(parse_skill_payload(body(data))).text == "화정"


def test_unknown_fields_everywhere_are_ignored():
    data = payload()
    data["brandNew"] = {"x": 1}
    data["userRequest"]["user"]["properties"]["newThing"] = [1, 2]
    data["userRequest"]["surprise"] = None
    data["flow"] = {"trigger": {"type": "SOMETHING_NEW"}}
    assert incoming_from_payload(parse_skill_payload(body(data))).text == "!가격 btc"


def test_english_language_hint_is_passed_on():
    data = payload(lang="en-US")
    assert incoming_from_payload(parse_skill_payload(body(data))).language == "en"


def test_dev_channel_bot_id_matches_the_configured_production_id():
    parsed = parse_skill_payload(body(REAL_DEVELOPMENT))
    assert bot_id_matches(parsed, "5ae9b76d7409b11ec845b746")
    assert not bot_id_matches(parsed, "someone-else")
    assert not bot_id_matches(parse_skill_payload(body(ADMIN_TEST_CONSOLE)), "x")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "not valid JSON"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'"text"', "JSON object"),
        (b"{}", "userRequest is missing"),
        (b'{"userRequest": {"utterance": "hi"}}', "userRequest.user is missing"),
        (b'{"userRequest": {"user": {}, "utterance": "hi"}}', "userRequest.user.id is missing"),
        (b'{"userRequest": {"user": {"id": ""}, "utterance": "hi"}}', "userRequest.user.id"),
        (b'{"userRequest": {"user": {"id": "   "}, "utterance": "hi"}}', "userRequest.user.id"),
        (b'{"userRequest": {"user": {"id": 12}, "utterance": "hi"}}', "userRequest.user.id"),
        (b'{"userRequest": {"user": {"id": "u"}}}', "userRequest.utterance is missing"),
        (b'{"userRequest": {"user": {"id": "u"}, "utterance": null}}', "userRequest.utterance"),
    ],
)
def test_unusable_bodies_are_refused_with_a_short_reason(raw, reason):
    with pytest.raises(PayloadError) as caught:
        parse_skill_payload(raw)
    assert reason in caught.value.reason
    assert len(caught.value.reason) < 120


def test_user_key_over_the_length_limit_is_refused():
    with pytest.raises(PayloadError):
        parse_skill_payload(body(payload(user="u" * 500)))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "userRequest",
                        "user",
                        "id",
                        "utterance",
                        "action",
                        "clientExtra",
                        "params",
                        "detailParams",
                        "bot",
                        "lang",
                        "x",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=25,
    )
)
def test_any_json_either_parses_into_an_incoming_or_raises_payload_error(data):
    try:
        parsed = parse_skill_payload(json.dumps(data))
    except PayloadError:
        return
    incoming = incoming_from_payload(parsed)
    assert incoming.user_key
