"""Generated places for tests and the benchmark: fake cafés scattered over Goyang.

Names and coordinates are made up (clearly: "테스트카페 N"); nothing here is real data.
"""

from __future__ import annotations

import csv
import io
import random

from content.places.models import Place

# Some of Goyang's dong points (gazetteer.yaml); fake places are scattered up to ~2 km
# around them, so they all lie in or right next to Goyang.
CENTRES = (
    (37.656678, 126.831722),
    (37.674725, 126.878086),
    (37.649022, 126.922678),
    (37.700547, 126.905944),
    (37.622303, 126.819419),
    (37.641808, 126.835619),
    (37.597286, 126.874731),
    (37.671192, 126.812097),
    (37.691794, 126.780434),
    (37.646875, 126.794575),
    (37.638822, 126.772564),
    (37.699108, 126.829311),
    (37.684350, 126.770667),
    (37.702175, 126.767663),
    (37.667331, 126.765442),
    (37.668700, 126.737611),
    (37.684503, 126.720931),
    (37.680153, 126.757222),
)
JITTER = 0.018  # degrees, ~2 km
KINDS = ("cafe", "cafe", "cafe", "youth_space", "startup_space", "maker_space", "job_centre")
HOURS = (
    "월-금 10:00-22:00; 토,일,공휴일 10:00-19:00",
    "매일 09:00-18:00",
    "평일 09:00-18:00; 공휴일 휴무",
    "매일 18:00-02:00",
    "미확인",
    "24시간",
)
HEADER = [
    "id",
    "kind",
    "name",
    "district",
    "address",
    "lat",
    "lon",
    "hours",
    "services",
    "source",
    "as_of",
]


def fake_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        centre = rng.choice(CENTRES)
        rows.append(
            {
                "id": f"test-{i:05d}",
                "kind": rng.choice(KINDS),
                "name": f"테스트카페 {i}",
                "district": rng.choice(("덕양구", "일산동구", "일산서구")),
                "address": f"고양시 테스트로 {i}",
                "lat": f"{centre[0] + rng.uniform(-JITTER, JITTER):.6f}",
                "lon": f"{centre[1] + rng.uniform(-JITTER, JITTER):.6f}",
                "hours": rng.choice(HOURS),
                "services": rng.choice(("study_room", "study_room, programs", "")),
                "source": "generated test fixture",
                "as_of": "2026-11-28",
            }
        )
    return rows


def fake_csv(n: int, seed: int = 7) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(fake_rows(n, seed))
    return out.getvalue()


def fake_places(n: int, seed: int = 7) -> list[Place]:
    places = []
    for row in fake_rows(n, seed):
        places.append(
            Place.model_validate(
                {
                    "id": row["id"],
                    "kind": row["kind"],
                    "name": row["name"],
                    "address": row["address"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "hours": row["hours"],
                    "sources": [row["source"]],
                    "as_of": row["as_of"],
                }
            )
        )
    return places
