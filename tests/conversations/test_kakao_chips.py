"""KakaoTalk: every chip the bot sends, sent back as plain text without ``extra``, reaches
the same result as pressing it (Kakao sends no ``extra`` when a user types a label).

Generic: each path below is walked on the real skill app; at every answer on the way, each
chip is tried twice from the same point, by two users who walked the same path: one presses
it (label and ``extra``), the other sends only its label. Both must then see the same
answer (texts and chips). Chips that commit something shared by every user (booking a
seat: the other user would see one seat fewer) are pressed, never compared.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from db.store import Store
from tests.conversations.conftest import NOW
from tests.conversations.drivers import KakaoDriver, bubble_texts
from tests.conversations.tours import DAY_LABEL, seed_long_content

Step = tuple[str, str]  # ("say", text) or ("press", part of a chip's label)
PATHS: dict[str, Sequence[Step]] = {
    "menu": [("say", "/start")],
    "programs": [("say", "/menu"), ("press", "프로그램 안내"), ("press", "일자리")],
    "eligibility": [("say", "/menu"), ("press", "자격 확인"), ("say", "만 26세"),
                    ("say", "네"), ("say", "아니요"), ("say", "아니요"), ("say", "아니요")],
    "places": [("say", "/menu"), ("press", "청년공간"), ("say", "화정역")],
    "jobs": [("say", "/menu"), ("press", "채용 알림"), ("say", "바리스타")],
    "alert": [("say", "/menu"), ("press", "채용 알림"), ("press", "새 알림"),
              ("say", "바리스타"), ("press", "덕양구")],
    "booking": [("say", "면접 정장 빌리고 싶어"), ("press", "18~39세"),
                ("press", "고양시에 살아요"), ("press", "내일꿈제작소"), ("press", "DAY")],
    "privacy": [("say", "/privacy")],
}
SHARED_COMMITS = ("예약하기", "신청하기")
_users = itertools.count()


async def walk(client: httpx.AsyncClient, steps: Sequence[Step]) -> KakaoDriver:
    user = KakaoDriver(client, user_key=f"chips-{next(_users)}")
    for kind, text in steps:
        if kind == "say":
            await user.say(text)
        elif text == "DAY":  # the first day offered
            await user.press(next(x for x in user.labels() if DAY_LABEL.search(x)))
        else:
            await user.press(text)
    return user


def seen(answer: dict[str, Any]) -> tuple[list[str], list[str]]:
    chips = [q["messageText"] for q in answer["template"].get("quickReplies", [])]
    return bubble_texts(answer), chips


@pytest.mark.parametrize("path", list(PATHS))
async def test_every_chip_typed_back_as_text_does_what_pressing_it_does(
    path: str, kakao: KakaoDriver, store: Store
):
    await seed_long_content(store, NOW)
    steps = PATHS[path]
    compared = 0
    for depth in range(1, len(steps) + 1):
        prefix = steps[:depth]
        chips = (await walk(kakao.client, prefix)).chips()
        for chip in chips:
            label = chip["messageText"]
            if any(word in label for word in SHARED_COMMITS):
                continue
            pressed = await walk(kakao.client, prefix)
            await pressed.send(label, chip["extra"])
            typed = await walk(kakao.client, prefix)
            await typed.send(label)  # the label alone, no extra
            assert seen(typed.answer) == seen(pressed.answer), (path, depth, label)
            compared += 1
    assert compared >= len(steps)


async def test_more_than_ten_chips_page_with_more_buttons_pressed_or_typed(
    kakao: KakaoDriver, store: Store
):
    """The booking times of a day (14 and more) are not cut: "버튼 더 보기" shows the rest,
    pressed or typed, and a time from that second page books like any other."""
    steps = [*PATHS["booking"][:-1], ("press", "12/1(화)")]  # a whole weekday: 14 times
    user = await walk(kakao.client, steps)
    quick = user.answer["template"]["quickReplies"]
    assert len(quick) == 10 and quick[8]["messageText"] == "버튼 더 보기"
    assert quick[-1]["messageText"] == "🏠 처음으로"  # the way back stays on screen
    first_page = user.labels()
    await user.press("버튼 더 보기")
    pressed = user.labels()
    typed = await walk(kakao.client, steps)
    await typed.send("버튼 더 보기")
    assert typed.labels() == pressed
    later = [x for x in pressed if x not in first_page and x[:1].isdigit()]
    assert later, pressed  # times the first page could not hold
    await typed.send(later[-1])  # a time from the second page, typed
    assert "무엇을 빌릴까요" in typed.text()
    found = await store.users.find("kakao", typed.user_key)
    assert found is not None
    state = await store.conversations.load(found.id)
    assert state.data["slot"].endswith(later[-1].split()[0])
