"""``goyang-bot places import``: line-numbered problems, idempotent re-import, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.places.fixture import fake_csv

GOOD_AND_BAD = (
    "종류,이름,주소,위도,경도,운영시간,출처,기준일\n"
    "카페,좋은카페,고양시 덕양구 1,37.6350,126.8330,매일 10:00-20:00,청년정책팀,2026-11-28\n"
    "카페,서울카페,서울 중구,37.5663,126.9779,,청년정책팀,2026-11-28\n"
    "카페,날짜없음,고양시 2,37.6350,126.8330,,청년정책팀,\n"
)


def fixture_csv(tmp_path: Path, rows: int, name: str = "fixture.csv") -> Path:
    """A file of ``rows`` generated places (tests/places/fixture.py) in the import format."""
    file = tmp_path / name
    file.write_text(fake_csv(rows), encoding="utf-8")
    return file


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("GOYANG_BOT_DB", str(path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return path


def test_import_reports_bad_rows_by_line_and_keeps_good_ones(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "cafes.csv"
    file.write_bytes("\ufeff".encode() + GOOD_AND_BAD.encode())
    assert main(["places", "import", str(file)]) == 1
    out = capsys.readouterr().out
    assert "cafes.csv: line 3: lat/lon:" in out and "from Goyang" in out
    assert "cafes.csv: line 4: as_of: is empty" in out
    assert "1 new" in out and "2 row(s) skipped" in out
    assert main(["places", "list"]) == 0
    assert "1 imported place(s)" in capsys.readouterr().out


def test_reimporting_the_same_file_changes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = fixture_csv(tmp_path, 300)
    assert main(["places", "import", str(file)]) == 0
    assert "300 new" in capsys.readouterr().out
    assert main(["places", "import", str(file)]) == 0
    assert "0 new, 0 updated, 300 unchanged" in capsys.readouterr().out


def test_dry_run_imports_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = fixture_csv(tmp_path, 10)
    assert main(["places", "import", "--dry-run", str(file)]) == 0
    assert "10 place(s) would be imported" in capsys.readouterr().out
    main(["places", "list"])
    assert "0 imported place(s)" in capsys.readouterr().out


def test_missing_file_and_bad_header_import_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["places", "import", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().out
    file = tmp_path / "bad.csv"
    file.write_text("name,address\nx,y\n", encoding="utf-8")
    assert main(["places", "import", str(file)]) == 2
    assert "missing column(s)" in capsys.readouterr().out


def test_a_file_with_no_good_row_imports_nothing_and_exits_2(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bad_rows.csv"
    file.write_text(
        "종류,이름,주소,위도,경도,출처,기준일,와이파이\n"
        "카페,서울카페,서울 중구,37.5663,126.9779,청년정책팀,2026-11-28,있음\n"
        "도서관,x,고양시,37.6350,126.8330,청년정책팀,2026-11-28,\n",
        encoding="utf-8",
    )
    assert main(["places", "import", "--dry-run", str(file)]) == 2
    assert main(["places", "import", str(file)]) == 2
    out = capsys.readouterr().out
    assert "bad_rows.csv: warning: line 1: 와이파이: unknown column, ignored" in out
    assert "write one of:" in out and "nothing imported" in out
    main(["places", "list"])
    assert "0 imported place(s)" in capsys.readouterr().out


def test_help_gives_the_exit_codes_the_command_returns(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["places", "import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "2 nothing imported" in text and "no good row" in text


def test_columns_are_documented(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["places", "import", "--columns"]) == 0
    out = capsys.readouterr().out
    assert "위도" in out and "기준일" in out


def test_replace_deletes_missing_places_only_when_every_row_is_good(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = fixture_csv(tmp_path, 20, "full.csv")
    assert main(["places", "import", str(full)]) == 0
    lines = fake_csv(20).splitlines()
    part = tmp_path / "part.csv"
    part.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")  # header + 10 rows
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([*lines[:11], "cafe,broken"]) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["places", "import", "--replace", str(broken)]) == 1
    assert "nothing deleted" in capsys.readouterr().out
    assert main(["places", "import", "--replace", str(part)]) == 0
    assert "10 deleted" in capsys.readouterr().out


def test_export_then_import_again_changes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = fixture_csv(tmp_path, 50)
    assert main(["places", "import", str(source)]) == 0
    exported = tmp_path / "exported.csv"
    assert main(["places", "export", str(exported)]) == 0
    assert exported.read_bytes().startswith("\ufeff아이디,종류,이름".encode())
    capsys.readouterr()
    assert main(["places", "import", str(exported)]) == 0
    assert "0 new, 0 updated, 50 unchanged" in capsys.readouterr().out


def test_content_check_names_a_broken_places_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    from content.catalogue import bundled_content_dir

    root = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), root)
    places = root / "places" / "places.yaml"
    places.write_text(
        places.read_text(encoding="utf-8").replace("kind: maker_space", "kind: castle", 1),
        encoding="utf-8",
    )
    assert main(["content", "check", "--dir", str(root)]) == 1
    assert "places/places.yaml: daehwa_library_maker: kind:" in capsys.readouterr().out
