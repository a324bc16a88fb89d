"""``goyang-bot serve``: one process, one uvicorn server, every web-facing channel.

* ``GET /healthz`` — liveness (and whether the store answers);
* ``POST /kakao/skill`` — the Kakao i Open Builder skill (when ``KAKAO_SKILL_SECRET`` is
  set), see ``bot.channels.kakao.app``;
* ``/staff`` (the staff console) and ``/chat`` (the web chat), see ``bot.web.app``;
* the Telegram bot beside it when ``TELEGRAM_BOT_TOKEN`` is set: long polling by default,
  or, with ``TELEGRAM_WEBHOOK_URL`` and ``TELEGRAM_WEBHOOK_SECRET``, a webhook that
  Telegram calls at ``POST /telegram/webhook`` with the secret in
  ``X-Telegram-Bot-Api-Secret-Token`` (checked in constant time; 401 otherwise).

All channels share one runtime (store, catalogue, engine), so a user's conversation state
and the per-user ordering live in one place. With ``serve --workers N`` (PostgreSQL only)
each process has its own runtime on the shared store, whose locks keep one user's turns
in order and let one process at a time push (see ``db/database.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.kakao.app import KakaoSkill, KakaoSkillConfig, kakao_routes
from bot.channels.kakao.app import healthz as _plain_healthz
from bot.channels.kakao.render import CHANNEL_STRINGS
from bot.jobs.runtime import channel_senders, start_dispatcher, stop_dispatcher
from bot.runtime import Runtime
from bot.settings import Settings, load_settings
from bot.web.app import web_routes
from content.errors import ContentError
from content.strings import Strings
from handlers.dialog.engine import user_locale
from handlers.dialog.types import Incoming, Reply

log = logging.getLogger(__name__)

TELEGRAM_WEBHOOK_PATH = "/telegram/webhook"
TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TELEGRAM_UPDATE_BYTES = 1024 * 1024
TELEGRAM_RETRY_DELAYS = (2.0, 5.0, 15.0, 30.0, 60.0)  # seconds between start attempts


@dataclass
class Services:
    """What the lifespan opened; the routes read it (``None`` until started)."""

    runtime: Runtime | None = None
    telegram: Any = None  # telegram.ext.Application once Telegram has started
    telegram_started: asyncio.Event = field(default_factory=asyncio.Event)


def app_from_environment() -> Starlette:
    """The app of one ``serve --workers N`` process (settings read again from the
    environment, which the parent checked)."""
    return build_serve_app(load_settings())


def build_serve_app(
    settings: Settings,
    *,
    runtime: Runtime | None = None,
    telegram_request: Any = None,
    retry_delays: Sequence[float] = TELEGRAM_RETRY_DELAYS,
) -> Starlette:
    """The ASGI app of ``goyang-bot serve``. Pass ``runtime`` (and a fake Telegram
    ``telegram_request``) in tests; otherwise both are opened in the lifespan. Telegram
    starts in the background and is retried after ``retry_delays`` while it fails."""
    services = Services()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        services.runtime = await _open_runtime(settings, runtime)
        starter: asyncio.Task[None] | None = None
        push_holder: dict[str, Any] = {}
        try:
            if settings.telegram_bot_token:
                # In the background, with retries: Telegram being unreachable at start-up
                # must not keep the Kakao skill (or /healthz) from serving.
                starter = asyncio.create_task(
                    _keep_starting_telegram(
                        services, settings, services.runtime, telegram_request, retry_delays
                    )
                )
            else:
                # Without Telegram no application starts the dispatcher: a Kakao-only
                # server runs it here, so its users still get alerts and reminders.
                senders = channel_senders(settings, None)
                if senders:
                    start_dispatcher(
                        push_holder, services.runtime, senders, settings.push_interval_seconds
                    )
            yield
        finally:
            await _close_services(services, starter, push_holder, owned=runtime is None)

    return Starlette(routes=_serve_routes(settings, services), lifespan=lifespan)


def _serve_routes(settings: Settings, services: Services) -> list[BaseRoute]:
    async def engine(incoming: Incoming) -> Reply:
        assert services.runtime is not None, "the app has not started"
        return await services.runtime.engine.handle(incoming)

    async def locale_of(incoming: Incoming) -> str:
        assert services.runtime is not None
        # the row the engine just read for this turn, answered from the turn cache
        user, _ = await services.runtime.store.conversations.open_turn(
            incoming.channel, incoming.user_key
        )
        return user_locale(user.locale if user else None, incoming.language)

    def translate(key: str, locale: str) -> str:
        assert services.runtime is not None
        return services.runtime.engine.catalogue.strings.get(key, locale)

    def runtime() -> Runtime:
        assert services.runtime is not None, "the app has not started"
        return services.runtime

    routes: list[BaseRoute] = [Route("/healthz", _healthz(services), methods=["GET"])]
    routes.extend(web_routes(settings, runtime))
    if settings.kakao_skill_secret:
        config = KakaoSkillConfig(
            secret=settings.kakao_skill_secret,
            secret_header=settings.kakao_secret_header,
            bot_id=settings.kakao_bot_id,
            block_id=settings.kakao_block_id,
            max_body_bytes=settings.kakao_max_body_bytes,
        )
        routes.extend(kakao_routes(KakaoSkill(engine, config, translate, locale_of)))
    if settings.telegram_bot_token and settings.telegram_webhook_url:
        routes.append(
            Route(TELEGRAM_WEBHOOK_PATH, _telegram_webhook(services, settings), methods=["POST"])
        )
    return routes


async def _open_runtime(settings: Settings, given: Runtime | None) -> Runtime:
    """The runtime to serve with; a Kakao server refuses to start without its strings."""
    opened = given or await Runtime.open(settings)
    if settings.kakao_skill_secret:
        try:
            check_channel_strings(opened.engine.catalogue.strings)
        except ContentError:
            if given is None:
                await opened.close()
            raise
    return opened


async def _close_services(
    services: Services,
    starter: asyncio.Task[None] | None,
    push_holder: dict[str, Any],
    *,
    owned: bool,
) -> None:
    if starter is not None and not starter.done():
        starter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await starter
    await stop_dispatcher(push_holder)
    if services.telegram is not None:
        await _stop_telegram(services.telegram)
        services.telegram = None
    if owned and services.runtime is not None:
        await services.runtime.close()
    services.runtime = None


def check_channel_strings(strings: Strings) -> None:
    """Raise ``ContentError`` naming every UI string the Kakao channel needs but lacks."""
    missing = [key for key in CHANNEL_STRINGS if key not in strings]
    if missing:
        raise ContentError(
            f"strings/kakao.yaml: {key.split('.', 1)[1]}: (text): missing;"
            " the KakaoTalk channel needs it"
            for key in missing
        )


def _healthz(services: Services) -> Any:
    async def healthz(request: Request) -> Response:
        if services.runtime is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        try:
            await services.runtime.store.db.ping()
        except Exception as exc:
            log.error("healthz: store check failed: %s", type(exc).__name__)
            return JSONResponse({"status": "store unavailable"}, status_code=503)
        return await _plain_healthz(request)

    return healthz


async def _keep_starting_telegram(
    services: Services,
    settings: Settings,
    runtime: Runtime,
    request: Any,
    delays: Sequence[float],
) -> None:
    """Start the Telegram bot; on a network or server error try again after the next delay
    (the last one repeats). A token Telegram refuses stops the attempts (a config error)."""
    from telegram.error import InvalidToken, TelegramError

    from bot.channels.telegram.channel import build_application

    attempt = 0
    while True:
        app = build_application(settings, runtime=runtime, request=request)
        try:
            await _start_telegram(app, settings)
        except InvalidToken:
            log.error("telegram: Telegram refused TELEGRAM_BOT_TOKEN; Telegram stays off")
            await _stop_quietly(app)
            return
        except (TelegramError, OSError) as exc:
            delay = delays[min(attempt, len(delays) - 1)] if delays else 30.0
            log.warning(
                "telegram: start failed (%s); next try in %.0f s", type(exc).__name__, delay
            )
            await _stop_quietly(app)
            attempt += 1
            await asyncio.sleep(delay)
            continue
        services.telegram = app
        services.telegram_started.set()
        return


async def _start_telegram(app: Any, settings: Settings) -> None:
    from telegram import Update

    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    if settings.telegram_webhook_url:
        await app.bot.set_webhook(
            url=settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
        log.info("telegram: webhook mode")
    else:
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
        log.info("telegram: polling")


async def _stop_quietly(app: Any) -> None:
    """Undo a half-done start; errors here change nothing, so they are only logged."""
    try:
        await _stop_telegram(app)
    except Exception as exc:
        log.warning("telegram: cleanup after a failed start: %s", type(exc).__name__)


async def _stop_telegram(app: Any) -> None:
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
    await app.shutdown()


def _telegram_webhook(services: Services, settings: Settings) -> Any:
    secret = (settings.telegram_webhook_secret or "").encode()

    async def telegram_webhook(request: Request) -> Response:
        from telegram import Update

        provided = request.headers.get(TELEGRAM_SECRET_HEADER, "").encode()
        if not secret or not hmac.compare_digest(provided, secret):
            return JSONResponse({"error": "missing or wrong secret token"}, status_code=401)
        app = services.telegram
        if app is None:
            return JSONResponse({"error": "telegram is not running"}, status_code=503)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_TELEGRAM_UPDATE_BYTES:
                return JSONResponse({"error": "body too large"}, status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, app.bot) if isinstance(data, dict) else None
        except Exception:
            update = None
        if update is None:
            return JSONResponse({"error": "not a Telegram update"}, status_code=400)
        await app.update_queue.put(update)
        return Response(status_code=200)

    return telegram_webhook
