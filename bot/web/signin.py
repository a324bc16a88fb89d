"""Sign-in, sign-out and the one-time password setup link of the staff console."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.web.console import (
    Console,
    checked_form,
    client_address,
    form_text,
    problem_page,
    render,
)
from bot.web.security import (
    LOCK_AFTER_FAILURES,
    LOCK_MINUTES,
    SESSION_COOKIE,
    SESSION_HOURS,
    Session,
    hash_password,
    password_matches,
    password_problem,
    token_hash,
)

Endpoint = Callable[[Request], Awaitable[Response]]
WRONG = "이름 또는 비밀번호가 맞지 않아요."
LOCKED = f"로그인에 여러 번 실패해 잠겼어요. {LOCK_MINUTES}분 뒤에 다시 시도해 주세요."
EXPIRED_LINK = "이 링크는 만료됐거나 이미 사용됐어요. 관리자에게 새 링크를 요청하세요."
TOO_MANY = "이 주소에서 로그인 실패가 너무 많아요. 10분 뒤에 다시 시도해 주세요."


def _safe_next(target: str) -> str:
    """Only a path inside the console (no other site, no ``//host``)."""
    if target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff/"


def signin_routes(console: Console) -> list[BaseRoute]:
    def bind(handler: Callable[[Request, Console], Awaitable[Response]]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            return await handler(request, console)

        return endpoint

    return [
        Route("/login", bind(_login), methods=["GET", "POST"]),
        Route("/logout", bind(_logout), methods=["POST"]),
        Route("/setup/{token}", bind(_setup), methods=["GET", "POST"]),
    ]


async def _login(request: Request, console: Console) -> Response:
    if request.method == "GET":
        return render(request, "login.html", console,
                      next=_safe_next(request.query_params.get("next", "")))
    form = await checked_form(request, console)
    if isinstance(form, Response):
        return form
    name, password = form_text(form, "name", 60), form_text(form, "password", 300)
    target = _safe_next(form_text(form, "next", 300))
    answer = await _sign_in(console, client_address(request), name, password)
    if isinstance(answer, str):
        return render(request, "login.html", console, status=401, error=answer,
                      name=name, next=target)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, console.signer.dumps(answer), max_age=SESSION_HOURS * 3600,
        httponly=True, samesite="strict", secure=console.secure_cookies, path="/staff",
    )
    return response


async def _logout(request: Request, console: Console) -> Response:
    form = await checked_form(request, console)
    if isinstance(form, Response):
        return form
    staff = await console.current_staff(request)
    if staff is not None:
        await console.audit(staff, "staff_logout")
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/staff")
    return response


async def _setup(request: Request, console: Console) -> Response:
    token = request.path_params["token"]
    member = await console.store.staff.by_setup_token(token_hash(token), console.now())
    if member is None:
        return problem_page(request, console, 404, EXPIRED_LINK)
    if request.method == "GET":
        return render(request, "setup.html", console, name=member.name, token=token)
    form = await checked_form(request, console)
    if isinstance(form, Response):
        return form
    password = form_text(form, "password", 300)
    problem = password_problem(password, form_text(form, "again", 300), member.name)
    if problem:
        return render(request, "setup.html", console, status=400, name=member.name,
                      token=token, error=problem)
    await console.store.staff.set_password(member.id, hash_password(password))
    await console.audit(member, "staff_password_set")
    return render(request, "login.html", console, name=member.name, next="/staff/",
                  notice="비밀번호를 정했어요. 이제 로그인하세요.")


async def _sign_in(console: Console, address: str, name: str, password: str) -> Session | str:
    """The session for a right name and password, else the Korean reason to show."""
    if console.limiter.blocked(address):
        return TOO_MANY
    now = console.now()
    member = await console.store.staff.by_name(name) if name else None
    if member is not None and member.locked_at(now):
        return LOCKED
    usable = member is not None and member.active and member.has_password
    # Verify even for an unknown name (against a dummy hash): the answer takes as long.
    if not password_matches(member.password_hash if usable and member else None, password):
        console.limiter.failed(address)
        if member is not None and usable:
            locked = await console.store.staff.login_failed(
                member.id, now, limit=LOCK_AFTER_FAILURES,
                lock_until=now + timedelta(minutes=LOCK_MINUTES),
            )
            await console.audit(member, "staff_login_failed", "locked" if locked else "")
            if locked:
                return LOCKED
        return WRONG
    assert member is not None
    await console.store.staff.login_succeeded(member.id)
    await console.audit(member, "staff_login")
    return Session(member.id, member.session_version)
