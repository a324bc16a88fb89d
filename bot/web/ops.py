"""일자리·알림 and 콘텐츠: postings and the outbox, a postings import and "fetch now"; the
content check, the stale list, and a reload that keeps the last good content.

The import and the fetch are those of ``goyang-bot jobs import`` / ``jobs fetch``
(``parse_postings_file``, ``Work24Client``, ``import_postings``); the check and the
stale list those of ``goyang-bot content check [--stale DAYS]``.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.jobs.ingest import ImportReport, import_postings
from bot.web.console import Console, render, staff_page
from content.catalogue import Catalogue, load_catalogue
from content.errors import ContentError
from content.jobs.postings import ParseResult, PostingFileError, parse_postings_file
from content.staleness import stale_entries
from db.staff import StaffMember
from handlers.jobs.manage import job_stats

MAX_POSTINGS_BYTES = 2 * 1024 * 1024
DEFAULT_STALE_DAYS = 180
OUTBOX_STATES = (("pending", "대기"), ("claimed", "보내는 중"), ("sent", "보냄"),
                 ("failed", "실패"), ("dropped", "버림"))


async def _jobs_page(request: Request, console: Console, staff: StaffMember, *,
                     status: int = 200, notice: str = "", error: str = "",
                     report: ImportReport | None = None) -> Response:
    now = console.now()
    views = console.store.staff_views
    by_kind: dict[str, dict[str, int]] = {}
    for kind, state, n in await views.outbox_by_kind():
        by_kind.setdefault(kind, {})[state] = n
    return render(
        request, "jobs.html", console, status=status, staff=staff, page="jobs",
        stats=await job_stats(console.store, now.date()),
        open_postings=await console.store.postings.open_postings(now.date(), limit=20),
        closed=await views.closed_postings(now.date()),
        outbox=by_kind, states=OUTBOX_STATES,
        sent_last_hour=await views.sent_since(now - timedelta(hours=1)),
        fetch_ready=bool(console.settings.work24_auth_key),
        report=report, notice=notice, error=error,
    )


async def jobs_page(request: Request, console: Console, staff: StaffMember,
                    form: FormData | None) -> Response:
    return await _jobs_page(request, console, staff)


async def _store_postings(console: Console, staff: StaffMember, parsed: ParseResult,
                          name: str) -> ImportReport:
    report = await import_postings(console.store.db, parsed, console.now())
    await console.audit(staff, "jobs_import", f"{name}: {report.summary()}")
    return report


async def import_file(request: Request, console: Console, staff: StaffMember,
                      form: FormData | None) -> Response:
    assert form is not None
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return await _jobs_page(request, console, staff, status=400,
                                error="올릴 파일(.xml, .json, .csv)을 골라 주세요.")
    data = await upload.read(MAX_POSTINGS_BYTES + 1)
    if len(data) > MAX_POSTINGS_BYTES:
        return await _jobs_page(request, console, staff, status=400,
                                error=f"파일이 너무 커요 ({MAX_POSTINGS_BYTES // 1024} KB까지).")
    name = upload.filename[-80:]
    try:
        parsed = parse_postings_file(name, data)
    except PostingFileError as exc:
        return await _jobs_page(request, console, staff, status=422,
                                error=f"{name}: 읽을 수 없는 파일이에요 — {exc}")
    report = await _store_postings(console, staff, parsed, name)
    return await _jobs_page(request, console, staff, status=422 if report.bad else 200,
                            report=report, notice=f"{name}: {report.summary()}")


async def fetch_now(request: Request, console: Console, staff: StaffMember,
                    form: FormData | None) -> Response:
    from bot.jobs.work24 import AUTH_ENV, FetchError, Work24Client

    settings = console.settings
    if not settings.work24_auth_key:
        return await _jobs_page(request, console, staff, status=409,
                                error=f"{AUTH_ENV}가 설정되지 않아 고용24에서 가져올 수 없어요.")
    try:
        async with Work24Client(settings.work24_auth_key, base_url=settings.work24_url) as c:
            parsed = await c.fetch_all(display=100, max_pages=10, region="41280")
    except FetchError as exc:
        await console.audit(staff, "jobs_fetch_failed", str(exc)[:200])
        return await _jobs_page(request, console, staff, status=502,
                                error=f"고용24에서 가져오지 못했어요: {exc}")
    report = await _store_postings(console, staff, parsed, "work24 fetch")
    return await _jobs_page(request, console, staff, report=report,
                            notice=f"고용24: {report.summary()}")


def _stale_days(raw: str) -> int:
    return int(raw) if raw.isdigit() and int(raw) <= 3650 else DEFAULT_STALE_DAYS


async def _content_page(request: Request, console: Console, staff: StaffMember, *,
                        status: int = 200, notice: str = "", error: str = "",
                        reload_problems: list[str] | None = None) -> Response:
    days = _stale_days(request.query_params.get("stale", ""))
    live = console.runtime.engine.catalogue
    check: Catalogue | None = None
    problems: list[str] = []
    try:
        check = load_catalogue(console.settings.content_dir)
    except ContentError as exc:
        problems = list(exc.problems)
    today = console.now().date()
    stale = [(e, (today - e.newest_source).days) for e in stale_entries(live, days, today)]
    return render(
        request, "content.html", console, status=status, staff=staff, page="content",
        live=live, check=check, problems=problems, stale=stale, days=days,
        reload_problems=reload_problems or [], notice=notice, error=error,
    )


async def content_page(request: Request, console: Console, staff: StaffMember,
                       form: FormData | None) -> Response:
    return await _content_page(request, console, staff)


async def reload_content(request: Request, console: Console, staff: StaffMember,
                         form: FormData | None) -> Response:
    try:
        catalogue = console.runtime.engine.reload_catalogue()
    except ContentError as exc:
        await console.audit(staff, "content_reload_refused", f"{len(exc.problems)} problem(s)")
        return await _content_page(
            request, console, staff, status=422, reload_problems=list(exc.problems),
            error="새 콘텐츠에 문제가 있어 전에 쓰던 콘텐츠를 그대로 쓰고 있어요.",
        )
    await console.audit(staff, "content_reload", f"{len(catalogue.programs)} programs")
    return await _content_page(
        request, console, staff,
        notice=f"다시 불러왔어요: 프로그램 {len(catalogue.programs)}개, "
               f"문구 {len(catalogue.strings.keys())}개.",
    )


def ops_routes(console: Console) -> list[BaseRoute]:
    return [
        Route("/jobs", staff_page(console, jobs_page), methods=["GET"]),
        Route("/jobs/import", staff_page(console, import_file), methods=["POST"]),
        Route("/jobs/fetch", staff_page(console, fetch_now), methods=["POST"]),
        Route("/content", staff_page(console, content_page), methods=["GET"]),
        Route("/content/reload", staff_page(console, reload_content), methods=["POST"]),
    ]
