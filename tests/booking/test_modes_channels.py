"""The shipped booking modes through the real channels: a 내일꿈제작소 request typed in
Telegram (PTB stack, fake Bot API) and in KakaoTalk (the skill app, real payload shapes),
confirmed or declined by staff, and the answer pushed by the real dispatcher and senders;
an external point's reminder, asked for in the chat, pushed the evening before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.channels.kakao.push import KakaoPushSender
from bot.channels.telegram.push import TelegramSender
from bot.jobs.runtime import build_dispatcher
from bot.runtime import Runtime
from bot.serve import build_serve_app
from bot.settings import Settings
from content.catalogue import Catalogue
from db.store import Store
from handlers.booking.decisions import confirm_booking, decline_booking
from handlers.dialog.engine import Engine
from tests.booking.test_telegram import STAFF, all_text, press, say
from tests.channels.kakao.test_serve import KakaoUser, kakao_settings, running
from tests.conftest import TelegramHarness, telegram_harness
from tests.fakes.clock import FakeClock
from tests.fakes.kakao import FakeKakao, TalkCall
from tests.fakes.telegram import command_update

REQUESTED = "신청이 접수됐어요 — 담당자가 확인하면 알려 드릴게요"


@pytest.fixture(autouse=True)
def ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def tgm(store: Store, shipped_engine: Engine,
              db_path: Path) -> AsyncIterator[TelegramHarness]:
    async with telegram_harness(store, shipped_engine, db_path) as harness:
        yield harness


def code_in(text: str) -> str:
    line = next(x for x in text.splitlines() if "신청번호" in x)
    return line.split("신청번호")[1].strip()


async def telegram_request(tg: TelegramHarness) -> str:
    await tg.process(command_update(tg.bot, "suit"))
    await say(tg, "27살이에요")
    await say(tg, "고양시에 살아요")
    await say(tg, "내일꿈제작소")
    await say(tg, "12/1")
    await say(tg, "10시 30분")
    await say(tg, "재킷")
    await say(tg, "다음")
    await say(tg, "100")
    await say(tg, "12월 2일")
    await press(tg, "건너뛰기")
    assert "담당자가 확인하면 확정돼요" in all_text(tg)
    await say(tg, "네")
    assert REQUESTED in all_text(tg)
    return code_in(all_text(tg))


async def push_pass(store: Store, catalogue: Catalogue, clock: FakeClock,
                    senders: dict) -> None:  # type: ignore[type-arg]
    dispatcher = build_dispatcher(store.db, lambda: catalogue, senders, clock=clock)
    await dispatcher.run_once()


async def test_telegram_request_confirmed_by_staff_is_pushed_to_the_user(
        tgm: TelegramHarness, store: Store, shipped_catalogue: Catalogue,
        clock: FakeClock) -> None:
    code = await telegram_request(tgm)
    tgm.api.clear()
    await tgm.process(command_update(tgm.bot, "bookings", f"confirm {code}", user_id=STAFF))
    assert f"{code} 신청을 확정했어요" in all_text(tgm)

    tgm.api.clear()
    await push_pass(store, shipped_catalogue, clock, {"telegram": TelegramSender(tgm.bot)})
    sent = [c for c in tgm.api.calls if c.method == "sendMessage"]
    assert len(sent) == 1  # the answer now; the reminders wait for their times
    assert int(sent[0].params["chat_id"]) == 42
    assert f"신청하신 정장 대여가 확정됐어요! 예약번호 {code}" in sent[0].text


async def test_telegram_request_declined_by_staff_tells_the_user_why(
        tgm: TelegramHarness, store: Store, shipped_catalogue: Catalogue,
        clock: FakeClock) -> None:
    code = await telegram_request(tgm)
    tgm.api.clear()
    await tgm.process(command_update(tgm.bot, "bookings", "pending", user_id=STAFF))
    assert code in all_text(tgm)
    await press(tgm, "거절", user_id=STAFF)
    assert f"{code} 신청을 거절했어요" in all_text(tgm)

    tgm.api.clear()
    await push_pass(store, shipped_catalogue, clock, {"telegram": TelegramSender(tgm.bot)})
    [sent] = [c for c in tgm.api.calls if c.method == "sendMessage"]
    assert f"신청({code})은 받을 수 없대요" in sent.text


async def test_telegram_external_point_reminder_is_pushed_the_evening_before(
        tgm: TelegramHarness, store: Store, shipped_catalogue: Catalogue,
        clock: FakeClock) -> None:
    await tgm.process(command_update(tgm.bot, "suit"))
    await say(tgm, "25")
    await say(tgm, "회사 다녀요")
    await say(tgm, "잡아바어플라이")
    assert "apply.jobaba.net" in all_text(tgm)
    await say(tgm, "네 알려주세요")
    await say(tgm, "12/9")
    assert "12/8(화) 18:00" in all_text(tgm)

    tgm.api.clear()
    await push_pass(store, shipped_catalogue, clock, {"telegram": TelegramSender(tgm.bot)})
    assert not [c for c in tgm.api.calls if c.method == "sendMessage"]  # not yet
    clock.set(clock.now() + timedelta(days=10, hours=6))  # 12/8 18:00
    await push_pass(store, shipped_catalogue, clock, {"telegram": TelegramSender(tgm.bot)})
    [sent] = [c for c in tgm.api.calls if c.method == "sendMessage"]
    assert "내일 12/9(수) 면접이에요" in sent.text


# -- KakaoTalk ---------------------------------------------------------------------------------


@pytest.fixture
async def kakao_user(db_path: Path, store: Store,
                     shipped_engine: Engine) -> AsyncIterator[KakaoUser]:
    runtime = Runtime(settings=kakao_settings(db_path), store=store, engine=shipped_engine)
    async with running(build_serve_app(kakao_settings(db_path), runtime=runtime)) as client:
        yield KakaoUser(client)


@pytest.fixture
async def kakao_api() -> AsyncIterator[FakeKakao]:
    async with FakeKakao().serving() as fake:
        yield fake


def kakao_sender(fake: FakeKakao) -> KakaoPushSender:
    sender = KakaoPushSender.from_settings(Settings(
        KAKAO_BOT_ID="bot123", KAKAO_REST_API_KEY="rest-key", KAKAO_EVENT_NAME="notice",
        KAKAO_API_BASE_URL=fake.base_url), timeout=2.0)
    assert sender is not None
    return sender


async def kakao_push_pass(store: Store, catalogue: Catalogue, clock: FakeClock,
                          fake: FakeKakao) -> list[TalkCall]:
    """One dispatcher pass with a real Kakao sender against ``fake``; the calls it got."""
    sender = kakao_sender(fake)
    try:
        await push_pass(store, catalogue, clock, {"kakao": sender})
    finally:
        await sender.aclose()
    return fake.calls


async def kakao_request(user: KakaoUser) -> str:
    await user.say_each("면접정장 빌리기", "27", "고양시에 살아요", "내일꿈제작소", "12/1",
                        "11시", "넥타이", "다음", "12/2")
    await user.press("건너뛰기")
    await user.say("네")
    assert REQUESTED in user.text()
    return code_in(user.text())


async def test_kakao_request_confirmed_is_pushed_through_the_event_api(
        kakao_user: KakaoUser, kakao_api: FakeKakao, store: Store,
        shipped_catalogue: Catalogue, clock: FakeClock) -> None:
    code = await kakao_request(kakao_user)
    assert shipped_catalogue.booking is not None
    decision = await confirm_booking(store, shipped_catalogue.booking, code,
                                     now=clock.now(), actor="web")
    assert decision.ok
    [call] = await kakao_push_pass(store, shipped_catalogue, clock, kakao_api)
    assert call.body["user"] == [{"type": "botUserKey", "id": kakao_user.key}]
    assert f"확정됐어요! 예약번호 {code}" in call.body["event"]["data"]["text"]
    await kakao_user.say("내 예약")
    assert "예약됨" in kakao_user.text()


async def test_kakao_request_declined_frees_the_seat_and_is_pushed(
        kakao_user: KakaoUser, kakao_api: FakeKakao, store: Store,
        shipped_catalogue: Catalogue, clock: FakeClock) -> None:
    code = await kakao_request(kakao_user)
    assert shipped_catalogue.booking is not None
    decision = await decline_booking(store, shipped_catalogue.booking, code,
                                     now=clock.now(), actor="web", reason="휴관일이에요")
    assert decision.ok
    [call] = await kakao_push_pass(store, shipped_catalogue, clock, kakao_api)
    assert "사유: 휴관일이에요" in call.body["event"]["data"]["text"]
    taken = await store.bookings.taken_seats("naeil_kkum", "2026-12-01", "2026-12-01",
                                             clock.now())
    assert taken == {}


async def test_kakao_external_point_asks_before_storing_a_reminder(
        kakao_user: KakaoUser, store: Store) -> None:
    await kakao_user.say_each("면접정장 빌리기", "31살", "고양시 학교 다녀요", "드림윙즈")
    assert "2023년 협력 업체였어요" in kakao_user.text()
    assert "02-547-4782" in kakao_user.text()
    await kakao_user.say("ㄴㄴ")
    assert "알림은 저장하지 않았어요" in kakao_user.text()
    row = await store.db.fetchone("SELECT COUNT(*) FROM outbox")
    assert row[0] == 0
