"""Job postings as imported from 고용24 (워크넷) and staff CSV files: parse, check, normalise.

Three input shapes, one result (``ParseResult``: good postings + every bad record):

* 고용24 Open API list response, XML: ``<wantedRoot><total/>...<wanted>...</wanted></wantedRoot>``
  with the API's own tag names (``wantedAuthNo``, ``company``, ``title``, ``salTpNm``, ``sal``,
  ``region``, ``career``, ``closeDt``, ``wantedInfoUrl``, ``empTpCd``, ...).
* The same as JSON: ``{"wantedRoot": {"total": .., "wanted": [{...}, ...]}}`` (a single posting
  may be an object instead of a list, as XML-to-JSON converters produce), or a bare list.
* CSV (UTF-8, a BOM is fine, first row = header). The columns are the same names as the
  XML tags; ``wantedAuthNo``, ``company`` and ``title`` are required, every other column
  is optional and unknown columns are ignored. An optional ``source`` column names where a
  row comes from (default ``csv``)::

      wantedAuthNo,company,title,region,basicAddr,salTpNm,sal,empTpCd,career,minEdubg,regDt,closeDt,wantedInfoUrl,indTpNm

Dates may be ``20261231``, ``2026-12-31``, ``26-12-31`` (old 워크넷) or carry words such as
``채용시까지 26-12-31``; ``채용시까지``/``상시`` alone means open until filled (no deadline).
Personal contact fields (담당자 전화 등) are never read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

DISTRICTS: tuple[str, ...] = ("덕양구", "일산동구", "일산서구")
# 고용24 region codes (research: goyang-programs.md §8-1).
REGION_CODES: dict[str, str] = {
    "41280": "고양시",
    "41281": "덕양구",
    "41285": "일산동구",
    "41287": "일산서구",
}
# 고용24 empTpCd (고용형태코드).
EMP_TYPE_NAMES: dict[str, str] = {
    "10": "정규직",
    "11": "정규직(시간선택제)",
    "20": "계약직",
    "21": "계약직(시간선택제)",
    "4": "파견근로",
    "Y": "대체인력",
}
MAX_FIELD_CHARS = 500
MAX_TITLE_CHARS = 200
REQUIRED = ("wantedAuthNo", "company", "title")


@dataclass(frozen=True, slots=True)
class Posting:
    """One normalised posting, ready to store. ``content_hash`` tells an edit from a repeat."""

    source: str
    source_id: str
    title: str
    company: str
    district: str | None = None
    region: str = ""
    address: str = ""
    industry: str = ""
    pay_type: str = ""
    pay: str = ""
    emp_type_code: str = ""
    emp_type: str = ""
    career: str = ""
    education: str = ""
    posted_on: date | None = None
    closes_on: date | None = None
    url: str = ""

    @property
    def content_hash(self) -> str:
        data = asdict(self)
        data["posted_on"] = self.posted_on.isoformat() if self.posted_on else None
        data["closes_on"] = self.closes_on.isoformat() if self.closes_on else None
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def is_open(self, today: date) -> bool:
        return self.closes_on is None or self.closes_on >= today


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that was not imported: where it is (``record 3``, ``line 7``) and why."""

    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


@dataclass(slots=True)
class ParseResult:
    postings: list[Posting] = field(default_factory=list)
    bad: list[BadRecord] = field(default_factory=list)
    total: int | None = None  # the source's own total (``wantedRoot/total``), when given


class PostingFileError(ValueError):
    """The file as a whole cannot be read (not XML/JSON/CSV, wrong root, no header)."""


# -- field normalisation ---------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)"),
)
_OPEN_ENDED = ("채용시까지", "상시", "수시")


def parse_posting_date(text: str) -> date | None:
    """A date from 고용24's several formats; None for empty or open-ended text.

    Raises ValueError for text that looks like a date but is not a real one.
    """
    text = (text or "").strip()
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if year < 100:
                year += 2000
            return date(year, month, day)
    if any(word in text for word in _OPEN_ENDED):
        return None
    raise ValueError(f"'{text[:40]}' is not a date")


def district_of(*texts: str) -> str | None:
    """덕양구/일산동구/일산서구 from a region code or an address; None when none is named."""
    for text in texts:
        text = (text or "").strip()
        if text in REGION_CODES and text != "41280":
            return REGION_CODES[text]
        squashed = re.sub(r"\s+", "", text)
        for name in DISTRICTS:
            if name in squashed:
                return name
    return None


def _clean(value: Any, limit: int = MAX_FIELD_CHARS) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise ValueError("must be a plain value, not a nested structure")
    text = re.sub(r"\s+", " ", str(value)).strip()
    text = "".join(ch for ch in text if ch.isprintable())
    return text[:limit]


def _safe_url(text: str) -> str:
    return text if re.match(r"^https?://\S+$", text) else ""


