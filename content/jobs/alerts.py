"""When alerts may go out (quiet hours, digest time) and how a posting or digest reads.

All clock times are Asia/Seoul. Quiet hours are ``content.text.clock.QuietHours`` (may wrap
midnight; the default 21:00–08:00). A digest shows at most ``DIGEST_LIMIT`` postings and says
how many more there are; an empty digest is never built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from content.jobs.postings import Posting
from content.strings import Strings
from content.text.clock import SEOUL, QuietHours
from content.text.fit import shorten
from content.text.money import amounts_as_words

DIGEST_LIMIT = 5  # a digest page fits one phone screen (and Kakao's 1,000 characters)
MAX_SHOWN_TITLE = 50
MAX_SHOWN_COMPANY = 25
# How the pay types of 고용24 read before an amount: "월급 2500000" is "월 250만원".
PAY_TYPE_SHORT = {"월급": "월", "연봉": "연", "주급": "주"}
DEFAULT_DIGEST_TIME = time(9, 0)


def next_digest_at(now: datetime, digest_time: time, quiet: QuietHours) -> datetime:
    """The next digest moment at or after ``now`` (today's if not yet past), out of quiet hours."""
    local = now.astimezone(SEOUL)
    at = datetime.combine(local.date(), digest_time, tzinfo=SEOUL)
    if at < local:
        at += timedelta(days=1)
    return quiet.next_allowed(at)


def digest_day(now: datetime, digest_time: time) -> date | None:
    """Which day's digest is due at ``now`` (today's once its time has come), else None."""
    local = now.astimezone(SEOUL)
    if local.time().replace(tzinfo=None) >= digest_time:
        return local.date()
    return None


def d_day(closes_on: date, today: date) -> str:
    """The deadline badge: D-3, D-day (closed postings, D+N, are never shown)."""
    days = (closes_on - today).days
    if days == 0:
        return "D-day"
    return f"D-{days}" if days > 0 else f"D+{-days}"


def pay_text(pay_type: str, pay: str) -> str:
    """The pay as people say it: ``월 250만원`` (source: 월급 / 2500000), ``시급 1만 30원``;
    the type once, also when the source already wrote it into the amount."""
    pay_type, pay = pay_type.strip(), pay.strip()
    if pay_type and pay.replace(" ", "").startswith(pay_type.replace(" ", "")):
        pay = pay.replace(" ", "")[len(pay_type.replace(" ", "")):]
    amount = amounts_as_words(pay).strip()
    if not amount:
        return pay_type
    return " ".join(x for x in (PAY_TYPE_SHORT.get(pay_type, pay_type), amount) if x)


def render_posting(posting: Posting, strings: Strings, locale: str, today: date) -> str:
    """A posting as a few short lines for a phone screen (long titles and names cut)."""
    company = shorten(posting.company, MAX_SHOWN_COMPANY)
    facts = [x for x in (posting.district or posting.region, posting.emp_type, posting.career) if x]
    lines = [shorten(posting.title, MAX_SHOWN_TITLE), " · ".join([f"🏢 {company}", *facts])]
    if pay := pay_text(posting.pay_type, posting.pay):
        lines.append(f"💰 {pay}")
    if posting.closes_on is None:
        lines.append(strings.get("jobs.until_filled", locale))
    else:
        lines.append(
            strings.get(
                "jobs.deadline",
                locale,
                date=posting.closes_on.isoformat(),
                badge=d_day(posting.closes_on, today),
            )
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class DigestPage:
    shown: list[Posting]
    more: int
    offset: int = 0
    total: int = 0


def digest_page(postings: list[Posting], today: date, offset: int = 0) -> DigestPage | None:
    """Up to ``DIGEST_LIMIT`` open postings from ``offset``; None when nothing is left."""
    open_ = [p for p in postings if p.is_open(today)]
    shown = open_[offset : offset + DIGEST_LIMIT]
    if not shown:
        return None
    more = max(0, len(open_) - offset - len(shown))
    return DigestPage(shown=shown, more=more, offset=offset, total=len(open_))


def render_digest(
    page: DigestPage, strings: Strings, locale: str, today: date, day: str = ""
) -> str:
    if page.offset == 0:
        head = strings.get("jobs.digest_head", locale, count=page.total)
    else:
        head = strings.get(
            "jobs.digest_page_head",
            locale,
            day=day,
            start=page.offset + 1,
            end=page.offset + len(page.shown),
            total=page.total,
        )
    blocks = [
        f"{i}. " + render_posting(p, strings, locale, today)
        for i, p in enumerate(page.shown, start=page.offset + 1)
    ]
    return "\n\n".join([head, *blocks])
