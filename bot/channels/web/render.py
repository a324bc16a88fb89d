"""A reply as chat bubbles for the web page: buttons stay buttons (a form posting their
action), link buttons become links, cards keep their title, a venue gets a map link, a
location request its fallback buttons (a browser page cannot share GPS with the bot here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from content.places.maplinks import kakao_map_url
from handlers.dialog.types import Button, Card, LocationRequest, Reply, Text, Venue

MAX_LABEL = 60  # a pressed button's label shown as what the visitor "said"

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class WebButton:
    label: str
    action: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Bubble:
    who: str  # "bot" or "me"
    text: str
    title: str = ""
    buttons: tuple[WebButton, ...] = field(default=())


def _button(button: Button) -> WebButton | None:
    if button.url:
        # Only web links: a javascript: or data: address must never become a link.
        url = button.url.strip()
        return WebButton(button.label, url=url) if url.startswith(("https://", "http://")) else None
    return WebButton(button.label, action=button.action) if button.action else None


def _buttons(buttons: list[Button]) -> tuple[WebButton, ...]:
    return tuple(b for b in (_button(x) for x in buttons) if b is not None)


def render_reply(reply: Reply, t: Translate) -> list[Bubble]:
    out: list[Bubble] = []
    for part in reply.parts:
        if isinstance(part, Text):
            out.append(Bubble("bot", part.text, buttons=_buttons(
                [b for row in part.buttons for b in row])))
        elif isinstance(part, Card):
            out.append(Bubble("bot", part.body, part.title, _buttons(list(part.buttons))))
        elif isinstance(part, Venue):
            link = kakao_map_url(part.title, part.location.lat, part.location.lon)
            out.append(Bubble("bot", part.address, part.title,
                              (WebButton(t("web.map"), url=link),)))
        elif isinstance(part, LocationRequest):
            out.append(Bubble("bot", f"{part.text}\n{t('web.location_hint')}",
                              buttons=_buttons(list(part.fallback))))
    return out


def said(text: str) -> Bubble:
    return Bubble("me", text[:1000])


def pressed(label: str) -> Bubble:
    return Bubble("me", label[:MAX_LABEL])
