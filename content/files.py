"""Reading content files: YAML with located errors, lists of validated entries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from content.errors import describe_validation_error

M = TypeVar("M", bound=BaseModel)


class Problems:
    """Collects ``file: entry: field: problem`` lines while content loads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path, entry: str, fieldname: str, problem: str) -> None:
        self.lines.append(f"{self.rel(path)}: {entry}: {fieldname}: {problem}")

    def mentions(self, path: Path, entry: str) -> bool:
        """Whether a problem was already recorded for this entry of this file."""
        prefix = f"{self.rel(path)}: {entry}: "
        return any(line.startswith(prefix) for line in self.lines)


class _Loader(yaml.SafeLoader):
    """Safe YAML where dates stay text: PyYAML turns ``as_of: 2026-13-01`` into a crash
    (ValueError), while the models parse the text and name the file, entry and field."""


def _plain_scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _plain_scalar)


def read_yaml(path: Path, problems: Problems) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except FileNotFoundError:
        problems.add(path, "(file)", "(file)", "file is missing")
    except UnicodeDecodeError:
        problems.add(path, "(file)", "(file)", "is not UTF-8 text")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problems.add(path, where, "(yaml)", str(getattr(exc, "problem", exc)))
    return None


def parse_entry(
    path: Path, raw: Any, model: type[M], entry: str, problems: Problems
) -> M | None:
    """One mapping validated as ``model``; on failure its problems are recorded and None
    returned, so loading goes on and every problem of every file is reported at once."""
    if not isinstance(raw, dict):
        problems.add(path, entry, "(entry)", "must be a mapping of fields")
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.lines.extend(describe_validation_error(problems.rel(path), entry, exc))
        return None


def parse_list(
    path: Path, model: type[M], problems: Problems, key: Callable[[dict[str, Any], int], str]
) -> list[M]:
    """A YAML file holding a list of entries of ``model``."""
    raw = read_yaml(path, problems)
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(path, "(file)", "(file)", "must be a list of entries")
        return []
    out: list[M] = []
    for index, item in enumerate(raw):
        entry = key(item, index) if isinstance(item, dict) else f"entry {index + 1}"
        parsed = parse_entry(path, item, model, entry, problems)
        if parsed is not None:
            out.append(parsed)
    return out
