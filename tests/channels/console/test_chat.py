"""The terminal channel runs the same flows with numbered choices."""

from __future__ import annotations

import io

from bot.channels.console.chat import ConsoleChat, run_console
from handlers.dialog.engine import Engine


async def test_numbers_press_buttons_and_loc_shares_a_location(engine: Engine) -> None:
    chat = ConsoleChat(engine)
    screen = await chat.turn("/start")
    assert "[5] 📚 프로그램 안내" in screen
    screen = await chat.turn("5")
    assert "분야를 골라 주세요" in screen
    # Not a number on screen: typed text (issue 11), which the router does not know.
    assert "모르겠어요" in await chat.turn("99")
    incoming = chat.parse("/loc 37.6346, 126.8327")
    assert incoming.location is not None
    assert incoming.location.lat == 37.6346
    assert await chat.turn("/loc 37.6346 126.8327")


async def test_console_session_reads_until_quit(engine: Engine) -> None:
    out: list[str] = []
    stdin = io.StringIO("5\n청년배당\n/quit\n")
    await run_console(engine, stdin=stdin, write=out.append)
    screen = "\n".join(out)
    assert "청년기본소득" in screen
    assert screen.rstrip().endswith("안녕히 가세요! 👋")


async def test_console_lines_follow_the_chosen_language(engine: Engine) -> None:
    out: list[str] = []
    await run_console(engine, stdin=io.StringIO("/lang en\n99\n/quit\n"), write=out.append)
    screen = "\n".join(out)
    assert "고양 청년 챗봇 (터미널)" in screen
    assert "didn't catch that" in screen  # "99" is not on screen: it is text
    assert screen.rstrip().endswith("Bye! 👋")


async def test_a_number_is_a_button_only_when_one_is_showing_with_that_number(
    engine: Engine,
) -> None:
    chat = ConsoleChat(engine)
    assert chat.parse("1").text == "1"  # nothing on screen yet: text
    await chat.turn("/start")
    shown = len(chat.choices)
    assert chat.parse("1").action == chat.choices[0]
    assert chat.parse(str(shown)).action == chat.choices[-1]
    for typed in ("0", str(shown + 1), "100", "265", "１"):
        incoming = chat.parse(typed)
        assert incoming.action is None and incoming.text == typed

