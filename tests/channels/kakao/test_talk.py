"""Typed small talk, shared answer words and a request typed mid-flow, through the real Kakao
skill app; a chip's label sent back as plain text (no ``extra``) does what the chip does."""

from __future__ import annotations

from db.store import Store
from tests.channels.kakao.test_serve import KakaoUser, quick_labels, served

__all__ = ["served"]  # the fixture, shared with test_serve


async def conversation_step(store: Store, user: KakaoUser) -> tuple[str | None, str | None]:
    found = await store.users.find("kakao", user.key)
    assert found is not None
    state = await store.conversations.load(found.id)
    return state.flow, state.step


async def test_greeting_chips_typed_as_text_do_what_the_chips_do(served: KakaoUser):
    answer = await served.say("ㅎㅇ")
    assert "고양시 청년 챗봇" in served.text(answer)
    labels = quick_labels(answer)
    assert "면접정장 빌리기" in labels and len(labels) >= 4
    pressed = served.text(await served.press("면접정장 빌리기"))
    await served.say("/menu")
    await served.say("안녕")
    typed = served.text(await served.say("면접정장 빌리기"))  # no extra: the label as text
    assert "만 나이가" in pressed and pressed == typed


async def test_thanks_and_a_person(served: KakaoUser):
    assert "천만에요" in served.text(await served.say("감사합니다"))
    text = served.text(await served.say("사람이랑 얘기할래요"))
    assert "031-8075-3665" in text and "운영 시간" in text


async def test_mid_flow_request_then_the_resume_chip_typed_as_text(
    served: KakaoUser, store: Store
):
    await served.say("면접정장 빌리기")
    await served.say("만 18~39세예요")  # a chip's label as plain text: the step's answer
    step = await conversation_step(store, served)
    assert step[0] == "booking" and step[1] != "age"
    answer = await served.say("cafe near Hwajeong station")
    assert "Please send your age" not in served.text(answer)
    [resume] = [label for label in quick_labels(answer) if "Back to" in label]  # in English
    assert await conversation_step(store, served) != step
    await served.say(resume)  # the chip's label, without its extra
    assert await conversation_step(store, served) == step
    assert "pick up where we left off" in served.text()


async def test_typed_yes_at_the_forget_step_and_bad_input_keeps_asking(
    served: KakaoUser, store: Store
):
    await served.say("/forget")
    await served.say("흠 ㅋㅋ")
    assert await conversation_step(store, served) == ("privacy", "confirm_forget")
    await served.say("넹")
    assert await store.users.find("kakao", served.key) is None
