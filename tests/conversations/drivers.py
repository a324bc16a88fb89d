"""One user talking to the bot through a real channel: the terminal chat, Telegram (the real
PTB stack against the fake Bot API) or the Kakao skill (the real ASGI app, real payload
shapes). Every driver records each message the user sees (``messages``), so a test can walk a
conversation on all three and check what was shown, how long it was, and what reached the
store.

A message is what the channel shows as one bubble: a Telegram ``sendMessage``/edit text, a
Kakao ``simpleText`` or card (title and description), the terminal's whole answer to one line
(with its numbered buttons).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from bot.channels.console.chat import ConsoleChat
from bot.channels.kakao.limits import check_skill_response
from handlers.dialog.engine import Engine
from handlers.dialog.types import Reply
from tests.conftest import TelegramHarness
from tests.fakes.kakao import REAL_PRODUCTION, SECRET, SECRET_HEADER, body
from tests.fakes.telegram import callback_update, command_update, location_update, text_update

_NUMBERED = re.compile(r"^\s*\[(\d+)\] (.*)$")


class Driver(Protocol):
    channel: str
    user_key: str
    messages: list[str]

    async def say(self, text: str) -> None: ...
    async def press(self, label_part: str) -> None: ...
    async def location(self, lat: float, lon: float) -> None: ...
    def labels(self) -> list[str]: ...
    def text(self) -> str: ...


@dataclass
class ConsoleDriver:
    """The terminal chat: lines typed, numbers typed to press buttons."""

    engine: Engine
    user_key: str = "console-1"
    language: str | None = "ko"
    channel: str = "console"
    messages: list[str] = field(default_factory=list)
    screen: str = ""

    def __post_init__(self) -> None:
        self.chat = ConsoleChat(self.engine, user_key=self.user_key, language=self.language)

    async def say(self, text: str) -> None:
        incoming = self.chat.shown.pressed(self.chat.parse(text))  # as ConsoleChat.turn
        reply = await self.engine.handle(incoming)
        self.chat.shown.remember(self.user_key, reply)
        self._show(reply)

    def _show(self, reply: Reply) -> None:
        self.screen = self.chat.render(reply)
        self.messages.append(self.screen)  # the terminal prints a reply at once

    async def press(self, label_part: str) -> None:
        for line in self.screen.splitlines():
            match = _NUMBERED.match(line)
            if match and label_part in match[2]:
                await self.say(match[1])
                return
        raise AssertionError(f"no button containing {label_part!r} in {self.labels()}")

    async def location(self, lat: float, lon: float) -> None:
        await self.say(f"/loc {lat} {lon}")

    def labels(self) -> list[str]:
        return [m[2] for line in self.screen.splitlines() if (m := _NUMBERED.match(line))]

    def text(self) -> str:
        return self.screen


@dataclass
class TelegramDriver:
    """Telegram through the real PTB application: texts, button presses, locations."""

    tg: TelegramHarness
    user_id: int = 42
    language: str | None = "ko"
    channel: str = "telegram"
    messages: list[str] = field(default_factory=list)
    last: list[Any] = field(default_factory=list)

    @property
    def user_key(self) -> str:
        return str(self.user_id)

    async def _process(self, update: Any) -> None:
        before = len(self.tg.api.calls)
        await self.tg.process(update)
        self.last = [c for c in self.tg.api.calls[before:]
                     if c.method in ("sendMessage", "editMessageText")]
        self.messages.extend(c.text for c in self.last)

    async def say(self, text: str) -> None:
        if text.startswith("/"):  # a command, with the entity Telegram marks it by
            command, _, args = text[1:].partition(" ")
            await self._process(command_update(
                self.tg.bot, command, args, self.user_id, self.language))
            return
        await self._process(text_update(self.tg.bot, text, self.user_id, self.language))

    async def press(self, label_part: str) -> None:
        for call in self.last:
            for button in call.buttons():
                if label_part in button["text"] and "callback_data" in button:
                    await self._process(callback_update(
                        self.tg.bot, button["callback_data"], self.user_id, self.language))
                    return
        raise AssertionError(f"no button containing {label_part!r} in {self.labels()}")

    async def location(self, lat: float, lon: float) -> None:
        await self._process(location_update(self.tg.bot, lat, lon, self.user_id, self.language))

    def labels(self) -> list[str]:
        return [b["text"] for call in self.last for b in call.buttons()]

    def text(self) -> str:
        return "\n".join(c.text for c in self.last)


@dataclass
class KakaoDriver:
    """KakaoTalk through the skill endpoint: utterances, chips pressed with their ``extra``."""

    client: httpx.AsyncClient
    user_key: str = "kakao-1"
    lang: str = "ko"
    channel: str = "kakao"
    messages: list[str] = field(default_factory=list)
    answer: dict[str, Any] = field(default_factory=dict)

    async def send(self, utterance: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        data = copy.deepcopy(REAL_PRODUCTION)
        data["userRequest"]["user"]["id"] = self.user_key
        data["userRequest"]["utterance"] = utterance
        data["userRequest"]["lang"] = self.lang
        data["action"]["clientExtra"] = extra or {}
        response = await self.client.post(
            "/kakao/skill", content=body(data), headers={SECRET_HEADER: SECRET})
        assert response.status_code == 200, response.text
        self.answer = response.json()
        assert check_skill_response(self.answer) == [], (utterance, self.answer)
        self.messages.extend(bubble_texts(self.answer))
        return self.answer

    async def say(self, text: str) -> None:
        await self.send(text)

    def chips(self) -> list[dict[str, Any]]:
        """Quick replies and card buttons that send something back (not links)."""
        found = list(self.answer["template"].get("quickReplies", []))
        for card in cards_of(self.answer):
            found.extend(b for b in card.get("buttons", []) if "messageText" in b)
        return found

    async def press(self, label_part: str) -> None:
        for chip in self.chips():
            if label_part in chip["messageText"]:
                await self.send(chip["messageText"], chip.get("extra"))
                return
        raise AssertionError(f"no chip containing {label_part!r} in {self.labels()}")

    async def location(self, lat: float, lon: float) -> None:
        raise NotImplementedError("Kakao gives a skill no location")

    def labels(self) -> list[str]:
        return [c["messageText"] for c in self.chips()]

    def text(self) -> str:
        return "\n".join(bubble_texts(self.answer))


def cards_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for output in answer["template"]["outputs"]:
        ((kind, component),) = output.items()
        found.extend(component["items"] if kind == "carousel" else [component])
    return found


def bubble_texts(answer: dict[str, Any]) -> list[str]:
    """Each bubble's visible text: a simpleText, or a card's title and description."""
    texts = []
    for card in cards_of(answer):
        parts = [str(card.get(k, "")) for k in ("text", "title", "description")]
        texts.append("\n".join(p for p in parts if p))
    return texts
