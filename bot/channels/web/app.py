"""The web chat, ``/chat``: the dialog engine as a third channel, in plain HTML forms.

* Nothing is stored before the visitor agrees: ``GET /chat`` shows the consent text; the
  ``POST /chat/consent`` form sets a random visitor id cookie (channel ``web``) and starts.
* ``POST /chat`` sends typed text (``/privacy``, ``/forget``… are commands, as in the
  terminal chat) or a pressed button's action, then redirects back to ``GET /chat#last``
  (post/redirect/get: reloading the page never sends twice; the page opens at the last
  thing the visitor said, with the answer under it). Works without JavaScript.
* The last turns shown on the page are kept in this process's memory only (bounded, never
  written to disk); ``/forget`` deletes the user, that memory and the cookie.
* Every form carries the CSRF token of the staff console (double-submit cookie).
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict, deque
from dataclasses import replace
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.channels.web.render import Bubble, pressed, render_reply, said
from bot.web.console import Console, client_address, form_text, read_form, render
from bot.web.security import CSRF_COOKIE, CSRF_FIELD, AddressLimiter, csrf_ok
from handlers.dialog.engine import MAX_TEXT_CHARS, user_locale
from handlers.dialog.types import Incoming

log = logging.getLogger(__name__)

CHANNEL = "web"
VISITOR_COOKIE = "gb_chat"
VISITOR_DAYS = 365
KEEP_BUBBLES = 30
KEEP_VISITORS = 2000
NEW_VISITORS_PER_HOUR = 30
PROBLEMS = {"expired": "web.expired", "too_large": "web.too_large",
            "failed": "core.error_generic", "busy": "web.busy"}


class Transcripts:
    """The last bubbles per visitor, in memory, least recently used dropped first."""

    def __init__(self, visitors: int = KEEP_VISITORS, bubbles: int = KEEP_BUBBLES) -> None:
        self._logs: OrderedDict[str, deque[Bubble]] = OrderedDict()
        self._visitors, self._bubbles = visitors, bubbles

    def add(self, visitor: str, bubbles: list[Bubble]) -> None:
        log_ = self._logs.pop(visitor, None) or deque(maxlen=self._bubbles)
        log_.extend(bubbles)
        self._logs[visitor] = log_
        while len(self._logs) > self._visitors:
            self._logs.popitem(last=False)

    def of(self, visitor: str) -> list[Bubble]:
        return list(self._logs.get(visitor, ()))

    def forget(self, visitor: str) -> None:
        self._logs.pop(visitor, None)


def _visitor(request: Request) -> str | None:
    value = request.cookies.get(VISITOR_COOKIE, "")
    return value if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum() \
        else None


def _language(request: Request) -> str | None:
    header = request.headers.get("accept-language", "")
    return header.split(",")[0].strip()[:10] or None


class WebChat:
    """The three endpoints of ``/chat`` and what they share."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.transcripts = Transcripts()
        # New visitors per client address: each one is a users row, so a script cannot
        # create them without end (a person never needs more than a few an hour).
        self.new_visitors = AddressLimiter(console.now, limit=NEW_VISITORS_PER_HOUR,
                                           window=timedelta(hours=1))

    def t(self, key: str, locale: str) -> str:
        return self.console.runtime.engine.catalogue.strings.get(key, locale)

    async def locale_of(self, request: Request, visitor: str | None) -> str:
        user = await self.console.store.users.find(CHANNEL, visitor) if visitor else None
        return user_locale(user.locale if user else None, _language(request))

    async def page(self, request: Request) -> Response:
        visitor = _visitor(request)
        locale = await self.locale_of(request, visitor)
        problem = PROBLEMS.get(request.query_params.get("problem", ""))
        bubbles = self.transcripts.of(visitor) if visitor else []
        mine = [i for i, b in enumerate(bubbles) if b.who == "me"]
        return render(
            request, "chat.html", self.console, t=lambda key: self.t(key, locale),
            locale=locale, problem=self.t(problem, locale) if problem else "",
            consented=visitor is not None, bubbles=bubbles, last_mine=mine[-1] if mine else -1,
            forgotten=request.query_params.get("forgotten") == "1", max_text=MAX_TEXT_CHARS,
        )

    async def turn(self, visitor: str, request: Request, incoming: Incoming,
                   shown: Bubble | None) -> bool:
        """Run one input; False when the visitor's data is gone afterwards (/forget)."""
        reply = await self.console.runtime.engine.handle(incoming)
        user = await self.console.store.users.find(CHANNEL, visitor)
        locale = user_locale(user.locale if user else None, _language(request))
        answer = render_reply(reply, lambda key: self.t(key, locale))
        self.transcripts.add(visitor, [shown, *answer] if shown else answer)
        return user is not None

    async def consent(self, request: Request) -> Response:
        fields = await _checked(request)
        if isinstance(fields, Response):
            return fields
        visitor = _visitor(request)
        if visitor is None:
            address = client_address(request)
            if self.new_visitors.blocked(address):
                return _back("busy")
            self.new_visitors.failed(address)  # counted, not failed: the limiter's tally
            visitor = secrets.token_urlsafe(18)
        incoming = Incoming(CHANNEL, visitor, command="start", language=_language(request))
        await self.turn(visitor, request, incoming, None)  # the greeting, unasked
        response = RedirectResponse("/chat#last", status_code=303)
        response.set_cookie(VISITOR_COOKIE, visitor, max_age=VISITOR_DAYS * 86400,
                            httponly=True, samesite="lax",
                            secure=self.console.secure_cookies, path="/chat")
        return response

    async def send(self, request: Request) -> Response:
        visitor = _visitor(request)
        if visitor is None:
            return RedirectResponse("/chat", status_code=303)
        fields = await _checked(request)
        if isinstance(fields, Response):
            return fields
        base = Incoming(CHANNEL, visitor, language=_language(request))
        if fields["action"]:
            incoming = replace(base, action=fields["action"][:200])
            shown = pressed(fields["label"] or fields["action"])
        else:
            incoming, shown = _typed(base, fields["text"]), said(fields["text"])
        try:
            kept = await self.turn(visitor, request, incoming, shown)
        except Exception as exc:  # the engine answers its own failures; this is a last net
            log.error("web chat: turn failed: %s", type(exc).__name__)
            return _back("failed")
        if not kept:
            self.transcripts.forget(visitor)
            response = RedirectResponse("/chat?forgotten=1", status_code=303)
            response.delete_cookie(VISITOR_COOKIE, path="/chat")
            return response
        return RedirectResponse("/chat#last", status_code=303)


