"""``goyang-bot bookings pending|confirm|decline``: staff answer requests from the shell
(the same ``handlers.booking.decisions`` the chat command uses); exit 1 with the reason when
refused. The export shows whether each booking is pending or confirmed."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from bot.cli import main
from content.booking.codes import format_code
from db.store import Store
from tests.booking.test_cli import db_file  # noqa: F401  (fixture: 3 requests at 내일꿈제작소)


def codes(path: Path) -> list[str]:
    async def read() -> list[str]:
        store = await Store.open(path)
        try:
            rows = await store.db.fetchall("SELECT code FROM bookings ORDER BY slot_start")
            return [format_code(r[0]) for r in rows]
        finally:
            await store.close()

    return asyncio.run(read())


def state(path: Path, code: str) -> tuple[str, str, str | None]:
    async def read() -> tuple[str, str, str | None]:
        store = await Store.open(path)
        try:
            booking = await store.bookings.get_by_code(code.replace("-", ""))
            assert booking is not None
            return booking.status, booking.confirmation, booking.decision_note
        finally:
            await store.close()

    return asyncio.run(read())


def test_pending_lists_the_requests_and_the_export_shows_them_pending(
        db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    first = codes(db_file)[0]
    assert main(["bookings", "pending"]) == 0
    out = capsys.readouterr().out
    assert out.count("내일꿈제작소") == 3 and first in out
    assert main(["bookings", "export", "--date", "2026-12-01"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][-1] == "confirmation"
    assert {r[-1] for r in rows[1:]} == {"pending"}


def test_confirm_then_decline_of_the_confirmed_one_is_refused(
        db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    first = codes(db_file)[0]
    assert main(["bookings", "confirm", first.lower()]) == 0
    assert f"{first} 신청을 확정했어요" in capsys.readouterr().out
    assert state(db_file, first)[:2] == ("booked", "confirmed")
    assert main(["bookings", "confirm", first]) == 1
    assert f"{first}는 이미 확정된 예약이에요" in capsys.readouterr().err
    assert main(["bookings", "decline", first, "재고", "없음"]) == 1
    assert f"{first}는 이미 확정된 예약이에요" in capsys.readouterr().err
    assert main(["bookings", "export", "--date", "2026-12-01"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[-1] for r in rows[1:]] == ["confirmed", "pending"]


def test_decline_with_a_reason_frees_the_seat(
        db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    second = codes(db_file)[1]
    assert main(["bookings", "decline", second, "그날", "휴관이에요"]) == 0
    assert f"{second} 신청을 거절했어요" in capsys.readouterr().out
    assert state(db_file, second) == ("cancelled", "declined", "그날 휴관이에요")
    assert main(["bookings", "confirm", second]) == 1
    assert "확인 대기 중이 아니에요" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["confirm", "KKK-777"], "KKK-777 예약을 찾지 못했어요"),
    (["confirm", "hello"], "'hello'는 예약번호 모양이 아니에요"),
    (["decline", "12/1"], "'12/1'는 예약번호 모양이 아니에요"),
])
def test_bad_codes_exit_1_with_a_clear_message(
        db_file: Path, argv: list[str], message: str,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bookings", *argv]) == 1
    assert message in capsys.readouterr().err


def test_confirm_without_a_code_is_a_usage_error(
        db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    with pytest.raises(SystemExit) as exit_:
        main(["bookings", "confirm"])
    assert exit_.value.code == 2
    assert "code" in capsys.readouterr().err
