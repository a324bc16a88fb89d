"""A button's label typed instead of pressed does what pressing it does, on every channel.

People type what they see ("카페만", "다음", "새 알림 만들기", "취소"); a flow reads the typed
labels of its current step's choices itself, but the other buttons (a list's filters and
pages, a menu's entries) only answer a press. So each channel remembers, per user, the
buttons of the last answer it drew (label → action, in memory: a restart forgets them and
the text then goes to the engine as typed), and a message that is exactly one of those
labels (spacing, case, emoji and a polite ending aside), or the end of exactly one of them
("시간 변경" for "CXY-4TA 시간 변경"), is sent as that button's press.
Kakao keeps its chips in the same ``LastPerUser`` (``bot.channels.kakao.paging.LastChips``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from functools import lru_cache
from typing import Generic, TypeVar

from content.text.matching import fold
from content.text.typed import polite_forms
from handlers.dialog.types import Incoming, Reply

MAX_USERS = 10_000  # users whose last buttons are remembered (oldest forgotten first)
_label_key = lru_cache(maxsize=4096)(fold)  # menus repeat: fold each label once

V = TypeVar("V")


class LastPerUser(Generic[V]):
    """Each user's folded label → value of their last answer, for the ``size`` users seen
    most recently (oldest forgotten first); an answer without labels forgets the user's."""

    def __init__(self, size: int = MAX_USERS) -> None:
        self.size = size
        self._last: OrderedDict[str, dict[str, V]] = OrderedDict()

    def put(self, user_key: str, labels: dict[str, V]) -> None:
        self._last.pop(user_key, None)
        if labels:
            self._last[user_key] = labels
            while len(self._last) > self.size:
                self._last.popitem(last=False)

    def get(self, user_key: str) -> dict[str, V]:
        return self._last.get(user_key, {})


class ShownButtons:
    def __init__(self, size: int = MAX_USERS) -> None:
        self._shown: LastPerUser[str] = LastPerUser(size)

    def remember(self, user_key: str, reply: Reply) -> None:
        labels: dict[str, str] = {}
        for button in reply.buttons():
            key = _label_key(button.label) if button.action and not button.url else ""
            if key:
                labels.setdefault(key, button.action)
        self._shown.put(user_key, labels)

    def pressed(self, incoming: Incoming) -> Incoming:
        """``incoming`` as the press of the shown button its text names, else unchanged."""
        if not incoming.text:
            return incoming
        labels = self._shown.get(incoming.user_key)
        for said in polite_forms(fold(incoming.text)):
            if said in labels:
                return replace(incoming, text=None, action=labels[said])
            # "시간 변경" for the one button "CXY-4TA 시간 변경": the end of a single label
            ends = {a for label, a in labels.items() if len(said) >= 2 and label.endswith(said)}
            if len(ends) == 1:
                return replace(incoming, text=None, action=ends.pop())
        return incoming
