"""The web settings: a short secret or a wrong address stops start-up with one line."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


@pytest.mark.parametrize(("env", "value", "message"), [
    ("GOYANG_BOT_WEB_SECRET", "short", "at least 32"),
    ("GOYANG_BOT_PUBLIC_URL", "bot.example.kr", "the address people open"),
    ("GOYANG_BOT_WEB_CHAT", "maybe", "GOYANG_BOT_WEB_CHAT"),
])
def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, env: str, value: str,
                                      message: str):
    monkeypatch.setenv(env, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(env) and message in str(caught.value)


def test_defaults_and_blanks(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GOYANG_BOT_WEB_SECRET", "  ")
    monkeypatch.setenv("GOYANG_BOT_PUBLIC_URL", "https://bot.example.kr/")
    monkeypatch.setenv("GOYANG_BOT_WEB_CHAT", "0")
    settings = load_settings()
    assert settings.web_secret is None
    assert settings.public_url == "https://bot.example.kr"
    assert settings.web_chat is False
    assert "web_secret" not in repr(settings)


async def test_the_web_chat_can_be_turned_off(db_path, store, engine):
    from bot.runtime import Runtime
    from bot.serve import build_serve_app
    from bot.settings import Settings
    from tests.web.conftest import running

    settings = Settings(GOYANG_BOT_DB=db_path, GOYANG_BOT_WEB_CHAT=False)
    async with running(build_serve_app(settings, runtime=Runtime(settings, store,
                                                                 engine))) as client:
        assert (await client.get("/chat")).status_code == 404
        assert (await client.get("/staff/login")).status_code == 200
