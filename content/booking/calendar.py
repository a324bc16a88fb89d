"""Days, slots, return dates and reminder times for suit-rental bookings. Pure functions.

Everything is Asia/Seoul. A slot is identified by its start, written as a ``slot key``
(``"2026-12-01 10:00"``, the form the database stores). Seat counts come in as a mapping
from slot key to seats already taken, so these functions never touch the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from content.booking.shops import RentalRules, Shop
from content.text.clock import SEOUL, parse_clock

SLOT_KEY_FORMAT = "%Y-%m-%d %H:%M"


class DayStatus(StrEnum):
    OPEN = "open"
    FULL = "full"  # open, but every remaining slot is taken
    PAST = "past"  # before today, or today with no slot left to book in time
    BEYOND_WINDOW = "beyond_window"
    CLOSED = "closed"  # the shop does not open on this weekday
    HOLIDAY = "holiday"  # a Korean public holiday the shop keeps closed
    CLOSED_DATE = "closed_date"  # a date staff closed in shops.yaml

    @property
    def selectable(self) -> bool:
        return self is DayStatus.OPEN


class SlotStatus(StrEnum):
    OPEN = "open"
    FULL = "full"
    TOO_SOON = "too_soon"  # already started, or starts within the minimum notice


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    status: DayStatus
    seats_left: int = 0
    holiday: str | None = None


@dataclass(frozen=True, slots=True)
class SlotInfo:
    start: datetime
    end: datetime
    seats_left: int
    status: SlotStatus

    @property
    def key(self) -> str:
        return slot_key(self.start)


def slot_key(start: datetime) -> str:
    """``"2026-12-01 10:00"`` (Asia/Seoul); f-string formatting: this runs per slot shown."""
    s = start if start.tzinfo is SEOUL else start.astimezone(SEOUL)
    return f"{s.year:04d}-{s.month:02d}-{s.day:02d} {s.hour:02d}:{s.minute:02d}"


def parse_slot_key(key: str) -> datetime | None:
    """The slot start for a key, or None for anything that is not a well-formed key."""
    if not isinstance(key, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", key):
        return None
    try:
        return datetime.strptime(key, SLOT_KEY_FORMAT).replace(tzinfo=SEOUL)
    except ValueError:
        return None


# -- public holidays ------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _korean_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("KR", years=year, language=language)


def public_holiday(day: date, locale: str = "ko") -> str | None:
    """The name of the Korean public holiday on ``day`` (substitute days included), if any."""
    if not 1 <= day.year <= 9998:
        return None
    names = _korean_holidays(day.year, "ko" if locale == "ko" else "en_US")
    return names.get(day)


# -- days -----------------------------------------------------------------------------------


def closure(shop: Shop, day: date) -> DayStatus | None:
    """Why the shop is closed on ``day`` (closed date, public holiday, weekday), or None."""
    if day in shop.closed_dates:
        return DayStatus.CLOSED_DATE
    if not shop.open_on_public_holidays and public_holiday(day) is not None:
        return DayStatus.HOLIDAY
    if not shop.opening_ranges(day.weekday()):
        return DayStatus.CLOSED
    return None


def slot_starts(shop: Shop, day: date) -> list[datetime]:
    """Every slot start on ``day`` ignoring closures: each opening range cut into slots."""
    step = timedelta(minutes=shop.slot_minutes)
    starts: list[datetime] = []
    for open_at, close_at in shop.opening_ranges(day.weekday()):
        at = datetime.combine(day, open_at, SEOUL)
        end = datetime.combine(day, close_at, SEOUL)
        while at + step <= end:
            starts.append(at)
            at += step
    return starts


def last_bookable_day(rules: RentalRules, now: datetime) -> date:
    return now.astimezone(SEOUL).date() + timedelta(days=rules.booking_window_days)


def slots_for_day(
    shop: Shop, rules: RentalRules, day: date, now: datetime, taken: Mapping[str, int]
) -> list[SlotInfo]:
    """The slots of an open day with their seats left; full slots are kept (shown as 마감)."""
    if closure(shop, day) is not None:
        return []
    earliest = now.astimezone(SEOUL) + timedelta(minutes=rules.min_notice_minutes)
    step = timedelta(minutes=shop.slot_minutes)
    out: list[SlotInfo] = []
    for start in slot_starts(shop, day):
        left = max(0, shop.seats_per_slot - int(taken.get(slot_key(start), 0)))
        if start < earliest:
            status = SlotStatus.TOO_SOON
        elif left == 0:
            status = SlotStatus.FULL
        else:
            status = SlotStatus.OPEN
        out.append(SlotInfo(start, start + step, left, status))
    return out


def day_info(
    shop: Shop, rules: RentalRules, day: date, now: datetime, taken: Mapping[str, int]
) -> DayInfo:
    today = now.astimezone(SEOUL).date()
    if day < today:
        return DayInfo(day, DayStatus.PAST)
    if day > last_bookable_day(rules, now):
        return DayInfo(day, DayStatus.BEYOND_WINDOW)
    closed = closure(shop, day)
    if closed is not None:
        return DayInfo(day, closed, holiday=public_holiday(day))
    slots = [s for s in slots_for_day(shop, rules, day, now, taken)
             if s.status is not SlotStatus.TOO_SOON]
    if not slots:
        return DayInfo(day, DayStatus.PAST)
    left = sum(s.seats_left for s in slots)
    return DayInfo(day, DayStatus.OPEN if left else DayStatus.FULL, seats_left=left)


def week_days(
    shop: Shop, rules: RentalRules, now: datetime, offset: int, taken: Mapping[str, int]
) -> list[DayInfo]:
    """Seven days starting ``offset`` weeks from today, each with why it can't be chosen."""
    first = now.astimezone(SEOUL).date() + timedelta(days=7 * max(0, offset))
    return [day_info(shop, rules, first + timedelta(days=i), now, taken) for i in range(7)]


