"""The Telegram sender for the push dispatcher: one ``Reply`` → Bot API calls.

Replies are drawn by the channel's own renderer (``bot/channels/telegram/render.py``), so a pushed
alert looks like any other message.

Maps PTB's exceptions onto the dispatcher's outcomes: ``RetryAfter`` (429) → rate limited
with its ``retry_after``; ``Forbidden`` (403, "bot was blocked by the user") → blocked;
``TimedOut``/``NetworkError`` (5xx, connection problems) and ``InvalidToken`` (a bad token is
an operator problem: keep the rows for when it is fixed) → transient; ``BadRequest`` and
``ChatMigrated`` → permanent. Pacing is the dispatcher's job, so this sender sends at once.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
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

from bot.channels.telegram.render import coalesce, render_part
from bot.push.dispatcher import SendResult, SendStatus
from db.users import User
from handlers.dialog.types import Reply


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
        """Send every call of the reply (a job alert is one ``sendMessage``).

        If a reply needs several calls and a later one fails, a retry resends the earlier
        ones too; job alerts and digests are single messages, so this does not arise.
        """
        try:
            chat_id = int(user.channel_user_id)
        except ValueError:
            return SendResult(SendStatus.PERMANENT, error="not a Telegram chat id")
        try:
            calls = [c for part in coalesce(message.parts) for c in render_part(chat_id, part)]
            for call in calls:
                await getattr(self.bot, call.method)(**call.kwargs)
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
        except (TypeError, ValueError) as exc:  # a part Telegram cannot draw
            return SendResult(SendStatus.PERMANENT, error=str(exc)[:200])
        return SendResult.ok()
