"""Suit booking end to end through the real python-telegram-bot stack and a fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.booking.test_flow import clock  # noqa: F401  (fixture)
from tests.conftest import TelegramHarness, telegram_harness
from tests.fakes.telegram import callback_update, command_update, text_update

STAFF = 7  # GOYANG_BOT_ADMINS in telegram_settings


@pytest.fixture
async def tgb(store: Store, catalogue: Catalogue, db_path: Path,
              clock) -> AsyncIterator[TelegramHarness]:  # noqa: F811
    engine = Engine(store, catalogue, build_flows(), clock=clock,
                    state_timeout=timedelta(days=3650))
    async with telegram_harness(store, engine, db_path) as harness:
        yield harness


def last_buttons(tg: TelegramHarness) -> list[dict]:
    for call in reversed(tg.api.calls):
        if call.method in ("sendMessage", "editMessageText") and call.buttons():
            return call.buttons()
    return []


def all_text(tg: TelegramHarness) -> str:
    return "\n".join(c.text for c in tg.api.calls if c.method in ("sendMessage",
                                                                  "editMessageText"))


async def press(tg: TelegramHarness, label_part: str, user_id: int = 42) -> None:
    for button in last_buttons(tg):
        if label_part in button["text"] and "callback_data" in button:
            tg.api.clear()
            await tg.process(callback_update(tg.bot, button["callback_data"], user_id=user_id))
            return
    raise AssertionError(f"no {label_part!r} in {[b['text'] for b in last_buttons(tg)]}")


async def say(tg: TelegramHarness, text: str, user_id: int = 42) -> None:
    tg.api.clear()
    await tg.process(text_update(tg.bot, text, user_id=user_id))


async def test_booking_a_suit_through_telegram(tgb: TelegramHarness, store: Store) -> None:
    tg = tgb
    await tg.process(command_update(tg.bot, "suit"))
    assert "만 나이" in all_text(tg)
    await press(tg, "18~39세")
    await press(tg, "고양시에 살아요")
    await press(tg, "드림윙즈")
    assert all(len(b.get("callback_data", "").encode()) <= 64 for b in last_buttons(tg))
    await press(tg, "12/1(화)")
    assert "몇 시에" in all_text(tg)
    assert all(len(b.get("callback_data", "").encode()) <= 64 for b in last_buttons(tg))
    await say(tg, "10시 30분")
    await press(tg, "재킷")
    await press(tg, "셔츠")
    await press(tg, "구두")
    await press(tg, "다음")
    await press(tg, "잘 모르겠어요")
    await say(tg, "180/80")
    await press(tg, "추천대로")
    await say(tg, "270")
    await say(tg, "12월 3일")
    await say(tg, "고양테크")
    assert "고양테크" in all_text(tg)
    await press(tg, "예약하기")
    text = all_text(tg)
    assert "예약했어요! 예약번호" in text and "신촌역" in text
    urls = [b.get("url") for b in last_buttons(tg) if b.get("url")]
    assert urls and urls[0].startswith("https://map.kakao.com/")

    tg.api.clear()
    await tg.process(command_update(tg.bot, "mybookings"))
    assert "드림윙즈" in all_text(tg) and "예약됨" in all_text(tg)

    tg.api.clear()
    await tg.process(command_update(tg.bot, "bookings", "2026-12-01", user_id=STAFF))
    assert "예약 1건" in all_text(tg) and "구두 270mm" in all_text(tg)

    tg.api.clear()
    await tg.process(command_update(tg.bot, "bookings", "2026-12-01", user_id=43))
    assert "담당 직원만" in all_text(tg)


async def test_stale_slot_button_in_telegram_gets_the_expired_answer(tgb: TelegramHarness) -> None:
    tg = tgb
    await tg.process(command_update(tg.bot, "suit"))
    await press(tg, "18~39세")
    await press(tg, "고양시 직장")
    await press(tg, "내일꿈제작소")
    await press(tg, "12/1(화)")
    stale = next(b["callback_data"] for b in last_buttons(tg) if "10:00" in b["text"])
    await press(tg, "10:30")
    tg.api.clear()
    await tg.process(callback_update(tg.bot, stale))
    assert "만료" in all_text(tg)
    assert tg.api.calls[0].method == "answerCallbackQuery"
