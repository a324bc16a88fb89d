"""The web chat (/chat): consent before anything is stored, typed text and pressed buttons
through the real engine, links as links, /privacy and /forget, CSRF, bad input."""

from __future__ import annotations

import html
import re

from tests.web.conftest import Web

ACTION = re.compile(r'name="action" value="([^"]+)">\s*<input type="hidden" name="label" '
                    r'value="([^"]+)"')


async def consent(web: Web) -> str:
    token = await web.csrf("/chat")
    response = await web.client.post("/chat/consent", data={"csrf": token})
    assert response.status_code == 303 and response.headers["location"] == "/chat#last"
    page = await web.client.get("/chat")
    assert page.status_code == 200
    return page.text


async def send(web: Web, **fields: str) -> str:
    token = await web.csrf("/chat")
    response = await web.client.post("/chat", data={"csrf": token, **fields})
    assert response.status_code == 303, response.text
    return (await web.client.get(response.headers["location"])).text


def buttons(page: str) -> dict[str, str]:
    return {html.unescape(label): html.unescape(action) for action, label in ACTION.findall(page)}


async def test_nothing_is_stored_before_consent(web: Web):
    page = await web.client.get("/chat")
    assert page.status_code == 200 and "동의하고 시작하기" in page.text
    assert "gb_chat" not in page.headers.get("set-cookie", "")
    assert await web.store.users.count() == 0
    refused = await web.client.post("/chat", data={"text": "안녕"})
    assert refused.status_code == 303 and refused.headers["location"] == "/chat"
    assert await web.store.users.count() == 0


async def test_consent_starts_a_conversation_with_buttons(web: Web):
    page = await consent(web)
    cookie = web.client.cookies.get("gb_chat")
    assert cookie and len(cookie) >= 16
    user = await web.store.users.find("web", cookie)
    assert user is not None
    assert "<form method=\"post\" action=\"/chat\"" in page and buttons(page)


async def test_pressing_a_button_and_typing(web: Web):
    page = await consent(web)
    choices = buttons(page)
    label = next(label for label, action in choices.items() if action.startswith("places"))
    after = await send(web, action=choices[label], label=label)
    assert f'<span class="sr-only">나: </span>{html.escape(label)}' in after
    typed = await send(web, text="화정역 근처 카페")
    assert "화정역 근처 카페" in typed
    assert typed.count('class="msg bot"') >= 3


async def test_typed_html_is_shown_as_text(web: Web):
    await consent(web)
    page = await send(web, text="<script>alert(1)</script>")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


async def test_privacy_and_forget_work_here(web: Web):
    await consent(web)
    privacy = await send(web, text="/privacy")
    assert "개인정보" in privacy
    asked = await send(web, text="/forget")
    yes = buttons(asked)["네, 모두 지워 주세요"]
    token = await web.csrf("/chat")
    done = await web.client.post("/chat", data={"csrf": token, "action": yes, "label": "네"})
    assert done.headers["location"] == "/chat?forgotten=1"
    assert "gb_chat" in done.headers["set-cookie"] and "Max-Age=0" in done.headers["set-cookie"]
    assert await web.store.users.count() == 0
    page = await web.client.get("/chat?forgotten=1")
    assert "대화 번호도 지웠어요" in page.text and "동의하고 시작하기" in page.text


async def test_a_post_without_csrf_is_not_sent(web: Web):
    await consent(web)
    before = await web.store.db.fetchall("SELECT updated_at FROM conversations")
    response = await web.client.post("/chat", data={"text": "메뉴", "csrf": "forged"})
    assert response.headers["location"] == "/chat?problem=expired#end"
    page = await web.client.get("/chat?problem=expired")
    assert "한 번 더 보내 주세요" in page.text
    assert await web.store.db.fetchall("SELECT updated_at FROM conversations") == before


async def test_stale_and_forged_buttons_are_answered(web: Web):
    await consent(web)
    page = await send(web, action="booking:zzz:1:2:3", label="x")
    assert 'class="msg bot"' in page and "Traceback" not in page
    long = await send(web, text="가" * 1200)
    assert "Traceback" not in long and 'class="msg bot"' in long
    odd = await web.client.get("/chat?problem=<b>")
    assert odd.status_code == 200 and "<b>" not in odd.text


async def test_one_address_cannot_create_visitors_without_end(web: Web):
    for _ in range(30):
        await consent(web)
        web.client.cookies.delete("gb_chat")
    token = await web.csrf("/chat")
    refused = await web.client.post("/chat/consent", data={"csrf": token})
    assert refused.headers["location"] == "/chat?problem=busy#end"
    assert await web.store.users.count() == 30
    web.clock.advance(minutes=61)
    await consent(web)
    assert await web.store.users.count() == 31
