"""The dialog engine: state, timeouts, ordering, reload, and random input that never breaks it."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.catalogue import Catalogue, bundled_content_dir
from content.text.clock import SEOUL
from db.store import Store
from handlers.dialog.engine import Engine
from handlers.dialog.types import Incoming, Location
from handlers.registry import build_flows
from tests.conftest import ChatDriver, stored_user
from tests.fakes.clock import FakeClock


async def test_cancel_leaves_the_flow_and_saves_nothing(chat: ChatDriver, store: Store) -> None:
    await chat.command("forget")
    await chat.command("cancel")
    assert "취소했어요" in chat.text()
    user = await stored_user(store)
    state = await store.conversations.load(user.id)
    assert state.flow is None and state.data == {}
    await chat.command("cancel")
    assert "취소할" in chat.text()


async def test_help_offers_a_human(chat: ChatDriver) -> None:
    await chat.command("help")
    assert "031-8075-3665" in chat.text()


async def test_help_lists_staff_commands_to_admins_only(chat: ChatDriver) -> None:
    await chat.command("help")
    for command in ("/bookings", "/mark", "/reload", "/admin"):
        assert command not in chat.text()
    chat.admin = True
    await chat.command("help")
    for command in ("/bookings", "/mark", "/reload", "/admin stats"):
        assert command in chat.text()
    assert "031-8075-3665" in chat.text()
    await chat.command("lang", "en")
    await chat.command("help")
    assert "Staff commands" in chat.text() and "/mark CODE" in chat.text()


async def test_privacy_lists_what_is_kept(chat: ChatDriver) -> None:
    await chat.command("lang", "en")
    await chat.command("privacy")
    assert "Chosen language: en" in chat.text()
    assert "/forget" in chat.text()


async def test_stale_conversation_times_out(store: Store, catalogue: Catalogue) -> None:
    clock = FakeClock()
    engine = Engine(
        store, catalogue, build_flows(), state_timeout=timedelta(minutes=30), clock=clock
    )
    chat = ChatDriver(engine)
    await chat.command("forget")
    yes = chat.find("지워")
    clock.advance(minutes=31)
    await chat.say("네")
    assert "대화를 마쳤어요" in chat.text()
    assert await store.users.count() == 1
    await chat.action(yes.action)
    assert "만료" in chat.text()


async def test_one_users_updates_run_in_order_and_users_run_concurrently(
    engine: Engine, store: Store
) -> None:
    order: list[str] = []
    original = engine._handle

    async def traced(incoming: Incoming):  # type: ignore[no-untyped-def]
        order.append(f"start {incoming.user_key} {incoming.text}")
        await asyncio.sleep(0.01 if incoming.text == "1" else 0)
        reply = await original(incoming)
        order.append(f"end {incoming.user_key} {incoming.text}")
        return reply

    engine._handle = traced  # type: ignore[method-assign]
    inputs = [
        Incoming("console", "a", text="1"),
        Incoming("console", "a", text="2"),
        Incoming("console", "b", text="1"),
    ]
    await asyncio.gather(*(engine.handle(i) for i in inputs))
    assert order.index("end a 1") < order.index("start a 2")
    assert order.index("start b 1") < order.index("end a 1")
    assert not engine._locks


async def test_reload_keeps_last_good_catalogue_and_admin_is_told_why(
    store: Store, catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), folder)
    from content.catalogue import load_catalogue

    engine = Engine(store, load_catalogue(folder), build_flows())
    admin = ChatDriver(engine, admin=True)
    (folder / "programs" / "job_bus.yaml").write_text("id: job_bus\n", encoding="utf-8")
    await admin.command("reload")
    assert "이전 콘텐츠를 계속 써요" in admin.text()
    assert "programs/job_bus.yaml: job_bus: category" in admin.text()
    await admin.action("programs:show:job_bus")
    assert "일자리버스" in admin.text()

    shutil.rmtree(folder)
    shutil.copytree(bundled_content_dir(), folder)
    path = folder / "strings" / "core.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("무엇을 도와드릴까요?", "무엇이 궁금하세요?"),
        encoding="utf-8",
    )
    await admin.command("reload")
    assert "다시 불러왔어요" in admin.text()
    await admin.command("menu")
    assert "무엇이 궁금하세요?" in admin.text()
    assert (await store.audit.recent())[0][2] == "content_reload"


async def test_a_flow_that_crashes_gets_an_apology_not_a_traceback(
    chat: ChatDriver, engine: Engine
) -> None:
    async def boom(ctx, args):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError

    engine.flows["programs"].start = boom  # type: ignore[method-assign]
    await chat.action("programs")
    assert "문제가 생겼어요" in chat.text()
    assert "Traceback" not in chat.text()


inputs = st.one_of(
    st.builds(lambda t: {"text": t}, st.text(max_size=300)),
    st.builds(
        lambda t: {"text": t},
        st.sampled_from(["청년배당", "메뉴", "네", "아니요", "면접 정장", "help", "😀", "", "0"]),
    ),
    st.builds(lambda a: {"action": a}, st.text(max_size=80)),
    st.builds(
        lambda a: {"action": a},
        st.sampled_from(
            [
                "core:menu",
                "programs",
                "programs:cat:jobs",
                "programs:show:job_bus",
                "privacy:forget",
                "privacy:yes~1",
                "privacy:no~2",
                "core:lang:en",
                "core:lang:ko",
                "places",
                "jobs",
            ]
        ),
    ),
    st.builds(
        lambda c, a: {"command": c, "command_args": a},
        st.sampled_from(
            ["start", "menu", "help", "cancel", "privacy", "forget", "lang", "reload", "xyz", ""]
        ),
        st.text(max_size=20),
    ),
    st.builds(
        lambda la, lo: {"location": Location(la, lo)},
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(),
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=st.lists(inputs, min_size=1, max_size=12))
async def test_random_sequences_always_get_a_reply(engine: Engine, sequence: list[dict]) -> None:  # type: ignore[type-arg]
    for fields in sequence:
        reply = await engine.handle(Incoming(channel="fuzz", user_key="f", **fields))
        assert reply.parts
        assert all(text.strip() for text in reply.texts())
        assert all(len(b.action.encode()) <= 64 for b in reply.buttons() if not b.url)
    assert datetime.now(SEOUL)


async def test_entering_a_flow_starts_with_empty_flow_data(chat: ChatDriver, store: Store) -> None:
    await chat.command("forget")
    user = await stored_user(store)
    state = await store.conversations.load(user.id)
    state.data["left_over"] = "from another flow"
    state.flow = "places"
    await store.conversations.save(user.id, state, datetime.now(SEOUL))
    await chat.command("forget")
    state = await store.conversations.load(user.id)
    assert state.flow == "privacy" and "left_over" not in state.data
