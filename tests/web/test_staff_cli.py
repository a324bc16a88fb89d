"""``goyang-bot staff add|reset|list|disable``: one-time links, hashes only, audit."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.web.security import token_hash
from db.store import Store

LINK = re.compile(r"http://127\.0\.0\.1:8080/staff/setup/([A-Za-z0-9_-]{40,})")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("GOYANG_BOT_DB", str(path))
    for name in ("TELEGRAM_BOT_TOKEN", "GOYANG_BOT_PUBLIC_URL", "GOYANG_BOT_HOST",
                 "GOYANG_BOT_PORT"):
        monkeypatch.delenv(name, raising=False)
    return path


def stored(db: Path) -> list[tuple[str, ...]]:
    async def read() -> list[tuple[str, ...]]:
        store = await Store.open(db)
        try:
            rows = await store.db.fetchall("SELECT name, setup_token_hash, active FROM staff")
            return [tuple(str(v) for v in r) for r in rows]
        finally:
            await store.close()

    return asyncio.run(read())


def test_add_prints_a_link_and_stores_only_its_hash(db: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["staff", "add", "김민지"]) == 0
    token = LINK.search(capsys.readouterr().out)
    assert token
    [(name, hashed, active)] = stored(db)
    assert (name, active) == ("김민지", "1")
    assert hashed == token_hash(token.group(1)) and token.group(1) not in hashed
    assert main(["staff", "add", "김민지"]) == 1
    assert "exists already" in capsys.readouterr().err


def test_public_url_starts_the_link(db: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GOYANG_BOT_PUBLIC_URL", "https://bot.goyang.example/")
    assert main(["staff", "add", "minji"]) == 0
    assert "https://bot.goyang.example/staff/setup/" in capsys.readouterr().out


def test_list_reset_disable(db: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["staff", "list"]) == 0
    assert "no staff accounts yet" in capsys.readouterr().out
    main(["staff", "add", "minji"])
    first = LINK.search(capsys.readouterr().out)
    assert main(["staff", "list"]) == 0
    assert "minji\tactive, waiting for the setup link" in capsys.readouterr().out
    assert main(["staff", "reset", "minji"]) == 0
    second = LINK.search(capsys.readouterr().out)
    assert first and second and first.group(1) != second.group(1)
    assert stored(db)[0][1] == token_hash(second.group(1))  # the old link no longer works
    assert main(["staff", "disable", "minji"]) == 0
    assert main(["staff", "disable", "minji"]) == 1
    assert main(["staff", "reset", "nobody"]) == 1
    assert stored(db)[0][2] == "0"
    capsys.readouterr()
    assert main(["staff", "list"]) == 0
    assert "minji\tdisabled" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["a", "x" * 41, "bad name", "<script>", "../etc"])
def test_bad_names_are_refused(db: Path, capsys: pytest.CaptureFixture[str], name: str):
    assert main(["staff", "add", name]) == 2
    assert "use 2-40 letters" in capsys.readouterr().err


def test_every_cli_action_is_audited(db: Path, capsys: pytest.CaptureFixture[str]):
    main(["staff", "add", "minji"])
    main(["staff", "reset", "minji"])
    main(["staff", "disable", "minji"])

    async def audit() -> list[tuple[str, str, str, str]]:
        store = await Store.open(db)
        try:
            return await store.audit.recent()
        finally:
            await store.close()

    rows = asyncio.run(audit())
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("cli", "staff_disable", "minji"), ("cli", "staff_reset", "minji"),
        ("cli", "staff_add", "minji")]
