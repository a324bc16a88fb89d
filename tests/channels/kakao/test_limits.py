"""The limit checker itself: it must catch each kind of breach, or the other tests prove little."""

from __future__ import annotations

import pytest

from bot.channels.kakao.limits import check_skill_response


def response(*outputs, quick=None, version="2.0"):
    template = {"outputs": list(outputs)}
    if quick is not None:
        template["quickReplies"] = quick
    return {"version": version, "template": template}


def text(n):
    return {"simpleText": {"text": "가" * n}}


def qr(label="메뉴"):
    return {"label": label, "action": "message", "messageText": label}


def test_a_good_response_has_no_problems():
    assert check_skill_response(response(text(1000), quick=[qr()] * 10)) == []


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ([], "(response): must be a JSON object"),
        (response(text(5), version="1.0"), "version"),
        ({"version": "2.0"}, "template: missing"),
        (response(), "0 outputs"),
        (response(text(1), text(1), text(1), text(1)), "4 outputs"),
        (response(text(1001)), "1001 characters > 1000"),
        (response({"simpleText": {"text": "  "}}), "missing or empty"),
        (response(text(1), quick=[qr()] * 11), "11 > 10"),
        (response(text(1), quick=[qr("가" * 15)]), "15 characters > 14"),
        (response(text(1), quick=[{"label": "a", "action": "webLink"}]), "quick-reply action"),
        (response(text(1), quick=[{"label": "a", "action": "message"}]), "messageText"),
        (
            response({"listCard": {"header": {"title": "h"}, "items": [{"title": "i"}] * 6}}),
            "6 items, need 1 to 5",
        ),
        (
            response({"carousel": {"type": "textCard", "items": [{"title": "t"}] * 11}}),
            "11 textCards > 10",
        ),
        (
            response({"carousel": {"type": "simpleText", "items": [text(1)]}}),
            "cannot be in a carousel",
        ),
        (
            response(
                {
                    "textCard": {
                        "title": "t",
                        "buttons": [{"label": "b", "action": "webLink", "webLinkUrl": "https://x"}]
                        * 4,
                    }
                }
            ),
            "4 > 3",
        ),
        (
            response(
                {
                    "textCard": {
                        "title": "t",
                        "buttonLayout": "horizontal",
                        "buttons": [{"label": "가" * 9, "action": "message"}] * 2,
                    }
                }
            ),
            "9 characters > 8",
        ),
        (
            response({"textCard": {"title": "t", "buttons": [{"label": "b", "action": "phone"}]}}),
            "phoneNumber",
        ),
        (response({"basicCard": {"title": "t"}}), "thumbnail"),
        (response({"textCard": {}}), "needs a title or a description"),
        (response({"textCard": {"title": "가" * 51}}), "51 characters > 50"),
        (
            response(
                {"carousel": {"type": "textCard", "items": [{"description": "가" * 129}] * 2}}
            ),
            "129 characters > 128",
        ),
        (response({"simpleText": {"text": "a"}, "textCard": {"title": "t"}}), "exactly one"),
    ],
)
def test_each_breach_is_reported(bad, problem):
    problems = check_skill_response(bad)
    assert any(problem in p for p in problems), problems