def posting_from_fields(fields: dict[str, Any], source: str) -> Posting:
    """Build a Posting from 고용24 field names; ValueError names the bad field."""
    values: dict[str, str] = {}
    for name, raw in fields.items():
        try:
            values[str(name)] = _clean(raw)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    for name in REQUIRED:
        if not values.get(name):
            raise ValueError(f"{name}: is missing")
    source_id = values["wantedAuthNo"]
    if len(source_id) > 64 or not re.match(r"^[A-Za-z0-9_\-.]+$", source_id):
        raise ValueError("wantedAuthNo: must be letters, digits, '-', '_' or '.' (≤64)")
    dates: dict[str, date | None] = {}
    for name in ("regDt", "closeDt"):
        try:
            dates[name] = parse_posting_date(values.get(name, ""))
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    emp_code = values.get("empTpCd", "")
    emp_name = values.get("empTpNm", "") or EMP_TYPE_NAMES.get(emp_code, "")
    src = values.get("source") or source
    if not re.match(r"^[a-z][a-z0-9_]{0,31}$", src):
        raise ValueError("source: must be a short lower-case name like 'work24' or 'csv'")
    address = " ".join(x for x in (values.get("basicAddr", ""), values.get("detailAddr", "")) if x)
    return Posting(
        source=src,
        source_id=source_id,
        title=values["title"][:MAX_TITLE_CHARS],
        company=values["company"][:MAX_TITLE_CHARS],
        district=district_of(values.get("region", ""), address),
        region=values.get("region", ""),
        address=address,
        industry=values.get("indTpNm", ""),
        pay_type=values.get("salTpNm", ""),
        pay=values.get("sal", ""),
        emp_type_code=emp_code,
        emp_type=emp_name,
        career=values.get("career", ""),
        education=values.get("minEdubg", ""),
        posted_on=dates["regDt"],
        closes_on=dates["closeDt"],
        url=_safe_url(values.get("wantedMobileInfoUrl", "") or values.get("wantedInfoUrl", "")),
    )


def _collect(records: list[tuple[str, dict[str, Any]]], source: str) -> ParseResult:
    result = ParseResult()
    seen: dict[tuple[str, str], str] = {}
    for position, fields in records:
        try:
            posting = posting_from_fields(fields, source)
        except ValueError as exc:
            result.bad.append(BadRecord(position, str(exc)))
            continue
        key = (posting.source, posting.source_id)
        if key in seen:
            result.bad.append(
                BadRecord(position, f"wantedAuthNo: {posting.source_id} repeats {seen[key]}")
            )
            continue
        seen[key] = position
        result.postings.append(posting)
    return result


# -- the three formats -----------------------------------------------------------------


def parse_work24_xml(data: bytes | str, source: str = "work24") -> ParseResult:
    """The 고용24 list response (``wantedRoot``/``wanted``)."""
    try:
        root: Element = SafeET.fromstring(data)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise PostingFileError(f"not readable XML: {exc}") from None
    if root.tag != "wantedRoot":
        # 고용24 answers errors as e.g. <messageCd>..</messageCd><message>..</message>.
        message = (root.findtext("message") or root.findtext(".//message") or "").strip()
        hint = f" ({message[:120]})" if message else ""
        raise PostingFileError(f"root element is <{root.tag}>, expected <wantedRoot>{hint}")
    records: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(root.iter("wanted"), start=1):
        fields: dict[str, Any] = {}
        for child in item:
            if len(child):
                fields[child.tag] = {"nested": True}
            else:
                fields[child.tag] = child.text or ""
        records.append((f"record {index}", fields))
    result = _collect(records, source)
    result.total = _int_or_none(root.findtext("total"))
    return result


def parse_work24_json(data: bytes | str, source: str = "work24") -> ParseResult:
    """The same response as JSON (``{"wantedRoot": {"wanted": [...]}}``) or a bare list."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PostingFileError(f"not readable JSON: {exc}") from None
    total = None
    if isinstance(doc, dict):
        root = doc.get("wantedRoot", doc)
        if not isinstance(root, dict) or "wanted" not in root:
            raise PostingFileError("expected {\"wantedRoot\": {\"wanted\": [...]}}")
        total = _int_or_none(root.get("total"))
        items = root["wanted"]
    elif isinstance(doc, list):
        items = doc
    else:
        raise PostingFileError("expected an object with wantedRoot or a list of postings")
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise PostingFileError("'wanted' must be a list of postings")
    records: list[tuple[str, dict[str, Any]]] = []
    bad: list[BadRecord] = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, dict):
            records.append((f"record {index}", item))
        else:
            bad.append(BadRecord(f"record {index}", "must be an object of fields"))
    result = _collect(records, source)
    result.bad = sorted(bad + result.bad, key=lambda b: int(b.position.split()[-1]))
    result.total = total
    return result


def parse_postings_csv(data: bytes | str, source: str = "csv") -> ParseResult:
    """Staff CSV with the 고용24 field names as header (see the module docstring)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PostingFileError("not UTF-8 text (save the CSV as UTF-8)") from None
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="(extra)")
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise PostingFileError(f"not readable CSV: {exc}") from None
    if not header:
        raise PostingFileError("the file is empty (a header row is needed)")
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise PostingFileError(f"header lacks column(s): {', '.join(missing)}")
    records: list[tuple[str, dict[str, Any]]] = []
    bad: list[BadRecord] = []
    try:
        for row in reader:
            position = f"line {reader.line_num}"
            if "(extra)" in row:
                bad.append(BadRecord(position, "more cells than header columns"))
                continue
            if all(not (v or "").strip() for v in row.values()):
                continue
            records.append((position, {k: v for k, v in row.items() if k is not None}))
    except csv.Error as exc:
        bad.append(BadRecord(f"line {reader.line_num}", f"not readable CSV: {exc}"))
    result = _collect(records, source)
    result.bad = sorted(bad + result.bad, key=lambda b: int(b.position.split()[-1]))
    return result


def parse_postings_file(name: str, data: bytes) -> ParseResult:
    """Pick the parser from the file name (.xml/.json/.csv), else from the content."""
    lower = name.lower()
    if lower.endswith(".xml"):
        return parse_work24_xml(data)
    if lower.endswith(".json"):
        return parse_work24_json(data)
    if lower.endswith(".csv"):
        return parse_postings_csv(data)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return parse_work24_xml(data)
    if head in (b"{", b"["):
        return parse_work24_json(data)
    return parse_postings_csv(data)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
