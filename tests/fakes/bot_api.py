"""A fake Telegram Bot API for offline tests: a real PTB ``BaseRequest`` that answers
like the Bot API and records every call, plus builders for updates as Telegram sends them.

Used by the tests and by ``bench/dialog.py``; nothing here touches the network.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

BOT_ID = 123456
TOKEN = f"{BOT_ID}:AAFakeTokenForOfflineTestsOnly_abcdefghij"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "고양 청년봇",
    "username": "goyang_youth_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button for row in rows for button in row]

    def button_labels(self) -> list[str]:
        return [b["text"] for b in self.buttons()]


@dataclass
class FakeBotApi(BaseRequest):
    """Answers every Bot API method with a plausible result and records the call.

    ``errors`` maps a method name to a list of (HTTP status, error JSON) answers to give
    before answering normally again — e.g. a 429 with ``retry_after`` or a 403 block.
    """

    calls: list[Call] = field(default_factory=list)
    errors: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    record: bool = True
    updates: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1000))  # type: ignore[type-arg]

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        if self.record:
            self.calls.append(Call(endpoint, params))
        queued = self.errors.get(endpoint)
        if queued:
            status, body = queued.pop(0)
            return status, json.dumps({"ok": False, **body}).encode()
        return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            served, self.updates[:] = list(self.updates), []
            return served
        if endpoint in ("sendMessage", "editMessageText", "sendVenue", "sendLocation"):
            message: dict[str, Any] = {
                "message_id": params.get("message_id") or next(self._ids),
                "date": 1_790_000_000,
                "chat": {"id": params.get("chat_id"), "type": "private"},
                "from": BOT_USER,
            }
            if "text" in params:
                message["text"] = params["text"]
            if endpoint == "sendVenue":
                message["venue"] = {
                    "location": {"latitude": params["latitude"], "longitude": params["longitude"]},
                    "title": params["title"],
                    "address": params["address"],
                }
            return message
        return True

    # -- reading what the bot did --

    def sent(self, *methods: str) -> list[Call]:
        wanted = methods or ("sendMessage", "editMessageText")
        return [c for c in self.calls if c.method in wanted]

    def last_text(self) -> Call:
        return self.sent()[-1]

    def clear(self) -> None:
        self.calls.clear()


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

