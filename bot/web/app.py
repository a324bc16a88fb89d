"""The routes ``goyang-bot serve`` adds for browsers: ``/staff`` (the staff console),
``/chat`` (the web chat, unless ``GOYANG_BOT_WEB_CHAT=0``) and their stylesheet.
Every page is rendered on the server; nothing is loaded from another site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from bot.channels.web.app import chat_routes
from bot.runtime import Runtime
from bot.settings import Settings
from bot.web.console import Console
from bot.web.insights import insights_routes
from bot.web.ops import ops_routes
from bot.web.places import places_routes
from bot.web.security import SessionSigner
from bot.web.signin import signin_routes
from bot.web.today import today_routes

STATIC_DIR = Path(__file__).parent / "static"


def web_routes(settings: Settings, get_runtime: Callable[[], Runtime]) -> list[BaseRoute]:
    console = Console(settings, get_runtime, SessionSigner(settings.web_secret))
    staff: list[BaseRoute] = [*signin_routes(console), *today_routes(console),
                              *places_routes(console), *ops_routes(console),
                              *insights_routes(console)]
    routes: list[BaseRoute] = [
        Mount("/staff", routes=staff),
        Mount("/web-static", app=StaticFiles(directory=STATIC_DIR), name="web-static"),
    ]
    if settings.web_chat:
        routes.extend(chat_routes(console))
    return routes
