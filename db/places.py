"""Imported places: upsert from a staff import, list for the bot, a revision to cache by.

Rows carry the place as JSON (validated by ``content.places.models.Place`` before it gets
here and again when read), so this repository needs no knowledge of the content models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.database import Database


@dataclass(frozen=True, slots=True)
class ImportCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.deleted)


@dataclass(frozen=True, slots=True)
class StoredPlace:
    id: str
    data: dict[str, Any]
    origin: str
    updated_at: str


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class PlaceRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def upsert_many(
        self,
        places: Sequence[dict[str, Any]],
        *,
        origin: str,
        now: datetime,
        replace_all: bool = False,
        actor: str = "cli",
    ) -> ImportCounts:
        """Insert new places and update changed ones in one transaction.

        Each dict needs ``id``, ``kind``, ``name`` (``{"ko": …}``), ``lat``, ``lon`` and
        ``status``. With ``replace_all`` every stored place not in ``places`` is deleted
        (a full list from staff). Unchanged rows are left alone, so importing the same
        file twice changes nothing the second time.
        """
        stamp = now.isoformat(timespec="seconds")
        inserted = updated = unchanged = deleted = 0
        async with self.db.transaction() as tx:
            existing = {row[0]: row[1] for row in await tx.fetchall("SELECT id, data FROM places")}
            for place in places:
                blob = _dump(place)
                old = existing.get(place["id"])
                if old == blob:
                    unchanged += 1
                    continue
                params = (
                    place["id"],
                    place["kind"],
                    place["name"]["ko"],
                    float(place["lat"]),
                    float(place["lon"]),
                    place.get("status", "open"),
                    blob,
                    origin,
                    stamp,
                    stamp,
                )
                await tx.execute(
                    "INSERT INTO places (id, kind, name, lat, lon, status, data, origin,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind,"
                    " name = excluded.name, lat = excluded.lat, lon = excluded.lon,"
                    " status = excluded.status, data = excluded.data,"
                    " origin = excluded.origin, updated_at = excluded.updated_at",
                    params,
                )
                if old is None:
                    inserted += 1
                else:
                    updated += 1
            if replace_all:
                keep = {p["id"] for p in places}
                for place_id in sorted(set(existing) - keep):
                    deleted += await tx.execute("DELETE FROM places WHERE id = ?", (place_id,))
            counts = ImportCounts(inserted, updated, unchanged, deleted)
            if counts.changed:
                await tx.execute(
                    "UPDATE places_revision SET revision = revision + 1, changed_at = ?"
                    " WHERE id = 1",
                    (stamp,),
                )
            await tx.execute(
                "INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (
                    stamp,
                    actor,
                    "places.import",
                    f"origin={origin} inserted={inserted} updated={updated}"
                    f" unchanged={unchanged} deleted={deleted}",
                ),
            )
        return counts

    async def all(self) -> list[StoredPlace]:
        rows = await self.db.fetchall("SELECT id, data, origin, updated_at FROM places ORDER BY id")
        out: list[StoredPlace] = []
        for row in rows:
            try:
                data = json.loads(row[1])
            except (TypeError, ValueError):
                continue
            if isinstance(data, dict):
                out.append(StoredPlace(str(row[0]), data, str(row[2]), str(row[3])))
        return out

    async def revision(self) -> int:
        row = await self.db.fetchone("SELECT revision FROM places_revision WHERE id = 1")
        return int(row[0]) if row else 0

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM places")
        return int(row[0]) if row else 0

    async def delete(self, place_id: str) -> bool:
        async with self.db.transaction() as tx:
            gone = await tx.execute("DELETE FROM places WHERE id = ?", (place_id,))
            if gone:
                await tx.execute("UPDATE places_revision SET revision = revision + 1 WHERE id = 1")
        return bool(gone)
