"""일자리·알림 and 콘텐츠: counts, a postings import (bad records listed), fetch-now without
a key, the content check, the stale list, and a reload that keeps the last good content."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.runtime import Runtime
from bot.serve import build_serve_app
from bot.settings import Settings
from content.catalogue import bundled_content_dir, load_catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.fakes.clock import FakeClock
from tests.web.conftest import Web, running

POSTINGS = Path(__file__).resolve().parents[1] / "data" / "jobs"


async def post_file(web: Web, path: str, name: str, data: bytes, page: str):
    token = await web.csrf(page)
    return await web.client.post(path, data={"csrf": token},
                                 files={"file": (name, data, "application/octet-stream")})


async def test_jobs_page_counts_and_imports(staff_web: Web):
    page = await staff_web.client.get("/staff/jobs")
    assert page.status_code == 200 and "공고 0건" in page.text and "보낼 메시지" in page.text
    data = (POSTINGS / "work24_list.xml").read_bytes()
    imported = await post_file(staff_web, "/staff/jobs/import", "list.xml", data, "/staff/jobs")
    assert imported.status_code in (200, 422) and "inserted" in imported.text
    assert await staff_web.store.postings.count() > 0
    again = await post_file(staff_web, "/staff/jobs/import", "list.xml", data, "/staff/jobs")
    assert "inserted 0" in again.text  # idempotent, as on the CLI
    assert (await staff_web.store.audit.recent())[0][1:3] == ("staff:담당자", "jobs_import")


async def test_a_bad_postings_file_is_answered(staff_web: Web):
    bad = await post_file(staff_web, "/staff/jobs/import", "x.xml", b"<not xml", "/staff/jobs")
    assert bad.status_code == 422 and "읽을 수 없는 파일" in bad.text
    assert await staff_web.store.postings.count() == 0
    none = await staff_web.post("/staff/jobs/import", {}, csrf_from="/staff/jobs")
    assert none.status_code == 400 and "골라 주세요" in none.text


async def test_fetch_now_without_a_key_says_why(staff_web: Web):
    response = await staff_web.post("/staff/jobs/fetch", {}, csrf_from="/staff/jobs")
    assert response.status_code == 409 and "WORK24_AUTH_KEY" in response.text


async def test_content_check_and_stale_list(staff_web: Web):
    page = await staff_web.client.get("/staff/content")
    assert page.status_code == 200 and "문제 없어요" in page.text
    everything = await staff_web.client.get("/staff/content?stale=0")
    assert "오래된 출처 (0일" in everything.text and "<td>card</td>" in everything.text
    odd = await staff_web.client.get("/staff/content?stale=abc")
    assert odd.status_code == 200 and "(180일" in odd.text


async def test_reload_keeps_the_last_good_content(tmp_path: Path, db_path: Path):
    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    settings = Settings(GOYANG_BOT_DB=db_path, GOYANG_BOT_CONTENT_DIR=folder)
    store = await Store.open(db_path)
    engine = Engine(store, load_catalogue(folder), build_flows(), clock=FakeClock())
    try:
        async with running(build_serve_app(settings, runtime=Runtime(settings, store,
                                                                     engine))) as client:
            web = Web(client, store, engine, FakeClock())
            await web.add_staff()
            await web.sign_in()
            good = await web.post("/staff/content/reload", {}, csrf_from="/staff/content")
            assert good.status_code == 200 and "다시 불러왔어요" in good.text
            before = engine.catalogue
            (folder / "strings" / "core.yaml").write_text("welcome: [broken\n", encoding="utf-8")
            bad = await web.post("/staff/content/reload", {}, csrf_from="/staff/content")
            assert bad.status_code == 422 and "전에 쓰던 콘텐츠를 그대로" in bad.text
            assert "core.yaml" in bad.text
            assert engine.catalogue is before
            actions = [a[2] for a in await store.audit.recent()]
            assert actions[:2] == ["content_reload_refused", "content_reload"]
    finally:
        await store.close()
