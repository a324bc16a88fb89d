"""Quick replies past Kakao's ten are paged, not cut: the renderer shows the first eight,
a "버튼 더 보기" chip and the last one (the way back to the menu); the chip carries the rest
in its ``extra`` (Kakao hands it back as ``clientExtra``), so pressing it needs no state.

Typed instead of pressed (a chip's label sent as plain text, without ``extra``), the skill
finds the chip in ``LastChips``, each user's chips of their last answer, and does what
pressing it does ("버튼 더 보기" included).
"""

from __future__ import annotations

import json
from typing import Any

from bot.channels.shown import MAX_USERS, LastPerUser
from content.text.matching import fold
from handlers.dialog.types import Button

MORE_ACTION = "kakao:more"
MAX_CARRIED = 40  # chips one "더 보기" may carry; a forged extra is cut to this


def carry(rest: list[Button]) -> dict[str, Any]:
    """The ``extra`` of a "더 보기" chip: its action and the chips of the next page."""
    return {"action": MORE_ACTION, "chips": [[b.label, b.action] for b in rest[:MAX_CARRIED]]}


def carried(extra: Any) -> list[Button] | None:
    """The chips a pressed "더 보기" carried back, or None when ``extra`` is not one."""
    if isinstance(extra, str):  # some clients hand ``clientExtra`` back as a JSON string
        try:
            extra = json.loads(extra)
        except ValueError:
            return None
    if not isinstance(extra, dict) or extra.get("action") != MORE_ACTION:
        return None
    chips = extra.get("chips")
    found: list[Button] = []
    for chip in chips if isinstance(chips, list) else []:
        if (isinstance(chip, list) and len(chip) == 2
                and all(isinstance(x, str) and 0 < len(x) <= 200 for x in chip)):
            found.append(Button(chip[0], chip[1]))
    return found[:MAX_CARRIED]


class LastChips:
    """Each user's chips from their last answer: typed back as plain text (Kakao sends no
    ``extra`` for a typed label, nor, in some clients, for a pressed chip), a chip's label
    does what pressing it does. In memory: a restart forgets it, and the text then goes to
    the engine, which reads typed labels of a step's choices on its own."""

    def __init__(self, size: int = MAX_USERS) -> None:
        self._chips: LastPerUser[dict[str, Any]] = LastPerUser(size)

    def remember(self, user_key: str, response: dict[str, Any]) -> None:
        chips: dict[str, dict[str, Any]] = {}
        for chip in _chips_of(response):
            said, extra = chip.get("messageText"), chip.get("extra")
            if isinstance(said, str) and isinstance(extra, dict) and fold(said):
                chips.setdefault(fold(said), extra)
        self._chips.put(user_key, chips)

    def extra_for(self, user_key: str, text: str) -> dict[str, Any] | None:
        """The ``extra`` of the chip whose label ``text`` is, if the last answer had one."""
        return self._chips.get(user_key).get(fold(text))


def _chips_of(response: dict[str, Any]) -> list[dict[str, Any]]:
    template = response.get("template", {})
    found = list(template.get("quickReplies", []))
    for output in template.get("outputs", []):
        for kind, body in output.items():
            cards = body.get("items", []) if kind == "carousel" else [body]
            found.extend(b for card in cards for b in card.get("buttons", []))
    return [c for c in found if isinstance(c, dict)]
