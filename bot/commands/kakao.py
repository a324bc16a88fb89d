"""``goyang-bot kakao …``: check the KakaoTalk configuration and try a push.

goyang-bot kakao status                 what is on (skill, bot check, push), secrets hidden
goyang-bot kakao push-test --user KEY   send one Event API message to one user (billed!)
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.channels.kakao.events import EventRecipient, KakaoEventSender
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kakao = sub.add_parser("kakao", help="KakaoTalk channel: configuration status, test push")
    actions = kakao.add_subparsers(dest="kakao_command", required=True)
    status = actions.add_parser("status", help="show what is configured (no secrets printed)")
    status.set_defaults(handler=show_status, needs_settings=True)
    push = actions.add_parser(
        "push-test",
        help="send one Event API message to one user (Kakao bills every message)",
    )
    push.add_argument("--user", required=True, help="the user's botUserKey")
    push.add_argument(
        "--type",
        default="botUserKey",
        choices=["botUserKey", "plusfriendUserKey", "appUserId"],
        help="which kind of key --user is (default botUserKey)",
    )
    push.add_argument("--text", default="고양 청년봇 알림 테스트예요.", help="the message text")
    push.set_defaults(handler=push_test, needs_settings=True)


def show_status(args: argparse.Namespace, settings: Settings) -> int:
    def on(value: object) -> str:
        return "on" if value else "off"

    print(f"skill endpoint   {on(settings.kakao_skill_secret)}  POST /kakao/skill")
    if settings.kakao_skill_secret:
        print(f"  secret header  {settings.kakao_secret_header} (value set, not shown)")
    print(f"  bot id check   {settings.kakao_bot_id or 'off'}")
    block = settings.kakao_block_id
    print(f"  button target  {f'block {block}' if block else 'message (fallback block)'}")
    print(f"  body limit     {settings.kakao_max_body_bytes} bytes")
    push = bool(settings.kakao_bot_id and settings.kakao_rest_api_key)
    print(f"event API push   {on(push)}")
    print(f"  event name     {settings.kakao_event_name}")
    print(f"  base URL       {settings.kakao_api_base_url}")
    if not push:
        print("  (needs KAKAO_BOT_ID and KAKAO_REST_API_KEY)")
    return 0


def push_test(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.kakao_bot_id or not settings.kakao_rest_api_key:
        print("KAKAO_BOT_ID and KAKAO_REST_API_KEY must be set to push", file=sys.stderr)
        return 2

    async def send() -> int:
        async with KakaoEventSender(
            bot_id=settings.kakao_bot_id or "",
            rest_api_key=settings.kakao_rest_api_key or "",
            event_name=settings.kakao_event_name,
            base_url=settings.kakao_api_base_url,
        ) as sender:
            (result,) = await sender.send(
                [EventRecipient(args.user, args.type)], {"text": args.text}
            )
        if result.ok:
            print(f"accepted by Kakao, task {result.task_id or '(none)'}")
            return 0
        print(f"not sent: {result.error}", file=sys.stderr)
        return 1

    return asyncio.run(send())
