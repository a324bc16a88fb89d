"""The fake Bot API served over real HTTP on 127.0.0.1 (a thread), for code that builds its
own ``Bot`` from ``TELEGRAM_API_BASE_URL`` (the ``goyang-bot alerts send`` CLI tests).

Every request is answered by one ``FakeBotApi``, so the recorded calls and scripted
failures are the same as in process; by default at most 30 sendMessage per rolling second.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.error import TimedOut

from tests.fakes.telegram.api import Call, FakeBotApi


class LoopbackBotApi:
    def __init__(
        self, limit: int | None = 30, blocked: frozenset[int] = frozenset(),
        api: FakeBotApi | None = None,
    ) -> None:
        self.api = api or FakeBotApi(limit=limit, blocked=blocked)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.api))
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    @property
    def calls(self) -> list[Call]:
        return self.api.calls

    @property
    def accepted(self) -> list[int]:
        return self.api.accepted

    @property
    def rejected(self) -> int:
        return self.api.rejected

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def form_params(body: bytes) -> dict[str, Any]:
    """PTB posts form fields; ids come back as ints, like the in-process parameters."""
    params: dict[str, Any] = {}
    for key, values in parse_qs(body.decode("utf-8")).items():
        value = values[-1]
        params[key] = int(value) if key.endswith("_id") and value.lstrip("-").isdigit() else value
    return params


def _handler(api: FakeBotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                status, data = api.answer(self.path.rsplit("/", 1)[-1], form_params(body))
            except TimedOut:
                self.close_connection = True  # the client sees the connection drop
                return
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
