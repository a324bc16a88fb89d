"""Render the engine's neutral ``Reply`` as a Kakao SkillResponse v2.0 within Kakao's limits.

How parts map:

* ``Text`` → ``simpleText`` (split at line/word boundaries when over 1,000 characters);
  its action buttons become quick replies, its link buttons a ``textCard`` with
  ``webLink`` buttons (the text goes into that card when it is short enough);
* ``Card`` → ``basicCard`` when it has an image (Kakao requires a thumbnail), else
  ``textCard``; two or more cards in a row become one ``carousel``;
* ``Venue`` → a ``textCard`` with Kakao Map links (Kakao draws no maps in chat);
* ``LocationRequest`` → text asking for a place name (Kakao cannot share GPS with a
  skill) and its fallback buttons as quick replies.

Whatever the parts, the result has 1–3 outputs and at most 10 quick replies, and every
text, title and label fits its limit (``bot.channels.kakao.limits`` checks it). Every action
button carries ``{"action": ...}`` in ``extra``; Kakao returns it as ``clientExtra``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bot.channels.kakao import limits, paging
from content.text.fit import shorten, split_text
from handlers.dialog.types import Button, Card, LocationRequest, Reply, Text, Venue

Translate = Callable[[str], str]
"""Looks up a UI string by key (``kakao.map`` …) in the user's language."""

MAX_MESSAGE_TEXT = 200  # what a pressed quick reply "says" in the chat

CHANNEL_STRINGS = (
    "kakao.location_hint",
    "kakao.map",
    "kakao.directions",
    "kakao.links",
    "kakao.cut",
    "kakao.empty",
    "kakao.error",
    "kakao.busy",
    "kakao.more_chips",
    "kakao.more_text",
)
"""UI strings (``content/data/strings/kakao.yaml``) the Kakao channel uses."""


@dataclass(slots=True)
class _Card:
    kind: str  # "textCard" | "basicCard"
    title: str
    body: str
    buttons: list[dict[str, Any]] = field(default_factory=list)
    image_url: str | None = None


@dataclass(slots=True)
class _Draft:
    """Components in order (str = text, _Card = card) and the quick replies collected."""

    items: list[str | _Card] = field(default_factory=list)
    quick: list[Button] = field(default_factory=list)


def render_kakao_reply(
    reply: Reply, t: Translate, *, block_id: str | None = None
) -> dict[str, Any]:
    """The SkillResponse JSON for ``reply``.

    ``block_id``: the Open Builder block that calls this skill. When given, buttons jump
    straight to it (``action: block``); otherwise they send their label as a message,
    which the fallback block routes to the skill.
    """
    draft = _Draft()
    card_titles = [p.title for p in reply.parts if isinstance(p, Card)]
    for part in reply.parts:
        if isinstance(part, Text):
            _add_text(draft, part.text, [b for row in part.buttons for b in row], t, block_id)
        elif isinstance(part, Card):
            _add_card(draft, part, block_id)
        elif isinstance(part, Venue):
            # Telegram draws a venue as a map; here it would only repeat a card that
            # already describes the same place (with its map links), so it is left out.
            name = part.title.strip()
            if not (name and any(name in title for title in card_titles)):
                draft.items.append(_venue_card(part, t))
        elif isinstance(part, LocationRequest):
            text = "\n\n".join(s for s in (part.text.strip(), t("kakao.location_hint")) if s)
            _add_text(draft, text, list(part.fallback), t, block_id)
    items = draft.items
    if any(_has_words(i) for i in items):
        # A text of only emoji/pointers ("👇") exists to carry buttons on Telegram; here
        # the buttons become quick replies, so the bubble would be noise.
        items = [i for i in items if not isinstance(i, str) or _has_words(i)]
    outputs = _fit_outputs(_outputs(items), t)
    if not outputs:
        outputs = [_simple_text(t("kakao.empty"))]
    template: dict[str, Any] = {"outputs": outputs}
    quick_replies = _quick_replies(draft.quick, block_id, t)
    if quick_replies:
        template["quickReplies"] = quick_replies
    return {"version": limits.VERSION, "template": template}