def chat_routes(console: Console) -> list[BaseRoute]:
    chat = WebChat(console)
    return [
        Route("/chat", chat.page, methods=["GET"]),
        Route("/chat", chat.send, methods=["POST"]),
        Route("/chat/consent", chat.consent, methods=["POST"]),
    ]


async def _checked(request: Request) -> dict[str, str] | Response:
    """The posted fields when the form is readable and its CSRF token matches."""
    form = await read_form(request)
    if form is None:
        return _back("too_large")
    try:
        token = form.get(CSRF_FIELD)
        if not csrf_ok(request.cookies.get(CSRF_COOKIE),
                       token if isinstance(token, str) else None):
            return _back("expired")
        return {k: form_text(form, k, MAX_TEXT_CHARS + 10) for k in ("text", "action", "label")}
    finally:
        await form.close()


def _typed(base: Incoming, text: str) -> Incoming:
    """Typed text, or a command when it starts with ``/`` (as in the terminal chat)."""
    text = text.strip()
    if text.startswith("/") and len(text) > 1:
        command, _, args = text[1:].partition(" ")
        return replace(base, command=command.lower()[:32], command_args=args.strip())
    return replace(base, text=text)


def _back(problem: str) -> Response:
    return RedirectResponse(f"/chat?problem={problem}#end", status_code=303)
