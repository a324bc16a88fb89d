"""The dispatcher's Kakao sender: outbox message → Event API call → dispatcher outcome."""

from __future__ import annotations

import pytest

from bot.channels.kakao.push import KakaoPushSender
from bot.push.dispatcher import SendStatus
from bot.settings import Settings
from db.users import User
from handlers.dialog.types import Button, Card, Reply, Text
from tests.fakes.kakao import FakeKakao, fail, http, success


@pytest.fixture
async def kakao():
    async with FakeKakao().serving() as fake:
        yield fake


def sender_for(kakao: FakeKakao) -> KakaoPushSender:
    settings = Settings(
        KAKAO_BOT_ID="bot123",
        KAKAO_REST_API_KEY="rest-key",
        KAKAO_EVENT_NAME="job_alert",
        KAKAO_API_BASE_URL=kakao.base_url,
    )
    sender = KakaoPushSender.from_settings(settings, timeout=2.0)
    assert sender is not None
    return sender


USER = User(
    id=1,
    channel="kakao",
    channel_user_id="bot-user-key-1",
    locale=None,
    active=True,
    created_at="2026-11-28T10:00:00+09:00",
)
MESSAGE = Reply().add(
    Text("새 채용공고가 있어요"),
    Card("카페 바리스타", "덕양구", (Button("공고 보기", url="https://job.kr/1"),)),
)


async def test_accepted_push_is_ok_and_carries_the_text_for_the_event_block(kakao):
    sender = sender_for(kakao)
    try:
        result = await sender.send(USER, MESSAGE)
    finally:
        await sender.aclose()
    assert result.status is SendStatus.OK
    (call,) = kakao.calls
    assert call.bot_id == "bot123"
    assert call.body["user"] == [{"type": "botUserKey", "id": "bot-user-key-1"}]
    assert call.body["event"]["name"] == "job_alert"
    assert "카페 바리스타" in call.body["event"]["data"]["text"]
    assert "https://job.kr/1" in call.body["event"]["data"]["text"]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (http(429, {"Retry-After": "3"}), SendStatus.RATE_LIMITED),
        (http(503), SendStatus.TRANSIENT),
        (http(400), SendStatus.PERMANENT),
        (fail("Invalid bot ID."), SendStatus.PERMANENT),
    ],
)
async def test_event_api_failures_map_onto_dispatcher_outcomes(kakao, answer, status):
    kakao.script = [answer, success]
    sender = sender_for(kakao)
    try:
        result = await sender.send(USER, MESSAGE)
    finally:
        await sender.aclose()
    assert result.status is status
    assert len(kakao.calls) == 1  # the dispatcher retries, not the sender
    if status is SendStatus.RATE_LIMITED:
        assert result.retry_after == 3.0


def test_without_bot_id_or_key_there_is_no_kakao_sender():
    assert KakaoPushSender.from_settings(Settings(KAKAO_BOT_ID="b")) is None
    assert KakaoPushSender.from_settings(Settings(KAKAO_REST_API_KEY="k")) is None
