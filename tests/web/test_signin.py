"""Signing in to the staff console: setup link, password rules, sessions, CSRF, lock-out,
and every action in the audit log."""

from __future__ import annotations

import pytest

from bot.web.security import new_setup_token, setup_expiry
from tests.web.conftest import PASSWORD, Web


async def test_pages_need_a_session(web: Web):
    for path in ("/staff/", "/staff/places", "/staff/jobs", "/staff/content",
                 "/staff/insights", "/staff/bookings.csv"):
        response = await web.client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/staff/login?next=/staff")
    response = await web.client.post("/staff/bookings/mark", data={"code": "A"})
    assert response.status_code == 401
    assert "로그인이 필요해요" in response.text


async def test_setup_link_sets_the_password_once(web: Web):
    token, hashed = new_setup_token()
    now = web.clock.now()
    await web.store.staff.add("민지", hashed, setup_expiry(now), now)
    page = await web.client.get(f"/staff/setup/{token}")
    assert page.status_code == 200 and "민지님의 비밀번호" in page.text
    short = await web.post(f"/staff/setup/{token}", {"password": "짧아", "again": "짧아"})
    assert short.status_code == 400 and "10자 이상" in short.text
    differ = await web.post(f"/staff/setup/{token}",
                            {"password": PASSWORD, "again": PASSWORD + "x"})
    assert differ.status_code == 400 and "달라요" in differ.text
    done = await web.post(f"/staff/setup/{token}", {"password": PASSWORD, "again": PASSWORD})
    assert done.status_code == 200 and "이제 로그인하세요" in done.text
    member = await web.store.staff.by_name("민지")
    assert member is not None and member.password_hash and member.password_hash.startswith(
        "$argon2id$")
    again = await web.client.get(f"/staff/setup/{token}")
    assert again.status_code == 404  # spent
    assert (await web.sign_in("민지")).status_code == 303


async def test_an_expired_link_is_refused(web: Web):
    token, hashed = new_setup_token()
    now = web.clock.now()
    await web.store.staff.add("민지", hashed, setup_expiry(now), now)
    web.clock.advance(hours=73)
    assert (await web.client.get(f"/staff/setup/{token}")).status_code == 404
    assert (await web.client.get("/staff/setup/not-a-token")).status_code == 404


async def test_sign_in_and_out(web: Web):
    await web.add_staff()
    wrong = await web.sign_in(password="wrong password!")
    assert wrong.status_code == 401 and "맞지 않아요" in wrong.text
    unknown = await web.sign_in(name="없는사람")
    assert unknown.status_code == 401 and "맞지 않아요" in unknown.text
    ok = await web.sign_in()
    assert ok.status_code == 303 and ok.headers["location"] == "/staff/"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff" in cookie
    today = await web.client.get("/staff/")
    assert today.status_code == 200 and "로그아웃" in today.text
    out = await web.post("/staff/logout", {}, csrf_from="/staff/")
    assert out.status_code == 303
    assert (await web.client.get("/staff/")).status_code == 303
    actions = [a[2] for a in await web.store.audit.recent()]
    assert actions[:3] == ["staff_logout", "staff_login", "staff_login_failed"]
    assert all(a[1] == "staff:담당자" for a in (await web.store.audit.recent())[:3])


async def test_next_never_leaves_the_console(web: Web):
    await web.add_staff()
    response = await web.post("/staff/login", {"name": "담당자", "password": PASSWORD,
                                               "next": "//evil.example/x"})
    assert response.headers["location"] == "/staff/"


@pytest.mark.parametrize("token", ["", "forged-token"])
async def test_a_post_without_the_right_csrf_token_is_refused(staff_web: Web, token: str):
    response = await staff_web.client.post(
        "/staff/bookings/mark", data={"csrf": token, "code": "ABC123", "action": "returned"})
    assert response.status_code == 403 and "CSRF" in response.text
    login = await staff_web.client.post("/staff/login", data={"csrf": token, "name": "담당자",
                                                              "password": PASSWORD})
    assert login.status_code == 403


async def test_five_wrong_passwords_lock_the_account(web: Web):
    await web.add_staff()
    for _ in range(4):
        assert "맞지 않아요" in (await web.sign_in(password="wrong password!")).text
    fifth = await web.sign_in(password="wrong password!")
    assert "잠겼어요" in fifth.text
    assert "잠겼어요" in (await web.sign_in()).text  # even the right password, for now
    web.clock.advance(minutes=16)
    assert (await web.sign_in()).status_code == 303


async def test_one_address_is_slowed_down_across_names(web: Web):
    await web.add_staff()
    for n in range(10):
        await web.sign_in(name=f"guess{n}", password="wrong password!")
    blocked = await web.sign_in()
    assert blocked.status_code == 401 and "너무 많아요" in blocked.text
    web.clock.advance(minutes=11)
    assert (await web.sign_in()).status_code == 303


async def test_disabling_ends_the_session(staff_web: Web):
    assert (await staff_web.client.get("/staff/")).status_code == 200
    assert await staff_web.store.staff.disable("담당자")
    assert (await staff_web.client.get("/staff/")).status_code == 303
    assert "맞지 않아요" in (await staff_web.sign_in()).text


async def test_a_forged_session_cookie_is_ignored(web: Web):
    await web.add_staff()
    web.client.cookies.set("gb_staff", "WzEsMV0.forged.sig", path="/staff")
    assert (await web.client.get("/staff/")).status_code == 303



def test_production_costs_are_argon2id_defaults():
    """The hasher the console uses outside these tests: argon2-cffi's RFC 9106 profile."""
    from tests.web.conftest import REAL_HASHER

    assert REAL_HASHER.hash("x" * 12).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