def week_count(rules: RentalRules) -> int:
    """How many week pages the booking window spans (page 0 starts today)."""
    return rules.booking_window_days // 7 + 1


class SlotProblem(StrEnum):
    NOT_A_SLOT = "not_a_slot"
    PAST = "past"
    TOO_SOON = "too_soon"
    BEYOND_WINDOW = "beyond_window"
    CLOSED = "closed"
    HOLIDAY = "holiday"
    CLOSED_DATE = "closed_date"


def check_slot(
    shop: Shop, rules: RentalRules, start: datetime, now: datetime
) -> SlotProblem | None:
    """Why ``start`` can't be booked now (ignoring seats), or None when it can."""
    now = now.astimezone(SEOUL)
    start = start.astimezone(SEOUL)
    if start < now:
        return SlotProblem.PAST
    if start.date() > last_bookable_day(rules, now):
        return SlotProblem.BEYOND_WINDOW
    closed = closure(shop, start.date())
    if closed is not None:
        return SlotProblem(closed.value)
    if start not in slot_starts(shop, start.date()):
        return SlotProblem.NOT_A_SLOT
    if start < now + timedelta(minutes=rules.min_notice_minutes):
        return SlotProblem.TOO_SOON
    return None


def next_free_slots(
    shop: Shop,
    rules: RentalRules,
    now: datetime,
    taken: Mapping[str, int],
    after: datetime | None = None,
    limit: int = 3,
) -> list[SlotInfo]:
    """The first ``limit`` open slots from ``after`` (default: now) within the window."""
    now = now.astimezone(SEOUL)
    after = (after or now).astimezone(SEOUL)
    found: list[SlotInfo] = []
    day = max(after.date(), now.date())
    while day <= last_bookable_day(rules, now) and len(found) < limit:
        for slot in slots_for_day(shop, rules, day, now, taken):
            if slot.status is SlotStatus.OPEN and slot.start > after:
                found.append(slot)
                if len(found) == limit:
                    break
        day += timedelta(days=1)
    return found


# -- the rental period --------------------------------------------------------------------


def return_date(shop: Shop, rules: RentalRules, rental_day: date) -> date:
    """When the suit goes back: ``rental_nights`` after pick-up (3박4일), or, if the shop is
    closed that day, the next day it opens (at most two weeks later)."""
    due = rental_day + timedelta(days=rules.rental_nights)
    for _ in range(14):
        if closure(shop, due) is None:
            return due
        due += timedelta(days=1)
    return rental_day + timedelta(days=rules.rental_nights)


class InterviewProblem(StrEnum):
    BEFORE_RENTAL = "before_rental"
    AFTER_RETURN = "after_return"


def check_interview_date(rental_day: date, due: date, interview: date) -> InterviewProblem | None:
    if interview < rental_day:
        return InterviewProblem.BEFORE_RENTAL
    if interview > due:
        return InterviewProblem.AFTER_RETURN
    return None


# -- reminders ------------------------------------------------------------------------------

REMINDER_KINDS = ("day_before", "morning_of", "before_return", "return_day")


def reminder_times(
    rules: RentalRules, start: datetime, due: date, now: datetime
) -> list[tuple[str, datetime]]:
    """When to push each reminder: the day before the visit, the morning of the visit, the day
    before the return date and on the return date. Reminders already due (or that would come
    after the visit they announce) are left out; none falls inside quiet hours."""
    start = start.astimezone(SEOUL)
    now = now.astimezone(SEOUL)
    visit = start.date()
    plan = {
        "day_before": (visit - timedelta(days=1), rules.reminders.day_before),
        "morning_of": (visit, rules.reminders.morning_of),
        "before_return": (due - timedelta(days=1), rules.reminders.before_return),
        "return_day": (due, rules.reminders.return_day),
    }
    quiet = rules.quiet
    out: list[tuple[str, datetime]] = []
    for kind in REMINDER_KINDS:
        day, clock = plan[kind]
        at = quiet.next_allowed(datetime.combine(day, parse_clock(clock), SEOUL))
        if at <= now:
            continue
        if kind in ("day_before", "morning_of") and at >= start:
            continue
        if kind == "before_return" and (at <= start or day <= visit):
            continue
        out.append((kind, at))
    return out


def interview_reminder_time(rules: RentalRules, interview: date,
                            now: datetime) -> datetime | None:
    """When to remind a user booking at an external point of their interview: the evening
    before (``day_before``), else that morning (``morning_of``); None when both have passed."""
    now = now.astimezone(SEOUL)
    for day, clock in ((interview - timedelta(days=1), rules.reminders.day_before),
                       (interview, rules.reminders.morning_of)):
        at = rules.quiet.next_allowed(datetime.combine(day, parse_clock(clock), SEOUL))
        if at > now:
            return at
    return None


# -- age and waitlist ----------------------------------------------------------------


def offer_deadline(rules: RentalRules, now: datetime) -> datetime:
    """Until when a waitlist offer holds the seat: ``waitlist_offer_minutes`` from now, or
    from the end of quiet hours when the offer is made at night (it is pushed then)."""
    return rules.quiet.next_allowed(now.astimezone(SEOUL)) + timedelta(
        minutes=rules.waitlist_offer_minutes
    )

