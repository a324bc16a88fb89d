"""Profile facts and consent in SQLite: stored only with consent, erased by /forget."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from db.database import Database
from db.profile import ProfileRepository
from db.users import UserRepository

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
WORDING = "consent-v1"


@pytest.fixture
async def user_id(db: Database) -> int:
    return (await UserRepository(db).touch("test", "u1", NOW)).id


async def test_nothing_is_stored_without_consent(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    assert await profile.consent(user_id) is None
    assert await profile.save_facts(user_id, {"employed": False}, NOW) == 0
    assert await profile.facts(user_id) == []


async def test_nothing_is_stored_after_saying_no(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, False, WORDING, NOW)
    assert await profile.save_facts(user_id, {"employed": False}, NOW) == 0
    consent = await profile.consent(user_id)
    assert consent is not None and not consent.granted


async def test_facts_are_kept_with_consent_and_updated(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, True, WORDING, NOW)
    birth = {"earliest": "1999-03-02", "latest": "1999-03-02"}
    assert await profile.save_facts(user_id, {"birth_date": birth, "employed": True}, NOW) == 2
    await profile.save_facts(user_id, {"employed": False}, NOW)
    stored = {f.fact: f.value for f in await profile.facts(user_id)}
    assert stored == {"birth_date": birth, "employed": False}


async def test_withdrawing_consent_deletes_the_facts(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, True, WORDING, NOW)
    await profile.save_facts(user_id, {"employed": True}, NOW)
    await profile.set_consent(user_id, False, WORDING, NOW)
    assert await profile.facts(user_id) == []


async def test_one_fact_can_be_deleted(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, True, WORDING, NOW)
    await profile.save_facts(user_id, {"employed": True, "married": False}, NOW)
    assert await profile.delete_fact(user_id, "married")
    assert [f.fact for f in await profile.facts(user_id)] == ["employed"]


async def test_forget_leaves_no_row_in_any_table(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, True, WORDING, NOW)
    await profile.save_facts(user_id, {"employed": True}, NOW)
    await UserRepository(db).delete(user_id)
    tables = await db.tables_with_column("user_id")
    assert "profile_facts" in tables
    for table in tables:
        row = await db.fetchone(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (user_id,))
        assert row is not None and row[0] == 0, table


async def test_users_do_not_see_each_others_facts(db: Database, user_id: int) -> None:
    other = (await UserRepository(db).touch("test", "u2", NOW)).id
    profile = ProfileRepository(db)
    for uid in (user_id, other):
        await profile.set_consent(uid, True, WORDING, NOW)
    await profile.save_facts(user_id, {"employed": True}, NOW)
    assert await profile.facts(other) == []


async def test_a_corrupt_stored_value_is_skipped(db: Database, user_id: int) -> None:
    profile = ProfileRepository(db)
    await profile.set_consent(user_id, True, WORDING, NOW)
    await db.execute(
        "INSERT INTO profile_facts (user_id, fact, value, answered_at) VALUES (?, ?, ?, ?)",
        (user_id, "employed", "{not json", NOW.isoformat()),
    )
    assert await profile.facts(user_id) == []


def test_stale_answers_are_asked_again_but_a_birth_date_is_kept() -> None:
    from datetime import timedelta

    from content.eligibility.facts import usable_answers
    from tests.eligibility.support import facts

    old = NOW - timedelta(days=400)
    stored = [
        ("employed", True, old),  # keep_days 60: asked again
        ("birth_date", {"earliest": "1999-03-02", "latest": "1999-03-02"}, old),
        ("goyang_resident", True, NOW - timedelta(days=10)),
        ("no_longer_a_fact", True, NOW),
        ("married", "maybe", NOW),  # a shape that no longer fits is dropped
    ]
    assert set(usable_answers(facts(), stored, NOW)) == {"birth_date", "goyang_resident"}
