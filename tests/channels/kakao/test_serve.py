"""``goyang-bot serve`` with the real engine: Kakao requests through the real ASGI app
(lifespan included), every menu toured under Kakao's limits, state kept across requests
and restarts, the Telegram webhook beside it."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.channels.kakao.limits import check_skill_response
from bot.runtime import Runtime
from bot.serve import TELEGRAM_SECRET_HEADER, build_serve_app
from bot.settings import Settings
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.fakes.kakao import (
    ADMIN_TEST_CONSOLE,
    REAL_DEVELOPMENT,
    REAL_PRODUCTION,
    SECRET,
    SECRET_HEADER,
    body,
)
from tests.fakes.telegram import TOKEN, FakeBotApi


def kakao_settings(db_path: Path, **extra: Any) -> Settings:
    return Settings(GOYANG_BOT_DB=db_path, KAKAO_SKILL_SECRET=SECRET, **extra)


@asynccontextmanager
async def running(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (as uvicorn would) and talk to it in process."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            yield client


@dataclass
class KakaoUser:
    """Talks to the skill endpoint like KakaoTalk would for one user."""

    client: httpx.AsyncClient
    key: str = "kakao-user-1"
    base: dict[str, Any] = field(default_factory=lambda: REAL_PRODUCTION)
    answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def last(self) -> dict[str, Any]:
        return self.answers[-1]

    async def send(self, utterance: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        data = copy.deepcopy(self.base)
        data["userRequest"]["user"]["id"] = self.key
        data["userRequest"]["utterance"] = utterance
        data.setdefault("action", {})["clientExtra"] = extra or {}
        response = await self.client.post(
            "/kakao/skill", content=body(data), headers={SECRET_HEADER: SECRET}
        )
        assert response.status_code == 200, response.text
        answer = response.json()
        assert check_skill_response(answer) == [], (utterance, extra, answer)
        self.answers.append(answer)
        return answer

    async def say(self, text: str) -> dict[str, Any]:
        return await self.send(text)

    async def say_each(self, *texts: str) -> dict[str, Any]:
        """Type ``texts`` one message after another (each a turn of its own)."""
        for text in texts:
            await self.say(text)
        return self.last

    def choices(self, answer: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Every pressable thing in an answer: quick replies and card buttons with an action."""
        answer = answer or self.last
        found = list(answer["template"].get("quickReplies", []))
        for output in answer["template"]["outputs"]:
            ((kind, component),) = output.items()
            cards = component["items"] if kind == "carousel" else [component]
            for card in cards:
                found.extend(b for b in card.get("buttons", []) if "extra" in b)
        return found

    async def press(self, label_part: str) -> dict[str, Any]:
        for choice in self.choices():
            if label_part in choice["messageText"]:
                return await self.send(choice["messageText"], choice["extra"])
        labels = [c["messageText"] for c in self.choices()]
        raise AssertionError(f"no choice containing {label_part!r} in {labels}")

    def text(self, answer: dict[str, Any] | None = None) -> str:
        parts = []
        for output in (answer or self.last)["template"]["outputs"]:
            ((kind, component),) = output.items()
            cards = component["items"] if kind == "carousel" else [component]
            for card in cards:
                parts.extend(str(card.get(k, "")) for k in ("text", "title", "description"))
        return "\n".join(p for p in parts if p)


def quick_labels(answer: dict[str, Any]) -> list[str]:
    return [q["messageText"] for q in answer["template"].get("quickReplies", [])]


def menu_labels(catalogue: Catalogue) -> list[str]:
    return [item.label["ko"] for item in catalogue.menu]


@pytest.fixture
async def served(db_path: Path, store: Store, engine: Engine) -> AsyncIterator[KakaoUser]:
    settings = kakao_settings(db_path)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    async with running(build_serve_app(settings, runtime=runtime)) as client:
        yield KakaoUser(client)


async def test_start_shows_the_main_menu_as_quick_replies(served: KakaoUser, catalogue: Catalogue):
    answer = await served.say("/start")
    labels = [q["messageText"] for q in answer["template"]["quickReplies"]]
    for item in catalogue.menu:
        assert item.label["ko"] in labels


