"""Neutral reply parts → Telegram API calls, within Telegram's limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.constants import MessageLimit

from handlers.dialog.types import Button, Card, LocationRequest, Part, Text, Venue

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MESSAGE_BUDGET = 1000  # what one message may hold on any channel: texts join up to this
MAX_CALLBACK_BYTES = 64


@dataclass(frozen=True)
class Outgoing:
    """One Telegram call: ``method`` is a Bot method name, ``kwargs`` its arguments."""

    method: str
    kwargs: dict[str, Any]


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split on paragraph, then line, then word boundaries so every chunk fits ``limit``."""
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), -1)
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return [c for c in chunks if c]


class WireKeyboard(InlineKeyboardMarkup):
    """An inline keyboard that keeps the form it is sent in. PTB turns a markup into a dict
    on every send, button by button (~15 µs a button); our keyboards are cached and
    immutable, so that is done once per keyboard (bench.dialog: ~90 µs of a ~600 µs turn)."""

    __slots__ = ("_wire",)

    def __init__(self, rows: Sequence[Sequence[InlineKeyboardButton]]) -> None:
        super().__init__(rows)
        self._wire: dict[str, Any] = super().to_dict()

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        # a fresh outer dict each time: a caller may add keys; the rows are never changed
        return dict(self._wire) if recursive else super().to_dict(recursive)


def inline_keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    return _cached_keyboard(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=1024)
def _cached_keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    # Markups are immutable and menus repeat, so build each one once.
    keyboard = []
    for row in rows:
        buttons = []
        for button in row:
            if button.url:
                buttons.append(InlineKeyboardButton(button.label, url=button.url))
            elif len(button.action.encode()) <= MAX_CALLBACK_BYTES:
                buttons.append(InlineKeyboardButton(button.label, callback_data=button.action))
        if buttons:
            keyboard.append(buttons)
    return WireKeyboard(keyboard) if keyboard else None


def coalesce(parts: Sequence[Part], limit: int = MESSAGE_BUDGET) -> list[Part]:
    """Join a text without buttons to the text after it: one message instead of two
    (fewer bubbles for the user, and fewer sends against Telegram's ~1/s per chat), as
    long as the joined message stays within ``limit`` (a phone screen, not Telegram's 4,096)."""
    out: list[Part] = []
    for part in parts:
        previous = out[-1] if out else None
        if (
            isinstance(part, Text)
            and isinstance(previous, Text)
            and not previous.buttons
            and len(previous.text) + 2 + len(part.text) <= limit
        ):
            out[-1] = Text(f"{previous.text}\n\n{part.text}", part.buttons)
        else:
            out.append(part)
    return out


def render_part(chat_id: int, part: Part) -> list[Outgoing]:
    if isinstance(part, Text):
        return _texts(chat_id, part.text, inline_keyboard(part.buttons))
    if isinstance(part, Card):
        markup = inline_keyboard([[b] for b in part.buttons])
        return _texts(chat_id, f"{part.title}\n{part.body}", markup)
    if isinstance(part, Venue):
        return [
            Outgoing(
                "send_venue",
                {
                    "chat_id": chat_id,
                    "latitude": part.location.lat,
                    "longitude": part.location.lon,
                    "title": part.title[:256],
                    "address": part.address[:256],
                },
            )
        ]
    if isinstance(part, LocationRequest):
        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton(part.button_label, request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
        calls = _texts(chat_id, part.text, keyboard)
        fallback = inline_keyboard([[b] for b in part.fallback])
        if fallback is not None:
            calls.append(
                Outgoing(
                    "send_message", {"chat_id": chat_id, "text": "👇", "reply_markup": fallback}
                )
            )
        return calls
    raise TypeError(f"cannot render {type(part).__name__}")


def _texts(chat_id: int, text: str, markup: Any) -> list[Outgoing]:
    chunks = split_text(text)
    calls = [Outgoing("send_message", {"chat_id": chat_id, "text": c}) for c in chunks]
    if markup is not None:
        calls[-1].kwargs["reply_markup"] = markup
    return calls
