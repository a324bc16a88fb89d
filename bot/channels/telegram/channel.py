"""The Telegram channel: python-telegram-bot v22 updates → engine → Telegram messages.

Polling by default. ``TELEGRAM_API_BASE_URL`` points the bot at a self-hosted Bot API
server. Each user's updates are processed in order; different users concurrently.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import BotCommand, ReplyKeyboardRemove, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels.shown import ShownButtons
from bot.channels.telegram.render import Outgoing, coalesce, render_part
from bot.jobs.runtime import start_push, stop_push
from bot.runtime import Runtime
from bot.settings import Settings
from handlers.dialog.engine import CORE_COMMANDS, Engine
from handlers.dialog.types import Incoming, Location, LocationRequest, Reply, Text

log = logging.getLogger(__name__)
CHANNEL = "telegram"


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across users, strictly in arrival order for any one user."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._users[user.id] = self._users.get(user.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[user.id] -= 1
            if not self._users[user.id]:
                del self._users[user.id], self._locks[user.id]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None


def engine_of(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    return context.application.bot_data["engine"]  # type: ignore[no-any-return]


def admins_of(context: ContextTypes.DEFAULT_TYPE) -> frozenset[int]:
    return context.application.bot_data.get("admins", frozenset())  # type: ignore[no-any-return]


def incoming_from(update: Update, admins: frozenset[int], **fields: Any) -> Incoming:
    user = update.effective_user
    assert user is not None
    return Incoming(
        channel=CHANNEL,
        user_key=str(user.id),
        language=user.language_code,
        is_admin=user.id in admins,
        **fields,
    )


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None or not message.text:
        return
    head, _, args = message.text[1:].partition(" ")
    command = head.split("@", 1)[0].lower()
    incoming = incoming_from(update, admins_of(context), command=command, command_args=args.strip())
    await answer(update, context, incoming)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    incoming = incoming_from(update, admins_of(context), text=message.text or "")
    await answer(update, context, incoming)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    point = message.location or (message.venue.location if message.venue else None)
    if point is None:
        return
    incoming = incoming_from(
        update, admins_of(context), location=Location(point.latitude, point.longitude)
    )
    await answer(update, context, incoming)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice…: answered like an empty message (a friendly nudge)."""
    if update.effective_message is None or update.effective_user is None:
        return
    await answer(update, context, incoming_from(update, admins_of(context), text=""))


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    # Always answer, so the client stops its spinner, even for a payload we then reject.
    await query.answer()
    incoming = incoming_from(update, admins_of(context), action=query.data or "")
    await answer(update, context, incoming, edit=True)


async def answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, *, edit: bool = False
) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    shown: ShownButtons = context.application.bot_data.setdefault("shown", ShownButtons())
    reply = await engine_of(context).handle(shown.pressed(incoming))
    shown.remember(incoming.user_key, reply)
    await send_reply(context, chat.id, reply, update=update if edit else None)


async def send_reply(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply, *, update: Update | None = None
) -> None:
    """Send every part; a button press edits the pressed message with the first text."""
    bot = context.bot
    parts = coalesce(reply.parts)
    query = update.callback_query if update is not None else None
    if query is not None and query.message is not None and parts and isinstance(parts[0], Text):
        first = render_part(chat_id, parts[0])
        if len(first) == 1:
            kwargs = {k: v for k, v in first[0].kwargs.items() if k != "chat_id"}
            try:
                await bot.edit_message_text(
                    chat_id=chat_id, message_id=query.message.message_id, **kwargs
                )
                parts = parts[1:]
            except BadRequest:
                pass  # too old to edit, or unchanged: send it as a new message instead
    calls = [call for part in parts for call in render_part(chat_id, part)]
    _retire_location_keyboard(context, reply, calls)
    for call in calls:
        await _call(bot, call)


LOCATION_KEYBOARD = "location_keyboard_shown"


