"""Imported places in SQLite: idempotent re-import, updates, replace-all, audit."""

from __future__ import annotations

from datetime import datetime

import pytest

from content.places.models import Place
from db.database import Database
from db.places import PlaceRepository
from tests.places.fixture import fake_places

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")


@pytest.fixture
async def places_db(tmp_path):
    db = Database(tmp_path / "places.sqlite3")
    await db.connect()
    yield db
    await db.close()


def dumped(places: list[Place]) -> list[dict]:
    return [p.model_dump(mode="json") for p in places]


async def test_import_then_reimport_changes_nothing(places_db):
    repo = PlaceRepository(places_db)
    rows = dumped(fake_places(300))
    first = await repo.upsert_many(rows, origin="cafes.csv", now=NOW)
    assert (first.inserted, first.updated, first.unchanged) == (300, 0, 0)
    revision = await repo.revision()
    again = await repo.upsert_many(rows, origin="cafes.csv", now=NOW)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 300)
    assert not again.changed
    assert await repo.revision() == revision
    assert await repo.count() == 300


async def test_a_changed_row_is_updated_and_bumps_the_revision(places_db):
    repo = PlaceRepository(places_db)
    places = fake_places(5)
    await repo.upsert_many(dumped(places), origin="a.csv", now=NOW)
    before = await repo.revision()
    changed = places[2].model_copy(update={"phone": "031-000-0000"})
    counts = await repo.upsert_many(dumped([changed]), origin="b.csv", now=NOW)
    assert (counts.inserted, counts.updated) == (0, 1)
    assert await repo.revision() == before + 1
    stored = {s.id: s for s in await repo.all()}
    assert stored[changed.id].data["phone"] == "031-000-0000"
    assert stored[changed.id].origin == "b.csv"


async def test_stored_places_read_back_as_valid_places(places_db):
    repo = PlaceRepository(places_db)
    places = fake_places(20)
    await repo.upsert_many(dumped(places), origin="a.csv", now=NOW)
    back = [Place.model_validate(s.data) for s in await repo.all()]
    assert sorted(back, key=lambda p: p.id) == sorted(places, key=lambda p: p.id)


async def test_replace_all_deletes_places_missing_from_the_file(places_db):
    repo = PlaceRepository(places_db)
    places = fake_places(10)
    await repo.upsert_many(dumped(places), origin="a.csv", now=NOW)
    counts = await repo.upsert_many(dumped(places[:4]), origin="a.csv", now=NOW, replace_all=True)
    assert counts.deleted == 6
    assert await repo.count() == 4


async def test_every_import_is_audited_without_personal_data(places_db):
    repo = PlaceRepository(places_db)
    await repo.upsert_many(dumped(fake_places(3)), origin="a.csv", now=NOW)
    rows = await places_db.fetchall("SELECT actor, action, detail FROM audit")
    assert [(r[0], r[1]) for r in rows] == [("cli", "places.import")]
    assert "inserted=3" in rows[0][2]


async def test_delete_one_place(places_db):
    repo = PlaceRepository(places_db)
    places = fake_places(2)
    await repo.upsert_many(dumped(places), origin="a.csv", now=NOW)
    assert await repo.delete(places[0].id)
    assert not await repo.delete("no-such-place")
    assert await repo.count() == 1


async def test_corrupt_json_rows_are_skipped_when_reading(places_db):
    repo = PlaceRepository(places_db)
    await repo.upsert_many(dumped(fake_places(2)), origin="a.csv", now=NOW)
    await places_db.execute("UPDATE places SET data = 'not json' WHERE id = 'test-00000'")
    assert [s.id for s in await repo.all()] == ["test-00001"]
