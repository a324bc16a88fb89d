"""Stored posting rows <-> ``Posting``, and the outbox kinds of job pushes.

Shared by the conversation (search, "more" of a digest), the push renderers and the
importer in ``bot.jobs.ingest``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from content.jobs.postings import Posting
from content.text.clock import QuietHours, parse_clock
from db.jobs import AlertSettings, PostingRecord

ALERT_KIND = "job_alert"
DIGEST_KIND = "job_digest"


def posting_to_row(posting: Posting) -> dict[str, Any]:
    return {
        "source": posting.source,
        "source_id": posting.source_id,
        "title": posting.title,
        "company": posting.company,
        "district": posting.district,
        "region": posting.region,
        "address": posting.address,
        "industry": posting.industry,
        "pay_type": posting.pay_type,
        "pay": posting.pay,
        "emp_type_code": posting.emp_type_code,
        "emp_type": posting.emp_type,
        "career": posting.career,
        "education": posting.education,
        "posted_on": posting.posted_on.isoformat() if posting.posted_on else None,
        "closes_on": posting.closes_on.isoformat() if posting.closes_on else None,
        "url": posting.url,
        "content_hash": posting.content_hash,
    }


def posting_from_record(record: PostingRecord) -> Posting:
    v = record.values
    return Posting(
        source=v["source"],
        source_id=v["source_id"],
        title=v["title"],
        company=v["company"],
        district=v["district"],
        region=v["region"],
        address=v["address"],
        industry=v["industry"],
        pay_type=v["pay_type"],
        pay=v["pay"],
        emp_type_code=v["emp_type_code"],
        emp_type=v["emp_type"],
        career=v["career"],
        education=v["education"],
        posted_on=date.fromisoformat(v["posted_on"]) if v["posted_on"] else None,
        closes_on=date.fromisoformat(v["closes_on"]) if v["closes_on"] else None,
        url=v["url"],
    )


def quiet_hours_of(settings: AlertSettings) -> QuietHours:
    return QuietHours(parse_clock(settings.quiet_start), parse_clock(settings.quiet_end))
