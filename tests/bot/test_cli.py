"""Operator commands: clear output and exit codes scripts can trust."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main


def test_content_check_passes_on_bundled_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_content_check_fails_with_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "x.yaml").write_text("id: x\nname: 엑스\n", encoding="utf-8")
    assert main(["content", "check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "programs/x.yaml: x: summary: Field required" in out


def test_chat_runs_from_a_fresh_process_without_a_token(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "GOYANG_BOT_DB": str(tmp_path / "t.sqlite3"),
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="5\n/quit\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "터미널 대화로 시작해요" in result.stdout
    assert "분야를 골라 주세요" in result.stdout
    assert (tmp_path / "t.sqlite3").exists()


def test_help_says_run_may_start_serve_as_the_readme_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    run_help = text[text.index("run start the bot"):text.index("chat talk to the bot")]
    for needed in ("serve", "KAKAO_SKILL_SECRET", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_BOT_TOKEN",
                   "terminal chat"):
        assert needed in run_help
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    assert "`goyang-bot serve`" in readme.split("make test")[0]
