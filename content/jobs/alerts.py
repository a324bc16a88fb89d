"""When alerts may go out (quiet hours, digest time) and how a posting or digest reads.

All clock times are Asia/Seoul. Quiet hours may wrap midnight (the default 21:00–08:00);
start == end means no quiet hours. A digest shows at most ``DIGEST_LIMIT`` postings and says
how many more there are; an empty digest is never built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from content.jobs.postings import Posting
from content.strings import Strings

SEOUL = ZoneInfo("Asia/Seoul")
DIGEST_LIMIT = 10
DEFAULT_QUIET = (time(21, 0), time(8, 0))
DEFAULT_DIGEST_TIME = time(9, 0)
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:시]\s*([0-5]\d)?\s*분?\s*$")


def parse_clock(text: str) -> time:
    """'9:00', '09:30', '21시', '7시 30분' → a time; ValueError otherwise."""
    match = _HHMM.match(text or "")
    if not match:
        plain = re.fullmatch(r"\s*([01]?\d|2[0-3])\s*", text or "")
        if not plain:
            raise ValueError(f"'{(text or '')[:20]}' is not a time like 09:00")
        return time(int(plain.group(1)), 0)
    return time(int(match.group(1)), int(match.group(2) or 0))


def format_clock(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time = DEFAULT_QUIET[0]
    end: time = DEFAULT_QUIET[1]

    def contains(self, moment: datetime) -> bool:
        clock = moment.astimezone(SEOUL).time().replace(tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself when outside quiet hours, else the end of this quiet spell."""
        if not self.contains(moment):
            return moment
        local = moment.astimezone(SEOUL)
        end = datetime.combine(local.date(), self.end, tzinfo=SEOUL)
        if end <= local:
            end += timedelta(days=1)
        return end


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


def render_posting(posting: Posting, strings: Strings, locale: str, today: date) -> str:
    """A posting as a few short lines for a phone screen."""
    lines = [f"{posting.title}", f"🏢 {posting.company}"]
    facts = [x for x in (posting.district or posting.region, posting.emp_type, posting.career) if x]
    if facts:
        lines.append(" · ".join(facts))
    pay = " ".join(x for x in (posting.pay_type, posting.pay) if x)
    if pay:
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
