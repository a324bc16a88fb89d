"""Serve settings from the environment, and the serve command's wiring."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot import cli
from bot.commands import serve as serve_command
from bot.settings import SettingsError, load_settings

GOOD_SECRET = "0123456789abcdef-secret"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KAKAO_SKILL_SECRET": "short"}, "KAKAO_SKILL_SECRET: must be at least 16"),
        ({"KAKAO_SECRET_HEADER": "has space"}, "KAKAO_SECRET_HEADER: must be an HTTP header"),
        ({"GOYANG_BOT_PORT": "70000"}, "GOYANG_BOT_PORT:"),
        ({"GOYANG_BOT_PORT": "http"}, "GOYANG_BOT_PORT:"),
        ({"KAKAO_MAX_BODY_BYTES": "10"}, "KAKAO_MAX_BODY_BYTES:"),
        ({"KAKAO_API_BASE_URL": "bot-api.kakao.com"}, "KAKAO_API_BASE_URL: must be an http(s)"),
        ({"KAKAO_EVENT_NAME": "새 공고"}, "KAKAO_EVENT_NAME: must be the Open Builder"),
        (
            {
                "TELEGRAM_WEBHOOK_URL": "http://insecure.kr/hook",
                "TELEGRAM_WEBHOOK_SECRET": "a" * 20,
            },
            "TELEGRAM_WEBHOOK_URL: must be the public https",
        ),
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.kr/telegram/webhook"}, "TELEGRAM_WEBHOOK_SECRET"),
        (
            {
                "TELEGRAM_WEBHOOK_URL": "https://bot.kr/telegram/webhook",
                "TELEGRAM_WEBHOOK_SECRET": "bad secret!",
            },
            "TELEGRAM_WEBHOOK_SECRET: must be 16-256",
        ),
    ],
)
def test_wrong_serve_settings_fail_with_one_line_naming_the_variable(env, message):
    with pytest.raises(SettingsError) as caught:
        load_settings(**env)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_blank_optional_kakao_settings_count_as_unset():
    settings = load_settings(KAKAO_SKILL_SECRET="  ", KAKAO_BOT_ID="", KAKAO_REST_API_KEY="")
    assert settings.kakao_skill_secret is None
    assert settings.kakao_bot_id is None and settings.kakao_rest_api_key is None
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)


def test_run_starts_serve_when_a_kakao_secret_is_configured(monkeypatch, tmp_path):
    called = []
    monkeypatch.setattr(serve_command, "run_serve", lambda args, settings: called.append(1) or 0)
    monkeypatch.setenv("KAKAO_SKILL_SECRET", GOOD_SECRET)
    monkeypatch.setenv("GOYANG_BOT_DB", str(tmp_path / "b.sqlite3"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert cli.main(["run"]) == 0
    assert called == [1]


def test_serve_help_lists_its_options(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["serve", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "--host" in out and "--port" in out


def test_serve_refuses_a_bad_port_argument(tmp_path, capsys):
    settings = load_settings(GOYANG_BOT_DB=tmp_path / "b.sqlite3")
    args = argparse.Namespace(host=None, port=70000)
    assert serve_command.run_serve(args, settings) == 2
    assert "--port" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_serve_process_answers_on_loopback_and_stops_on_sigterm(tmp_path: Path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KAKAO_", "TELEGRAM_"))},
        "GOYANG_BOT_DB": str(tmp_path / "serve.sqlite3"),
        "KAKAO_SKILL_SECRET": GOOD_SECRET,
        "GOYANG_BOT_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(300):
                try:
                    health = await client.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError("serve did not start")
            assert health.json() == {"status": "ok"}
            refused = await client.post("/kakao/skill", content=b"{}")
            assert refused.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = await process.communicate()
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why
    assert process.returncode in (0, -signal.SIGTERM), err.decode()
    assert "Traceback" not in err.decode()
    assert f"serving on http://127.0.0.1:{port}" in out.decode()


# -- goyang-bot kakao … -----------------------------------------------------------------


def test_kakao_status_shows_what_is_on_without_secrets(monkeypatch, capsys):
    monkeypatch.setenv("KAKAO_SKILL_SECRET", GOOD_SECRET)
    monkeypatch.setenv("KAKAO_REST_API_KEY", "rest-key-value")
    monkeypatch.setenv("KAKAO_BOT_ID", "bot123")
    assert cli.main(["kakao", "status"]) == 0
    out = capsys.readouterr().out
    assert "skill endpoint   on" in out and "event API push   on" in out
    assert GOOD_SECRET not in out and "rest-key-value" not in out


def test_kakao_push_test_without_configuration_exits_2(monkeypatch, capsys):
    monkeypatch.delenv("KAKAO_REST_API_KEY", raising=False)
    monkeypatch.delenv("KAKAO_BOT_ID", raising=False)
    assert cli.main(["kakao", "push-test", "--user", "u1"]) == 2
    assert "KAKAO_REST_API_KEY" in capsys.readouterr().err


@pytest.mark.parametrize(("script", "code"), [("success", 0), ("fail", 1)])
def test_kakao_push_test_reports_kakaos_answer(monkeypatch, capsys, script, code):
    import threading

    import uvicorn

    from tests.fakes.kakao import FakeKakao, fail, success

    fake = FakeKakao(script=[success if script == "success" else fail("Invalid bot ID.")])
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(fake.app(), host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            threading.Event().wait(0.01)
        monkeypatch.setenv("KAKAO_REST_API_KEY", "rest-key-value")
        monkeypatch.setenv("KAKAO_BOT_ID", "bot123")
        monkeypatch.setenv("KAKAO_API_BASE_URL", f"http://127.0.0.1:{port}")
        assert cli.main(["kakao", "push-test", "--user", "u1", "--text", "테스트"]) == code
    finally:
        server.should_exit = True
        thread.join(10)
    captured = capsys.readouterr()
    assert fake.calls[0].body["user"] == [{"type": "botUserKey", "id": "u1"}]
    if code == 0:
        assert captured.out.startswith("accepted by Kakao, task ")
    else:
        assert "Invalid bot ID." in captured.err


def test_serve_refuses_content_without_the_kakao_strings(monkeypatch, tmp_path, capsys):
    import shutil

    from content.catalogue import bundled_content_dir

    content = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), content)
    (content / "strings" / "kakao.yaml").unlink()
    monkeypatch.setenv("GOYANG_BOT_CONTENT_DIR", str(content))
    monkeypatch.setenv("GOYANG_BOT_DB", str(tmp_path / "b.sqlite3"))
    monkeypatch.setenv("KAKAO_SKILL_SECRET", GOOD_SECRET)
    assert cli.main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "strings/kakao.yaml: busy: (text): missing" in err
