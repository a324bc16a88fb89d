"""``goyang-bot bookings export``: CSV of a day's bookings, clear errors, trusty exit codes."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from content.booking.codes import new_code
from content.catalogue import load_catalogue
from db.bookings import BookingRequest
from db.store import Store
from handlers.booking.policy import booking_policy

NOW = datetime.fromisoformat("2026-11-28T12:00:00+09:00")


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("GOYANG_BOT_DB", str(path))

    async def seed() -> None:
        store = await Store.open(path)
        policy = booking_policy(load_catalogue().booking)
        for i, slot in enumerate(["2026-12-01 10:00", "2026-12-01 11:00", "2026-12-02 10:00"]):
            user = await store.users.create_or_reactivate("console", f"c{i}", NOW)
            await store.bookings.book(
                BookingRequest(user.id, "naeil_kkum", slot, "2026-12-04",
                               [{"item": "jacket", "size": "100 (L)"}], "2026-12-02"),
                policy, now=NOW, new_code=new_code)
        await store.close()

    asyncio.run(seed())
    return path


def test_export_writes_the_days_bookings_as_csv(db_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "export", "--date", "2026-12-01"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["date", "time", "shop", "code"]
    assert [r[1] for r in rows[1:]] == ["10:00", "11:00"]
    assert rows[1][4] == "재킷 100 (L)"


def test_export_writes_the_code_as_users_see_it(db_file: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "export", "--date", "2026-12-01"]) == 0
    codes = [r[3] for r in list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]]
    assert codes and all(re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code) for code in codes)


def test_export_to_a_file(db_file: Path, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "day.csv"
    assert main(["bookings", "export", "--date", "2026-12-02", "--shop", "naeil_kkum",
                 "--out", str(out)]) == 0
    assert "wrote 1 booking(s)" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8-sig").count("\n") == 2


@pytest.mark.parametrize(("argv", "message"), [
    (["--date", "2026-13-01"], "is not a date"),
    (["--date", "99년 3월"], "is not a date"),
    (["--date", "2026-12-01", "--shop", "nowhere"], "unknown shop 'nowhere'"),
])
def test_export_bad_input_exits_2_with_a_clear_message(db_file: Path, argv: list[str],
                                                      message: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "export", *argv]) == 2
    assert message in capsys.readouterr().err


def test_offers_command_runs(db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", "offers"]) == 0
    assert "new offer(s)" in capsys.readouterr().out