def _retire_location_keyboard(
    context: ContextTypes.DEFAULT_TYPE, reply: Reply, calls: list[Outgoing]
) -> None:
    """After a location request, the next reply that asks for none removes the
    "내 위치 보내기" keyboard (it would linger if the user typed a place name instead).

    Only a message without inline buttons can carry the removal, so it rides on the first
    such message; when there is none, the keyboard is retired on a later reply.
    """
    chat_data = context.chat_data if context.chat_data is not None else {}
    if any(isinstance(part, LocationRequest) for part in reply.parts):
        chat_data[LOCATION_KEYBOARD] = True
        return
    if not chat_data.get(LOCATION_KEYBOARD):
        return
    for call in calls:
        if call.method in ("send_message", "send_venue") and "reply_markup" not in call.kwargs:
            call.kwargs["reply_markup"] = ReplyKeyboardRemove()
            chat_data.pop(LOCATION_KEYBOARD, None)
            return


async def _call(bot: Any, call: Outgoing) -> None:
    await getattr(bot, call.method)(**call.kwargs)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # No update contents, no user ids: only what failed.
    error = context.error
    log.error("telegram update failed: %s", type(error).__name__, exc_info=error)
    if isinstance(error, Forbidden):
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        engine = context.application.bot_data.get("engine")
        locale = (
            "en"
            if (
                update.effective_user
                and (update.effective_user.language_code or "").startswith("en")
            )
            else "ko"
        )
        text = engine.catalogue.strings.get("core.error_generic", locale) if engine else "⚠️"
        try:
            await context.bot.send_message(chat_id=update.effective_chat.id, text=text)
        except TelegramError:
            log.warning("could not tell the user about the failure")


def bot_commands(engine: Engine, locale: str) -> list[BotCommand]:
    strings = engine.catalogue.strings
    commands = [BotCommand(c, strings.get(f"core.cmd_{c}", locale)) for c in CORE_COMMANDS]
    for command, (flow, _verb) in sorted(engine.commands.items()):
        key = f"{flow}.cmd_{command}"
        if key in strings:
            commands.append(BotCommand(command, strings.get(key, locale)))
    return commands


async def register_commands(app: Application) -> None:  # type: ignore[type-arg]
    engine: Engine = app.bot_data["engine"]
    await app.bot.set_my_commands(bot_commands(engine, "ko"))
    await app.bot.set_my_commands(bot_commands(engine, "ko"), language_code="ko")
    await app.bot.set_my_commands(bot_commands(engine, "en"), language_code="en")


def install_handlers(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(filters.COMMAND, on_command))
    app.add_handler(MessageHandler(filters.LOCATION | filters.VENUE, on_location))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, on_other))
    app.add_error_handler(on_error)


def attach_runtime(app: Application, runtime: Runtime) -> None:  # type: ignore[type-arg]
    app.bot_data["runtime"] = runtime
    app.bot_data["engine"] = runtime.engine
    app.bot_data["admins"] = runtime.settings.admins


def build_application(
    settings: Settings,
    *,
    runtime: Runtime | None = None,
    request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The PTB application. With ``runtime`` given it is used as is (tests, ``serve``);
    otherwise the runtime is opened in ``post_init`` and closed in ``post_shutdown``."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .concurrent_updates(PerUserUpdateProcessor())
    )
    if rate_limiter:
        # The builder's generic parameters fix the limiter's argument type to None before
        # one is chosen; AIORateLimiter takes an int (retries), which PTB accepts at run time.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))  # type: ignore[arg-type]
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    owned = runtime is None

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        attach_runtime(app, runtime or await Runtime.open(settings))
        await register_commands(app)
        start_push(app, settings.push_interval_seconds)

    async def post_stop(app: Application) -> None:  # type: ignore[type-arg]
        await stop_push(app)  # before the bot's connection closes

    async def post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
        await stop_push(app)  # `serve` stops without post_stop
        if owned and "runtime" in app.bot_data:
            await app.bot_data["runtime"].close()

    app = (
        builder.post_init(post_init).post_stop(post_stop).post_shutdown(post_shutdown).build()
    )
    install_handlers(app)
    return app


def run_polling(settings: Settings) -> None:
    app = build_application(settings)
    app.run_polling(allowed_updates=Update.ALL_TYPES)
