"""Store imported postings and queue the alerts they trigger, in one transaction.

``import_postings`` upserts the parsed postings; only *newly inserted*, still open postings
are matched against active subscriptions (an edited posting is updated, never re-alerted;
re-importing a file changes nothing and queues nothing). Per user and posting:

* if any matching subscription is instant (바로 받기): one outbox row ``job:<posting id>``
  (kind ``job_alert``), due now or at the end of the user's quiet hours;
* otherwise (하루 한 번): a digest item, turned into one ``job_digest`` outbox row per user
  and day by ``build_due_digests`` at the user's digest time.

Everything (postings, outbox rows, digest items) commits together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from content.jobs.alerts import digest_day
from content.jobs.matching import Criteria, SubscriptionIndex
from content.jobs.postings import BadRecord, ParseResult
from content.text.clock import QuietHours, parse_clock
from db.database import Database
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    DigestItems,
    PostingRepository,
    Subscription,
    SubscriptionRepository,
)
from db.outbox import OutboxRepository
from handlers.jobs.records import ALERT_KIND, DIGEST_KIND, posting_to_row, quiet_hours_of


@dataclass(slots=True)
class ImportReport:
    inserted: int = 0
    updated: int = 0
    skipped: int = 0  # already stored and unchanged
    bad: list[BadRecord] = field(default_factory=list)
    alerts_queued: int = 0
    digest_items_queued: int = 0

    def summary(self) -> str:
        return (
            f"inserted {self.inserted}, updated {self.updated}, skipped {self.skipped},"
            f" bad {len(self.bad)}; queued {self.alerts_queued} alerts,"
            f" {self.digest_items_queued} digest items"
        )


def criteria_of(sub: Subscription) -> Criteria:
    return Criteria(
        keywords=sub.keywords, districts=sub.districts, emp_type=sub.emp_type, career=sub.career
    )


async def import_postings(db: Database, parsed: ParseResult, now: datetime) -> ImportReport:
    """Upsert ``parsed.postings`` and queue alerts for the new ones (one transaction)."""
    report = ImportReport(bad=list(parsed.bad))
    today = now.date()
    async with db.transaction() as tx:
        outcome = await PostingRepository.upsert_many(
            tx, [posting_to_row(p) for p in parsed.postings], now
        )
        report.inserted = len(outcome.inserted)
        report.updated = len(outcome.updated)
        report.skipped = len(outcome.unchanged)
        new_ids = set(outcome.inserted)
        fresh = [
            (pid, p)
            for pid, p in zip(outcome.ids, parsed.postings, strict=True)
            if pid in new_ids and p.is_open(today)
        ]
        if not fresh:
            return report
        subs = await SubscriptionRepository.active_for_matching(tx)
        if not subs:
            return report
        by_id = {s.id: s for s in subs}
        index = SubscriptionIndex.build((s.id, criteria_of(s)) for s in subs)
        settings = await AlertSettingsRepository.settings_by_user(tx)
        quiet: dict[int, QuietHours] = {}
        alerts: list[tuple[int, str, str, dict[str, Any], datetime]] = []
        digest: list[tuple[int, int, int]] = []
        for posting_id, posting in fresh:
            per_user: dict[int, list[Subscription]] = defaultdict(list)
            for sub_id in index.match(posting):
                per_user[by_id[sub_id].user_id].append(by_id[sub_id])
            for user_id, user_subs in per_user.items():
                instant = [s for s in user_subs if s.frequency == "instant"]
                if not instant:
                    digest.append((user_id, posting_id, user_subs[0].id))
                    continue
                if user_id not in quiet:
                    quiet[user_id] = quiet_hours_of(
                        settings.get(user_id) or AlertSettings(user_id)
                    )
                payload = {"posting_id": posting_id, "subscription_id": instant[0].id}
                due = quiet[user_id].next_allowed(now)
                alerts.append((user_id, ALERT_KIND, f"job:{posting_id}", payload, due))
        report.alerts_queued = await OutboxRepository.enqueue_many(tx, alerts, now=now)
        report.digest_items_queued = await DigestItems.add_many(tx, digest, now)
    return report


async def build_due_digests(db: Database, now: datetime) -> int:
    """Turn waiting digest items into one outbox row per user whose digest time has come.

    The row is due now, or at the end of the user's quiet hours. At most one digest per user
    and day (dedupe key ``digest:<day>``): items that arrive after today's digest wait for
    tomorrow's. Items whose postings have closed are discarded; an empty digest is never
    queued. Returns the number of digests queued.
    """
    outbox = OutboxRepository(db)
    queued = 0
    async with db.transaction() as tx:
        for settings in await AlertSettingsRepository.all_with_digest_items(tx):
            digest_time = parse_clock(settings.digest_time)
            day = digest_day(now, digest_time)
            if day is None:
                continue
            key = f"digest:{day.isoformat()}"
            if await outbox.payload_of(settings.user_id, key, tx=tx) is not None:
                continue
            items = await DigestItems.take(tx, settings.user_id)
            open_ids = await PostingRepository.still_open(
                tx, [posting_id for posting_id, _sub in items], now.date()
            )
            if not open_ids:
                continue
            due = quiet_hours_of(settings).next_allowed(now)
            queued += int(
                await outbox.enqueue(
                    settings.user_id,
                    DIGEST_KIND,
                    key,
                    {"posting_ids": open_ids, "day": day.isoformat()},
                    not_before=due,
                    now=now,
                    tx=tx,
                )
            )
    return queued
