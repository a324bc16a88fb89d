"""A fake Kakao bot API (``POST /v2/bots/{botId}/talk``) served by uvicorn on 127.0.0.1.

Each call is recorded; answers follow a script (a list of callables ``(call) -> Response``,
used in order, the last one repeated), so tests can make Kakao fail, throttle or hang.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Call:
    bot_id: str
    authorization: str | None
    body: dict[str, Any]

    @property
    def user_ids(self) -> list[str]:
        return [u["id"] for u in self.body["user"]]


def success(call: Call) -> Response:
    return JSONResponse(
        {"taskId": str(uuid.uuid4()), "status": "SUCCESS", "timestamp": 1728382106745}
    )


def fail(message: str) -> Callable[[Call], Response]:
    return lambda call: JSONResponse({"status": "FAIL", "message": message})


def http(status: int, headers: dict[str, str] | None = None) -> Callable[[Call], Response]:
    return lambda call: JSONResponse({"message": "nope"}, status_code=status, headers=headers)


@dataclass
class FakeKakao:
    script: list[Callable[[Call], Any]] = field(default_factory=lambda: [success])
    calls: list[Call] = field(default_factory=list)
    base_url: str = ""

    async def talk(self, request: Request) -> Response:
        call = Call(
            bot_id=request.path_params["bot_id"],
            authorization=request.headers.get("authorization"),
            body=await request.json(),
        )
        self.calls.append(call)
        answer = self.script[min(len(self.calls), len(self.script)) - 1]
        result = answer(call)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v2/bots/{bot_id}/talk", self.talk, methods=["POST"])])


@contextlib.asynccontextmanager
async def serve_on_loopback(app: Any) -> AsyncIterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 (a free port); yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()
