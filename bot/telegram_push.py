"""The Telegram sender for the push dispatcher: one ``Reply`` → ``sendMessage`` calls.

Maps PTB's exceptions onto the dispatcher's outcomes: ``RetryAfter`` (429) → rate limited
with its ``retry_after``; ``Forbidden`` (403, "bot was blocked by the user") → blocked;
``TimedOut``/``NetworkError`` (5xx, connection problems) and ``InvalidToken`` (a bad token is
an operator problem: keep the rows for when it is fixed) → transient; ``BadRequest`` and
``ChatMigrated`` → permanent. Pacing is the dispatcher's job, so this sender sends at once.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.push import SendResult, SendStatus
from db.users import User
from handlers.types import Button, Card, LocationRequest, Reply, Text, Venue

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def _button(button: Button) -> InlineKeyboardButton:
    if button.url:
        return InlineKeyboardButton(button.label, url=button.url)
    data = button.action
    if len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"button action longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return InlineKeyboardButton(button.label, callback_data=data)


def push_messages(reply: Reply) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The text and keyboard of each message a push ``Reply`` becomes."""
    out: list[tuple[str, InlineKeyboardMarkup | None]] = []
    for part in reply.parts:
        rows: list[list[InlineKeyboardButton]] = []
        if isinstance(part, Text):
            text = part.text
            rows = [[_button(b) for b in row] for row in part.buttons if row]
        elif isinstance(part, Card):
            text = f"{part.title}\n{part.body}"
            rows = [[_button(b)] for b in part.buttons]
        elif isinstance(part, Venue):
            text = f"{part.title}\n{part.address}"
        elif isinstance(part, LocationRequest):
            text = part.text
        else:  # pragma: no cover - Part is a closed union
            continue
        if len(text) > MAX_TEXT:
            text = text[: MAX_TEXT - 1] + "…"
        out.append((text, InlineKeyboardMarkup(rows) if rows else None))
    return out


def retry_after_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives an int (22.x) or a timedelta (later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)  # the int form is deprecated
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, user: User, message: Reply) -> SendResult:
        try:
            for text, markup in push_messages(message):
                await self.bot.send_message(
                    chat_id=int(user.channel_user_id), text=text, reply_markup=markup
                )
        except RetryAfter as exc:
            return SendResult(SendStatus.RATE_LIMITED, retry_after=retry_after_seconds(exc))
        except Forbidden as exc:
            return SendResult(SendStatus.BLOCKED, error=str(exc)[:200])
        except (BadRequest, ChatMigrated) as exc:
            return SendResult(SendStatus.PERMANENT, error=str(exc)[:200])
        except (TimedOut, NetworkError, InvalidToken) as exc:
            return SendResult(SendStatus.TRANSIENT, error=f"{type(exc).__name__}: {exc}"[:200])
        except TelegramError as exc:
            return SendResult(SendStatus.TRANSIENT, error=f"{type(exc).__name__}: {exc}"[:200])
        except ValueError as exc:
            return SendResult(SendStatus.PERMANENT, error=str(exc)[:200])
        return SendResult.ok()
