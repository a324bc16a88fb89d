"""A Kakao-only ``serve`` (no Telegram) still runs the push dispatcher: alerts reach
Kakao users through the Event API."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from bot.jobs.ingest import import_postings
from bot.runtime import Runtime
from bot.serve import build_serve_app
from content.jobs.postings import ParseResult
from content.text.clock import SEOUL
from db.jobs import (
    AlertSettings,
    AlertSettingsRepository,
    SubscriptionFields,
    SubscriptionRepository,
)
from db.store import Store
from handlers.dialog.engine import Engine
from tests.channels.kakao.test_serve import kakao_settings, running
from tests.fakes.kakao import FakeKakao, serve_on_loopback
from tests.jobs.support import posting


async def test_kakao_only_server_pushes_a_new_job_alert(
    db_path: Path, store: Store, engine: Engine
) -> None:
    fake = FakeKakao()
    async with serve_on_loopback(fake.app()) as url:
        settings = kakao_settings(
            db_path,
            KAKAO_BOT_ID="bot123",
            KAKAO_REST_API_KEY="rest-key",
            KAKAO_API_BASE_URL=url,
            GOYANG_BOT_PUSH_INTERVAL=1,
        )
        runtime = Runtime(settings=settings, store=store, engine=engine)
        now = datetime.now(SEOUL)
        user = await store.users.touch("kakao", "kakao-user-9", now)
        # Quiet hours well away from now, whatever time the suite runs.
        quiet = (
            (now + timedelta(hours=3)).strftime("%H:00"),
            (now + timedelta(hours=4)).strftime("%H:00"),
        )
        await AlertSettingsRepository(store.db).save(
            AlertSettings(user.id, quiet_start=quiet[0], quiet_end=quiet[1]), now
        )
        fields = SubscriptionFields(
            keywords=("바리스타",),
            frequency="instant",
        )
        await SubscriptionRepository(store.db).create(user.id, fields, now=now)
        await import_postings(store.db, ParseResult([posting("K9")]), now)
        async with running(build_serve_app(settings, runtime=runtime)):
            for _ in range(500):
                row = await store.db.fetchone(
                    "SELECT status FROM outbox WHERE user_id = ?", (user.id,)
                )
                if row is not None and row[0] == "sent":
                    break
                await asyncio.sleep(0.02)
    assert fake.calls, "the dispatcher never called the Event API"
    call = fake.calls[0]
    assert call.bot_id == "bot123"
    assert call.authorization == "KakaoAK rest-key"
    assert "kakao-user-9" in str(call.body)
    row = await store.db.fetchone("SELECT status FROM outbox WHERE user_id = ?", (user.id,))
    assert row is not None and row[0] == "sent"
