"""Read a staff spreadsheet (CSV) of places: every good row becomes a ``Place``, every bad
row is reported by its line number and skipped, so one typo never blocks the rest.

Columns (English or Korean header; order does not matter; unknown columns are an error so
a misspelt header is noticed):

=============  ==========================  ========  =========================================
column         Korean header(s)            needed    what to write
=============  ==========================  ========  =========================================
id             아이디, 코드                 no        a-z 0-9 _ - (≤ 30). Empty: made from name
                                                     and address, so re-importing the same row
                                                     updates it instead of adding a copy
kind           종류, 유형, 분류             yes       cafe, youth_space, startup_space,
                                                     maker_space, job_centre, or a Korean label
                                                     (청취다방 카페, 카페, 청년공간, 창업공간, …)
name           이름, 장소명, 카페명, 시설명  yes       the name shown to users
name_en        영문이름, 영문명             no
district       구, 행정구                   no        덕양구 / 일산동구 / 일산서구 (or ids)
address        주소                         yes
lat            위도                         yes       e.g. 37.6346 (WGS84)
lon            경도                         yes       e.g. 126.8327
hours          운영시간, 영업시간           no        "월-금 10:00-22:00; 토,일 10:00-18:00";
                                                     empty or 미확인 = not known
services       서비스, 이용가능, 제공서비스  no        ids or labels, separated by , ; / or |
booking        예약방법, 예약안내           no        how to book, in words
booking_url    예약링크, 예약주소           no        https://…
phone          전화, 전화번호, 연락처        no        031-123-4567
status         상태                         no        open (운영), unverified (확인필요),
                                                     moved (이전), closed (폐업/종료)
source         출처                         yes       where the facts come from
as_of          기준일, 확인일               yes       2026-11-28 (also 2026.11.28, 2026/11/28)
aliases        별칭, 다른이름               no        other names people type, separated by ,
=============  ==========================  ========  =========================================

Encoding: UTF-8 with or without BOM; Excel's Korean "CSV" (CP949) is accepted too. The
first row is the header. Blank rows are ignored.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from content.places.models import PLACE_KINDS, Label, Place, slug

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "아이디", "코드", "ID"),
    "kind": ("kind", "종류", "유형", "분류"),
    "name": ("name", "이름", "장소명", "카페명", "시설명", "명칭"),
    "name_en": ("name_en", "영문이름", "영문명"),
    "district": ("district", "구", "행정구"),
    "address": ("address", "주소", "도로명주소"),
    "lat": ("lat", "latitude", "위도"),
    "lon": ("lon", "lng", "longitude", "경도"),
    "hours": ("hours", "운영시간", "영업시간", "이용시간"),
    "services": ("services", "서비스", "이용가능", "제공서비스"),
    "booking": ("booking", "예약방법", "예약안내", "예약"),
    "booking_url": ("booking_url", "예약링크", "예약주소", "예약url"),
    "phone": ("phone", "전화", "전화번호", "연락처"),
    "status": ("status", "상태"),
    "source": ("source", "출처", "sources"),
    "as_of": ("as_of", "기준일", "확인일", "asof"),
    "aliases": ("aliases", "별칭", "다른이름"),
}
REQUIRED = ("kind", "name", "address", "lat", "lon", "source", "as_of")
DISTRICT_NAMES = {
    "덕양구": "deogyang",
    "덕양": "deogyang",
    "deogyang": "deogyang",
    "일산동구": "ilsandong",
    "일산동": "ilsandong",
    "ilsandong": "ilsandong",
    "일산서구": "ilsanseo",
    "일산서": "ilsanseo",
    "ilsanseo": "ilsanseo",
}
STATUS_NAMES = {
    "open": "open",
    "운영": "open",
    "운영중": "open",
    "정상": "open",
    "unverified": "unverified",
    "확인필요": "unverified",
    "미확인": "unverified",
    "moved": "moved",
    "이전": "moved",
    "closed": "closed",
    "폐업": "closed",
    "종료": "closed",
    "운영종료": "closed",
}
MAX_ROWS = 50_000


def _key(text: str) -> str:
    return re.sub(r"[\s_\-()/]+", "", text.strip().lower())


_HEADER_INDEX = {_key(alias): column for column, names in HEADERS.items() for alias in names}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int  # 1 = the header line
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.column}: {self.message}"


@dataclass
class CsvResult:
    places: list[Place] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0  # data rows read (blank rows not counted)
    encoding: str = "utf-8"
    fatal: bool = False  # nothing could be read (bad header, not text, …)
    line_of: dict[str, int] = field(default_factory=dict)  # place id → its line

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.line})


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (BOM or not), else CP949 (Korean Excel)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise ValueError(
            "the file is neither UTF-8 nor CP949 text; save it as 'CSV UTF-8' in Excel"
        ) from exc


def _label_lookup(labels: Iterable[Label]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label in labels:
        for text in (label.id, *label.label.values(), *label.aliases):
            out[_key(text)] = label.id
    return out


def _as_of(text: str) -> date:
    match = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?", text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a date like 2026-11-28")
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def _number(text: str, column: str) -> float:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None


def derived_id(name: str, address: str) -> str:
    """A stable id for rows without one: the same name and address give the same id."""
    digest = hashlib.sha1(f"{_key(name)}|{_key(address)}".encode()).hexdigest()[:10]
    prefix = slug(name)[:18].strip("-")
    return f"{prefix}-{digest}" if prefix else f"p-{digest}"


EXPORT_COLUMNS = (
    "id",
    "kind",
    "name",
    "name_en",
    "district",
    "address",
    "lat",
    "lon",
    "hours",
    "services",
    "booking",
    "booking_url",
    "phone",
    "status",
    "source",
    "as_of",
    "aliases",
)
KOREAN_HEADERS = {
    column: names[1] if len(names) > 1 else names[0] for column, names in HEADERS.items()
}
KOREAN_HEADERS["id"] = "아이디"
KOREAN_HEADERS["lat"] = "위도"
KOREAN_HEADERS["lon"] = "경도"
KOREAN_HEADERS["source"] = "출처"
DISTRICT_KO = {"deogyang": "덕양구", "ilsandong": "일산동구", "ilsanseo": "일산서구"}
STATUS_KO = {"open": "운영", "unverified": "확인필요", "moved": "이전", "closed": "폐업"}


def write_places_csv(places: Iterable[Place], *, korean_headers: bool = True) -> bytes:
    """Places as a spreadsheet in the import format (UTF-8 with BOM, so Excel reads it).

    Exporting, editing and importing again updates the same places (ids are kept). Only the
    first source is written (one source column); the others are not kept in the file.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([KOREAN_HEADERS[c] if korean_headers else c for c in EXPORT_COLUMNS])
    for place in places:
        writer.writerow(
            [
                place.id,
                place.kind,
                place.name["ko"],
                place.name.get("en", ""),
                DISTRICT_KO.get(place.district or "", ""),
                place.address["ko"],
                repr(place.lat),
                repr(place.lon),
                place.hours.to_text("ko") if place.hours is not None else "미확인",
                ", ".join(place.services),
                place.booking["ko"] if place.booking else "",
                place.booking_url or "",
                place.phone or "",
                STATUS_KO[place.status],
                place.sources[0],
                place.as_of.isoformat(),
                ", ".join(place.aliases),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read_places_csv(
    data: bytes | str, *, kinds: Iterable[Label], services: Iterable[Label]
) -> CsvResult:
    """Parse a whole CSV file. Never raises for bad content: see ``CsvResult.problems``."""
    result = CsvResult()
    if isinstance(data, bytes):
        try:
            text, result.encoding = decode(data)
        except ValueError as exc:
            result.problems.append(RowProblem(0, "(file)", str(exc)))
            result.fatal = True
            return result
    else:
        text = data.removeprefix("\ufeff")
    kind_of = _label_lookup(kinds)
    for kind in PLACE_KINDS:
        kind_of.setdefault(kind, kind)
    service_of = _label_lookup(services)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        result.problems.append(RowProblem(0, "(file)", "the file is empty"))
        result.fatal = True
        return result
    except csv.Error as exc:
        result.problems.append(RowProblem(1, "(header)", f"cannot read the header: {exc}"))
        result.fatal = True
        return result
    columns: list[str | None] = []
    for cell in header:
        if not cell.strip():
            columns.append(None)
            continue
        column = _HEADER_INDEX.get(_key(cell))
        if column is None:
            result.problems.append(
                RowProblem(
                    1, cell.strip(), "unknown column (see the list of columns in the import help)"
                )
            )
        elif column in columns:
            result.problems.append(RowProblem(1, cell.strip(), f"column {column} appears twice"))
            column = None
        columns.append(column)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        result.problems.append(
            RowProblem(1, "(header)", f"missing column(s): {', '.join(missing)}")
        )
    if missing or any(p.line == 1 for p in result.problems):
        result.fatal = True
        return result

    seen = result.line_of
    line = 1
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(RowProblem(start, "(row)", f"cannot read this row: {exc}"))
            break
        line = start
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.problems.append(
                RowProblem(line, "(file)", f"more than {MAX_ROWS} rows; split the file")
            )
            break
        if len(row) > len(columns) and any(c.strip() for c in row[len(columns) :]):
            result.problems.append(
                RowProblem(
                    line,
                    "(row)",
                    f"has {len(row)} cells but the "
                    f"header has {len(columns)} (a comma inside a "
                    'cell needs "quotes")',
                )
            )
            continue
        cells = {
            col: row[i].strip() for i, col in enumerate(columns) if col is not None and i < len(row)
        }
        place = _row_to_place(cells, line, kind_of, service_of, result.problems)
        if place is None:
            continue
        if place.id in seen:
            result.problems.append(
                RowProblem(line, "id", f"'{place.id}' is already used on line {seen[place.id]}")
            )
            continue
        seen[place.id] = line
        result.places.append(place)
    return result


def _row_to_place(
    cells: dict[str, str],
    line: int,
    kind_of: dict[str, str],
    service_of: dict[str, str],
    problems: list[RowProblem],
) -> Place | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(RowProblem(line, column, message))

    for column in REQUIRED:
        if not cells.get(column):
            bad(column, "is empty")
    if len(problems) > before:
        return None
    values: dict[str, Any] = {}
    kind = kind_of.get(_key(cells["kind"]))
    if kind is None:
        bad("kind", f"'{cells['kind']}' is not a kind ({', '.join(PLACE_KINDS)})")
    values["kind"] = kind
    name = {"ko": cells["name"]}
    if cells.get("name_en"):
        name["en"] = cells["name_en"]
    values["name"] = name
    values["address"] = cells["address"]
    for column in ("lat", "lon"):
        try:
            values[column] = _number(cells[column], column)
        except ValueError as exc:
            bad(column, str(exc))
    try:
        values["as_of"] = _as_of(cells["as_of"])
    except ValueError as exc:
        bad("as_of", str(exc))
    values["sources"] = [cells["source"]]
    if cells.get("district"):
        district = DISTRICT_NAMES.get(_key(cells["district"]))
        if district is None:
            bad("district", f"'{cells['district']}' is not 덕양구, 일산동구 or 일산서구")
        values["district"] = district
    if cells.get("status"):
        status = STATUS_NAMES.get(_key(cells["status"]))
        if status is None:
            bad("status", f"'{cells['status']}' is not open, unverified, moved or closed")
        values["status"] = status
    if cells.get("services"):
        found: list[str] = []
        for raw in re.split(r"[,;/|]", cells["services"]):
            if not raw.strip():
                continue
            service = service_of.get(_key(raw))
            if service is None:
                bad("services", f"'{raw.strip()}' is not a known service")
            elif service not in found:
                found.append(service)
        values["services"] = found
    if cells.get("aliases"):
        values["aliases"] = [a.strip() for a in re.split(r"[,;|]", cells["aliases"]) if a.strip()]
    for column in ("hours", "booking", "booking_url", "phone"):
        if cells.get(column):
            values[column] = cells[column]
    values["id"] = cells.get("id") or derived_id(cells["name"], cells["address"])
    if len(problems) > before:
        return None
    try:
        return Place.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            column = str(error["loc"][0]) if error["loc"] else "(row)"
            column = {"sources": "source"}.get(column, column)
            message = error["msg"].removeprefix("Value error, ")
            if column == "id":
                message = f"'{values['id']}' must be a-z, 0-9, _ or - (at most 30)"
            bad(column, message)
        return None
