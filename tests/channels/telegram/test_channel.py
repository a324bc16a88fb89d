"""End to end through the real python-telegram-bot stack, with a fake Bot API."""

from __future__ import annotations

import asyncio

from bot.channels.telegram.channel import register_commands
from bot.channels.telegram.render import split_text
from tests.conftest import TelegramHarness
from tests.fakes.telegram import (
    callback_update,
    command_update,
    location_update,
    sticker_update,
    text_update,
)

MENU_KO = [
    "✅ 지원사업 자격 확인",
    "📍 가까운 청년공간 찾기",
    "🔔 채용 알림",
    "👔 면접정장 무료 대여",
    "📚 프로그램 안내",
    "❓ 도움말",
]


async def test_start_greets_in_korean_and_shows_the_main_menu(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "start"))
    sent = tg.api.sent("sendMessage")
    assert "고양시 청년 일자리 챗봇" in sent[0].text
    assert sent[-1].button_labels() == MENU_KO
    assert all(len(b["callback_data"].encode()) <= 64 for b in sent[-1].buttons())


async def test_english_telegram_user_gets_english(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "start", user_id=50, language="en"))
    sent = tg.api.sent("sendMessage")
    assert "Goyang youth jobs bot" in sent[0].text
    assert "📚 Programs" in sent[-1].button_labels()


async def test_lang_switches_language_and_it_sticks(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "lang", "en"))
    assert "English" in tg.api.last_text().text
    tg.api.clear()
    await tg.process(text_update(tg.bot, "menu"))
    assert "What can I help with" in tg.api.last_text().text


async def test_button_press_is_answered_and_edits_the_pressed_message(tg: TelegramHarness) -> None:
    await tg.process(callback_update(tg.bot, "programs", message_id=555))
    methods = [c.method for c in tg.api.calls]
    assert methods[0] == "answerCallbackQuery"
    edit = tg.api.sent("editMessageText")[0]
    assert edit.params["message_id"] == 555
    assert "분야를 골라 주세요" in edit.text
    assert "돈·주거 지원" in edit.button_labels()


async def test_program_card_shows_status_source_and_date(tg: TelegramHarness) -> None:
    await tg.process(callback_update(tg.bot, "programs:show:youth_basic_income"))
    card = tg.api.sent()[-1].text
    assert "청년기본소득" in card
    assert "지금은 운영하지 않아요" in card
    assert "2025" in card
    assert "(2026-03-02 자료 · 2026-12-01 확인)" in card and "http" in card


async def test_forged_callback_data_says_menu_expired(tg: TelegramHarness) -> None:
    for forged in [
        "programs:show:../../etc",
        "zz:zz",
        "",
        "x" * 200,
        "programs:show:nope",
        "privacy:yes~99",
    ]:
        tg.api.clear()
        await tg.process(callback_update(tg.bot, forged))
        assert tg.api.calls[0].method == "answerCallbackQuery"
        assert "만료" in tg.api.sent()[-1].text, forged


async def test_free_text_with_typos_reaches_the_program_card(tg: TelegramHarness) -> None:
    await tg.process(text_update(tg.bot, "청년 배당 알려주세여"))
    assert "청년기본소득" in tg.api.last_text().text


async def test_unknown_command_and_sticker_get_friendly_answers(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "frobnicate"))
    assert "없는 명령" in tg.api.last_text().text
    tg.api.clear()
    await tg.process(sticker_update(tg.bot))
    assert "글자로" in tg.api.last_text().text


async def test_location_without_places_flow_is_acknowledged(tg: TelegramHarness) -> None:
    del tg.runtime.engine.flows["places"]  # a deployment without the places feature
    await tg.process(location_update(tg.bot, 37.6346, 126.8327))
    reply = tg.api.last_text()
    assert reply.text.startswith("위치를 받았어요.")
    assert any("지원사업 자격 확인" in label for label in reply.button_labels())  # the menu
    assert not tg.api.sent("sendVenue")


async def test_a_shared_location_gets_the_nearest_places_as_a_venue_and_cards(
    tg: TelegramHarness,
) -> None:
    await tg.process(location_update(tg.bot, 37.6346, 126.8327))  # by 화정동
    methods = [c.method for c in tg.api.calls]
    assert methods[:2] == ["sendMessage", "sendVenue"]
    assert "가까운 곳" in tg.api.calls[0].text
    venue = tg.api.calls[1].params
    assert venue["title"] == "내일꿈제작소"
    assert abs(venue["latitude"] - 37.6346) < 0.01 and abs(venue["longitude"] - 126.8327) < 0.01
    cards = [c.text for c in tg.api.sent("sendMessage")[1:] if c.text[:2] in ("1.", "2.", "3.")]
    assert len(cards) == 3 and cards[0].startswith("1. 내일꿈제작소")
    assert "📏" in cards[0]
    assert "더 보기" in tg.api.sent("sendMessage")[-1].button_labels()


