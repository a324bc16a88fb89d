"""The ASGI app: ``POST /kakao/skill`` for Kakao i Open Builder and ``GET /healthz``.

The skill endpoint checks, in order, the shared-secret header (401), the body size (413),
the JSON and the user (400, with a short reason in JSON) and, when a bot id is
configured, the bot a request names (403). A usable request goes to the engine and always
gets HTTP 200 with a SkillResponse v2.0 within Kakao's limits; an engine failure or an
answer slower than ``answer_timeout`` (Kakao gives up after 5 s) gets a friendly text
instead, never a traceback. Run it with uvicorn (``goyang-bot serve``).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import traceback
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.kakao import paging
from bot.channels.kakao.payload import (
    PayloadError,
    bot_id_matches,
    button_action,
    incoming_from_payload,
    parse_skill_payload,
)
from bot.channels.kakao.render import render_kakao_reply, render_kakao_text
from handlers.dialog.types import Button, Incoming, Reply, Text

log = logging.getLogger(__name__)

Engine = Callable[[Incoming], Coroutine[Any, Any, Reply]]
"""Handles one user input and returns the reply (the dialog engine's ``handle``)."""
TranslateIn = Callable[[str, str], str]
"""``(key, locale) -> text`` for the channel's own UI strings (``kakao.*``)."""
LocaleOf = Callable[[Incoming], Awaitable[str]]
"""The locale to render an answer in (the user's stored choice, else the hint)."""

SKILL_PATH = "/kakao/skill"
DEFAULT_SECRET_HEADER = "X-Goyang-Skill-Secret"


@dataclass(frozen=True, slots=True)
class KakaoSkillConfig:
    secret: str
    secret_header: str = DEFAULT_SECRET_HEADER
    bot_id: str | None = None
    block_id: str | None = None
    max_body_bytes: int = 64 * 1024
    answer_timeout: float = 4.0

    def __post_init__(self) -> None:
        if not self.secret:
            raise ValueError("the Kakao skill secret must not be empty")
        if not self.secret_header.strip():
            raise ValueError("the Kakao secret header name must not be empty")


class BodyTooLarge(Exception):
    pass


def _hint_locale(incoming: Incoming) -> str:
    return "en" if incoming.language == "en" else "ko"


async def _default_locale(incoming: Incoming) -> str:
    return _hint_locale(incoming)


class KakaoSkill:
    """The ``POST /kakao/skill`` endpoint (``handle``) and the answer logic behind it."""

    def __init__(
        self,
        engine: Engine,
        config: KakaoSkillConfig,
        translate: TranslateIn,
        locale_of: LocaleOf = _default_locale,
    ) -> None:
        self.engine = engine
        self.config = config
        self.translate = translate
        self.locale_of = locale_of
        self._secret = config.secret.encode()
        self._pending: set[asyncio.Task[Reply]] = set()
        self._chips = paging.LastChips()

    async def handle(self, request: Request) -> Response:
        provided = request.headers.get(self.config.secret_header, "").encode()
        if not hmac.compare_digest(provided, self._secret):
            return _refuse(401, "missing or wrong secret header")
        try:
            body = await _read_body(request, self.config.max_body_bytes)
        except BodyTooLarge:
            return _refuse(413, f"body over {self.config.max_body_bytes} bytes")
        except ClientDisconnect:
            return _refuse(400, "request body incomplete")
        try:
            payload = parse_skill_payload(body)
        except PayloadError as exc:
            return _refuse(400, exc.reason)
        # A request naming another bot is refused; one naming none (the admin 봇테스트
        # console may send placeholders) is let through: the secret header is the guard.
        if (
            self.config.bot_id
            and payload.bot.id
            and not bot_id_matches(payload, self.config.bot_id)
        ):
            return _refuse(403, "request is for another bot")
        incoming = incoming_from_payload(payload)
        extra = payload.action.client_extra
        if incoming.text and button_action(payload) is None:
            # A chip's label typed (or sent back without its extra): press that chip.
            remembered = self._chips.extra_for(incoming.user_key, incoming.text)
            if remembered is not None:
                extra = remembered
                action = remembered.get("action")
                if isinstance(action, str) and action != paging.MORE_ACTION:
                    incoming = replace(incoming, text=None, action=action)
        rest = paging.carried(extra)
        if rest is not None:
            response = await self.next_page(incoming, rest)
        else:
            response = await self.answer(incoming)
        self._chips.remember(incoming.user_key, response)
        return JSONResponse(response)

    async def next_page(self, incoming: Incoming, rest: list[Button]) -> dict[str, Any]:
        """The quick replies a "더 보기" chip carried (paged again past ten)."""
        locale = await self.locale_of(incoming)
        reply = Reply([Text(self._t("kakao.more_text", locale), tuple((b,) for b in rest))])
        return render_kakao_reply(
            reply, lambda key: self._t(key, locale), block_id=self.config.block_id)

    async def answer(self, incoming: Incoming) -> dict[str, Any]:
        """The SkillResponse for one input; never raises."""
        task = asyncio.create_task(self.engine(incoming))
        self._pending.add(task)
        task.add_done_callback(self._finished)
        try:
            # shield: a slow answer is abandoned, not cancelled half-way through its writes
            reply = await asyncio.wait_for(asyncio.shield(task), self.config.answer_timeout)
        except TimeoutError:
            log.warning("kakao skill: engine took over %.1fs", self.config.answer_timeout)
            return render_kakao_text(self._t("kakao.busy", _hint_locale(incoming)))
        except Exception:
            return render_kakao_text(self._t("kakao.error", _hint_locale(incoming)))
        try:
            # Most replies need none of the channel's own strings: render once with a
            # probe and look the user's locale up (a query) only when a string was used.
            used: list[str] = []

            def probe(key: str) -> str:
                used.append(key)
                return key

            rendered = render_kakao_reply(reply, probe, block_id=self.config.block_id)
            if not used:
                return rendered
            locale = await self.locale_of(incoming)
            return render_kakao_reply(
                reply, lambda key: self._t(key, locale), block_id=self.config.block_id
            )
        except Exception as exc:
            log.error("kakao skill: rendering failed: %s", _where(exc))
            return render_kakao_text(self._t("kakao.error", _hint_locale(incoming)))

    def _finished(self, task: asyncio.Task[Reply]) -> None:
        """Log an engine failure once, whether the answer was awaited or abandoned."""
        self._pending.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.error("kakao skill: engine failed: %s", _where(exc))

    def _t(self, key: str, locale: str) -> str:
        """A channel string; a missing one (content edited wrongly) must not turn an
        answer into an HTTP 500, so it degrades to Korean, then to an ellipsis."""
        for candidate in (locale, "ko"):
            try:
                return self.translate(key, candidate)
            except Exception as exc:
                log.error("kakao skill: string %s (%s): %s", key, candidate, type(exc).__name__)
        return "…"


def _where(exc: BaseException) -> str:
    """Exception type and innermost frame: enough to find the bug, no user data (the
    message of an exception may quote what the user typed, so it is left out)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {last.filename}:{last.lineno} in {last.name}"


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(status: int, reason: str) -> JSONResponse:
    return JSONResponse({"error": reason}, status_code=status)


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def kakao_routes(skill: KakaoSkill) -> list[BaseRoute]:
    return [Route(SKILL_PATH, skill.handle, methods=["POST"])]


def create_app(
    skill: KakaoSkill | None = None,
    *,
    routes: Sequence[BaseRoute] = (),
    lifespan: Any = None,
) -> Starlette:
    """The ASGI app: ``/healthz``, the Kakao skill (when given) and any extra routes."""
    all_routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    if skill is not None:
        all_routes.extend(kakao_routes(skill))
    all_routes.extend(routes)
    return Starlette(routes=all_routes, lifespan=lifespan)
