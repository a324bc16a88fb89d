"""``goyang-bot``: run the bot and every operator task from one command.

goyang-bot run             `serve` when KAKAO_SKILL_SECRET or TELEGRAM_WEBHOOK_URL is set, else
                           Telegram polling when TELEGRAM_BOT_TOKEN is set, else the terminal chat
goyang-bot chat            the terminal chat (no token needed)
goyang-bot telegram        Telegram polling (needs TELEGRAM_BOT_TOKEN)
goyang-bot serve           HTTP server: Kakao skill, /healthz, Telegram beside it
goyang-bot kakao status    KakaoTalk configuration (push-test: send one Event API message)
goyang-bot content check   validate the content files
goyang-bot places import FILE.csv   load or update places from a staff spreadsheet
goyang-bot eligibility try birth_date=1999-03-02 …   try the eligibility rules
goyang-bot jobs import F   import job postings (고용24 XML/JSON or CSV); jobs fetch: from the API
goyang-bot alerts send     push due job alerts once; alerts status: counts
goyang-bot staff add NAME  a staff console account (prints a one-time password link)
goyang-bot db backup PATH  copy the live database (safe while the bot runs); db retention
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from bot.channels.console.chat import run_console
from bot.commands import bookings as booking_commands
from bot.commands import content as content_commands
from bot.commands import database as database_commands
from bot.commands import eligibility as eligibility_commands
from bot.commands import jobs as jobs_commands
from bot.commands import kakao as kakao_commands
from bot.commands import places as places_commands
from bot.commands import serve as serve_commands
from bot.commands import staff as staff_commands
from bot.runtime import Runtime, configure_logging
from bot.settings import Settings, SettingsError, load_settings
from content.errors import ContentError

COMMAND_MODULES: list[ModuleType] = [
    content_commands,
    eligibility_commands,
    places_commands,
    booking_commands,
    serve_commands,
    kakao_commands,
    jobs_commands,
    database_commands,
    staff_commands,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goyang-bot", description="고양 청년 일자리 챗봇 / Goyang youth jobs bot"
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser(
        "run",
        help="start the bot: `serve` (HTTP: Kakao skill, Telegram webhook) when "
        "KAKAO_SKILL_SECRET or TELEGRAM_WEBHOOK_URL is set, else Telegram polling when "
        "TELEGRAM_BOT_TOKEN is set, else the terminal chat (what `make run` does)",
    )
    run.set_defaults(handler=cmd_run, needs_settings=True)
    chat = sub.add_parser("chat", help="talk to the bot in this terminal (no token needed)")
    chat.add_argument("--admin", action="store_true", help="act as staff (allows /reload)")
    chat.set_defaults(handler=cmd_chat, needs_settings=True)
    telegram = sub.add_parser("telegram", help="run the Telegram bot (polling)")
    telegram.set_defaults(handler=cmd_telegram, needs_settings=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    if settings.kakao_skill_secret or settings.telegram_webhook_url:
        return serve_commands.run_serve(args, settings)
    if settings.telegram_bot_token:
        return cmd_telegram(args, settings)
    print(
        "TELEGRAM_BOT_TOKEN이 없어 터미널 대화로 시작해요. (No token: starting the terminal chat.)"
    )
    args.admin = False
    return cmd_chat(args, settings)


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    async def main() -> None:
        runtime = await Runtime.open(settings)
        try:
            await run_console(runtime.engine, admin=bool(getattr(args, "admin", False)))
        finally:
            await runtime.close()

    asyncio.run(main())
    return 0


def cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        print("TELEGRAM_BOT_TOKEN: is not set (get one from @BotFather)", file=sys.stderr)
        return 2
    from bot.channels.telegram.channel import run_polling

    run_polling(settings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    # RetryAfter.retry_after as a timedelta (PTB's announced default) instead of a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        args = parser.parse_args(["run", *(argv or [])])
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"설정 오류 / configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        return int(args.handler(args, settings) or 0)
    except ContentError as exc:
        print("콘텐츠 파일 오류 / content problems:", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
