"""What every staff page shares: the console's context, sign-in and CSRF guards, rendering.

A page handler is ``async (request, console, staff, form) -> Response``; ``staff_page``
turns it into a Starlette endpoint that sends a visitor without a valid session to the
sign-in page, refuses a POST whose CSRF token does not match (403), reads the form with
size limits, and answers an unexpected failure with a plain Korean page, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from bot.runtime import Runtime
from bot.settings import Settings
from bot.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    AddressLimiter,
    SessionSigner,
    csrf_ok,
    new_csrf_token,
)
from db.staff import StaffMember
from db.store import Store

log = logging.getLogger(__name__)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
MAX_FORM_BYTES = 2 * 1024 * 1024  # a places CSV of a few thousand rows fits easily
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
        " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
FAILED = "처리 중 문제가 생겼어요. 다시 시도해 주세요."
NAV = (
    ("today", "/staff/", "오늘 예약"),
    ("places", "/staff/places", "장소"),
    ("jobs", "/staff/jobs", "일자리·알림"),
    ("content", "/staff/content", "콘텐츠"),
    ("insights", "/staff/insights", "통계"),
)


@dataclass
class Console:
    """The staff console's shared parts; ``runtime`` is read per request (the server opens
    it in its lifespan, after the routes are built)."""

    settings: Settings
    get_runtime: Callable[[], Runtime]
    signer: SessionSigner
    limiter: AddressLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = AddressLimiter(self.now)

    @property
    def runtime(self) -> Runtime:
        return self.get_runtime()

    @property
    def store(self) -> Store:
        return self.runtime.store

    def now(self) -> datetime:
        return self.runtime.engine.now()

    @property
    def secure_cookies(self) -> bool:
        return (self.settings.public_url or "").startswith("https://")

    async def audit(self, staff: StaffMember | str, action: str, detail: str = "") -> None:
        """Write a staff action to the audit log: who (``staff:NAME``), what, when."""
        who = staff if isinstance(staff, str) else f"staff:{staff.name}"
        await self.store.audit.record(self.now(), who, action, detail[:300])

    async def current_staff(self, request: Request) -> StaffMember | None:
        session = self.signer.loads(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return None
        member = await self.store.staff.get(session.staff_id)
        if member is None or not member.active or member.session_version != session.version:
            return None
        return member


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def render(
    request: Request,
    template: str,
    console: Console,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    """A page from ``templates/``, with the CSRF token every form carries."""
    token = request.cookies.get(CSRF_COOKIE) or ""
    fresh = not token
    if fresh:
        token = new_csrf_token()
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {"csrf": token, "csrf_field": CSRF_FIELD, "nav": NAV, **context},
        status_code=status,
        headers=SECURITY_HEADERS,
    )
    if fresh:
        set_csrf_cookie(response, token, secure=console.secure_cookies)
    return response


def set_csrf_cookie(response: Response, token: str, *, secure: bool) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/"
    )


def problem_page(request: Request, console: Console, status: int, message: str) -> Response:
    return render(request, "problem.html", console, status=status, message=message)


async def read_form(request: Request) -> FormData | None:
    """The posted form, or None when it is too large or not a form at all."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        return None
    try:
        return await request.form(max_files=1, max_fields=200, max_part_size=MAX_FORM_BYTES)
    except Exception:  # multipart errors, a bad encoding: a 400, not a traceback
        return None


def form_text(form: FormData, name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def checked_form(request: Request, console: Console) -> FormData | Response:
    """The form of a POST whose CSRF token matches, else the refusal to send."""
    form = await read_form(request)
    if form is None:
        return problem_page(request, console, 400, "보낸 내용이 너무 크거나 읽을 수 없어요.")
    submitted = form.get(CSRF_FIELD)
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), submitted if isinstance(submitted, str)
                   else None):
        return problem_page(
            request, console, 403,
            "보안 확인(CSRF)에 실패했어요. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
        )
    return form


PageHandler = Callable[[Request, Console, StaffMember, FormData | None], Awaitable[Response]]


def staff_page(console: Console, handler: PageHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        staff = await console.current_staff(request)
        if staff is None:
            if request.method != "GET":
                return problem_page(request, console, 401, "로그인이 필요해요.")
            target = quote(request.url.path, safe="/")
            return RedirectResponse(f"/staff/login?next={target}", status_code=303)
        form: FormData | None = None
        if request.method == "POST":
            checked = await checked_form(request, console)
            if isinstance(checked, Response):
                return checked
            form = checked
        try:
            return await handler(request, console, staff, form)
        except Exception as exc:
            log.exception("staff page %s failed: %s", request.url.path, type(exc).__name__)
            return problem_page(request, console, 500, FAILED)
        finally:
            if form is not None:
                await form.close()  # an upload spooled to a temporary file

    return endpoint


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers=SECURITY_HEADERS)
