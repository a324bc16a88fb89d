"""Interview-suit rental: the program rules and the lending shops, read from ``shops.yaml``.

Who may rent (age, living/studying/working in Goyang) is not here: that rule is written once,
in ``rules/interview_suit_rental.yaml`` (see ``content.booking.eligibility``).

Staff edit ``content/data/shops.yaml``; this module checks every field and reports problems
as ``file: entry: field: problem`` like the rest of the catalogue. The result is attached to
``Catalogue.booking`` as a ``BookingContent``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from content.errors import describe_validation_error
from content.files import Problems, parse_entry, read_yaml
from content.localized import LocalizedText
from content.models import IDENTIFIER, Sources, Strict
from content.text.clock import QuietHours, parse_clock

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

Sizing = Literal["top", "waist", "shoes", "none"]
# How a lending point takes bookings (docs/booking.md):
#   direct    booked here and confirmed at once: only with hours and seats the point confirmed
#   request   the user asks for a slot here, staff confirm or decline (the seat is held)
#   external  not booked here: the bot explains how to book there and offers a reminder
Mode = Literal["direct", "request", "external"]
BOOKABLE: tuple[Mode, ...] = ("direct", "request")
_SLOT_FIELDS = ("hours", "slot_minutes", "seats_per_slot")
_EXTERNAL_FIELDS = ("how_to_book", "documents")


def _data_clock(value: str) -> time:
    """A clock time as ``shops.yaml`` writes it (09:30, two digits each); ValueError else."""
    if not _CLOCK.match(value):
        raise ValueError(f"'{value}' is not a time like 09:30")
    return parse_clock(value)


def parse_range(value: str) -> tuple[time, time]:
    match = _RANGE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a range like 10:00-18:00")
    start = time(int(match.group(1)), int(match.group(2)))
    end = time(int(match.group(3)), int(match.group(4)))
    if end <= start:
        raise ValueError(f"'{value}' ends before it starts")
    return start, end


class RentalItem(Strict):
    id: str = Field(pattern=IDENTIFIER)
    name: LocalizedText
    sizing: Sizing


class Reminders(Strict):
    day_before: str
    morning_of: str
    before_return: str
    return_day: str

    @field_validator("day_before", "morning_of", "before_return", "return_day")
    @classmethod
    def _clock(cls, value: str) -> str:
        _data_clock(value)
        return value


class RentalRules(Strict):
    program: LocalizedText
    yearly_limit: int = Field(ge=1, le=100)
    rental_nights: int = Field(ge=0, le=30)
    cancel_cutoff_hours: int = Field(ge=0, le=168)
    booking_window_days: int = Field(ge=1, le=180)
    min_notice_minutes: int = Field(ge=0, le=7 * 24 * 60)
    waitlist_offer_minutes: int = Field(ge=5, le=24 * 60)
    reminders: Reminders
    quiet_hours: str
    what_to_bring: LocalizedText
    notice: LocalizedText | None = None  # shown when a booking starts (e.g. how to apply)
    items: list[RentalItem] = Field(min_length=1)
    sources: Sources
    as_of: date

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if not _RANGE.match(value) or value[:5] == value[6:]:
            raise ValueError(f"'{value}' is not a range like 21:00-08:00")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RentalRules:
        ids = [item.id for item in self.items]
        if len(ids) != len(set(ids)):
            raise ValueError("items: an item id is used twice")
        for name in ("day_before", "morning_of", "before_return", "return_day"):
            at = _data_clock(getattr(self.reminders, name))
            if self.quiet.covers(at):
                raise ValueError(f"reminders.{name} ({at:%H:%M}) falls inside quiet_hours")
        return self

    @property
    def quiet(self) -> QuietHours:
        """When reminders and waitlist offers wait (validated above: never start == end)."""
        return QuietHours.parse(self.quiet_hours)

    def item(self, item_id: str) -> RentalItem | None:
        return next((i for i in self.items if i.id == item_id), None)


class GeoPoint(Strict):
    lat: float = Field(ge=33.0, le=39.0)
    lon: float = Field(ge=124.0, le=132.0)


class CityPartner(Strict):
    """The years a point was the city program's chosen rental company, with the sources
    that say so: a point is never shown as this year's partner without one."""

    years: list[int] = Field(min_length=1)
    sources: Sources


