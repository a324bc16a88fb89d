"""Whatever a user types at any booking step, the bot answers and never hits its error path."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.catalogue import Catalogue
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.registry import build_flows
from tests.booking.test_flow import book_until_slot
from tests.conftest import ChatDriver
from tests.fakes.clock import FakeClock, seoul

_users = itertools.count()

STEPS = ("age", "basis", "day", "slot", "items", "size", "interview", "company", "confirm")


async def reach(chat: ChatDriver, step: str) -> None:
    if step == "age":
        await chat.say("정장 대여")
        return
    if step == "basis":
        await chat.say("정장 대여")
        await chat.press("18~39세")
        return
    await book_until_slot(chat)
    if step == "slot":
        return
    if step == "day":
        await chat.press("다른 날짜")
        return
    await chat.press("10:00")
    if step == "items":
        return
    await chat.press("재킷")
    await chat.press("다음")
    if step == "size":
        return
    await chat.say("L")
    if step == "interview":
        return
    await chat.say("12/2")
    if step == "company":
        return
    await chat.press("건너뛰기")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(step=st.sampled_from(STEPS),
       text=st.one_of(st.text(max_size=120),
                      st.sampled_from(["99년 3월", "0", "-1", "2026-02-30", "25:61", "8XL",
                                       "999/999", "'; DROP TABLE bookings; --", "🙂" * 50,
                                       "x" * 1200, "12월 32일", "내일모레 오후 13시"])))
async def test_any_text_at_any_step_gets_an_answer(store: Store, catalogue: Catalogue,
                                                  step: str, text: str) -> None:
    engine = Engine(store, catalogue, build_flows(), clock=FakeClock(seoul(2026, 11, 28, 12, 0)),
                    state_timeout=timedelta(days=3650))
    chat = ChatDriver(engine, user_key=f"fuzz{next(_users)}")
    await reach(chat, step)
    reply = await chat.say(text)
    shown = "\n".join(reply.texts())
    assert shown
    assert catalogue.strings.get("core.error_generic", "ko") not in shown
