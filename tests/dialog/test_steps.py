"""Declared steps through the real engine: a two-step test flow (a choice step, then a
parsed step) on a temporary SQLite store, and the privacy flow answered by typing.

The engine, not the flow, reads every answer here: a pressed choice, a typed label or
synonym, a parser value, a rejected value, "이전", "취소", stale and forged buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.catalogue import Catalogue
from db.conversations import ConversationState
from db.store import Store
from handlers.dialog.actions import MAX_ACTION_BYTES, build_action, parse_action
from handlers.dialog.context import Context
from handlers.dialog.engine import Engine
from handlers.dialog.flow import StepFlow
from handlers.dialog.state import FlowState
from handlers.dialog.steps import Choice, Question, Rejected, Step, Steps
from handlers.registry import build_flows
from tests.conftest import ChatDriver
from tests.fakes.clock import SEOUL, FakeClock

SIZE_QUESTION = "어떤 크기가 좋아요?"
AGE_QUESTION = "만 나이를 숫자로 적어 주세요."
AGE_REASON = "만 18~39세만 신청할 수 있어요."
BACK_AT_FIRST = "첫 질문이에요"
EXPIRED = "이 메뉴는 만료되었어요"


class SuitState(FlowState):
    size: str | None = None
    age: int | None = None


def read_age(ctx: Context, state: SuitState, text: str) -> int | Rejected:
    digits = text.strip().removesuffix("세").removeprefix("만").strip()
    if not digits.isdigit():
        return Rejected("숫자로 적어 주세요.")
    age = int(digits)
    return age if 18 <= age <= 39 else Rejected(AGE_REASON)


class SuitFlow(StepFlow[SuitState]):
    """Test only: pick a size (choices), then give an age (a parser, or "말 안 할래요")."""

    name = "suit"
    state_type = SuitState

    def declare(self) -> Steps[SuitState]:
        return Steps(
            Step("size", ask=self.ask_size, answer=self.sized),
            Step("age", ask=self.ask_age, answer=self.aged, parse=read_age),
        )

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        await self.ask(ctx, "size")

    async def ask_size(self, ctx: Context, state: SuitState) -> Question:
        return Question(SIZE_QUESTION, [
            [Choice("any", "상관없어요"), Choice("s", "작은 거")],
            [Choice("l", "큰 거", synonyms=("라지", "L 사이즈"))],
        ])

    async def sized(self, ctx: Context, state: SuitState, size: str) -> None:
        state.size = size
        await self.ask(ctx, "age")

    async def ask_age(self, ctx: Context, state: SuitState) -> Question:
        return Question(AGE_QUESTION, [[Choice("skip", "말 안 할래요", value=0)]])

    async def aged(self, ctx: Context, state: SuitState, age: int) -> None:
        size = state.size
        ctx.finish()
        ctx.say(f"접수: 크기 {size}, 나이 {age}")


@pytest.fixture
def chat(store: Store, catalogue: Catalogue) -> ChatDriver:
    engine = Engine(store, catalogue, [*build_flows(), SuitFlow()], clock=FakeClock())
    return ChatDriver(engine)


async def saved(store: Store, chat: ChatDriver) -> ConversationState:
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    return await store.conversations.load(user.id)


def labels(chat: ChatDriver) -> list[str]:
    return [b.label for b in chat.last.buttons()]


async def start(chat: ChatDriver) -> None:
    await chat.action("suit")
    assert chat.text() == SIZE_QUESTION
    assert labels(chat) == ["상관없어요", "작은 거", "큰 거"]


# -- reading answers -------------------------------------------------------------------------


async def test_a_pressed_choice_is_stored_and_the_next_step_is_asked(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    small = chat.find("작은 거")
    assert parse_action(small.action) is not None
    assert small.action.startswith("suit:pick:s~")
    await chat.action(small.action)
    assert chat.text() == AGE_QUESTION
    assert labels(chat) == ["말 안 할래요"]
    state = await saved(store, chat)
    assert (state.flow, state.step) == ("suit", "age")
    assert state.data["size"] == "s" and state.data["age"] is None
    assert state.data["trail"] == ["size", "age"]


@pytest.mark.parametrize(
    ("typed", "size"),
    [
        ("상관 없어요", "any"),  # the label with a space in it
        ("상관없어요!", "any"),
        ("작은 거요", "s"),  # a polite ending after the label
        ("작은거예요", "s"),
        ("큰 거", "l"),
        ("라지", "l"),  # a synonym
        ("라지요", "l"),
        ("l 사이즈", "l"),  # case and spacing of a synonym
    ],
)
async def test_a_typed_label_or_synonym_counts_as_the_choice(
    chat: ChatDriver, store: Store, typed: str, size: str
) -> None:
    await start(chat)
    await chat.say(typed)
    assert chat.text() == AGE_QUESTION
    assert (await saved(store, chat)).data["size"] == size


async def test_a_near_miss_is_not_guessed_and_the_step_is_asked_again(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    await chat.say("중간 거")
    assert "답을 잘 못 알아들었어요" in chat.text()
    assert chat.text().endswith(SIZE_QUESTION)
    assert labels(chat) == ["상관없어요", "작은 거", "큰 거"]
    state = await saved(store, chat)
    assert (state.step, state.data["size"]) == ("size", None)


async def test_a_value_the_parser_accepts_is_the_answer(chat: ChatDriver, store: Store) -> None:
    await start(chat)
    await chat.press("큰 거")
    await chat.say("만 25세")
    assert chat.text() == "접수: 크기 l, 나이 25"
    state = await saved(store, chat)
    assert state.flow is None and state.data == {}


async def test_a_choice_on_the_parsed_step_gives_its_value(chat: ChatDriver) -> None:
    await start(chat)
    await chat.press("큰 거")
    await chat.say("말 안 할래요")
    assert chat.text() == "접수: 크기 l, 나이 0"


async def test_a_rejected_value_re_asks_the_step_with_the_reason_and_keeps_answers(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    await chat.press("작은 거")
    await chat.say("45")
    assert chat.text() == f"{AGE_REASON}\n\n{AGE_QUESTION}"
    assert labels(chat) == ["말 안 할래요"]
    state = await saved(store, chat)
    assert (state.flow, state.step) == ("suit", "age")
    assert state.data["size"] == "s" and state.data["age"] is None
    await chat.say("30")
    assert chat.text() == "접수: 크기 s, 나이 30"


# -- back and cancel -------------------------------------------------------------------------


async def test_back_asks_the_step_before_and_keeps_its_answer_until_changed(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    await chat.press("작은 거")
    await chat.say("이전")
    assert chat.text() == SIZE_QUESTION
    state = await saved(store, chat)
    assert (state.step, state.data["size"], state.data["trail"]) == ("size", "s", ["size"])
    await chat.press("큰 거")
    await chat.say("20")
    assert chat.text() == "접수: 크기 l, 나이 20"


async def test_back_at_the_first_step_stays_there(chat: ChatDriver, store: Store) -> None:
    await start(chat)
    await chat.say("이전")
    assert BACK_AT_FIRST in chat.text()
    assert chat.text().endswith(SIZE_QUESTION)
    assert labels(chat) == ["상관없어요", "작은 거", "큰 거"]
    state = await saved(store, chat)
    assert (state.flow, state.step) == ("suit", "size")


async def test_cancel_closes_the_flow_and_clears_its_state(chat: ChatDriver, store: Store) -> None:
    await start(chat)
    await chat.press("큰 거")
    await chat.say("취소")
    assert chat.text().startswith("하던 것을 취소했어요")
    assert "🔔 채용 알림" in labels(chat)  # the main menu
    state = await saved(store, chat)
    assert (state.flow, state.step, state.data) == (None, None, {})


# -- stale, forged and outdated --------------------------------------------------------------


async def test_a_button_of_an_earlier_showing_has_expired(chat: ChatDriver, store: Store) -> None:
    await start(chat)
    old_small = chat.find("작은 거").action
    await chat.press("큰 거")
    await chat.action(old_small)
    assert chat.text().startswith(EXPIRED)
    state = await saved(store, chat)
    assert (state.step, state.data["size"]) == ("age", "l")


async def test_a_button_shown_again_after_back_replaces_the_old_one(chat: ChatDriver) -> None:
    await start(chat)
    first = chat.find("작은 거").action
    await chat.press("작은 거")
    await chat.say("이전")
    again = chat.find("작은 거").action
    assert again != first
    await chat.action(first)
    assert chat.text().startswith(EXPIRED)


async def test_a_forged_choice_with_the_current_version_has_expired(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    real = parse_action(chat.find("작은 거").action)
    assert real is not None and real.version is not None
    forged = build_action("suit:pick", "xl", version=real.version)
    await chat.action(forged)
    assert chat.text().startswith(EXPIRED)
    state = await saved(store, chat)
    assert (state.flow, state.step, state.data["size"]) == ("suit", "size", None)


async def test_a_saved_state_that_no_longer_fits_is_closed_politely(
    chat: ChatDriver, store: Store
) -> None:
    await start(chat)
    await chat.press("작은 거")
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    state = await store.conversations.load(user.id)
    state.data["size"] = ["written", "by", "older", "code"]
    await store.conversations.save(user.id, state, datetime.now(SEOUL))
    await chat.say("25")
    assert "하던 대화를 이어갈 수 없게 됐어요" in chat.text()
    assert "031-8075-3665" in chat.text()  # a person to call
    state = await saved(store, chat)
    assert (state.flow, state.step, state.data) == (None, None, {})


# -- button payloads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("x" * 41,), ("a:b",), ("two words",), ("tab\there",), ("line\n",), ("",), ("v~1",),
     ("a", "b", "c", "d")],
)
def test_build_action_refuses_what_parse_action_would_not_read(args: tuple[str, ...]) -> None:
    with pytest.raises(ValueError):
        build_action("suit:pick", *args)


def test_build_action_refuses_a_payload_over_64_bytes() -> None:
    args = ["가나다라마바"] * 4  # 18 bytes each
    with pytest.raises(ValueError):
        build_action("booking:shop", *args)
    assert len(build_action("booking:shop", *args[:2], version=3).encode()) <= MAX_ACTION_BYTES


def test_parse_action_refuses_a_trailing_newline() -> None:
    assert parse_action("core:menu") is not None
    assert parse_action("core:menu\n") is None


def test_build_action_writes_the_versioned_form() -> None:
    assert build_action("booking:shop", "dreamwings", version=3) == "booking:shop:dreamwings~3"
    assert build_action("core:menu") == "core:menu"


names = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
args = st.lists(st.text(max_size=42), max_size=3)
versions = st.none() | st.integers(min_value=0, max_value=999_999_999)


@given(flow=names, verb=names, arguments=args, version=versions)
def test_every_payload_build_action_returns_parses_back(
    flow: str, verb: str, arguments: list[str], version: int | None
) -> None:
    try:
        payload = build_action(f"{flow}:{verb}", *arguments, version=version)
    except ValueError:
        return
    assert len(payload.encode()) <= MAX_ACTION_BYTES
    action = parse_action(payload)
    assert action is not None
    assert (action.flow, action.verb, action.args, action.version) == (
        flow, verb, arguments, version,
    )


# -- the privacy flow, answered by typing ----------------------------------------------------


async def forget_asked(chat: ChatDriver) -> None:
    await chat.command("forget")
    assert chat.text().startswith("정말 내 정보를 모두 지울까요?")
    assert labels(chat) == ["네, 모두 지워 주세요", "아니요"]


async def test_typing_yes_to_forget_deletes_the_user(chat: ChatDriver, store: Store) -> None:
    await forget_asked(chat)
    await chat.say("네")
    assert chat.text().startswith("모두 지웠어요")
    assert await store.users.find(chat.channel, chat.user_key) is None
    assert await store.users.count() == 0


async def test_typing_no_to_forget_keeps_everything(chat: ChatDriver, store: Store) -> None:
    await chat.command("lang", "ko")
    await forget_asked(chat)
    await chat.say("아니요")
    assert chat.text().startswith("지우지 않았어요")
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None and user.locale == "ko"
    state = await saved(store, chat)
    assert state.flow is None


async def test_an_unclear_answer_to_forget_asks_again(chat: ChatDriver, store: Store) -> None:
    await forget_asked(chat)
    await chat.say("뭐라고?")
    assert chat.text().startswith("'네' 또는 '아니요'로 답해 주세요.")
    assert "정말 내 정보를 모두 지울까요?" in chat.text()
    assert labels(chat) == ["네, 모두 지워 주세요", "아니요"]
    state = await saved(store, chat)
    assert (state.flow, state.step) == ("privacy", "confirm_forget")
    await chat.say("네")
    assert await store.users.count() == 0
