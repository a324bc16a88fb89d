"""A message is answered in the language it is written in, whatever the client says: an
English sentence gets English (and the buttons after it stay English), Korean typed by an
English-speaking user gets Korean. Short or code-like text ("L", "100", "KTX", a link)
changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.text.script import written_locale
from db.store import Store
from tests.conversations.drivers import Driver, KakaoDriver, TelegramDriver


@pytest.mark.parametrize(("text", "locale"), [
    ("cafe near Hwajeong station", "en"),
    ("I want to book an interview suit", "en"),
    ("Thank you", "en"),
    ("cafe near 화정역", "en"),
    ("네", "ko"),
    ("정장 빌리고 싶어요", "ko"),
    ("GS25 알바 있어요?", "ko"),
    ("바리스타 job", "ko"),
    ("L", None), ("100", None), ("KTX", None), ("ok", None), ("12/2", None),
    ("170cm 65kg", None), ("'; DROP TABLE users; --", None),
    ("https://talk.kakaocdn.net/dn/photo.jpg", None), ("😀👍", None),
])
def test_the_language_a_message_is_written_in(text: str, locale: str | None) -> None:
    assert written_locale(text) == locale


@given(st.text(max_size=200))
def test_any_text_gives_a_language_or_none(text: str) -> None:
    assert written_locale(text) in ("ko", "en", None)


async def user_locale(store: Store, driver: Driver) -> str | None:
    user = await store.users.find(driver.channel, driver.user_key)
    assert user is not None
    return user.locale


async def test_an_english_sentence_from_a_korean_phone_is_answered_in_english(
    driver: Driver, store: Store
) -> None:
    await driver.say("/start")
    assert "무엇을 도와드릴까요" in driver.text()
    await driver.say("I need an interview suit")
    assert "만 나이" not in driver.text() and "age" in driver.text().lower()
    assert await user_locale(store, driver) == "en"  # the buttons after it stay English
    await driver.say("/menu")
    assert "What can I help with" in driver.text()
    await driver.say("메뉴 보여줘")  # Korean again: Korean again
    assert "무엇을 도와드릴까요" in driver.text()
    assert await user_locale(store, driver) == "ko"


async def test_korean_typed_on_an_english_phone_is_answered_in_korean(
    telegram: TelegramDriver, store: Store
) -> None:
    telegram.language = "en"
    await telegram.say("/start")
    assert "Goyang youth jobs bot" in telegram.text()
    await telegram.say("안녕하세요")
    assert "고양시 청년 챗봇" in telegram.text()
    await telegram.press("면접정장")  # a button after it: still Korean
    assert "만 나이" in telegram.text()


async def test_kakao_english_user_typing_a_size_keeps_english(
    kakao: KakaoDriver, store: Store
) -> None:
    kakao.lang = "en"
    await kakao.say("/start")
    await kakao.say("L")
    await kakao.say("100")
    assert await user_locale(store, kakao) in (None, "en")
    await kakao.say("/menu")
    assert "What can I help with" in kakao.text()
