"""Updates as Telegram sends them (messages, commands, button presses, locations,
stickers), built for the fake Bot API's tests."""

from __future__ import annotations

import itertools
from typing import Any

from telegram import Bot, Update

from tests.fakes.telegram.api import BOT_USER

_update_ids = itertools.count(1)


def user(user_id: int = 42, language: str | None = "ko") -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "지민"}
    if language:
        data["language_code"] = language
    return data


def message(user_id: int, language: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "message_id": next(_update_ids),
        "date": 1_790_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "지민"},
        "from": user(user_id, language),
        **fields,
    }


def text_update(bot: Bot, text: str, user_id: int = 42, language: str | None = "ko") -> Update:
    data = {"update_id": next(_update_ids), "message": message(user_id, language, text=text)}
    return Update.de_json(data, bot)


def command_update(
    bot: Bot, command: str, args: str = "", user_id: int = 42, language: str | None = "ko"
) -> Update:
    text = f"/{command}" + (f" {args}" if args else "")
    entity = {"type": "bot_command", "offset": 0, "length": len(command) + 1}
    data = {
        "update_id": next(_update_ids),
        "message": message(user_id, language, text=text, entities=[entity]),
    }
    return Update.de_json(data, bot)


def callback_update(
    bot: Bot, data: str, user_id: int = 42, language: str | None = "ko", message_id: int = 999
) -> Update:
    payload = {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": user(user_id, language),
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": 1_790_000_000,
                "chat": {"id": user_id, "type": "private"},
                "from": BOT_USER,
                "text": "menu",
            },
        },
    }
    return Update.de_json(payload, bot)


def location_update(
    bot: Bot, lat: float, lon: float, user_id: int = 42, language: str | None = "ko"
) -> Update:
    data = {
        "update_id": next(_update_ids),
        "message": message(user_id, language, location={"latitude": lat, "longitude": lon}),
    }
    return Update.de_json(data, bot)


def sticker_update(bot: Bot, user_id: int = 42) -> Update:
    sticker = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    data = {"update_id": next(_update_ids), "message": message(user_id, "ko", sticker=sticker)}
    return Update.de_json(data, bot)

