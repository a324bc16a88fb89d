"""Content errors that name the file, the entry and the field, for staff to fix."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError


class ContentError(Exception):
    """One or more problems in the content files; ``problems`` are ready-to-print lines."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def describe_validation_error(file: str, entry: str, error: ValidationError) -> list[str]:
    """``file: entry: field: problem`` for every problem pydantic found."""
    lines = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "(entry)"
        lines.append(f"{file}: {entry}: {field}: {item['msg']}")
    return lines
