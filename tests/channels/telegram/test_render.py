"""The cached inline keyboard is sent exactly as PTB would send a fresh one."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.render import inline_keyboard
from handlers.dialog.types import Button


def test_a_cached_keyboard_goes_on_the_wire_like_a_fresh_ptb_markup() -> None:
    rows = [[Button("메뉴", "core:menu"), Button("고양시", url="https://www.goyang.go.kr")],
            [Button("너무 긴 버튼", "x" * 65)]]  # over 64 bytes: left out, as before
    fresh = InlineKeyboardMarkup([
        [InlineKeyboardButton("메뉴", callback_data="core:menu"),
         InlineKeyboardButton("고양시", url="https://www.goyang.go.kr")],
    ])
    cached = inline_keyboard(rows)
    assert cached is inline_keyboard(rows)  # built once
    assert cached == fresh
    assert cached is not None
    # PTB json-dumps what to_dict gives when it sends the markup
    assert cached.to_dict() == fresh.to_dict()
    assert cached.to_dict()["inline_keyboard"][0][1] == {
        "text": "고양시", "url": "https://www.goyang.go.kr"
    }


def test_changing_a_sent_form_does_not_change_the_next_send() -> None:
    keyboard = inline_keyboard([[Button("메뉴", "core:menu")]])
    assert keyboard is not None
    keyboard.to_dict()["reply_markup"] = "changed"
    assert keyboard.to_dict() == {
        "inline_keyboard": [[{"text": "메뉴", "callback_data": "core:menu"}]]
    }


def test_rows_without_a_sendable_button_give_no_keyboard() -> None:
    assert inline_keyboard([[Button("너무 긴 버튼", "x" * 65)]]) is None
    assert inline_keyboard([]) is None
