"""Settings come from the environment or a .env file, with defaults that just work."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_API_BASE, load_settings


def test_defaults_need_no_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "GOYANG_BOT_DB", "GOYANG_BOT_ADMINS", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == DEFAULT_API_BASE
    assert settings.db_path == Path("var/goyang-bot.sqlite3")
    assert settings.admins == frozenset()


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOYANG_BOT_ADMINS", raising=False)
    (tmp_path / ".env").write_text(
        "GOYANG_BOT_ADMINS=11, 22\nTELEGRAM_API_BASE_URL=http://localhost:8081/bot\n"
        "LOG_LEVEL=debug\n",
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.admins == frozenset({11, 22})
    assert settings.telegram_api_base_url == "http://localhost:8081/bot"
    assert settings.log_level == "DEBUG"


def test_blank_token_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings().telegram_bot_token is None