def _has_words(item: str | _Card) -> bool:
    """A card, or a text with at least one letter or digit."""
    return not isinstance(item, str) or any(ch.isalnum() for ch in item)


def render_kakao_text(text: str) -> dict[str, Any]:
    """A SkillResponse holding just ``text`` (errors, notices)."""
    pieces = split_text(text, limits.MAX_SIMPLE_TEXT)[: limits.MAX_OUTPUTS] or ["…"]
    return {"version": limits.VERSION, "template": {"outputs": [_simple_text(p) for p in pieces]}}


# -- parts -> draft items ------------------------------------------------------------------


def _add_text(
    draft: _Draft, text: str, buttons: list[Button], t: Translate, block_id: str | None
) -> None:
    links = [b for b in buttons if b.url]
    draft.quick.extend(b for b in buttons if not b.url)
    text = text.strip()
    link_buttons = [lb for b in links if (lb := _link_button(b))]
    if not link_buttons:
        if text:
            draft.items.append(text)
        return
    groups = [
        link_buttons[i : i + limits.MAX_CARD_BUTTONS]
        for i in range(0, len(link_buttons), limits.MAX_CARD_BUTTONS)
    ]
    if text and len(text) <= limits.MAX_TEXT_CARD_TEXT:
        draft.items.append(_Card("textCard", "", text, groups[0]))
        groups = groups[1:]
    elif text:
        draft.items.append(text)
    for group in groups:
        draft.items.append(_Card("textCard", "", t("kakao.links"), group))


def _add_card(draft: _Draft, card: Card, block_id: str | None) -> None:
    buttons: list[dict[str, Any]] = []
    for button in card.buttons:
        rendered = _link_button(button) if button.url else _action_button(button, block_id)
        if rendered is None:
            continue
        if len(buttons) < limits.MAX_CARD_BUTTONS:
            buttons.append(rendered)
        elif not button.url:
            draft.quick.append(button)  # no room on the card: offer it as a quick reply
    image = card.image_url if _is_web_url(card.image_url) else None
    kind = "basicCard" if image else "textCard"
    draft.items.append(_Card(kind, card.title.strip(), card.body.strip(), buttons, image))


def _venue_card(venue: Venue, t: Translate) -> _Card:
    title = " ".join(venue.title.split())
    name = quote(title or "place", safe="")
    where = f"{name},{venue.location.lat:.6f},{venue.location.lon:.6f}"
    buttons = [
        {
            "label": _named_label(t("kakao.map"), title),
            "action": "webLink",
            "webLinkUrl": f"https://map.kakao.com/link/map/{where}",
        },
        {
            "label": _named_label(t("kakao.directions"), title),
            "action": "webLink",
            "webLinkUrl": f"https://map.kakao.com/link/to/{where}",
        },
    ]
    return _Card("textCard", venue.title.strip(), venue.address.strip(), buttons)


def _named_label(template: str, name: str) -> str:
    """``"{name} 지도"`` with the name shortened, not the word saying what the button opens."""
    room = limits.MAX_BUTTON_LABEL - len(template.format(name=""))
    return _label(template.format(name=shorten(name, max(room, 1))))


def _label(text: str) -> str:
    label = " ".join(text.split()) or "…"
    return shorten(label, limits.MAX_BUTTON_LABEL)


def _is_web_url(url: str | None) -> bool:
    return url is not None and url.startswith(("https://", "http://")) and len(url) <= 2000


def _link_button(button: Button) -> dict[str, Any] | None:
    url = button.url or ""
    if url.startswith("tel:") and len(url) > 4:
        return {"label": _label(button.label), "action": "phone", "phoneNumber": url[4:]}
    if _is_web_url(url):
        return {"label": _label(button.label), "action": "webLink", "webLinkUrl": url}
    return None


def _action_button(button: Button, block_id: str | None) -> dict[str, Any]:
    rendered: dict[str, Any] = {"label": _label(button.label)}
    rendered.update(_press(button, block_id))
    return rendered


