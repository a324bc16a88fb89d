"""What the benchmarks need in place of Telegram, kept here so bench/ never imports tests/:
an in-process PTB ``BaseRequest`` that answers every call with "ok", the updates Telegram
would send, and a strict Bot API on 127.0.0.1 (``StrictBotApi``: at most ``limit``
sendMessage per rolling second, 429 with ``retry_after: 1`` beyond, like Telegram's
broadcast limit)."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram import Bot, Update
from telegram.request import BaseRequest, RequestData

from bot.push.pacing import busiest_second

TOKEN = "123456:AAFakeTokenForBenchmarksOnly_abcdefghijklm"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
_ids = itertools.count(1)


def ok_body(method: str, params: dict[str, Any]) -> bytes:
    result: Any = True
    if method == "getMe":
        result = BOT_USER
    elif method == "getUpdates":
        result = []
    elif method in ("sendMessage", "editMessageText", "sendVenue", "sendLocation"):
        result = {"message_id": params.get("message_id") or next(_ids), "date": 0,
                  "chat": {"id": params.get("chat_id"), "type": "private"},
                  "text": params.get("text", "")}
    return json.dumps({"ok": True, "result": result}).encode()


class OkBotApi(BaseRequest):
    """Answers every Bot API call at once with a plausible result; records nothing."""

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        params = dict(request_data.parameters) if request_data is not None else {}
        return 200, ok_body(url.rsplit("/", 1)[-1], params)


def _update(bot: Bot, user_id: int, **fields: Any) -> Update:
    sender = {"id": user_id, "is_bot": False, "first_name": "지민", "language_code": "ko"}
    if "callback_query" in fields:
        data = fields.pop("callback_query")
        fields["callback_query"] = {
            "id": str(next(_ids)), "from": sender, "chat_instance": "ci", "data": data,
            "message": {"message_id": 999, "date": 0, "chat": {"id": user_id, "type": "private"},
                        "from": BOT_USER, "text": "menu"}}
    else:
        fields = {"message": {"message_id": next(_ids), "date": 0, "from": sender,
                              "chat": {"id": user_id, "type": "private"}, **fields}}
    return Update.de_json({"update_id": next(_ids), **fields}, bot)


def text_update(bot: Bot, text: str, user_id: int) -> Update:
    return _update(bot, user_id, text=text)


def command_update(bot: Bot, command: str, user_id: int) -> Update:
    entity = {"type": "bot_command", "offset": 0, "length": len(command) + 1}
    return _update(bot, user_id, text=f"/{command}", entities=[entity])


def callback_update(bot: Bot, data: str, user_id: int) -> Update:
    return _update(bot, user_id, callback_query=data)


class StrictBotApi:
    """A real HTTP Bot API (a thread) that rate-limits sendMessage; ``accepted`` chat ids."""

    def __init__(self, limit: int = 30) -> None:
        self.limit = limit
        self.window: deque[float] = deque()
        self.lock = threading.Lock()
        self.accepted: list[int] = []
        self.accepted_at: list[float] = []  # monotonic arrival time of each accepted one
        self.arrivals: list[float] = []  # monotonic time each sendMessage arrived, any answer
        self.rejected = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # a client killed mid-request (bench.crash) resets its connection: not news
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def admit(self, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        if method != "sendMessage":
            return 200, ok_body(method, params)
        now = time.monotonic()
        with self.lock:
            self.arrivals.append(now)
            while self.window and self.window[0] <= now - 1.0:
                self.window.popleft()
            if len(self.window) >= self.limit:
                self.rejected += 1
                return 429, json.dumps({"ok": False, "error_code": 429,
                                        "description": "Too Many Requests: retry after 1",
                                        "parameters": {"retry_after": 1}}).encode()
            self.window.append(now)
            self.accepted.append(int(params["chat_id"]))
            self.accepted_at.append(now)
        return 200, ok_body(method, params)

    def busiest_second(self) -> int:
        """The most sendMessage that arrived within any span shorter than one second."""
        return busiest_second(self.arrivals)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()}
                status, data = api.admit(self.path.rsplit("/", 1)[-1], form)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

