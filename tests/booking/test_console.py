"""Suit booking in the terminal channel: numbered choices, typed answers."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.channels.console.chat import ConsoleChat
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.booking.test_flow import clock  # noqa: F401  (fixture)


def number(screen: str, label_part: str) -> str:
    for line in screen.splitlines():
        match = re.match(r"\s*\[(\d+)\] (.*)", line)
        if match and label_part in match.group(2):
            return match.group(1)
    raise AssertionError(f"no choice {label_part!r} in:\n{screen}")


async def test_booking_in_the_terminal(store: Store, catalogue: Catalogue,
                                       clock) -> None:  # noqa: F811
    engine = Engine(store, catalogue, build_flows(), clock=clock,
                    state_timeout=timedelta(days=3650))
    chat = ConsoleChat(engine)
    screen = await chat.turn("/start")
    screen = await chat.turn(number(screen, "면접정장"))
    assert "만 나이" in screen
    screen = await chat.turn("만 26세")  # a bare number picks a numbered choice here
    screen = await chat.turn(number(screen, "학교"))
    screen = await chat.turn(number(screen, "내일꿈제작소"))
    screen = await chat.turn("12월 1일")
    assert "10:00 (2자리)" in screen
    screen = await chat.turn(number(screen, "11:00"))
    screen = await chat.turn(number(screen, "블라우스"))
    screen = await chat.turn(number(screen, "스커트"))
    screen = await chat.turn(number(screen, "다음"))
    screen = await chat.turn("55호")
    assert "85~140" in screen  # 55 is not a top size we stock
    screen = await chat.turn("S")
    screen = await chat.turn("26인치")
    screen = await chat.turn("12/1")
    screen = await chat.turn(number(screen, "건너뛰기"))
    assert "블라우스 90 (S), 스커트 26inch" in screen
    screen = await chat.turn(number(screen, "예약하기"))
    assert "예약했어요" in screen
    screen = await chat.turn("/mybookings")
    assert "예약됨" in screen
