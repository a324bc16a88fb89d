"""통계: counts recorded as people talk (aggregates, masked texts) drawn as SVG charts."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.runtime import Runtime
from bot.serve import build_serve_app
from bot.settings import Settings
from bot.usage import UNKNOWN_MAX_CHARS, CountingEngine, masked
from bot.web.charts import Series, bar_chart, hbar_chart
from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.types import Incoming, Reply, Text
from handlers.registry import build_flows
from tests.fakes.clock import FakeClock, seoul
from tests.web.conftest import Web, running


@given(st.text(max_size=300))
def test_masked_texts_are_short_and_hold_no_phone_number(text: str):
    kept = masked(text)
    assert len(kept) <= UNKNOWN_MAX_CHARS
    assert not re.search(r"\d{3}", kept)
    assert not re.search(r"\S@\S", kept)


def test_charts_escape_labels_and_draw_every_value():
    svg = bar_chart("<b>", ["2026-12-01", "2026-12-02"], [Series("a&b", [3, 0]),
                                                         Series("c", [1, 2])])
    assert svg.startswith("<svg") and "&lt;b&gt;" in svg and "a&amp;b" in svg
    assert svg.count("<rect") == 3  # zero-high bars are not drawn
    assert "자료가 아직 없어요" in bar_chart("x", [], [])
    assert hbar_chart("t", ["flow"], [Series("s", [0])]).count("<rect") == 1


async def test_counts_are_recorded_and_drawn(db_path: Path, store: Store, catalogue: Catalogue):
    clock = FakeClock(seoul(2026, 12, 1, 9, 0))
    engine = CountingEngine(store, catalogue, build_flows(), clock=clock)
    settings = Settings(GOYANG_BOT_DB=db_path)
    for key, text in (("a", "전화 010-1234-5678 asdfqwer"), ("b", "qwerasdf zxcv")):
        await engine.handle(Incoming("kakao", key, text=text))
    await engine.handle(Incoming("telegram", "c", command="start"))
    await engine.handle(Incoming("telegram", "c", action="places:start"))
    await engine.flush()
    assert await store.usage.totals("turn", clock.now().date()) == {"": 4}
    unknown = dict(await store.usage.top_unknown(clock.now().date()))
    assert "전화 ###-####-#### asdfqwer" in unknown and "qwerasdf zxcv" in unknown
    counted = {"unknown_phrases", "usage_counts", "staff"}
    assert {"unknown_phrases", "usage_counts"} <= set(await store.db.tables_with_column("count"))
    for column in ("user_id", "channel_user_id", "user_key"):  # nothing names a user
        assert not counted & set(await store.db.tables_with_column(column))
    async with running(build_serve_app(settings, runtime=Runtime(settings, store,
                                                                 engine))) as client:
        web = Web(client, store, engine, clock)
        await web.add_staff()
        await web.sign_in()
        page = await client.get("/staff/insights")
        assert page.status_code == 200 and page.text.count("<svg") == 4
        assert "qwerasdf zxcv" in page.text and "kakao" in page.text
        assert "places" in page.text  # a flow started
        week = await client.get("/staff/insights?days=7")
        assert "최근 7일" in week.text
        odd = await client.get("/staff/insights?days=<x>")
        assert "최근 30일" in odd.text


async def test_insights_need_a_session(web: Web):
    assert (await web.client.get("/staff/insights")).status_code == 303


async def test_a_finished_eligibility_check_counts_its_verdicts_per_program(
    store: Store, catalogue: Catalogue
):
    """Typed answers to the suit-rental check: its verdict is counted, with no user in it;
    an unfinished check counts nothing."""
    clock = FakeClock(seoul(2026, 12, 1, 9, 0))
    engine = CountingEngine(store, catalogue, build_flows(), clock=clock)
    suit_check = "eligibility:program:interview_suit_rental"
    await engine.handle(Incoming("console", "a", action=suit_check))
    await engine.handle(Incoming("console", "a", text="1999-03-02"))
    await engine.flush()
    assert await store.usage.totals("eligibility", clock.now().date()) == {}
    await engine.handle(Incoming("console", "a", text="네 살아요"))
    await engine.flush()
    counted = await store.usage.totals("eligibility", clock.now().date())
    assert counted == {"interview_suit_rental:yes": 1}
    await engine.handle(Incoming("console", "a", text="결과 요약"))  # shown again: not counted
    await engine.flush()
    assert await store.usage.totals("eligibility", clock.now().date()) == counted


async def test_only_texts_the_bot_said_it_did_not_understand_are_kept(
        store: Store, catalogue: Catalogue):
    clock = FakeClock(seoul(2026, 12, 1, 9, 0))
    engine = CountingEngine(store, catalogue, build_flows(), clock=clock)
    understood = await engine.handle(Incoming("kakao", "a", text="메뉴"))
    not_understood = await engine.handle(Incoming("kakao", "b", text="qwerasdf zxcv"))
    said = {catalogue.strings.get("core.not_understood", lang) for lang in ("ko", "en")}

    def says_so(reply: Reply) -> bool:
        return any(isinstance(p, Text) and p.text.startswith(tuple(said)) for p in reply.parts)

    assert not says_so(understood) and says_so(not_understood)
    await engine.flush()
    assert dict(await store.usage.top_unknown(clock.now().date())) == {"qwerasdf zxcv": 1}
