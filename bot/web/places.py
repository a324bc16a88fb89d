"""장소: the places the bot knows (filters), and a CSV upload checked before anything is saved.

The check is the one of ``goyang-bot places import`` (``read_places_csv`` and the distance
from Goyang): every problem is listed with its line, and a preview of the rows shows what
would change. Saving is offered only for a file without problems, and the file is checked
again when it is saved; the rows are written in one transaction (all or nothing).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.commands.places import near_goyang, places_content
from bot.web.console import Console, form_text, render, staff_page
from content.localized import pick
from content.places.csv_columns import RowProblem
from content.places.csv_import import read_places_csv
from content.places.models import Place
from db.staff import StaffMember

MAX_CSV_BYTES = 1024 * 1024
MAX_PREVIEW_ROWS = 200
STATUS_LABELS = {"open": "운영", "unverified": "확인 필요", "moved": "이전", "closed": "종료"}


@dataclass
class Checked:
    """One uploaded file after the check: what would be saved and every problem."""

    name: str
    places: list[Place] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    fatal: bool = False
    rows: int = 0

    @property
    def saveable(self) -> bool:
        return not self.fatal and not self.problems and bool(self.places)


def check_file(console: Console, name: str, data: bytes) -> Checked:
    content, content_problems = places_content(console.settings)
    if content_problems:
        return Checked(name, problems=[RowProblem(0, "content", line)
                                       for line in content_problems], fatal=True)
    result = read_places_csv(data, kinds=content.kinds.values(),
                             services=content.services.values())
    good, problems = near_goyang(content, result)
    return Checked(name, good, sorted(problems, key=lambda p: (p.line, p.column)),
                   list(result.warnings), result.fatal, result.rows)


@dataclass(frozen=True, slots=True)
class Listed:
    id: str
    name: str
    kind: str
    district: str
    status: str
    origin: str
    address: str


async def _listed(console: Console) -> list[Listed]:
    catalogue = console.runtime.engine.catalogue
    content = catalogue.places
    imported: dict[str, Listed] = {}
    for stored in await console.store.places.all():
        try:
            place = Place.model_validate(stored.data)
        except ValueError:
            continue
        imported[place.id] = _row(content.kind_label(place.kind, "ko"), place, "가져옴")
    shipped = [_row(content.kind_label(p.kind, "ko"), p, "기본")
               for p in content.places.values() if p.id not in imported]
    return sorted([*shipped, *imported.values()], key=lambda r: (r.kind, r.name))


def _row(kind: str, place: Place, origin: str) -> Listed:
    return Listed(place.id, pick(place.name, "ko"), kind, place.district or "",
                  place.status, origin, pick(place.address, "ko"))


def _matches(row: Listed, q: str, kind: str, district: str, status: str) -> bool:
    if kind and row.kind != kind:
        return False
    if district and row.district != district:
        return False
    if status and row.status != status:
        return False
    return not q or q.lower() in f"{row.name} {row.address} {row.id}".lower()


async def _page(request: Request, console: Console, staff: StaffMember, *,
                status: int = 200, checked: Checked | None = None, encoded: str = "",
                replace: bool = False, notice: str = "", error: str = "") -> Response:
    q = request.query_params
    query, kind, district, state = (q.get(k, "")[:60] for k in ("q", "kind", "district",
                                                                "status"))
    rows = await _listed(console)
    shown = [r for r in rows if _matches(r, query, kind, district, state)]
    return render(
        request, "places.html", console, status=status, staff=staff, page="places",
        rows=shown, total=len(rows), q=query, kind=kind, district=district, state=state,
        kinds=sorted({r.kind for r in rows}), districts=sorted({r.district for r in rows
                                                                  if r.district}),
        statuses=STATUS_LABELS, checked=checked, encoded=encoded, replace=replace,
        preview=(checked.places[:MAX_PREVIEW_ROWS] if checked else []),
        notice=notice, error=error, pick=pick,
    )


async def places_page(request: Request, console: Console, staff: StaffMember,
                      form: FormData | None) -> Response:
    return await _page(request, console, staff)


async def _uploaded(form: FormData) -> tuple[str, bytes] | str:
    """The uploaded file's name and bytes, or why there is none to check."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return "올릴 CSV 파일을 골라 주세요."
    data = await upload.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        return f"파일이 너무 커요 ({MAX_CSV_BYTES // 1024} KB까지)."
    if not data.strip():
        return "빈 파일이에요."
    return upload.filename[-80:], data


async def check_upload(request: Request, console: Console, staff: StaffMember,
                       form: FormData | None) -> Response:
    assert form is not None
    uploaded = await _uploaded(form)
    if isinstance(uploaded, str):
        return await _page(request, console, staff, status=400, error=uploaded)
    name, data = uploaded
    checked = check_file(console, name, data)
    await console.audit(staff, "places_check",
                        f"{name}: {len(checked.places)} ok, {len(checked.problems)} problem(s)")
    return await _page(
        request, console, staff, status=200 if checked.saveable else 422, checked=checked,
        encoded=base64.b64encode(data).decode() if checked.saveable else "",
        replace=form.get("replace") == "on",
    )


async def save_upload(request: Request, console: Console, staff: StaffMember,
                      form: FormData | None) -> Response:
    assert form is not None
    name = form_text(form, "name", 80) or "upload.csv"
    try:
        data = base64.b64decode(form_text(form, "data", MAX_CSV_BYTES * 2), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        return await _page(request, console, staff, status=400,
                           error="저장할 파일이 없어요. 파일을 다시 올려 주세요.")
    checked = check_file(console, name, data)  # again: the form could have been edited
    if not checked.saveable:
        return await _page(request, console, staff, status=422, checked=checked,
                           error="파일에 문제가 있어 아무것도 저장하지 않았어요.")
    counts = await console.store.places.upsert_many(
        [p.model_dump(mode="json") for p in checked.places], origin=name,
        now=console.now(), replace_all=form.get("replace") == "on",
        actor=f"staff:{staff.name}",
    )
    # upsert_many writes the audit row (places.import, actor staff:NAME) in its transaction
    return await _page(
        request, console, staff,
        notice=(f"{name}: {len(checked.places)}곳 저장 — 새로 {counts.inserted}, "
                f"바뀜 {counts.updated}, 그대로 {counts.unchanged}, 삭제 {counts.deleted}"),
    )


def places_routes(console: Console) -> list[BaseRoute]:
    return [
        Route("/places", staff_page(console, places_page), methods=["GET"]),
        Route("/places/check", staff_page(console, check_upload), methods=["POST"]),
        Route("/places/import", staff_page(console, save_upload), methods=["POST"]),
    ]
