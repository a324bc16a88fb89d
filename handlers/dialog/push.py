"""What a flow tells the push dispatcher about one outbox row: a message, later, or never.

Each outbox ``kind`` has a renderer ``async (row, user, now) -> Reply | Defer | Drop``,
registered with the dispatcher (``bot/push/dispatcher.py``). Renderers are channel-neutral: the
channel's sender draws the ``Reply``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from db.outbox import OutboxRow
from db.users import User
from handlers.dialog.types import Reply


@dataclass(frozen=True, slots=True)
class Defer:
    """Not now (quiet hours): try again at ``until``; no attempt is counted."""

    until: datetime


@dataclass(frozen=True, slots=True)
class Drop:
    """Not at all (posting closed, subscription gone): the row is dropped with ``reason``."""

    reason: str


Rendered = Reply | Defer | Drop
Renderer = Callable[[OutboxRow, User, datetime], Awaitable[Rendered]]