async def test_commands_are_registered_in_korean_and_english(tg: TelegramHarness) -> None:
    await register_commands(tg.app)  # type: ignore[arg-type]
    calls = tg.api.sent("setMyCommands")
    by_lang = {c.params.get("language_code"): c.params["commands"] for c in calls}
    assert {"ko", "en"} <= set(by_lang)
    names = [c["command"] for c in by_lang["ko"]]
    assert {"start", "help", "menu", "cancel", "privacy", "forget", "lang"} <= set(names)
    assert by_lang["en"][1]["description"] == "Main menu"


async def test_forget_through_telegram_deletes_the_user(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "start"))
    await tg.process(command_update(tg.bot, "forget"))
    yes = next(b for b in tg.api.last_text().buttons() if "지워" in b["text"])
    await tg.process(callback_update(tg.bot, yes["callback_data"]))
    assert await tg.runtime.store.users.find("telegram", "42") is None


async def test_admin_reload_is_refused_for_others(tg: TelegramHarness) -> None:
    await tg.process(command_update(tg.bot, "reload", user_id=8))
    assert "담당 직원만" in tg.api.last_text().text
    tg.api.clear()
    await tg.process(command_update(tg.bot, "reload", user_id=7))
    assert "다시 불러왔어요" in tg.api.last_text().text


async def test_a_failing_send_reaches_the_error_handler_without_crashing(
    tg: TelegramHarness,
) -> None:
    tg.api.errors["sendMessage"] = [(400, {"error_code": 400, "description": "Bad Request: x"})]
    await tg.process(command_update(tg.bot, "help"))
    # The error handler apologised with a second sendMessage that went through.
    assert tg.api.sent("sendMessage")[-1].text.startswith("앗, 문제가 생겼어요")


def test_long_text_is_split_under_telegram_limit_on_boundaries() -> None:
    text = "\n".join(f"{i}번째 줄이에요 " * 8 for i in range(200))
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


async def test_one_users_updates_are_answered_in_order_under_concurrency(
    tg: TelegramHarness,
) -> None:
    app = tg.app
    await app.start()  # type: ignore[attr-defined]
    try:
        texts = ["/lang en", "menu", "/lang ko", "메뉴"]
        for text in texts:
            if text.startswith("/"):
                name, _, args = text[1:].partition(" ")
                update = command_update(tg.bot, name, args, user_id=77)
            else:
                update = text_update(tg.bot, text, user_id=77)
            await app.update_queue.put(update)  # type: ignore[attr-defined]
        for uid in range(100, 110):
            await app.update_queue.put(text_update(tg.bot, "메뉴", user_id=uid))  # type: ignore[attr-defined]
        for _ in range(500):
            if len([c for c in tg.api.sent() if c.params["chat_id"] == 77]) == 4:
                break
            await asyncio.sleep(0.01)
    finally:
        await app.stop()  # type: ignore[attr-defined]
    mine = [c.text for c in tg.api.sent() if c.params["chat_id"] == 77]
    assert "English" in mine[0]
    assert mine[1].startswith("What can I help with")
    assert "한국어로" in mine[2]
    assert mine[3].startswith("무엇을 도와드릴까요")
    assert len(tg.api.sent()) == 14


async def test_suit_program_card_offers_booking(tg: TelegramHarness) -> None:
    await tg.process(callback_update(tg.bot, "programs:show:interview_suit_rental"))
    buttons = {b["text"]: b.get("callback_data") for b in tg.api.sent()[-1].buttons()}
    assert buttons["👔 신청 방법·대여 신청"] == "booking"


def test_text_without_buttons_joins_the_next_text() -> None:
    from bot.channels.telegram.render import coalesce
    from handlers.dialog.types import Button, Card, Text

    menu = ((Button("메뉴", "core:menu"),),)
    parts = [Text("안내"), Text("질문", menu), Text("다음"), Card("카드", "본문"), Text("끝")]
    joined = coalesce(parts)
    assert joined[0] == Text("안내\n\n질문", menu)
    assert joined[1] == Text("다음")
    assert len(joined) == 4
    assert len(coalesce([Text("가" * 4000), Text("나" * 200)])) == 2


async def test_location_keyboard_is_removed_once_the_user_types_a_place(
    tg: TelegramHarness,
) -> None:
    await tg.process(callback_update(tg.bot, "places"))
    asked = [
        c for c in tg.api.sent("sendMessage") if "keyboard" in str(c.params.get("reply_markup"))
    ]
    assert any(b.get("request_location") for c in asked for b in c.buttons())
    tg.api.clear()
    await tg.process(text_update(tg.bot, "화정역"))
    removals = [
        c for c in tg.api.calls if "remove_keyboard" in str(c.params.get("reply_markup", ""))
    ]
    assert len(removals) == 1
    tg.api.clear()
    await tg.process(text_update(tg.bot, "메뉴"))
    assert not any("remove_keyboard" in str(c.params.get("reply_markup", "")) for c in tg.api.calls)
