"""Shared pieces for the job-alert tests: a migrated temp store, users, a fake clock,
a scripted fake sender and a catalogue with just the job strings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from content.catalogue import Catalogue, bundled_content_dir
from content.jobs.postings import Posting
from content.models import UiString
from content.strings import Strings
from content.text.clock import SEOUL
from db.jobs import AlertSettingsRepository, Subscription, SubscriptionRepository
from db.store import Store
from db.users import User
from handlers.dialog.types import Reply
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock

DATA = Path(__file__).parents[1] / "data" / "jobs"


def seoul(*args: int) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def job_strings() -> Strings:
    raw = yaml.safe_load((bundled_content_dir() / "strings" / "jobs.yaml").read_text("utf-8"))
    return Strings({f"jobs.{k}": UiString.model_validate(v) for k, v in raw.items()})


def job_catalogue() -> Catalogue:
    return Catalogue(
        programs={},
        categories=[],
        menu=[],
        contacts={},
        intents=[],
        strings=job_strings(),
        source_dir=bundled_content_dir(),
    )


def posting(source_id: str = "K1", **overrides: object) -> Posting:
    values: dict[str, object] = {
        "source": "work24",
        "source_id": source_id,
        "title": "카페 바리스타 모집",
        "company": "(주)고양커피",
        "district": "일산동구",
        "region": "경기 고양시 일산동구",
        "emp_type_code": "10",
        "emp_type": "정규직",
        "career": "신입",
        "url": "https://www.work24.go.kr/x",
    }
    values.update(overrides)
    return Posting(**values)  # type: ignore[arg-type]


@dataclass
class ScriptedSender:
    """Records deliveries (user key, text, monotonic time); answers from a script first."""

    clock: FakeClock | None = None
    script: dict[str, list[object]] = field(default_factory=dict)
    delivered: list[tuple[str, str, float]] = field(default_factory=list)
    messages: list[Reply] = field(default_factory=list)  # every reply delivered, as sent
    calls: int = 0

    async def send(self, user: User, message: Reply):  # -> SendResult
        from bot.push.dispatcher import SendResult

        self.calls += 1
        queue = self.script.get(user.channel_user_id)
        if queue:
            result = queue.pop(0)
            if isinstance(result, BaseException):
                raise result
            assert isinstance(result, SendResult)
            if result.status.value != "ok":
                return result
        at = self.clock.monotonic() if self.clock else 0.0
        self.delivered.append((user.channel_user_id, "\n".join(message.texts()), at))
        self.messages.append(message)
        return SendResult.ok()


async def subscriptions(store: Store, chat: ChatDriver) -> list[Subscription]:
    """The chat user's job-alert subscriptions as stored."""
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    return await SubscriptionRepository(store.db).for_user(user.id)


async def alert_times(store: Store, user_id: int) -> tuple[str | None, str | None, str | None]:
    """A user's stored (digest time, quiet start, quiet end)."""
    settings = await AlertSettingsRepository(store.db).get(user_id)
    return settings.digest_time, settings.quiet_start, settings.quiet_end
