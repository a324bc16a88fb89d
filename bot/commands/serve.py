"""``goyang-bot serve``: the HTTP server (Kakao skill, /healthz) with Telegram beside it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.settings import Settings
from content.catalogue import load_catalogue
from db.database import is_postgres

MAX_WORKERS = 64


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
    serve.add_argument(
        "--workers", type=int, default=1,
        help=f"processes sharing the port (1-{MAX_WORKERS}; more than 1 needs PostgreSQL)",
    )
    serve.set_defaults(handler=run_serve, needs_settings=True)


def workers_refusal(workers: int, settings: Settings) -> str | None:
    """Why ``--workers`` cannot be used with these settings, or None."""
    if not 1 <= workers <= MAX_WORKERS:
        return f"--workers: must be 1-{MAX_WORKERS} (got {workers})"
    if workers == 1:
        return None
    if not is_postgres(settings.db_path):
        return (
            f"--workers {workers}: needs GOYANG_BOT_DB=postgresql://… . On SQLite each process"
            " would keep its own per-user order and its own send pace; run one worker"
            " (docs/deploy.md)"
        )
    if settings.telegram_bot_token and not settings.telegram_webhook_url:
        return (
            f"--workers {workers}: Telegram polling allows one process; set"
            " TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET (docs/deploy.md)"
        )
    return None


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
    workers = int(getattr(args, "workers", 1))
    refusal = workers_refusal(workers, settings)
    if refusal is not None:
        print(refusal, file=sys.stderr)
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
        + (f" — {workers} workers" if workers > 1 else "")
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": settings.log_level.lower(),
        "access_log": False,  # request lines carry client addresses; nothing here needs them
        "server_header": False,
    }
    if workers > 1:
        # Each worker process builds its own app from the same environment.
        uvicorn.run("bot.serve:app_from_environment", factory=True, workers=workers, **options)
        return 0
    uvicorn.Server(uvicorn.Config(build_serve_app(settings), **options)).run()
    return 0
