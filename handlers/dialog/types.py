"""Channel-neutral conversation types: what goes into the engine and what comes out.

A channel adapter (Telegram, Kakao, console, web) turns a platform event into one
``Incoming`` and renders the returned ``Reply`` parts within its own limits. Flow code
only ever sees these types, so a flow written once serves every channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Locale = Literal["ko", "en"]
LOCALES: tuple[Locale, ...] = ("ko", "en")


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a user did: typed text, pressed a button, ran a command or shared a place.

    ``user_key`` is the platform's own id for the user (unique per ``channel``).
    ``language`` is the platform's hint (e.g. Telegram's ``language_code``); the user's
    stored choice (``/lang``) wins over it, and the language a message is written in wins
    over both (``content.text.script.written_locale``: it is then stored as the choice).
    """

    channel: str
    user_key: str
    text: str | None = None
    action: str | None = None
    command: str | None = None
    command_args: str = ""
    location: Location | None = None
    language: str | None = None
    is_admin: bool = False


@dataclass(frozen=True, slots=True)
class Button:
    """A choice shown to the user. ``action`` is the payload sent back when pressed.

    ``url`` buttons open a link instead of sending an action.
    """

    label: str
    action: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A text message, optionally with rows of buttons under it."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Card:
    """A titled item (a program, a place, a posting) with an optional link and buttons.

    Channels that can draw cards (Kakao) use the fields; others render it as text.
    """

    title: str
    body: str
    buttons: tuple[Button, ...] = ()
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class Venue:
    """A place on a map (Telegram draws it as a venue message)."""

    title: str
    address: str
    location: Location


@dataclass(frozen=True, slots=True)
class LocationRequest:
    """Ask the user to share a location; ``fallback`` buttons are shown beside it."""

    text: str
    button_label: str
    fallback: tuple[Button, ...] = ()


Part = Text | Card | Venue | LocationRequest


@dataclass(slots=True)
class Reply:
    """Everything the bot answers to one ``Incoming``."""

    parts: list[Part] = field(default_factory=list)

    def add(self, *parts: Part) -> Reply:
        self.parts.extend(parts)
        return self

    def texts(self) -> list[str]:
        """All visible text, in order (for tests and channels without rich parts)."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, Text | LocationRequest):
                out.append(part.text)
            elif isinstance(part, Card):
                out.append(f"{part.title}\n{part.body}")
            elif isinstance(part, Venue):
                out.append(f"{part.title}\n{part.address}")
        return out

    def buttons(self) -> list[Button]:
        out: list[Button] = []
        for part in self.parts:
            if isinstance(part, Text):
                out.extend(b for row in part.buttons for b in row)
            elif isinstance(part, Card):
                out.extend(part.buttons)
            elif isinstance(part, LocationRequest):
                out.extend(part.fallback)
        return out
