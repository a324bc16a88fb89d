"""Distances on the Earth, walking-time estimates and nearest-N place search.

``PlaceIndex`` keeps coordinates in numpy arrays, so one query over 10,000 places is a few
vectorised operations (see ``bench/places.py`` for figures against a pure-Python scan).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from content.places.models import Place

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
WALKING_M_PER_MIN = 75.0  # 4.5 km/h
DETOUR_FACTOR = 1.3  # streets are longer than the straight line
MAX_WALK_MIN = 60  # beyond an hour on foot, walking time is not shown


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float


def valid_coordinates(lat: object, lon: object) -> bool:
    """Finite numbers within the Earth's ranges (bools and strings are refused)."""
    if isinstance(lat, bool) or isinstance(lon, bool):
        return False
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def distance_m(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance in metres."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def walking_minutes(distance: float) -> int | None:
    """Estimated minutes on foot for a straight-line distance; None beyond an hour."""
    minutes = max(1, math.ceil(distance * DETOUR_FACTOR / WALKING_M_PER_MIN))
    return minutes if minutes <= MAX_WALK_MIN else None


def format_distance(distance: float) -> str:
    """ "350m", "1.2km", "15km" (same in Korean and English)."""
    if distance < 950:
        return f"{max(10, round(distance / 10) * 10)}m"
    if distance < 9_950:
        return f"{distance / 1000:.1f}km"
    return f"{round(distance / 1000):,}km"


@dataclass(frozen=True, slots=True)
class Nearby:
    place: Place
    distance_m: float

    @property
    def walk_minutes(self) -> int | None:
        return walking_minutes(self.distance_m)


class PlaceIndex:
    """Places by distance from a point, with kind filters and a predicate (e.g. open now)."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        lat = np.radians(np.array([p.lat for p in self.places], dtype=np.float64))
        self._lat = lat
        self._lon = np.radians(np.array([p.lon for p in self.places], dtype=np.float64))
        self._cos_lat = np.cos(lat)
        kinds = sorted({p.kind for p in self.places})
        self._kind_codes = {kind: code for code, kind in enumerate(kinds)}
        self._kind = np.array([self._kind_codes[p.kind] for p in self.places], dtype=np.int16)

    def __len__(self) -> int:
        return len(self.places)

    def distances(self, origin: Point) -> np.ndarray:
        lat0, lon0 = math.radians(origin.lat), math.radians(origin.lon)
        h = (
            np.sin((self._lat - lat0) / 2) ** 2
            + math.cos(lat0) * self._cos_lat * np.sin((self._lon - lon0) / 2) ** 2
        )
        metres: np.ndarray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(h, 1.0)))
        return metres

    def nearest(
        self,
        origin: Point,
        *,
        limit: int = 5,
        offset: int = 0,
        kinds: Collection[str] | None = None,
        where: Callable[[Place], bool] | None = None,
    ) -> list[Nearby]:
        """The ``limit`` nearest places after skipping ``offset``, nearest first.

        ``kinds`` keeps only those kinds; ``where`` is checked lazily, nearest first, so an
        expensive test (open now) runs on few places.
        """
        if limit <= 0 or not self.places:
            return []
        dist = self.distances(origin)
        if kinds is not None:
            codes = [self._kind_codes[k] for k in kinds if k in self._kind_codes]
            dist = np.where(np.isin(self._kind, codes), dist, np.inf)
        wanted = offset + limit
        if where is None and wanted < len(dist):
            head = np.argpartition(dist, wanted - 1)[:wanted]
            order = head[np.lexsort((head, dist[head]))]
        else:
            order = np.lexsort((np.arange(len(dist)), dist))
        out: list[Nearby] = []
        skipped = 0
        for i in order:
            d = float(dist[i])
            if math.isinf(d):
                break
            place = self.places[int(i)]
            if where is not None and not where(place):
                continue
            if skipped < offset:
                skipped += 1
                continue
            out.append(Nearby(place, d))
            if len(out) == limit:
                break
        return out

    def count(self, *, kinds: Collection[str] | None = None) -> int:
        if kinds is None:
            return len(self.places)
        return sum(1 for p in self.places if p.kind in kinds)


def nearest_brute_force(places: Sequence[Place], origin: Point, limit: int = 5) -> list[Nearby]:
    """Reference implementation (pure Python): the benchmark baseline and a test oracle."""
    scored = sorted(((distance_m(origin, Point(p.lat, p.lon)), i) for i, p in enumerate(places)))
    return [Nearby(places[i], d) for d, i in scored[:limit]]
