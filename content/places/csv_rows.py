"""One spreadsheet row to a ``Place``: each cell read on its own, every problem named by
its line and column (a row with any problem is skipped, the rest of the file is not)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from content.places.csv_columns import (
    DISTRICT_NAMES,
    REQUIRED,
    STATUS_NAMES,
    RowProblem,
    column_key,
    derived_id,
)
from content.places.models import Place

PLAIN_COLUMNS = ("hours", "booking", "booking_url", "phone")


class _Row:
    """The problems found in one row."""

    def __init__(self, line: int, problems: list[RowProblem]) -> None:
        self.line = line
        self.problems = problems
        self.before = len(problems)

    @property
    def failed(self) -> bool:
        return len(self.problems) > self.before

    def bad(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.line, column, message))

    def read(self, column: str, reader: Callable[[str], Any], text: str) -> Any:
        try:
            return reader(text)
        except ValueError as exc:
            self.bad(column, str(exc))
            return None

    def lookup(self, column: str, names: dict[str, str], text: str, expected: str) -> str | None:
        found = names.get(column_key(text))
        if found is None:
            self.bad(column, f"'{text}' is not {expected}")
        return found


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words staff may write for a kind or a service (``column_key`` form → id), and
    the valid values to list when a word is not one of them."""

    names: dict[str, str]
    choices: str

    def get(self, text: str) -> str | None:
        return self.names.get(column_key(text))


def row_to_place(
    cells: dict[str, str],
    line: int,
    words: tuple[Vocabulary, Vocabulary],
    problems: list[RowProblem],
) -> Place | None:
    """The row's place, or None after reporting every problem the row has (not just the
    first), so staff fix a row in one go."""
    kinds, services = words
    row = _Row(line, problems)
    for column in REQUIRED:
        if not cells.get(column):
            row.bad(column, "is empty")
    values: dict[str, Any] = {}
    if cells.get("kind"):
        values["kind"] = row.lookup("kind", kinds.names, cells["kind"],
                                    f"a kind; write one of: {kinds.choices}")
    if cells.get("name"):
        values["name"] = {"ko": cells["name"], **({"en": cells["name_en"]}
                                                  if cells.get("name_en") else {})}
    for column, reader in READERS.items():
        if cells.get(column):
            values[column] = row.read(column, reader, cells[column])
    if cells.get("address"):
        values["address"] = cells["address"]
    if cells.get("source"):
        values["sources"] = [cells["source"]]
    values.update(_optional_values(cells, row, services))
    if cells.get("id") or (cells.get("name") and cells.get("address")):
        values["id"] = cells.get("id") or derived_id(cells["name"], cells["address"])
    place = _validated(values, row)
    return None if row.failed else place


def _optional_values(cells: dict[str, str], row: _Row, services: Vocabulary) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if cells.get("district"):
        values["district"] = row.lookup(
            "district", DISTRICT_NAMES, cells["district"], "덕양구, 일산동구 or 일산서구"
        )
    if cells.get("status"):
        values["status"] = row.lookup(
            "status", STATUS_NAMES, cells["status"], "open, unverified, moved or closed"
        )
    if cells.get("services"):
        values["services"] = _services(cells["services"], row, services)
    if cells.get("aliases"):
        values["aliases"] = [a.strip() for a in re.split(r"[,;|]", cells["aliases"]) if a.strip()]
    values.update({column: cells[column] for column in PLAIN_COLUMNS if cells.get(column)})
    return values


def _services(text: str, row: _Row, services: Vocabulary) -> list[str]:
    found: list[str] = []
    for raw in re.split(r"[,;/|]", text):
        if not raw.strip():
            continue
        service = services.get(raw)
        if service is None:
            row.bad("services", f"'{raw.strip()}' is not a known service; write one of: "
                                f"{services.choices}")
        elif service not in found:
            found.append(service)
    return found


def _validated(values: dict[str, Any], row: _Row) -> Place | None:
    """Validate what was read; a column already reported (empty, unreadable) is not
    reported again."""
    reported = {p.column for p in row.problems[row.before :]}
    try:
        return Place.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "(row)"
            column = {"sources": "source"}.get(column, column)
            if column in reported or error["type"] == "missing":
                continue  # a missing cell was reported as empty
            message = error["msg"].removeprefix("Value error, ")
            if column == "id":
                message = f"'{values['id']}' must be a-z, 0-9, _ or - (at most 30)"
            row.bad(column, message)
        return None


def _as_of(text: str) -> date:
    match = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?", text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date like 2026-11-28")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def _number(text: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None


READERS: dict[str, Callable[[str], Any]] = {"lat": _number, "lon": _number, "as_of": _as_of}