@pytest.mark.parametrize("shape", [REAL_PRODUCTION, REAL_DEVELOPMENT, ADMIN_TEST_CONSOLE])
async def test_real_payload_shapes_get_an_answer_from_the_engine(
    served: KakaoUser, store: Store, catalogue: Catalogue, shape
):
    served.base = shape
    served.key = shape["userRequest"]["user"]["id"]
    answer = await served.say(shape["userRequest"]["utterance"])  # "!가격 btc", "aaa", …
    assert served.text(answer).startswith("죄송해요, 무슨 말씀인지 잘 모르겠어요")
    assert "사람과 상담하고 싶다면" in served.text(answer)
    assert quick_labels(answer) == menu_labels(catalogue)
    assert await store.users.find("kakao", served.key) is not None


async def test_free_text_with_typos_reaches_the_program_card(served: KakaoUser):
    await served.say("청년배당 받을수잇나요")
    assert "청년기본소득" in served.text()


async def test_every_menu_renders_within_kakao_limits(served: KakaoUser):
    """Walk every button reachable from the main menu (three presses deep), replaying the
    path for each so step-bound buttons are pressed while current; the limit checker runs
    on every answer (in ``send``)."""
    seen: set[str] = set()
    frontier: list[list[dict[str, Any]]] = [[]]
    visits = 0
    saw_card = False
    for _depth in range(3):
        next_frontier = []
        for path in frontier:
            await served.say("/menu")
            for step in path:
                await served.send(step["messageText"], step["extra"])
            for choice in served.choices():
                action = choice["extra"]["action"].split("~")[0]
                if action in seen or action.startswith("privacy:yes"):
                    continue
                seen.add(action)
                next_frontier.append([*path, choice])
        for path in next_frontier:
            await served.say("/menu")
            for step in path:
                answer = await served.send(step["messageText"], step["extra"])
            visits += 1
            saw_card = saw_card or any("textCard" in o for o in answer["template"]["outputs"])
        frontier = next_frontier
    assert visits >= 20
    assert {"programs", "core:help"} <= seen
    assert any(a.startswith("programs:show:") for a in seen)
    assert saw_card  # program links render as a card with web links


async def test_forget_confirmation_continues_on_the_next_request(served: KakaoUser, store: Store):
    await served.say("/start")
    assert await store.users.find("kakao", served.key) is not None
    await served.say("/forget")
    assert served.choices()  # yes / no
    await served.press(served.choices()[0]["messageText"])  # yes, delete everything
    assert await store.users.find("kakao", served.key) is None


async def test_typed_answer_continues_the_flow_held_in_sqlite(served: KakaoUser, store: Store):
    await served.say("/forget")
    await served.say("아니요")
    assert await store.users.find("kakao", served.key) is not None
    await served.say("/forget")
    await served.say("네")
    assert await store.users.find("kakao", served.key) is None


async def test_a_button_from_an_older_step_says_the_menu_expired(served: KakaoUser):
    await served.say("/forget")
    yes = served.choices()[0]
    await served.say("아니요")
    await served.send(yes["messageText"], yes["extra"])
    assert "만료" in served.text()


async def test_a_conversation_survives_a_restart(db_path: Path, catalogue: Catalogue):
    settings = kakao_settings(db_path)
    store = await Store.open(db_path)
    runtime = Runtime(settings, store, Engine(store, catalogue, build_flows()))
    async with running(build_serve_app(settings, runtime=runtime)) as client:
        user = KakaoUser(client)
        await user.say("/forget")
        yes = next(c for c in user.choices() if "~" in c["extra"]["action"])
    await store.close()

    store = await Store.open(db_path)
    try:
        runtime = Runtime(settings, store, Engine(store, catalogue, build_flows()))
        async with running(build_serve_app(settings, runtime=runtime)) as client:
            user = KakaoUser(client)
            await user.send(yes["messageText"], yes["extra"])
            assert await store.users.find("kakao", user.key) is None
    finally:
        await store.close()


async def test_each_kakao_user_has_their_own_identity(served: KakaoUser, store: Store):
    other = KakaoUser(served.client, key="kakao-user-2")
    await served.say("/start")
    await other.say("/start")
    await served.say("/forget")
    await other.say("네")  # not in the forget flow: must not delete anyone
    assert await store.users.find("kakao", "kakao-user-2") is not None
    assert await store.users.find("kakao", served.key) is not None


async def test_english_user_gets_english_labels(served: KakaoUser):
    await served.say("/lang en")
    answer = await served.say("/menu")
    assert any("Programs" in q["messageText"] for q in answer["template"]["quickReplies"])


