"""Bad input gets a clear, friendly answer; nothing crashes; the database stays consistent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main as cli_main
from bot.settings import SettingsError, load_settings
from content.catalogue import bundled_content_dir, load_catalogue
from content.errors import ContentError
from db.store import Store
from tests.conftest import ChatDriver


async def test_empty_text_asks_for_words(chat: ChatDriver) -> None:
    await chat.say("")
    assert "글자로" in chat.text()


async def test_emoji_only_asks_for_words(chat: ChatDriver) -> None:
    await chat.say("😀😀🎉")
    assert "글자로" in chat.text()


async def test_ten_thousand_characters_are_refused_politely(chat: ChatDriver) -> None:
    await chat.say("가" * 10_000)
    assert "너무 길어요" in chat.text()
    assert len(chat.text()) < 200


async def test_control_characters_are_ignored(chat: ChatDriver) -> None:
    await chat.say("\x00\x07청년\u200b배당\x1b[31m")
    assert "청년기본소득" in chat.text()


async def test_sql_looking_text_is_just_text(chat: ChatDriver, store: Store) -> None:
    await chat.say("'; DROP TABLE users; --")
    assert "모르겠어요" in chat.text()
    assert await store.users.count() == 1
    await chat.say("청년배당' OR '1'='1")
    assert "청년기본소득" in chat.text()


async def test_unknown_command_shows_menu(chat: ChatDriver) -> None:
    await chat.command("sudo", "rm -rf /")
    assert "없는 명령" in chat.text()
    assert chat.find("프로그램 안내")


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "programs:show:does_not_exist",
        "programs:cat:x",
        "core:explode",
        "x" * 65,
        "programs:show:a:b:c:d:e:f",
        "privacy:yes",
        "privacy:yes~abc",
        "🙂",
        "eligibility:program:youth_basic_income~4",
    ],
)
async def test_forged_or_stale_buttons_say_expired(
    chat: ChatDriver, store: Store, payload: str
) -> None:
    await chat.action(payload)
    assert chat.text().startswith("이 메뉴는 만료되었어요")
    assert "사람과 상담하고 싶다면" in chat.text()  # a person to call
    assert chat.find("채용 알림") and chat.find("프로그램 안내")  # and the main menu
    user = await store.users.find(chat.channel, chat.user_key)
    assert user is not None
    state = await store.conversations.load(user.id)
    assert (state.flow, state.data) == (None, {})


async def test_a_button_for_an_unknown_language_asks_for_the_language(chat: ChatDriver) -> None:
    await chat.action("core:lang:zz")
    assert chat.text() == "언어를 골라 주세요."
    assert [b.label for b in chat.last.buttons()] == ["한국어", "English"]


async def test_stale_step_button_after_leaving_the_step_is_expired(chat: ChatDriver) -> None:
    await chat.command("forget")
    yes = chat.find("지워")
    await chat.command("cancel")
    await chat.action(yes.action)
    assert "만료" in chat.text()


async def test_out_of_range_location_is_refused(chat: ChatDriver) -> None:
    await chat.location(999.0, 126.8)
    assert "모르겠어요" in chat.text()
    await chat.location(float("nan"), 126.8)
    assert "모르겠어요" in chat.text()


def _copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), target)
    return target


def test_program_file_with_a_missing_field_names_file_entry_and_field(tmp_path: Path) -> None:
    folder = _copy_content(tmp_path)
    path = folder / "programs" / "job_bus.yaml"
    path.write_text(
        "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("benefit")
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_catalogue(folder)
    assert any(
        p.startswith("programs/job_bus.yaml: job_bus: benefit:") for p in caught.value.problems
    ), caught.value.problems


def test_broken_yaml_and_bad_strings_are_reported_with_locations(tmp_path: Path) -> None:
    folder = _copy_content(tmp_path)
    (folder / "menu.yaml").write_text("- id: x\n  label: [unclosed\n", encoding="utf-8")
    (folder / "strings" / "extra.yaml").write_text(
        "hello:\n  ko: '안녕 {name}'\n  en: 'Hi'\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_catalogue(folder)
    problems = "\n".join(caught.value.problems)
    assert "menu.yaml: line" in problems
    assert "strings/extra.yaml: hello: en: placeholders" in problems


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GOYANG_BOT_ADMINS", "12,abc"),
        ("LOG_LEVEL", "chatty"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("GOYANG_BOT_STATE_TIMEOUT_MINUTES", "0"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org"),
    ],
)
def test_wrong_env_value_fails_with_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=f"^{variable}: "):
        load_settings()
    assert cli_main(["content", "check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and variable in err[0]


async def test_database_is_consistent_after_a_storm_of_bad_input(
    chat: ChatDriver, store: Store
) -> None:
    for text in ["", "😀", "\x00", "a" * 5000, "'; --", "/", "0", "-1"]:
        await chat.say(text)
    for payload in ["", "::", "~", "core:", "privacy:yes~1"]:
        await chat.action(payload)
    if store.db.dialect == "sqlite":  # PostgreSQL checks both on every write
        row = await store.db.fetchone("PRAGMA integrity_check")
        assert row is not None and row[0] == "ok"
        assert await store.db.fetchall("PRAGMA foreign_key_check") == []
    assert await store.users.count() == 1
