"""One search as the places flow asks it: nearest places from a point, with filters.

Pure: takes the places content and the time, returns what to show. The flow turns it into
words and buttons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from content.places.geo import Nearby, Point
from content.places.hours import OpeningHours
from content.places.loader import PlacesContent
from content.places.models import Place

# Filters a user can switch on with a button.
FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "cafe": ("cafe",),
    "startup": ("startup_space", "maker_space"),
    "open": None,
}
Filter = Literal["all", "cafe", "startup", "open"]


@dataclass(frozen=True, slots=True)
class OpenState:
    state: Literal["open", "closed", "unknown"]
    closes_at: datetime | None = None
    opens_at: datetime | None = None


def open_state(hours: OpeningHours | None, now: datetime) -> OpenState:
    if hours is None:
        return OpenState("unknown")
    if hours.is_open(now):
        return OpenState("open", closes_at=hours.closes_at(now))
    return OpenState("closed", opens_at=hours.next_opening(now))


def is_open_now(place: Place, now: datetime) -> bool:
    return place.hours is not None and place.hours.is_open(now)


@dataclass(frozen=True, slots=True)
class SearchResult:
    origin: Point
    far_from_goyang: bool
    items: list[Nearby]
    has_more: bool
    # "open now" found no place known to be open, so these are places whose hours are not
    # known (they may be open): the flow says so rather than "nothing found".
    hours_unknown: bool = False


def search_places(
    content: PlacesContent,
    origin: Point,
    *,
    now: datetime,
    only: Filter = "all",
    limit: int = 5,
    offset: int = 0,
) -> SearchResult:
    """``limit`` places nearest to ``origin`` after ``offset``, one more looked up to tell
    whether a "more" button makes sense."""
    kinds = FILTERS.get(only)
    where = (lambda place: is_open_now(place, now)) if only == "open" else None
    found = content.index.nearest(origin, limit=limit + 1, offset=offset, kinds=kinds, where=where)
    unknown = False
    if only == "open" and not found and (
        offset == 0 or not content.index.nearest(origin, limit=1, where=where)
    ):
        # No place is known to be open: the ones whose hours are unknown may be.
        found = content.index.nearest(
            origin, limit=limit + 1, offset=offset, where=lambda place: place.hours is None
        )
        unknown = True
    return SearchResult(
        origin=origin,
        far_from_goyang=content.gazetteer.is_far_from_goyang(origin),
        items=found[:limit],
        has_more=len(found) > limit,
        hours_unknown=unknown,
    )
