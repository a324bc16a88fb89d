"""The shapes of the places files (YAML) and of imported places (CSV, then SQLite)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
)

from content.localized import LocalizedText
from content.places.hours import HoursError, OpeningHours, parse_hours

PLACE_ID = r"^[a-z0-9][a-z0-9_\-]{0,29}$"  # short: it travels in button payloads
GAZETTEER_ID = r"^[a-z0-9][a-z0-9_]{0,39}$"
PHONE = r"^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$"
District = Literal["deogyang", "ilsandong", "ilsanseo"]
DISTRICTS: tuple[str, ...] = ("deogyang", "ilsandong", "ilsanseo")
PlaceKind = Literal["cafe", "youth_space", "startup_space", "maker_space", "job_centre"]
PLACE_KINDS: tuple[str, ...] = ("cafe", "youth_space", "startup_space", "maker_space", "job_centre")
PlaceStatus = Literal["open", "unverified", "moved", "closed"]

# Korea, generously: anything else is a typo (or latitude and longitude swapped).
LAT_RANGE = (33.0, 39.0)
LON_RANGE = (124.0, 132.0)


def _hours(value: Any) -> OpeningHours | None:
    if value is None or isinstance(value, OpeningHours):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a line like '월-금 10:00-18:00; 토 10:00-14:00' or 미확인")
    try:
        return parse_hours(value)
    except HoursError as exc:
        raise ValueError(str(exc)) from None


Hours = Annotated[
    OpeningHours | None,
    BeforeValidator(_hours),
    PlainSerializer(lambda h: h.to_text("ko") if h is not None else None),
]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, arbitrary_types_allowed=True
    )


class Place(_Model):
    """A café, youth space, startup space, maker space or job centre people can visit."""

    id: str = Field(pattern=PLACE_ID)
    kind: PlaceKind
    name: LocalizedText
    aliases: list[str] = Field(default_factory=list)
    district: District | None = None
    address: LocalizedText
    lat: float
    lon: float
    # True when the coordinates stand for the neighbourhood, not the building.
    approximate: bool = False
    # None = not known; the bot says "운영시간 미확인" and suggests calling.
    hours: Hours = None
    hours_note: LocalizedText | None = None
    services: list[str] = Field(default_factory=list)
    booking: LocalizedText | None = None
    booking_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    phone: str | None = Field(default=None, pattern=PHONE)
    status: PlaceStatus = "open"
    status_note: LocalizedText | None = None
    moved_to: str | None = Field(default=None, pattern=PLACE_ID)
    sources: list[str] = Field(min_length=1)
    as_of: date

    @field_validator("lat", "lon")
    @classmethod
    def _in_korea(cls, value: float, info: ValidationInfo) -> float:
        name, (low, high), (other_low, other_high) = (
            ("latitude", LAT_RANGE, LON_RANGE) if info.field_name == "lat"
            else ("longitude", LON_RANGE, LAT_RANGE)
        )
        if not low <= value <= high:
            hint = " (latitude and longitude swapped?)" if other_low <= value <= other_high else ""
            raise ValueError(f"{value} is not a {name} in Korea ({low:g}–{high:g}){hint}")
        return value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        if any(not s.strip() for s in value):
            raise ValueError("a source must not be empty")
        return value

    @property
    def searchable(self) -> bool:
        """Shown in nearest-place answers (moved and closed places are not)."""
        return self.status in ("open", "unverified")


class Label(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    label: LocalizedText
    # Other words staff may write in a CSV for this kind/service ("카페", "청취다방").
    aliases: list[str] = Field(default_factory=list)


class GazetteerEntry(_Model):
    id: str = Field(pattern=GAZETTEER_ID)
    name: str = Field(min_length=1)
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    district: District | None = None
    lat: float = Field(ge=LAT_RANGE[0], le=LAT_RANGE[1])
    lon: float = Field(ge=LON_RANGE[0], le=LON_RANGE[1])
    approximate: bool = False
    source: str | None = None


def slug(text: str) -> str:
    """A lower-case ASCII id fragment ("Q Cafe #2" → "q-cafe-2"); may be empty."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
