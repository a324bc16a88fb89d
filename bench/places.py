"""Nearest-5 query latency over 10,000 places: numpy index vs a pure-Python scan.

Run: .venv/bin/python -m bench.places [--places 10000] [--queries 300]
Prints median and p99 per query and the speed-up against the baseline measured in the
same run (a pure-Python haversine over every place, then a sort).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from content.catalogue import bundled_content_dir
from content.places.geo import PlaceIndex, Point, nearest_brute_force
from content.places.loader import load_places
from content.places.models import Place
from content.places.search import search_places
from content.text.clock import SEOUL

JITTER = 0.018  # degrees, ~2 km around a dong point
KINDS = ("cafe", "cafe", "cafe", "youth_space", "startup_space", "maker_space", "job_centre")
HOURS = ("월-금 10:00-22:00; 토,일,공휴일 10:00-19:00", "매일 09:00-18:00",
         "평일 09:00-18:00; 공휴일 휴무", "매일 18:00-02:00", "미확인", "24시간")


def scattered_places(n: int, centres: list[tuple[float, float]], seed: int) -> list[Place]:
    """Made-up places ("벤치카페 N") scattered around Goyang's dong points."""
    rng = random.Random(seed)
    places = []
    for i in range(n):
        lat, lon = rng.choice(centres)
        places.append(Place.model_validate({
            "id": f"bench-{i:05d}", "kind": rng.choice(KINDS), "name": f"벤치카페 {i}",
            "address": f"고양시 벤치로 {i}", "hours": rng.choice(HOURS),
            "lat": lat + rng.uniform(-JITTER, JITTER), "lon": lon + rng.uniform(-JITTER, JITTER),
            "sources": ["generated benchmark data"], "as_of": "2026-11-28"}))
    return places


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def rel(self, path: Path) -> str:
        return str(path)

    def add(self, path: Path, entry: str, fieldname: str, problem: str) -> None:
        self.lines.append(f"{path}: {entry}: {fieldname}: {problem}")


def measure(fn: Callable[[Point], object], origins: list[Point]) -> list[float]:
    timings = []
    for origin in origins:
        start = time.perf_counter()
        fn(origin)
        timings.append(time.perf_counter() - start)
    return timings


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(11)
    bundled = load_places(bundled_content_dir(), _Problems())
    centres = [(s.lat, s.lon) for s in bundled.gazetteer.spots.values() if s.kind == "dong"]
    places = scattered_places(args.places, centres, seed=5)
    content = bundled.with_imported(places)
    index = PlaceIndex(places)
    origins = []
    for _ in range(args.queries):
        lat, lon = rng.choice(centres)
        origins.append(
            Point(lat + rng.uniform(-JITTER, JITTER), lon + rng.uniform(-JITTER, JITTER))
        )
    now = datetime(2026, 11, 28, 14, 0, tzinfo=SEOUL)
    cases: list[tuple[str, Callable[[Point], object]]] = [
        ("baseline: pure-Python scan + sort", lambda o: nearest_brute_force(places, o, 5)),
        ("PlaceIndex.nearest(5)", lambda o: index.nearest(o, limit=5)),
        (
            "PlaceIndex.nearest(5, kinds=startup)",
            lambda o: index.nearest(o, limit=5, kinds=("startup_space", "maker_space")),
        ),
        (
            "search_places(only=open) incl. hours",
            lambda o: search_places(content, o, now=now, only="open"),
        ),
        (
            "search_places(offset=20) '더 보기'",
            lambda o: search_places(content, o, now=now, offset=20),
        ),
    ]
    for _, fn in cases:  # warm up
        fn(origins[0])
    print(f"nearest-5 over {len(places):,} places, {len(origins)} queries each")
    base = None
    for name, fn in cases:
        timings = measure(fn, origins)
        median = statistics.median(timings)
        base = base or median
        print(
            f"  {name:40s} median {median * 1e3:8.3f} ms   p99 {p99(timings) * 1e3:8.3f} ms"
            f"   speed-up x{base / median:6.1f}"
        )
    typed = ["화정녁 근처", "주엽동", "일산서구", "킨텍스", "대화도서관 근처 카페", "없는이름"]
    gaz = content.gazetteer
    timings = []
    for _ in range(max(1, args.queries // len(typed))):
        for text in typed:
            start = time.perf_counter()
            gaz.resolve(text)
            timings.append(time.perf_counter() - start)
    print(
        f"  gazetteer.resolve ({len(gaz.spots):,} names)        median "
        f"{statistics.median(timings) * 1e3:8.3f} ms   p99 {p99(timings) * 1e3:8.3f} ms"
    )


if __name__ == "__main__":
    main()