async def test_healthz_reports_ok_when_the_store_answers(served: KakaoUser):
    response = await served.client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_healthz_reports_503_when_the_store_does_not_answer(
    served: KakaoUser, store: Store, monkeypatch: pytest.MonkeyPatch
):
    async def down() -> None:
        raise OSError("database is gone")

    monkeypatch.setattr(store.db, "ping", down)
    response = await served.client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "store unavailable"}


async def test_wrong_secret_and_bad_body_are_refused_with_the_real_engine(served: KakaoUser):
    wrong = await served.client.post(
        "/kakao/skill", content=body(REAL_PRODUCTION), headers={SECRET_HEADER: "x" * 16}
    )
    assert wrong.status_code == 401
    bad = await served.client.post(
        "/kakao/skill", content=b"{oops", headers={SECRET_HEADER: SECRET}
    )
    assert bad.status_code == 400 and bad.json() == {"error": "body is not valid JSON"}


async def test_5000_character_message_gets_a_clear_answer(served: KakaoUser):
    await served.say("가" * 5000)
    assert "1000" in served.text() or "1,000" in served.text()


async def test_without_a_kakao_secret_the_skill_route_is_off(
    db_path: Path, store: Store, engine: Engine
):
    settings = Settings(GOYANG_BOT_DB=db_path)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    async with running(build_serve_app(settings, runtime=runtime)) as client:
        response = await client.post(
            "/kakao/skill", content=body(REAL_PRODUCTION), headers={SECRET_HEADER: SECRET}
        )
        health = await client.get("/healthz")
    assert response.status_code == 404
    assert health.status_code == 200


# -- Telegram beside it ---------------------------------------------------------------------

WEBHOOK_SECRET = "telegram-webhook-secret-123"


@pytest.fixture
async def with_telegram(db_path: Path, store: Store, engine: Engine):
    settings = kakao_settings(
        db_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_WEBHOOK_URL="https://bot.example.kr/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    runtime = Runtime(settings=settings, store=store, engine=engine)
    api = FakeBotApi()
    app = build_serve_app(settings, runtime=runtime, telegram_request=api)
    async with running(app) as client:
        yield client, api


def telegram_update(text: str, update_id: int = 1) -> bytes:
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_790_000_000,
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42, "is_bot": False, "first_name": "지민", "language_code": "ko"},
                "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]
                if text.startswith("/")
                else [],
            },
        }
    ).encode()


async def wait_for_call(api: FakeBotApi, method: str) -> None:
    import asyncio

    for _ in range(500):
        if any(c.method == method for c in api.calls):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"no {method} call in {[c.method for c in api.calls]}")


async def test_telegram_webhook_is_registered_with_its_secret(with_telegram):
    _, api = with_telegram
    await wait_for_call(api, "setWebhook")
    (call,) = [c for c in api.calls if c.method == "setWebhook"]
    assert call.params["url"] == "https://bot.example.kr/telegram/webhook"
    assert call.params["secret_token"] == WEBHOOK_SECRET


async def test_telegram_webhook_update_is_answered(with_telegram):
    import asyncio

    client, api = with_telegram
    await wait_for_call(api, "setWebhook")
    response = await client.post(
        "/telegram/webhook",
        content=telegram_update("/start"),
        headers={TELEGRAM_SECRET_HEADER: WEBHOOK_SECRET},
    )
    assert response.status_code == 200
    for _ in range(200):
        if api.sent("sendMessage"):
            break
        await asyncio.sleep(0.01)
    assert api.sent("sendMessage")[0].params["chat_id"] == 42


@pytest.mark.parametrize(
    ("headers", "raw", "status"),
    [
        ({}, telegram_update("/start"), 401),
        ({TELEGRAM_SECRET_HEADER: "wrong-secret-value-123"}, telegram_update("/start"), 401),
        ({TELEGRAM_SECRET_HEADER: WEBHOOK_SECRET}, b"{not json", 400),
        ({TELEGRAM_SECRET_HEADER: WEBHOOK_SECRET}, b"[1]", 400),
        ({TELEGRAM_SECRET_HEADER: WEBHOOK_SECRET}, b"x" * (1024 * 1024 + 10), 413),
    ],
)
async def test_telegram_webhook_refuses_bad_requests(with_telegram, headers, raw, status):
    client, api = with_telegram
    await wait_for_call(api, "setWebhook")
    response = await client.post("/telegram/webhook", content=raw, headers=headers)
    assert response.status_code == status
    assert "error" in response.json()


