"""A strict fake Telegram Bot API over real HTTP on 127.0.0.1 (a thread), for the CLI tests
and ``bench/push.py``: at most ``limit`` sendMessage per rolling second, 429 beyond that;
``blocked`` chat ids get 403. Records every accepted message."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class StrictBotApi:
    """30 sendMessage per rolling second, 429 beyond; records every accepted message."""

    def __init__(self, limit: int = 30, blocked: frozenset[int] = frozenset()) -> None:
        self.limit = limit
        self.blocked = blocked
        self.window: deque[float] = deque()
        self.lock = threading.Lock()
        self.accepted: list[int] = []
        self.rejected = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                method = self.path.rsplit("/", 1)[-1]
                if method == "getMe":
                    self._answer(200, {"ok": True, "result": {
                        "id": 1, "is_bot": True, "first_name": "b", "username": "b_bot"}})
                    return
                form = parse_qs(body.decode("utf-8"))  # PTB posts form fields
                chat_id = int(form.get("chat_id", ["0"])[0])
                if chat_id in api.blocked:
                    self._answer(403, {"ok": False, "error_code": 403,
                                       "description": "Forbidden: bot was blocked by the user"})
                    return
                now = time.monotonic()
                with api.lock:
                    while api.window and api.window[0] <= now - 1.0:
                        api.window.popleft()
                    if len(api.window) >= api.limit:
                        api.rejected += 1
                        ok = False
                    else:
                        api.window.append(now)
                        api.accepted.append(chat_id)
                        ok = True
                if not ok:
                    self._answer(429, {"ok": False, "error_code": 429,
                                       "description": "Too Many Requests: retry after 1",
                                       "parameters": {"retry_after": 1}})
                    return
                self._answer(200, {"ok": True, "result": {
                    "message_id": len(api.accepted), "date": 0,
                    "chat": {"id": chat_id, "type": "private"}, "text": "x"}})

            def _answer(self, status: int, doc: dict) -> None:
                data = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
