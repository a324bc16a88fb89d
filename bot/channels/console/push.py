"""Pushes to the terminal chat: job alerts, digests, booking reminders and staff decisions
are printed in the chat as they come due, like Telegram shows them.

``goyang-bot chat`` runs a push dispatcher of its own for the ``console`` channel (the bot
process leaves those rows alone, ``bot/jobs/runtime.py``): every ``interval`` seconds it
sends the due rows of console users through ``ConsoleSender``, which prints them with the
chat's renderer. The alert's buttons become the numbered choices on screen, so "1" presses
"이 알림 그만 받기" as a tap would on Telegram. Rows queued while no chat was open wait and
are shown when it opens (quiet hours still hold them until the morning).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from bot.channels.console.chat import CHANNEL, ConsoleChat
from bot.jobs.runtime import build_dispatcher
from bot.push.dispatcher import Dispatcher, SendResult
from db.users import User
from handlers.dialog.types import Reply

PUSH_INTERVAL = 2.0


class ConsoleSender:
    """Prints a pushed message in the chat (there is one terminal: every console user's)."""

    def __init__(self, chat: ConsoleChat, emit: Callable[[str], object]) -> None:
        self.chat = chat
        self.emit = emit

    async def send(self, user: User, message: Reply) -> SendResult:
        self.emit("")
        self.emit(self.chat.render(message))
        return SendResult.ok()


@contextlib.asynccontextmanager
async def console_pushes(
    chat: ConsoleChat, emit: Callable[[str], object], interval: float = PUSH_INTERVAL,
    **options: Any,
) -> AsyncIterator[None]:
    """While inside: a dispatcher for console users runs in the background."""
    engine = chat.engine
    dispatcher = build_dispatcher(
        engine.store.db,
        lambda: engine.catalogue,
        {CHANNEL: ConsoleSender(chat, emit)},
        channels=(CHANNEL,),
        max_in_flight=1,
        **options,
    )
    # "push pass: 1 sent" log lines would land in the middle of the conversation.
    pass_log = logging.getLogger(Dispatcher.__module__)
    level = pass_log.level
    pass_log.setLevel(max(level, logging.WARNING))
    task = asyncio.create_task(dispatcher.run_forever(interval), name="console-pushes")
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait([task])  # never swallows a cancellation of the chat itself
        pass_log.setLevel(level)