async def test_kakao_and_telegram_users_are_separate_identities(with_telegram, store: Store):
    client, _ = with_telegram
    kakao = KakaoUser(client, key="42")
    await kakao.say("/start")
    user = await store.users.find("kakao", "42")
    assert user is not None and await store.users.find("telegram", "42") is None


async def test_telegram_polls_beside_the_skill_when_no_webhook_is_set(
    db_path: Path, store: Store, engine: Engine
):

    settings = kakao_settings(db_path, TELEGRAM_BOT_TOKEN=TOKEN)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    api = FakeBotApi()
    app = build_serve_app(settings, runtime=runtime, telegram_request=api)
    async with running(app) as client:
        await wait_for_call(api, "getUpdates")
        assert not any(c.method == "setWebhook" for c in api.calls)
        kakao = KakaoUser(client)
        await kakao.say("/start")
        webhook = await client.post("/telegram/webhook", content=telegram_update("/start"))
    assert webhook.status_code == 404  # no webhook route in polling mode
    assert any(c.method == "setMyCommands" for c in api.calls)


NO_WORDS = "글자로 적어 주시면 도와드릴게요"
NOT_UNDERSTOOD = "죄송해요, 무슨 말씀인지 잘 모르겠어요"


@pytest.mark.parametrize(
    ("text", "answer_starts"),
    [
        ("", NO_WORDS),
        ("   ", NO_WORDS),
        ("🙂🙂🙂", NO_WORDS),
        ("'; DROP TABLE users; --", NOT_UNDERSTOOD),
        ("\x00\x07\u200b", NO_WORDS),
        ("/", NO_WORDS),
        ("/없는명령", NOT_UNDERSTOOD),  # only ASCII words are read as commands
        ("/unknowncommand arg", "/unknowncommand 는 없는 명령이에요"),
        ("99년 3월", NOT_UNDERSTOOD),
        ("https://talk.kakaocdn.net/dn/photo.jpg", NOT_UNDERSTOOD),
    ],
)
async def test_odd_input_gets_a_clear_answer_within_limits(
    served: KakaoUser, store: Store, catalogue: Catalogue, text: str, answer_starts: str
):
    answer = await served.say(text)
    assert served.text(answer).startswith(answer_starts)
    assert quick_labels(answer) == menu_labels(catalogue)  # a way on: the main menu
    assert await store.users.count() == 1


async def test_many_users_at_once_each_get_their_own_answers(served: KakaoUser, store: Store):
    import asyncio

    users = [KakaoUser(served.client, key=f"crowd-{i}") for i in range(40)]

    async def visit(user: KakaoUser) -> None:
        await user.say("/start")
        await user.press("프로그램 안내")
        await user.say("청년배당 받을수잇나요")

    await asyncio.gather(*(visit(u) for u in users))
    assert all(len(u.answers) == 3 for u in users)
    assert all("청년기본소득" in u.text() for u in users)
    assert await store.users.count() == 40


async def test_kakao_serves_while_telegram_is_unreachable_and_telegram_starts_later(
    db_path: Path, store: Store, engine: Engine
):
    settings = kakao_settings(db_path, TELEGRAM_BOT_TOKEN=TOKEN)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    api = FakeBotApi()
    bad_gateway = (502, {"error_code": 502, "description": "Bad Gateway"})
    api.errors["getMe"] = [bad_gateway, bad_gateway]
    app = build_serve_app(settings, runtime=runtime, telegram_request=api, retry_delays=(0.01,))
    async with running(app) as client:
        kakao = KakaoUser(client)
        await kakao.say("/start")  # answered whatever Telegram is doing
        await wait_for_call(api, "getUpdates")
    assert [c.method for c in api.calls].count("getMe") == 3


async def test_a_refused_telegram_token_leaves_kakao_running(
    db_path: Path, store: Store, engine: Engine
):
    import asyncio

    settings = kakao_settings(db_path, TELEGRAM_BOT_TOKEN=TOKEN)
    runtime = Runtime(settings=settings, store=store, engine=engine)
    api = FakeBotApi()
    api.errors["getMe"] = [(401, {"error_code": 401, "description": "Unauthorized"})] * 5
    app = build_serve_app(settings, runtime=runtime, telegram_request=api, retry_delays=(0.01,))
    async with running(app) as client:
        await asyncio.sleep(0.2)
        kakao = KakaoUser(client)
        await kakao.say("/start")
        health = await client.get("/healthz")
    assert health.status_code == 200
    assert [c.method for c in api.calls].count("getMe") == 1  # not retried


