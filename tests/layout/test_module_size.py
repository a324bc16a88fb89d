"""The house rules a reviewer would otherwise check by hand: small modules, no grab-bags."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("bot", "handlers", "content", "db")
MAX_LINES = 400
GRAB_BAGS = {"utils.py", "helpers.py", "misc.py", "common.py"}


def _modules() -> list[Path]:
    return sorted(p for layer in LAYERS for p in (ROOT / layer).rglob("*.py"))


def test_there_are_modules_to_check() -> None:
    assert len(_modules()) > 50


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by job"


def test_no_grab_bag_modules() -> None:
    found = [str(p.relative_to(ROOT)) for p in _modules() if p.name in GRAB_BAGS]
    assert found == []
