"""One fake Telegram Bot API for every offline test: it answers like the Bot API, records
every call, and fails on request (429 with ``retry_after``, 403, 400, 5xx, timeouts).

``FakeBotApi`` is a real PTB ``BaseRequest``, so ``Bot(..., request=api)`` and
``build_application(..., request=api)`` talk to it in process; ``LoopbackBotApi`` (in
``http.py``) serves the same object on 127.0.0.1 for code that builds its own ``Bot`` from a
base URL. Nothing here touches the network.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot
from telegram.error import TimedOut
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

# An answer the fake gives instead of a result: (HTTP status, error fields) or one of the
# names below ("timeout" raises PTB's TimedOut instead of answering).
Failure = tuple[int, dict[str, Any]] | str


def too_many_requests(retry_after: int = 3) -> tuple[int, dict[str, Any]]:
    return 429, {
        "error_code": 429,
        "description": f"Too Many Requests: retry after {retry_after}",
        "parameters": {"retry_after": retry_after},
    }


BLOCKED = (403, {"error_code": 403, "description": "Forbidden: bot was blocked by the user"})
NAMED_FAILURES: dict[str, tuple[int, dict[str, Any]]] = {
    "429": too_many_requests(3),
    "403": BLOCKED,
    "400": (400, {"error_code": 400, "description": "Bad Request: chat not found"}),
    "401": (401, {"error_code": 401, "description": "Unauthorized"}),
    "502": (502, {"error_code": 502, "description": "Bad Gateway"}),
}
TIMEOUT = "timeout"
MESSAGE_METHODS = ("sendMessage", "editMessageText", "sendVenue", "sendLocation")


@dataclass
class Call:
    """One request the bot made, and the HTTP status the fake answered it with."""

    method: str
    params: dict[str, Any]
    status: int = 200
    at: float = field(default_factory=time.monotonic)  # when it arrived

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

    Failures are scripted three ways, checked in this order:
    ``blocked`` chat ids always get 403; ``script[chat_id]`` and ``errors[method]`` are
    queues of ``Failure`` given once each before answering normally again; with ``limit``
    set, more than ``limit`` sendMessage in any rolling second get a 429 (``retry_after``
    1), like Telegram's broadcast limit (``rejected`` counts them).
    """

    calls: list[Call] = field(default_factory=list)
    errors: dict[str, list[Failure]] = field(default_factory=dict)
    script: dict[int, list[Failure]] = field(default_factory=lambda: defaultdict(list))
    blocked: frozenset[int] = frozenset()
    limit: int | None = None
    record: bool = True
    updates: list[dict[str, Any]] = field(default_factory=list)  # served by getUpdates
    rejected: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    _window: deque[float] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the HTTP server's threads

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
        params = dict(request_data.parameters) if request_data is not None else {}
        return self.answer(url.rsplit("/", 1)[-1], params)

    def answer(self, endpoint: str, params: dict[str, Any]) -> tuple[int, bytes]:
        """The status and JSON body for one call (both transports come through here)."""
        failure = self._failure(endpoint, params)
        if failure == TIMEOUT:
            self._record(endpoint, params, 0)
            raise TimedOut("fake timeout")
        if failure is not None:
            status, fields = NAMED_FAILURES[failure] if isinstance(failure, str) else failure
            self._record(endpoint, params, status)
            return status, json.dumps({"ok": False, **fields}).encode()
        self._record(endpoint, params, 200)
        return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()

    def _failure(self, endpoint: str, params: dict[str, Any]) -> Failure | None:
        chat_id = params.get("chat_id")
        chat = int(chat_id) if isinstance(chat_id, (int, str)) and str(chat_id).isdigit() else None
        if chat is not None and chat in self.blocked:
            return BLOCKED
        if chat is not None and self.script.get(chat):
            return self.script[chat].pop(0)
        if self.errors.get(endpoint):
            return self.errors[endpoint].pop(0)
        if endpoint == "sendMessage" and self.limit is not None and not self._admit():
            return too_many_requests(1)
        return None

    def _admit(self) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._window and self._window[0] <= now - 1.0:
                self._window.popleft()
            if len(self._window) >= (self.limit or 0):
                self.rejected += 1
                return False
            self._window.append(now)
            return True

    def _record(self, endpoint: str, params: dict[str, Any], status: int) -> None:
        if self.record:
            self.calls.append(Call(endpoint, params, status))

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            served, self.updates[:] = list(self.updates), []
            return served
        if endpoint not in MESSAGE_METHODS:
            return True
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

    # -- reading what the bot did --

    def sent(self, *methods: str) -> list[Call]:
        """Calls of these methods (default: sent and edited texts), answered or not."""
        wanted = methods or ("sendMessage", "editMessageText")
        return [c for c in self.calls if c.method in wanted]

    @property
    def delivered(self) -> list[dict[str, Any]]:
        """The parameters of every sendMessage the fake accepted."""
        return [c.params for c in self.calls if c.method == "sendMessage" and c.status == 200]

    @property
    def accepted(self) -> list[int]:
        """The chat id of every accepted sendMessage, in order (duplicates kept)."""
        return [int(p["chat_id"]) for p in self.delivered]

    def last_text(self) -> Call:
        return self.sent()[-1]

    def clear(self) -> None:
        self.calls.clear()


class PushBotApi(FakeBotApi):
    """The push tests' view: ``sent`` is the list of delivered sendMessage parameters."""

    @property
    def sent(self) -> list[dict[str, Any]]:  # type: ignore[override]  # a list, not a filter
        return self.delivered


def make_bot(api: FakeBotApi) -> Bot:
    """A plain PTB ``Bot`` whose every request goes to ``api``."""
    return Bot(TOKEN, request=api, get_updates_request=FakeBotApi(record=False))
