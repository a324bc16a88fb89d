"""``goyang-bot serve``: the HTTP server (Kakao skill, /healthz) with Telegram beside it."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from content.catalogue import load_catalogue


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser(
        "serve",
        help="run the HTTP server: Kakao skill, /staff console, /chat, /healthz, Telegram",
        description=(
            "One process: uvicorn with POST /kakao/skill (when KAKAO_SKILL_SECRET is set), "
            "GET /healthz, the staff console /staff, the web chat /chat and, when "
            "TELEGRAM_BOT_TOKEN is set, the Telegram bot (polling, or "
            "a webhook at POST /telegram/webhook with TELEGRAM_WEBHOOK_URL/_SECRET). "
            "Settings: see docs/kakao.md and docs/staff.md."
        ),
    )
    serve.add_argument("--host", help="listen address (default: GOYANG_BOT_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default: GOYANG_BOT_PORT or 8080)")
    serve.set_defaults(handler=run_serve, needs_settings=True)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from bot.serve import build_serve_app, check_channel_strings

    # A bad content file stops start-up here, with its problems, before the server starts.
    catalogue = load_catalogue(settings.content_dir)
    if settings.kakao_skill_secret:
        check_channel_strings(catalogue.strings)
    host = getattr(args, "host", None) or settings.host
    port = getattr(args, "port", None) or settings.port
    if not 1 <= port <= 65535:
        print(f"--port: must be 1-65535 (got {port})", file=sys.stderr)
        return 2
    channels = [
        name
        for name, on in (
            ("kakao /kakao/skill", settings.kakao_skill_secret),
            (
                "telegram " + ("webhook" if settings.telegram_webhook_url else "polling"),
                settings.telegram_bot_token,
            ),
        )
        if on
    ]
    print(
        f"serving on http://{host}:{port} — "
        + (", ".join(channels) or "no channel configured")
        + " — /healthz, /staff (staff console)"
        + (", /chat (web chat)" if settings.web_chat else "")
    )
    app = build_serve_app(settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        access_log=False,  # request lines carry client addresses; nothing here needs them
        server_header=False,
    )
    uvicorn.Server(config).run()
    return 0