def _press(button: Button, block_id: str | None) -> dict[str, Any]:
    """What pressing an action button does: say its label, and hand back its action."""
    said = shorten(" ".join(button.label.split()), MAX_MESSAGE_TEXT) or "…"
    press: dict[str, Any] = (
        {"action": "block", "blockId": block_id, "messageText": said}
        if block_id
        else {"action": "message", "messageText": said}
    )
    if button.action:
        press["extra"] = {"action": button.action}
    return press


# -- draft items -> outputs ----------------------------------------------------------------


def _outputs(items: list[str | _Card]) -> list[dict[str, Any]]:
    """Merge neighbours: texts into as few simpleTexts as fit, cards into carousels."""
    outputs: list[dict[str, Any]] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, str):
            texts = [item]
            while index + 1 < len(items) and isinstance(items[index + 1], str):
                index += 1
                texts.append(items[index])  # type: ignore[arg-type]
            outputs.extend(_simple_texts(texts))
        else:
            cards = [item]
            while index + 1 < len(items) and isinstance(items[index + 1], _Card):
                index += 1
                cards.append(items[index])  # type: ignore[arg-type]
            for start in range(0, len(cards), limits.MAX_CAROUSEL_ITEMS):
                outputs.append(_cards_output(cards[start : start + limits.MAX_CAROUSEL_ITEMS]))
        index += 1
    return outputs


def _simple_texts(texts: list[str]) -> list[dict[str, Any]]:
    """Join texts with blank lines, then cut into ≤1,000-character bubbles at boundaries."""
    bubbles: list[str] = []
    for text in texts:
        if bubbles and len(bubbles[-1]) + 2 + len(text) <= limits.MAX_SIMPLE_TEXT:
            bubbles[-1] = f"{bubbles[-1]}\n\n{text}"
        else:
            bubbles.extend(split_text(text, limits.MAX_SIMPLE_TEXT))
    return [_simple_text(b) for b in bubbles]


def _simple_text(text: str) -> dict[str, Any]:
    return {"simpleText": {"text": shorten(text, limits.MAX_SIMPLE_TEXT) or "…"}}


def _cards_output(cards: list[_Card]) -> dict[str, Any]:
    if len(cards) == 1:
        return {cards[0].kind: _card_body(cards[0], in_carousel=False)}
    kind = "basicCard" if all(c.kind == "basicCard" for c in cards) else "textCard"
    items = [_card_body(_as_kind(c, kind), in_carousel=True) for c in cards]
    return {"carousel": {"type": kind, "items": items}}


def _as_kind(card: _Card, kind: str) -> _Card:
    return card if card.kind == kind else _Card(kind, card.title, card.body, card.buttons)


def _card_body(card: _Card, *, in_carousel: bool) -> dict[str, Any]:
    title = shorten(" ".join(card.title.split()), limits.MAX_TITLE)
    if card.kind == "basicCard":
        room = limits.MAX_BASIC_DESCRIPTION
    elif in_carousel:
        room = limits.MAX_TEXT_CARD_DESCRIPTION_IN_CAROUSEL
    else:
        room = limits.MAX_TEXT_CARD_TEXT - len(title)
    body: dict[str, Any] = {}
    if title:
        body["title"] = title
    description = shorten(card.body, room)
    if description or not title:
        body["description"] = description or "…"
    if card.kind == "basicCard":
        body["thumbnail"] = {"imageUrl": card.image_url, "altText": title[: limits.MAX_ALT_TEXT]}
    if card.buttons:
        body["buttons"] = card.buttons[: limits.MAX_CARD_BUTTONS]
        body["buttonLayout"] = "vertical"
    return body


