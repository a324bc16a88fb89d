"""The one fake Telegram Bot API: ``api`` (recorded state, scripted failures, the in-process
PTB transport), ``loopback`` (the same over HTTP on 127.0.0.1), ``updates`` (what Telegram
sends)."""

from tests.fakes.telegram.api import (
    BOT_USER,
    TIMEOUT,
    TOKEN,
    Call,
    FakeBotApi,
    PushBotApi,
    make_bot,
    too_many_requests,
)
from tests.fakes.telegram.loopback import LoopbackBotApi
from tests.fakes.telegram.updates import (
    callback_update,
    command_update,
    location_update,
    sticker_update,
    text_update,
)

__all__ = [
    "BOT_USER",
    "TIMEOUT",
    "TOKEN",
    "Call",
    "FakeBotApi",
    "LoopbackBotApi",
    "PushBotApi",
    "callback_update",
    "command_update",
    "location_update",
    "make_bot",
    "sticker_update",
    "text_update",
    "too_many_requests",
]
