"""Typed conversations through the real channels: Telegram (PTB with the fake Bot API) and
the Kakao skill (the real ASGI app). The user types every answer, starts with a sentence
that already says part of it, and switches topic in the middle."""

from __future__ import annotations

from typing import Any

import pytest

from db.jobs import SubscriptionRepository
from db.store import Store
from tests.channels.kakao.test_serve import KakaoUser, quick_labels, served
from tests.conftest import TelegramHarness
from tests.fakes.telegram import text_update

__all__ = ["served"]  # the Kakao fixture, shared with tests/channels/kakao

USER_ID = 42


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def typed(tg: TelegramHarness, text: str) -> str:
    await tg.process(text_update(tg.bot, text, user_id=USER_ID))
    return str(tg.api.sent()[-1].text)


async def conversation(store: Store, channel: str, key: str) -> Any:
    user = await store.users.find(channel, key)
    assert user is not None
    return user, await store.conversations.load(user.id)


async def test_telegram_an_alert_set_up_typed_from_one_sentence(
    tg: TelegramHarness, store: Store
) -> None:
    said = await typed(tg, "덕양구 바리스타 알바 공고 뜨면 알려주세요")
    assert "바리스타, 덕양구, 아르바이트·시간제 조건으로" in said
    for answer in ("상관없어요", "바로요"):
        await typed(tg, answer)
    await typed(tg, "청년 월세 지원")  # a question in the middle: its card, then the offer
    replies = "\n".join(c.text for c in tg.api.sent()[-3:])
    assert "청년월세 지원" in replies and "이어서 할까요" in replies
    await typed(tg, "이어서 할게요")
    for answer in ("이대로 둘게요", "저장"):
        await typed(tg, answer)
    user, _ = await conversation(store, "telegram", str(USER_ID))
    [alert] = await SubscriptionRepository(store.db).for_user(user.id)
    assert (alert.keywords, alert.districts, alert.emp_type) == (
        ("바리스타",), ("덕양구",), "parttime")


async def test_telegram_a_check_started_by_a_sentence_and_typed_to_the_end(
    tg: TelegramHarness, store: Store
) -> None:
    said = await typed(tg, "저 26살인데 일산동구 살아요 받을수잇는 지원 뭐잇어요?")
    assert "만 26세, 일산동구 기준으로 알아볼게요" in "\n".join(
        c.text for c in tg.api.sent()[-3:])
    for _ in range(20):
        _, state = await conversation(store, "telegram", str(USER_ID))
        if state.step != "ask":
            break
        said = await typed(tg, "아니요")
    _, state = await conversation(store, "telegram", str(USER_ID))
    assert state.step == "result" and state.data["answers"]["goyang_resident"] is True
    assert said


async def test_kakao_a_check_with_a_place_question_in_the_middle(
    served: KakaoUser, store: Store
) -> None:
    answer = await served.say("저 26살인데 일산동구 살아요 받을수잇는 지원 뭐잇어요?")
    assert "만 26세, 일산동구 기준으로" in served.text(answer)
    await served.say("아니요")
    _, before = await conversation(store, "kakao", served.key)
    answer = await served.say("화정역 근처 카페")
    [resume] = [label for label in quick_labels(answer) if "이어서" in label]
    await served.say(resume)  # the chip's label typed back, without its extra
    _, after = await conversation(store, "kakao", served.key)
    assert (after.flow, after.step) == ("eligibility", "ask")
    assert after.data["answers"] == before.data["answers"]


async def test_kakao_pause_and_delete_typed(served: KakaoUser, store: Store) -> None:
    await served.say("카페 알바 올라오면 알려줘")
    for answer in ("일산동구요", "상관없어요", "상관없어요", "바로요", "이대로 둘게요", "저장"):
        await served.say(answer)
    user, _ = await conversation(store, "kakao", served.key)
    repo = SubscriptionRepository(store.db)
    [alert] = await repo.for_user(user.id)
    assert alert.keywords == ("카페",) and alert.districts == ("일산동구",)
    await served.say("알림 잠깐 멈춰주세요")
    [alert] = await repo.for_user(user.id)
    assert not alert.active
    answer = await served.say("알림 그만받을래요 삭제해주세요")
    assert "지울까요" in served.text(answer)
    await served.say("네")
    assert await repo.for_user(user.id) == []
