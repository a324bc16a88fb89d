"""The one Kakao fake: what Kakao sends to our skill (real payload shapes, button presses,
the skill secret, the UI strings, an echo engine) and the Kakao event API we push through
(``POST /v2/bots/{botId}/talk`` served by uvicorn on 127.0.0.1, every call recorded, answers
scripted: a list of callables ``(call) -> Response`` used in order, the last one repeated,
so tests can make Kakao fail, throttle or hang).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import uvicorn
import yaml
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from content.models import UiString
from content.strings import Strings
from handlers.dialog.types import Button, Card, Incoming, Reply, Text

# -- what Kakao sends to the skill ---------------------------------------------------------

STRINGS_FILE = Path(__file__).parents[2] / "content" / "data" / "strings" / "kakao.yaml"
SECRET = "s3cret-for-tests"
SECRET_HEADER = "X-Goyang-Skill-Secret"


@cache  # parsed once: renders look strings up for every part
def kakao_strings() -> Strings:
    raw = yaml.safe_load(STRINGS_FILE.read_text(encoding="utf-8"))
    return Strings({f"kakao.{k}": UiString.model_validate(v) for k, v in raw.items()})


def translate(key: str, locale: str = "ko") -> str:
    return kakao_strings().get(key, locale)


PRODUCTION_USER = "393970a60c945e0f2e530fac259cec6fd5fd5451dd451cd2d9f3c46160e6ae768d"
DEVELOPMENT_USER = "226f81aef15e8f5890425bbeaa5978d54dfc98fadcaa076ed1f635eda11204ba30"

# REAL-1 of the research: a production channel, 2024 (bot id truncated in the source).
REAL_PRODUCTION: dict[str, Any] = {
    "bot": {"id": "…54a304f009a28e", "name": "코인봇"},
    "intent": {
        "id": "660bab2f691ba24f6cd0fda5",
        "name": "가격",
        "extra": {"reason": {"code": 1, "message": "OK"}},
    },
    "action": {
        "id": "660bac6e1623006a29288627",
        "name": "코인가격 스킬",
        "params": {},
        "detailParams": {},
        "clientExtra": {},
    },
    "userRequest": {
        "block": {"id": "660bab2f691ba24f6cd0fda5", "name": "가격"},
        "user": {
            "id": "393970a60c945e0f2e530fac259cec6fd5fd5451dd451cd2d9f3c46160e6ae768d",
            "type": "botUserKey",
            "properties": {
                "botUserKey": PRODUCTION_USER,
                "isFriend": True,
                "plusfriendUserKey": "Ge9E5OHpsO6L",
                "bot_user_key": PRODUCTION_USER,
                "plusfriend_user_key": "Ge9E5OHpsO6L",
            },
        },
        "utterance": "!가격 btc",
        "params": {"surface": "Kakaotalk.plusfriend"},
        "lang": "ko",
        "timezone": "Asia/Seoul",
    },
    "contexts": [],
}

# REAL-2: a development channel (bot id ends in '!'), callback block, app key set.
REAL_DEVELOPMENT: dict[str, Any] = {
    "bot": {"id": "5ae9b76d7409b11ec845b746!", "name": "루루챗봇개발2"},
    "intent": {
        "id": "5d300e788192ac000132b8a4",
        "name": "폴백 블록",
        "extra": {"reason": {"code": 1, "message": "OK"}},
    },
    "action": {
        "id": "5ffe572d7292584dbda1dc64",
        "name": "기본 스킬",
        "params": {"skillIntentCode": "testIntent"},
        "detailParams": {
            "intent_code": {"groupName": "", "origin": "test_intent", "value": "test_intent"}
        },
        "clientExtra": {},
    },
    "userRequest": {
        "block": {"id": "5d300e788192ac000132b8a4", "name": "폴백 블록"},
        "user": {
            "id": "226f81aef15e8f5890425bbeaa5978d54dfc98fadcaa076ed1f635eda11204ba30",
            "type": "botUserKey",
            "properties": {
                "botUserKey": DEVELOPMENT_USER,
                "isFriend": True,
                "accountId": "6689190",
                "plusfriendUserKey": "T8x9DhjAiBrv",
                "appUserId": "1234567",
                "talkUserId": "2374607",
                "bot_user_key": DEVELOPMENT_USER,
                "plusfriend_user_key": "T8x9DhjAiBrv",
            },
        },
        "utterance": "aaa",
        "params": {"surface": "Kakaotalk.plusfriend"},
        "callbackUrl": "https://bot-api.kakao.com/v1/bots/5ae9b76d7409b11ec845b746!/callback/-damddEwVMRHufi6uUr63Ir7veOUGTFaiVhcOWTOhijyBuCT-v4vu6V32YmyF8ZNqI8K7kn_tKY0",
        "lang": "ko",
        "timezone": "Asia/Seoul",
    },
    "contexts": [],
}

# The admin "봇테스트" console: minimal, placeholder data, test surface, 'kr' language.
ADMIN_TEST_CONSOLE: dict[str, Any] = {
    "intent": {"id": "", "name": "블록 이름"},
    "userRequest": {
        "timezone": "Asia/Seoul",
        "params": {"ignoreMe": "true", "surface": "BuilderBotTest"},
        "block": {"id": "", "name": "블록 이름"},
        "utterance": "발화 내용",
        "lang": "kr",
        "user": {"id": "test-user-1", "type": "accountId", "properties": {}},
    },
    "bot": {"id": "", "name": "봇 이름"},
    "action": {
        "name": "",
        "clientExtra": None,
        "params": {},
        "id": "",
        "detailParams": {},
    },
}

# The official example: utterance "1 금요일 강남" with sys.date, sys.location, sys.number.
OFFICIAL_SYS_PARAMS: dict[str, Any] = {
    "name": "예제 스킬",
    "id": "skill",
    "params": {
        "sys_date": '{"dateTag": "Friday", "dateHeadword": null, "year": null, "month": null,'
        ' "day": null, "date": "2023-03-31", "polynomial": "define_weekday({4})",'
        ' "calendar_type": "solar"}',
        "sys_location": "강남",
        "sys_number": '{"amount": 1, "unit": null}',
    },
    "detailParams": {
        "sys_date": {"origin": "금요일", "value": '{"dateTag": "Friday"}', "groupName": ""},
        "sys_location": {"origin": "강남", "value": "강남", "groupName": ""},
        "sys_number": {"origin": "1", "value": '{"amount": 1, "unit": null}', "groupName": ""},
    },
}


def payload(
    base: dict[str, Any] | None = None,
    *,
    utterance: str | None = None,
    user: str | None = None,
    client_extra: Any = "(keep)",
    lang: str | None = None,
) -> dict[str, Any]:
    """A copy of ``base`` (REAL-1 by default) with the given fields replaced."""
    data = copy.deepcopy(base if base is not None else REAL_PRODUCTION)
    if utterance is not None:
        data["userRequest"]["utterance"] = utterance
    if user is not None:
        data["userRequest"]["user"]["id"] = user
    if client_extra != "(keep)":
        data.setdefault("action", {})["clientExtra"] = client_extra
    if lang is not None:
        data["userRequest"]["lang"] = lang
    return data


def press(label: str, action: str, *, user: str | None = None) -> dict[str, Any]:
    """What Kakao sends when a rendered quick reply is pressed: its label and its extra."""
    return payload(utterance=label, client_extra={"action": action}, user=user)


def body(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


class EchoEngine:
    """Stands in for the dialog engine: records inputs and answers with a small menu."""

    def __init__(self) -> None:
        self.seen: list[Incoming] = []

    async def __call__(self, incoming: Incoming) -> Reply:
        self.seen.append(incoming)
        said = incoming.action or incoming.text or f"/{incoming.command}"
        return Reply().add(
            Text(
                f"받았어요: {said}",
                buttons=((Button("프로그램 안내", "programs"), Button("처음으로", "menu")),),
            ),
            Card(
                "청취다방 HUB",
                "화정역 근처 청년 카페",
                (Button("홈페이지", url="https://example.kr"),),
            ),
        )

# -- the Kakao event API the bot pushes through ---------------------------------------------


@dataclass
class TalkCall:
    bot_id: str
    authorization: str | None
    body: dict[str, Any]

    @property
    def user_ids(self) -> list[str]:
        return [u["id"] for u in self.body["user"]]


def success(call: TalkCall) -> Response:
    return JSONResponse(
        {"taskId": str(uuid.uuid4()), "status": "SUCCESS", "timestamp": 1728382106745}
    )


def fail(message: str) -> Callable[[TalkCall], Response]:
    return lambda call: JSONResponse({"status": "FAIL", "message": message})


def http(status: int, headers: dict[str, str] | None = None) -> Callable[[TalkCall], Response]:
    return lambda call: JSONResponse({"message": "nope"}, status_code=status, headers=headers)


@dataclass
class FakeKakao:
    script: list[Callable[[TalkCall], Any]] = field(default_factory=lambda: [success])
    calls: list[TalkCall] = field(default_factory=list)
    base_url: str = ""

    async def talk(self, request: Request) -> Response:
        call = TalkCall(
            bot_id=request.path_params["bot_id"],
            authorization=request.headers.get("authorization"),
            body=await request.json(),
        )
        self.calls.append(call)
        answer = self.script[min(len(self.calls), len(self.script)) - 1]
        result = answer(call)
        if asyncio.iscoroutine(result):
            result = await result
        assert isinstance(result, Response)
        return result

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v2/bots/{bot_id}/talk", self.talk, methods=["POST"])])

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[FakeKakao]:
        """This fake on a loopback port, with ``base_url`` set to it."""
        async with serve_on_loopback(self.app()) as url:
            self.base_url = url
            yield self


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
