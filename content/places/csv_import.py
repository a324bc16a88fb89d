"""Read a staff spreadsheet (CSV) of places: every good row becomes a ``Place``, every bad
row is reported by its line number and skipped, so one typo never blocks the rest.

Columns (English or Korean header; order does not matter; an unknown column is ignored with
a warning on line 1, so a misspelt header is noticed without refusing the file):

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
services       서비스, 이용가능, 제공서비스  no        ids or Korean labels (카페, 스터디룸,
                                                     세미나실, 상담, 특강, …), separated
                                                     by , ; / or |
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
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from content.places.csv_columns import HEADER_INDEX, REQUIRED, RowProblem, column_key
from content.places.csv_rows import Vocabulary, row_to_place
from content.places.models import PLACE_KINDS, Label, Place

if TYPE_CHECKING:
    from _csv import Reader

MAX_ROWS = 50_000
UNCLOSED_QUOTE = (
    'a quote (") opens a cell here and is never closed, so the rest of the file could not '
    "be read; close the quote or remove it"
)


@dataclass
class CsvResult:
    places: list[Place] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)  # reported, nothing skipped
    rows: int = 0  # data rows read (blank rows not counted)
    encoding: str = "utf-8"
    fatal: bool = False  # nothing could be read (bad header, not text, …)
    line_of: dict[str, int] = field(default_factory=dict)  # place id → its line

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.line})

    def fail(self, line: int, column: str, message: str) -> CsvResult:
        self.problems.append(RowProblem(line, column, message))
        self.fatal = True
        return self


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


def _vocabulary(labels: Iterable[Label], ids: Iterable[str] = ()) -> Vocabulary:
    """Every way staff may write a kind or a service, and the list to show when they miss."""
    names: dict[str, str] = {column_key(i): i for i in ids}
    shown: list[str] = []
    for label in labels:
        ko = label.label.get("ko", label.id)
        shown.append(f"{ko} ({label.id})")
        for text in (label.id, *label.label.values(), re.sub(r"\(.*?\)", "", ko), *label.aliases):
            names.setdefault(column_key(text), label.id)
    return Vocabulary(names, ", ".join(shown) or ", ".join(sorted(set(names.values()))))


_OPENING_QUOTE = re.compile(r'(?:^|(?<=[,\r\n]))"')  # a quote opens a cell only at its start
_IN_QUOTES = re.compile(r'""|"')  # inside, "" is a quote and a lone " closes the cell
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def unclosed_quote_line(text: str) -> int | None:
    """The line where a quoted cell opens and never closes (the csv module's default dialect),
    else None. Jumps from quote to quote: a 50,000-row file takes milliseconds."""
    pos = 0
    while (opening := _OPENING_QUOTE.search(text, pos)) is not None:
        pos = opening.end()
        while (quote := _IN_QUOTES.search(text, pos)) is not None and quote.group() == '""':
            pos = quote.end()
        if quote is None:
            return 1 + len(_LINE_BREAK.findall(text, 0, opening.start()))
        pos = quote.end()
    return None


def read_places_csv(
    data: bytes | str, *, kinds: Iterable[Label], services: Iterable[Label]
) -> CsvResult:
    """Parse a whole CSV file. Never raises for bad content: see ``CsvResult.problems``."""
    result = CsvResult()
    if isinstance(data, bytes):
        try:
            text, result.encoding = decode(data)
        except ValueError as exc:
            return result.fail(0, "(file)", str(exc))
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    unclosed = unclosed_quote_line(text)
    try:
        header = next(reader)
    except StopIteration:
        return result.fail(0, "(file)", "the file is empty")
    except csv.Error as exc:
        return result.fail(1, "(header)", f"cannot read the header: {exc}")
    if unclosed is not None and unclosed <= reader.line_num:
        return result.fail(unclosed, "(header)", UNCLOSED_QUOTE)
    columns = _header_columns(header, result)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        result.fail(1, "(header)", f"missing column(s): {', '.join(missing)}")
    if missing or any(p.line == 1 for p in result.problems):
        result.fatal = True
        return result
    words = (_vocabulary(kinds, PLACE_KINDS), _vocabulary(services))
    _read_rows(reader, columns, words, unclosed, result)
    return result


def _header_columns(header: list[str], result: CsvResult) -> list[str | None]:
    """The column of each header cell (None: empty, unknown or repeated). An unknown column
    is a warning and ignored (like ``jobs import``); a repeated one refuses the file."""
    columns: list[str | None] = []
    for cell in header:
        if not cell.strip():
            columns.append(None)
            continue
        column = HEADER_INDEX.get(column_key(cell))
        if column is None:
            result.warnings.append(
                RowProblem(
                    1, cell.strip(), "unknown column, ignored (see the columns: --columns)"
                )
            )
        elif column in columns:
            result.problems.append(RowProblem(1, cell.strip(), f"column {column} appears twice"))
            column = None
        columns.append(column)
    return columns


def _read_rows(
    reader: Reader,
    columns: list[str | None],
    words: tuple[Vocabulary, Vocabulary],
    unclosed: int | None,
    result: CsvResult,
) -> None:
    for line, row in _data_rows(reader, result):
        if unclosed is not None and line <= unclosed <= reader.line_num:
            result.problems.append(RowProblem(unclosed, "(row)", UNCLOSED_QUOTE))
            return
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
        place = row_to_place(cells, line, words, result.problems)
        if place is None:
            continue
        if place.id in result.line_of:
            result.problems.append(
                RowProblem(
                    line, "id", f"'{place.id}' is already used on line {result.line_of[place.id]}"
                )
            )
            continue
        result.line_of[place.id] = line
        result.places.append(place)


def _data_rows(reader: Reader, result: CsvResult) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows with their line numbers, until the end, a broken row or ``MAX_ROWS``."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.problems.append(RowProblem(start, "(row)", f"cannot read this row: {exc}"))
            return
        if not any(cell.strip() for cell in row):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.problems.append(
                RowProblem(start, "(file)", f"more than {MAX_ROWS} rows; split the file")
            )
            return
        yield start, row
