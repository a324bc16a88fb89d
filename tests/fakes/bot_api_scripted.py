"""A fake Bot API for push tests: a PTB ``BaseRequest`` that records sendMessage calls and
answers from a per-chat script (429 with retry_after, 403 blocked, 502, timeouts)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from telegram import Bot
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "고양봇", "username": "goyang_test_bot"}


class ScriptedBotApi(BaseRequest):
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.script: dict[int, list[str]] = defaultdict(list)

    @property
    def read_timeout(self) -> float | None:
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
        params = dict(request_data.parameters) if request_data else {}
        if endpoint == "getMe":
            return 200, json.dumps({"ok": True, "result": BOT_USER}).encode()
        if endpoint != "sendMessage":
            return 200, b'{"ok": true, "result": true}'
        chat_id = int(params["chat_id"])
        mode = self.script[chat_id].pop(0) if self.script[chat_id] else "ok"
        if mode == "429":
            return 429, json.dumps({
                "ok": False, "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": 3},
            }).encode()
        if mode == "403":
            return 403, json.dumps({
                "ok": False, "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }).encode()
        if mode == "400":
            return 400, json.dumps({
                "ok": False, "error_code": 400, "description": "Bad Request: chat not found",
            }).encode()
        if mode == "502":
            return 502, b'{"ok": false, "error_code": 502, "description": "Bad Gateway"}'
        if mode == "timeout":
            raise TimedOut("fake timeout")
        self.sent.append(params)
        message = {
            "message_id": len(self.sent),
            "date": 0,
            "chat": {"id": chat_id, "type": "private"},
            "text": params.get("text", ""),
        }
        return 200, json.dumps({"ok": True, "result": message}).encode()


def make_bot(api: ScriptedBotApi) -> Bot:
    return Bot("4242:TEST", request=api, get_updates_request=ScriptedBotApi())
