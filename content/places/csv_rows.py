"""One spreadsheet row to a ``Place``: each cell read on its own, every problem named by
its line and column (a row with any problem is skipped, the rest of the file is not)."""

from __future__ import annotations

import re
from collections.abc import Callable
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
from content.places.models import PLACE_KINDS, Place

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


def row_to_place(
    cells: dict[str, str],
    line: int,
    kind_of: dict[str, str],
    service_of: dict[str, str],
    problems: list[RowProblem],
) -> Place | None:
    row = _Row(line, problems)
    for column in REQUIRED:
        if not cells.get(column):
            row.bad(column, "is empty")
    if row.failed:
        return None
    values: dict[str, Any] = {
        "kind": row.lookup("kind", kind_of, cells["kind"], f"a kind ({', '.join(PLACE_KINDS)})"),
        "name": {"ko": cells["name"], **({"en": cells["name_en"]} if cells.get("name_en") else {})},
        "address": cells["address"],
        "lat": row.read("lat", _number, cells["lat"]),
        "lon": row.read("lon", _number, cells["lon"]),
        "as_of": row.read("as_of", _as_of, cells["as_of"]),
        "sources": [cells["source"]],
    }
    values.update(_optional_values(cells, row, service_of))
    values["id"] = cells.get("id") or derived_id(cells["name"], cells["address"])
    if row.failed:
        return None
    return _validated(values, row)


def _optional_values(
    cells: dict[str, str], row: _Row, service_of: dict[str, str]
) -> dict[str, Any]:
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
        values["services"] = _services(cells["services"], row, service_of)
    if cells.get("aliases"):
        values["aliases"] = [a.strip() for a in re.split(r"[,;|]", cells["aliases"]) if a.strip()]
    values.update({column: cells[column] for column in PLAIN_COLUMNS if cells.get(column)})
    return values


def _services(text: str, row: _Row, service_of: dict[str, str]) -> list[str]:
    found: list[str] = []
    for raw in re.split(r"[,;/|]", text):
        if not raw.strip():
            continue
        service = service_of.get(column_key(raw))
        if service is None:
            row.bad("services", f"'{raw.strip()}' is not a known service")
        elif service not in found:
            found.append(service)
    return found


def _validated(values: dict[str, Any], row: _Row) -> Place | None:
    try:
        return Place.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "(row)"
            column = {"sources": "source"}.get(column, column)
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