def _fit_outputs(outputs: list[dict[str, Any]], t: Translate) -> list[dict[str, Any]]:
    """At most three outputs. Long text gives way first: neighbouring text bubbles are
    merged from the end, the later one shortened (and marked) when both do not fit, so
    cards and the head of the text survive. Only if that is not enough are the outputs
    after the second folded into one text bubble."""
    outputs = list(outputs)
    while len(outputs) > limits.MAX_OUTPUTS:
        pairs = [
            i
            for i in range(len(outputs) - 1)
            if "simpleText" in outputs[i] and "simpleText" in outputs[i + 1]
        ]
        if not pairs:
            break
        i = pairs[-1]
        first, second = _output_text(outputs[i]), _output_text(outputs[i + 1])
        merged = f"{first}\n\n{second}"
        if len(merged) > limits.MAX_SIMPLE_TEXT:
            merged = _with_cut_note(first, t("kakao.cut"))
        outputs[i : i + 2] = [_simple_text(merged)]
    if len(outputs) <= limits.MAX_OUTPUTS:
        return outputs
    keep = outputs[: limits.MAX_OUTPUTS - 1]
    rest = "\n\n".join(_output_text(o) for o in outputs[limits.MAX_OUTPUTS - 1 :])
    if len(rest) > limits.MAX_SIMPLE_TEXT:
        rest = _with_cut_note(rest, t("kakao.cut"))
    return [*keep, _simple_text(rest)]


def _with_cut_note(text: str, note: str) -> str:
    """The head of ``text`` and ``note`` saying it was cut, within one simpleText."""
    head = shorten(text, limits.MAX_SIMPLE_TEXT - len(note) - 2)
    return f"{head}\n\n{note}"


def _output_text(output: dict[str, Any]) -> str:
    ((kind, body),) = output.items()
    if kind == "simpleText":
        return str(body["text"])
    cards = body["items"] if kind == "carousel" else [body]
    lines = []
    for card in cards:
        title = card.get("title", "")
        description = card.get("description", "")
        lines.append(f"• {title}\n{description}".strip() if title else f"• {description}")
    return "\n".join(lines)


def _quick_replies(
    buttons: list[Button], block_id: str | None, t: Translate
) -> list[dict[str, Any]]:
    """Distinct action buttons as quick replies. Over ten, the first eight, a "버튼 더 보기"
    chip carrying the rest (``bot.channels.kakao.paging``) and the last one (flows put
    "처음으로" last, so the way back to the menu is always on screen): nothing is cut."""
    seen: set[tuple[str, str]] = set()
    unique: list[Button] = []
    for button in buttons:
        key = (" ".join(button.label.split()), button.action)
        if key[0] and key not in seen:
            seen.add(key)
            unique.append(button)
    more: dict[str, Any] | None = None
    if len(unique) > limits.MAX_QUICK_REPLIES:
        head, rest = unique[: limits.MAX_QUICK_REPLIES - 2], unique[limits.MAX_QUICK_REPLIES - 2 :]
        label = t("kakao.more_chips")
        more = {"label": _label(label), **_press(Button(label), block_id),
                "extra": paging.carry(rest)}
        unique = [*head, unique[-1]]
    chips = [{"label": _label(b.label), **_press(b, block_id)} for b in unique]
    if more is not None:
        chips.insert(len(chips) - 1, more)
    return chips


def render_event_text(reply: Reply) -> str:
    """One text for an Event API push (the event block shows ``{{#current.event.data.text}}``).

    An event block's bubbles are fixed in Open Builder, so a push is flattened to text:
    every part's text in order, and each link as ``label: url`` (KakaoTalk makes URLs in
    text tappable); action buttons are left out (the user answers by typing or via the
    menu). Fits one simpleText.
    """
    lines: list[str] = []
    for part in reply.parts:
        if isinstance(part, Text):
            lines.append(part.text.strip())
            links = [b for row in part.buttons for b in row if _is_web_url(b.url)]
        elif isinstance(part, Card):
            lines.append(f"{part.title.strip()}\n{part.body.strip()}".strip())
            links = [b for b in part.buttons if _is_web_url(b.url)]
        elif isinstance(part, Venue):
            lines.append(f"{part.title.strip()}\n{part.address.strip()}".strip())
            links = []
        else:
            lines.append(part.text.strip())
            links = []
        lines.extend(f"{' '.join(b.label.split())}: {b.url}" for b in links)
    text = "\n\n".join(line for line in lines if line)
    return shorten(text, limits.MAX_SIMPLE_TEXT) or "…"