class Shop(Strict):
    id: str = Field(pattern=IDENTIFIER)
    name: LocalizedText
    mode: Mode
    address: LocalizedText
    location: GeoPoint | None = None
    location_confirmed: bool = False
    # The places.yaml id of the same building: its lat/lon there is the one source of truth,
    # and the loader refuses a shop whose location differs from it.
    place: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_\-]{0,29}$")
    map_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    phone: str | None = Field(default=None, pattern=r"^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$")
    note: LocalizedText | None = None
    city_partner: CityPartner | None = None
    # external: how to book there, the page to do it on, what to have ready.
    how_to_book: LocalizedText | None = None
    booking_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    documents: LocalizedText | None = None
    # direct / request: when the point is open and how many people a slot takes.
    hours: dict[str, list[str]] = Field(default_factory=dict)
    hours_confirmed: bool = False
    slot_minutes: int = Field(default=30, ge=10, le=240)
    seats_per_slot: int = Field(default=1, ge=1, le=50)
    seats_confirmed: bool = False
    open_on_public_holidays: bool = False
    closed_dates: list[date] = Field(default_factory=list)
    sources: Sources
    as_of: date

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for day, ranges in value.items():
            if day not in WEEKDAYS:
                raise ValueError(f"'{day}' is not a weekday; use {', '.join(WEEKDAYS)}")
            parsed = sorted(parse_range(r) for r in ranges)
            for (_, end), (start, _) in itertools.pairwise(parsed):
                if start < end:
                    raise ValueError(f"{day}: opening ranges overlap")
        return value

    @model_validator(mode="after")
    def _fits_mode(self) -> Shop:
        problem = (self._external_problem() if self.mode == "external"
                   else self._bookable_problem())
        if problem:
            raise ValueError(problem)
        return self

    def _external_problem(self) -> str | None:
        given = self.model_fields_set
        extra = [f for f in (*_SLOT_FIELDS, "hours_confirmed", "seats_confirmed") if f in given]
        if extra:
            return (f"mode external: remove {', '.join(extra)} (an external point is not"
                    " booked through the bot)")
        missing = [f for f in _EXTERNAL_FIELDS if f not in given]
        if not (self.booking_url or self.phone):
            missing.append("booking_url or phone")
        return f"mode external needs {', '.join(missing)}" if missing else None

    def _bookable_problem(self) -> str | None:
        missing = [f for f in (*_SLOT_FIELDS, "location", "map_url")
                   if f not in self.model_fields_set]
        if missing:
            return f"mode {self.mode} needs {', '.join(missing)}"
        if not any(self.hours.values()):
            return "hours: the shop is closed every day"
        if self.mode == "direct" and not self.confirmed:
            unconfirmed = [f for f in ("hours_confirmed", "seats_confirmed")
                           if not getattr(self, f)]
            return (f"mode direct needs confirmed hours and seats ({' and '.join(unconfirmed)}"
                    " false): the bot would confirm bookings no one agreed to; use mode"
                    " request until the point confirms them")
        return None

    @property
    def confirmed(self) -> bool:
        """False while hours or seats are placeholders staff still have to confirm."""
        return self.hours_confirmed and self.seats_confirmed

    @property
    def bookable(self) -> bool:
        """Booked through the bot (direct or request), with days, slots and seats."""
        return self.mode in BOOKABLE

    @property
    def needs_confirmation(self) -> bool:
        return self.mode == "request"

    def opening_ranges(self, weekday: int) -> list[tuple[time, time]]:
        """Opening ranges on a weekday (0 = Monday), sorted."""
        return sorted(parse_range(r) for r in self.hours.get(WEEKDAYS[weekday], []))


class _BookingFile(Strict):
    rules: RentalRules
    shops: list[Shop] = Field(min_length=1)


@dataclass(frozen=True)
class BookingContent:
    rules: RentalRules
    shops: dict[str, Shop]

    def shop(self, shop_id: str) -> Shop | None:
        return self.shops.get(shop_id)


def load_booking_content(root: Path, problems: Problems) -> BookingContent | None:
    """Read ``shops.yaml`` under ``root``; None (with problems added) when it is not valid."""

    path = root / "shops.yaml"
    raw: Any = read_yaml(path, problems)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.add(path, "(file)", "(file)", "must have 'rules' and 'shops'")
        return None
    before = len(problems.lines)
    rules: RentalRules | None = None
    try:
        rules = RentalRules.model_validate(raw.get("rules"))
    except ValidationError as exc:
        problems.lines.extend(describe_validation_error(problems.rel(path), "rules", exc))
    shops: dict[str, Shop] = {}
    raw_shops = raw.get("shops")
    if not isinstance(raw_shops, list) or not raw_shops:
        problems.add(path, "shops", "(list)", "must be a list of at least one shop")
        raw_shops = []
    for index, item in enumerate(raw_shops):
        entry = (
            str(item.get("id") or f"shop {index + 1}")
            if isinstance(item, dict)
            else (f"shop {index + 1}")
        )
        shop = parse_entry(path, item, Shop, entry, problems)
        if shop is None:
            continue
        if shop.id in shops:
            problems.add(path, shop.id, "id", "is used twice")
        shops[shop.id] = shop
    unknown = set(raw) - {"rules", "shops"}
    if unknown:
        problems.add(path, "(file)", ", ".join(sorted(unknown)), "unknown section")
    if len(problems.lines) > before or rules is None:
        return None
    return BookingContent(rules=rules, shops=shops)