# -- places on KakaoTalk: no GPS, so a typed place name feeds the search --------------------


def carousel_titles(answer: dict[str, Any]) -> list[str]:
    for output in answer["template"]["outputs"]:
        if "carousel" in output:
            return [item.get("title", "") for item in output["carousel"]["items"]]
    return []


async def test_place_search_asks_for_a_typed_name_and_answers_with_map_cards(served: KakaoUser):
    await served.say("/start")
    prompt = await served.press("청년공간")
    assert "동네·역 이름" in served.text(prompt) and "위치를 보낼 수 없어" in served.text(prompt)
    assert "아래 버튼" not in served.text(prompt)  # no button Kakao cannot show
    assert not [q for q in quick_labels(prompt) if "위치 보내기" in q]
    unknown = await served.say("화정스타디움")  # not found: still no location chip
    assert not [q for q in quick_labels(unknown) if "위치 보내기" in q]
    answer = await served.say("화정역")
    titles = carousel_titles(answer)
    assert len(titles) >= 3
    assert len([t for t in titles if "내일꿈제작소" in t]) == 1  # the venue is not repeated
    links = [
        b["webLinkUrl"]
        for output in answer["template"]["outputs"]
        if "carousel" in output
        for item in output["carousel"]["items"]
        for b in item.get("buttons", [])
        if b["action"] == "webLink"
    ]
    assert any(url.startswith("https://map.kakao.com/") for url in links)


async def test_free_text_with_a_station_typo_reaches_the_place_search(served: KakaoUser):
    answer = await served.say("화정녁 근처 카페")
    assert carousel_titles(answer) or "화정" in served.text(answer)


async def test_sys_location_param_alone_answers_the_place_prompt(served: KakaoUser):
    await served.say("/start")
    await served.press("청년공간")
    data = copy.deepcopy(REAL_PRODUCTION)
    data["userRequest"]["user"]["id"] = served.key
    data["userRequest"]["utterance"] = ""
    data["action"] = {
        "params": {"sys_location": "화정역"},
        "detailParams": {"sys_location": {"origin": "화정역", "value": "화정역"}},
        "clientExtra": {},
    }
    response = await served.client.post(
        "/kakao/skill", content=body(data), headers={SECRET_HEADER: SECRET}
    )
    answer = response.json()
    assert check_skill_response(answer) == []
    assert carousel_titles(answer)


async def test_serve_lifespan_refuses_a_catalogue_without_kakao_strings(
    db_path: Path, store: Store, tmp_path: Path
):
    import shutil

    from content.catalogue import bundled_content_dir, load_catalogue
    from content.errors import ContentError

    content = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), content)
    (content / "strings" / "kakao.yaml").unlink()
    settings = kakao_settings(db_path)
    engine = Engine(store, load_catalogue(content), build_flows())
    runtime = Runtime(settings, store, engine)
    with pytest.raises(ContentError) as caught:
        async with running(build_serve_app(settings, runtime=runtime)):
            pass
    assert any("kakao.yaml: map:" in line for line in caught.value.problems)


async def test_deep_walks_from_every_menu_entry_stay_within_limits(
    served: KakaoUser, catalogue: Catalogue
):
    """From each main-menu entry, keep pressing a button that leads on (not back to the
    menu, not deleting data) for up to eight steps: multi-step flows (booking, eligibility
    questions) are followed to their end. ``send`` checks every answer."""
    skip = ("core:menu", "privacy:", "core:help")
    for item in catalogue.menu:
        await served.say("/menu")
        await served.send(item.label["ko"], {"action": item.action})
        for step in range(8):
            choices = [c for c in served.choices() if not c["extra"]["action"].startswith(skip)]
            if not choices:
                break
            choice = choices[step % len(choices)] if step % 3 == 2 else choices[0]
            await served.send(choice["messageText"], choice["extra"])
            # a pressed button leads somewhere: never the expired or the error answer
            assert not served.text().startswith(("이 메뉴는 만료", "앗, 문제가")), choice
    assert len(served.answers) > 3 * len(catalogue.menu)  # the walks went past the first step
