"""Render job outbox rows (``job_alert``, ``job_digest``) for the push dispatcher.

At send time, not at import time: a posting that closed meanwhile is dropped, a subscription
that was paused or deleted drops its pending alerts, and quiet hours are read from the
user's current settings (a change takes effect for rows already queued).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from content.catalogue import Catalogue
from content.jobs.alerts import DigestPage, digest_page, render_digest, render_posting
from content.jobs.postings import Posting
from db.outbox import OutboxRow
from db.store import Store
from db.users import User
from handlers.dialog.actions import build_action
from handlers.dialog.push import Defer, Drop, Rendered, Renderer
from handlers.dialog.types import Button, Reply, Text
from handlers.jobs.records import ALERT_KIND, DIGEST_KIND, posting_from_record, quiet_hours_of


def _locale(user: User) -> str:
    return user.locale or "ko"


def posting_buttons(posting: Posting, catalogue: Catalogue, locale: str) -> list[Button]:
    if not posting.url:
        return []
    return [Button(catalogue.strings.get("jobs.open_link", locale), url=posting.url)]


def digest_reply(
    page: DigestPage, day: str, offset: int, catalogue: Catalogue, locale: str, today: date
) -> Reply:
    strings = catalogue.strings
    rows: list[tuple[Button, ...]] = []
    if page.more:
        rows.append(
            (
                Button(
                    strings.get("jobs.digest_more", locale, count=page.more),
                    build_action("jobs:more", day.replace("-", ""), offset + len(page.shown)),
                ),
            )
        )
    return Reply([Text(render_digest(page, strings, locale, today, day), tuple(rows))])


class JobPushes:
    """Renders ``job_alert`` and ``job_digest`` outbox rows at send time."""

    def __init__(self, store: Store, catalogue: Callable[[], Catalogue]) -> None:
        self.postings = store.postings
        self.subscriptions = store.subscriptions
        self.settings = store.alert_settings
        self.catalogue = catalogue

    async def quiet_until(self, user: User, now: datetime) -> Defer | None:
        quiet = quiet_hours_of(await self.settings.get(user.id))
        return Defer(quiet.next_allowed(now)) if quiet.contains(now) else None

    async def _open_posting(self, row: OutboxRow, now: datetime) -> Posting | Drop:
        posting_id = row.payload.get("posting_id")
        sub_id = row.payload.get("subscription_id")
        if not isinstance(posting_id, int) or not isinstance(sub_id, int):
            return Drop("malformed payload")
        records = await self.postings.get_many([posting_id])
        if not records:
            return Drop("posting gone")
        posting = posting_from_record(records[0])
        if not posting.is_open(now.date()):
            return Drop("posting closed")
        if not await self.subscriptions.is_active(sub_id):
            return Drop("subscription off")
        return posting

    async def render_alert(self, row: OutboxRow, user: User, now: datetime) -> Rendered:
        posting = await self._open_posting(row, now)
        if isinstance(posting, Drop):
            return posting
        if (later := await self.quiet_until(user, now)) is not None:
            return later
        cat = self.catalogue()
        locale = _locale(user)
        strings = cat.strings
        text = strings.get("jobs.alert_head", locale) + "\n\n"
        text += render_posting(posting, strings, locale, now.date())
        rows: list[tuple[Button, ...]] = []
        if link := posting_buttons(posting, cat, locale):
            rows.append(tuple(link))
        stop = build_action("jobs:stop", row.payload["subscription_id"])
        rows.append((Button(strings.get("jobs.stop_alert", locale), stop),))
        return Reply([Text(text, tuple(rows))])

    async def render_digest(self, row: OutboxRow, user: User, now: datetime) -> Rendered:
        ids = row.payload.get("posting_ids")
        day = row.payload.get("day")
        if not isinstance(ids, list) or not isinstance(day, str):
            return Drop("malformed payload")
        if not any(s.active for s in await self.subscriptions.for_user(user.id)):
            return Drop("alerts off")  # paused or deleted after the digest was built
        records = await self.postings.get_many([i for i in ids if isinstance(i, int)])
        page = digest_page([posting_from_record(r) for r in records], now.date())
        if page is None:
            return Drop("nothing open")  # an empty digest is never sent
        if (later := await self.quiet_until(user, now)) is not None:
            return later
        cat = self.catalogue()
        locale = _locale(user)
        reply = digest_reply(page, day, 0, cat, locale, now.date())
        part = reply.parts[0]
        assert isinstance(part, Text)
        stop = (Button(cat.strings.get("jobs.stop_alert", locale), build_action("jobs:subs")),)
        reply.parts[0] = Text(part.text, (*part.buttons, stop))
        return reply


def job_renderers(store: Store, catalogue: Callable[[], Catalogue]) -> dict[str, Renderer]:
    """The renderers to register with the dispatcher, keyed by outbox kind."""
    pushes = JobPushes(store, catalogue)
    return {ALERT_KIND: pushes.render_alert, DIGEST_KIND: pushes.render_digest}
