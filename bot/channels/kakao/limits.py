"""Kakao i Open Builder's SkillResponse v2.0 limits, and a checker for a rendered response.

The numbers come from the official "응답 타입별 JSON 포맷" page (see
``shared/research/kakao-skill-api.md`` §3). The renderer is built to stay inside them;
``check_skill_response`` verifies that independently, so tests can run it over every
answer the bot gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

VERSION = "2.0"
MAX_OUTPUTS = 3
MAX_QUICK_REPLIES = 10
MAX_SIMPLE_TEXT = 1000
MAX_BUTTON_LABEL = 14
MAX_BUTTON_LABEL_HORIZONTAL = 8
MAX_CARD_BUTTONS = 3
MAX_CARD_BUTTONS_HORIZONTAL = 2
MAX_LIST_ITEMS = 5
MAX_LIST_ITEMS_IN_CAROUSEL = 4
MAX_CAROUSEL_ITEMS = 10
MAX_CAROUSEL_LIST_CARDS = 5
MAX_TITLE = 50
MAX_BASIC_DESCRIPTION = 230
MAX_TEXT_CARD_TEXT = 400  # title + description of a single textCard
MAX_TEXT_CARD_DESCRIPTION_IN_CAROUSEL = 128
MAX_ALT_TEXT = 50

Body = dict[str, Any]  # one component of a SkillResponse, as JSON
COMPONENTS = ("simpleText", "simpleImage", "textCard", "basicCard", "listCard", "carousel")
CAROUSEL_TYPES = ("textCard", "basicCard", "listCard")
BUTTON_ACTIONS = ("webLink", "message", "phone", "block", "share", "operator")
QUICK_REPLY_ACTIONS = ("message", "block")


def check_skill_response(response: Any) -> list[str]:
    """Every way ``response`` breaks a Kakao limit, as ``path: problem`` lines (empty = ok)."""
    problems: list[str] = []
    if not isinstance(response, dict):
        return ["(response): must be a JSON object"]
    if response.get("version") != VERSION:
        problems.append(f"version: must be '{VERSION}'")
    template = response.get("template")
    if not isinstance(template, dict):
        return [*problems, "template: missing"]
    outputs = template.get("outputs")
    if not isinstance(outputs, list) or not 1 <= len(outputs) <= MAX_OUTPUTS:
        count = len(outputs) if isinstance(outputs, list) else "no"
        problems.append(f"template.outputs: {count} outputs, need 1 to {MAX_OUTPUTS}")
        outputs = outputs if isinstance(outputs, list) else []
    for index, output in enumerate(outputs):
        _check_output(f"outputs[{index}]", output, problems)
    quick_replies = template.get("quickReplies", [])
    if not isinstance(quick_replies, list):
        problems.append("quickReplies: must be a list")
        quick_replies = []
    if len(quick_replies) > MAX_QUICK_REPLIES:
        problems.append(f"quickReplies: {len(quick_replies)} > {MAX_QUICK_REPLIES}")
    for index, quick in enumerate(quick_replies):
        _check_quick_reply(f"quickReplies[{index}]", quick, problems)
    return problems


def _check_output(path: str, output: Any, problems: list[str]) -> None:
    if not isinstance(output, dict) or len(output) != 1:
        problems.append(f"{path}: must hold exactly one component")
        return
    ((kind, body),) = output.items()
    if kind not in COMPONENTS:
        problems.append(f"{path}: unknown component '{kind}'")
        return
    if kind == "carousel":
        _check_carousel(f"{path}.carousel", body, problems)
    else:
        _check_component(f"{path}.{kind}", kind, body, problems, in_carousel=False)


def _check_carousel(path: str, body: Any, problems: list[str]) -> None:
    if not isinstance(body, dict):
        problems.append(f"{path}: must be an object")
        return
    kind = body.get("type")
    items = body.get("items")
    if kind not in CAROUSEL_TYPES:
        problems.append(f"{path}.type: '{kind}' cannot be in a carousel")
        return
    if not isinstance(items, list) or not items:
        problems.append(f"{path}.items: need at least one item")
        return
    most = MAX_CAROUSEL_LIST_CARDS if kind == "listCard" else MAX_CAROUSEL_ITEMS
    if len(items) > most:
        problems.append(f"{path}.items: {len(items)} {kind}s > {most}")
    if "header" in body and kind in ("textCard", "listCard"):
        problems.append(f"{path}.header: not allowed for {kind}")
    for index, item in enumerate(items):
        _check_component(f"{path}.items[{index}]", kind, item, problems, in_carousel=True)


def _check_component(
    path: str, kind: str, body: Any, problems: list[str], *, in_carousel: bool
) -> None:
    if not isinstance(body, dict):
        problems.append(f"{path}: must be an object")
        return
    _CHECKS[kind](path, body, problems, in_carousel)
    if kind not in ("simpleText", "simpleImage"):
        _check_buttons(path, body, problems)


def _check_simple_text(path: str, body: Body, problems: list[str], _: bool) -> None:
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{path}.text: missing or empty")
    elif len(text) > MAX_SIMPLE_TEXT:
        problems.append(f"{path}.text: {len(text)} characters > {MAX_SIMPLE_TEXT}")


def _check_simple_image(path: str, body: Body, problems: list[str], _: bool) -> None:
    if not body.get("imageUrl"):
        problems.append(f"{path}.imageUrl: missing")
    _check_max(f"{path}.altText", body.get("altText"), MAX_ALT_TEXT, problems)


def _check_text_card(path: str, body: Body, problems: list[str], in_carousel: bool) -> None:
    title, description = body.get("title") or "", body.get("description") or ""
    if not title and not description:
        problems.append(f"{path}: needs a title or a description")
    _check_max(f"{path}.title", title, MAX_TITLE, problems)
    if in_carousel:
        limit = MAX_TEXT_CARD_DESCRIPTION_IN_CAROUSEL
        _check_max(f"{path}.description", description, limit, problems)
    elif len(title) + len(description) > MAX_TEXT_CARD_TEXT:
        problems.append(
            f"{path}: title + description {len(title) + len(description)} characters"
            f" > {MAX_TEXT_CARD_TEXT}"
        )


def _check_basic_card(path: str, body: Body, problems: list[str], _: bool) -> None:
    thumbnail = body.get("thumbnail")
    if not isinstance(thumbnail, dict) or not thumbnail.get("imageUrl"):
        problems.append(f"{path}.thumbnail: needs an imageUrl")
    _check_max(f"{path}.title", body.get("title"), MAX_TITLE, problems)
    _check_max(f"{path}.description", body.get("description"), MAX_BASIC_DESCRIPTION, problems)


def _check_list_card(path: str, body: Body, problems: list[str], in_carousel: bool) -> None:
    header = body.get("header")
    if not isinstance(header, dict) or not header.get("title"):
        problems.append(f"{path}.header: needs a title")
    items = body.get("items")
    most = MAX_LIST_ITEMS_IN_CAROUSEL if in_carousel else MAX_LIST_ITEMS
    if not isinstance(items, list) or not 1 <= len(items) <= most:
        count = len(items) if isinstance(items, list) else "no"
        problems.append(f"{path}.items: {count} items, need 1 to {most}")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not item.get("title"):
            problems.append(f"{path}.items[{index}].title: missing")


# One checker per component in COMPONENTS (carousel is checked by _check_carousel).
_CHECKS: dict[str, Callable[[str, Body, list[str], bool], None]] = {
    "simpleText": _check_simple_text,
    "simpleImage": _check_simple_image,
    "textCard": _check_text_card,
    "basicCard": _check_basic_card,
    "listCard": _check_list_card,
}


def _check_buttons(path: str, body: dict[str, Any], problems: list[str]) -> None:
    buttons = body.get("buttons", [])
    if not isinstance(buttons, list):
        problems.append(f"{path}.buttons: must be a list")
        return
    horizontal = body.get("buttonLayout") == "horizontal"
    most = MAX_CARD_BUTTONS_HORIZONTAL if horizontal else MAX_CARD_BUTTONS
    if len(buttons) > most:
        problems.append(f"{path}.buttons: {len(buttons)} > {most}")
    label_limit = (
        MAX_BUTTON_LABEL_HORIZONTAL if horizontal and len(buttons) == 2 else MAX_BUTTON_LABEL
    )
    for index, button in enumerate(buttons):
        where = f"{path}.buttons[{index}]"
        if not isinstance(button, dict):
            problems.append(f"{where}: must be an object")
            continue
        _check_label(where, button.get("label"), label_limit, problems)
        _check_action(where, button, "button", problems)


def _check_quick_reply(path: str, quick: Any, problems: list[str]) -> None:
    if not isinstance(quick, dict):
        problems.append(f"{path}: must be an object")
        return
    _check_label(path, quick.get("label"), MAX_BUTTON_LABEL, problems)
    _check_action(path, quick, "quick-reply", problems)


# The actions a button or a quick reply may have, and the field each one needs.
_ACTION_NEEDS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "button": (BUTTON_ACTIONS,
               {"webLink": "webLinkUrl", "phone": "phoneNumber", "block": "blockId"}),
    "quick-reply": (QUICK_REPLY_ACTIONS, {"block": "blockId", "message": "messageText"}),
}


def _check_action(where: str, item: dict[str, Any], kind: str, problems: list[str]) -> None:
    allowed, needs = _ACTION_NEEDS[kind]
    action = item.get("action")
    if action not in allowed:
        problems.append(f"{where}.action: '{action}' is not a {kind} action")
    field = needs.get(action) if isinstance(action, str) else None
    if field is not None and not item.get(field):
        problems.append(f"{where}.{field}: required for {action}")


def _check_label(path: str, label: Any, limit: int, problems: list[str]) -> None:
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{path}.label: missing or empty")
    elif len(label) > limit:
        problems.append(f"{path}.label: {len(label)} characters > {limit}")


def _check_max(path: str, value: Any, limit: int, problems: list[str]) -> None:
    if isinstance(value, str) and len(value) > limit:
        problems.append(f"{path}: {len(value)} characters > {limit}")
