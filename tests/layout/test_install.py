"""Reproducible installs: `make run` and `make test` install the versions in constraints.txt,
which pins every dependency pyproject.toml names, and the package metadata is current."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _name(requirement: str) -> str:
    """``python-telegram-bot[rate-limiter]>=22.5`` → ``python-telegram-bot`` (PEP 503)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(0)).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version.strip(), f"not an exact pin: {line!r}"
            pins[_name(name)] = version.strip()
    return pins


def test_constraints_pin_every_dependency_and_test_tool() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pins = _pins()
    missing = [r for r in wanted if _name(r) not in pins]
    assert missing == [], f"not pinned in constraints.txt (run `make lock`): {missing}"
    assert "pip" in pins  # the installer itself is pinned too


def test_make_run_and_make_test_install_with_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "PIN ?= -c $(CONSTRAINTS)" in makefile and "CONSTRAINTS := constraints.txt" in makefile
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert len(installs) == 3 and all("$(PIN)" in line for line in installs)
    assert re.search(r"^lock:", makefile, re.MULTILINE)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make lock" in readme and "constraints.txt" in readme


def test_license_is_an_spdx_expression_not_a_deprecated_table() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    requires = pyproject["build-system"]["requires"]
    assert any(re.fullmatch(r"setuptools>=(7[7-9]|[89]\d)(\.\d+)*", r) for r in requires)
