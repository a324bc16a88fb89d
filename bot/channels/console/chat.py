"""The terminal channel: the very same flows, buttons shown as numbered choices.

Type a number to press a button (only while numbered buttons are showing and the number is
one of them: otherwise "100" or "265" is text, e.g. a size), free text to talk,
``/loc LAT LON`` to share a location, ``/start``, ``/help`` and the other commands as on
Telegram, ``/quit`` (or Ctrl-D) to leave. Pushes (job alerts, reminders, staff decisions)
for the terminal's user are printed as they come due (``bot/channels/console/push.py``).
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TextIO
from urllib.parse import unquote

from bot.channels.shown import ShownButtons
from handlers.dialog.engine import Engine
from handlers.dialog.types import (
    Button,
    Card,
    Incoming,
    Location,
    LocationRequest,
    Reply,
    Text,
    Venue,
)

CHANNEL = "console"
_LOC = re.compile(r"^/loc\s+(-?\d+(?:\.\d+)?)[\s,]+(-?\d+(?:\.\d+)?)\s*$")


class ConsoleChat:
    """Turns typed lines into ``Incoming`` and replies into numbered text."""

    def __init__(
        self,
        engine: Engine,
        *,
        user_key: str = "local",
        admin: bool = False,
        language: str | None = None,
    ) -> None:
        self.engine = engine
        self.user_key = user_key
        self.admin = admin
        self.language = language
        self.choices: list[str] = []
        self.shown = ShownButtons()
        self.locale = "en" if (language or "").startswith("en") else "ko"

    def text(self, key: str) -> str:
        """A UI string in the language the user last chose (Korean until then)."""
        locale = "en" if self.locale == "en" else "ko"
        return self.engine.catalogue.strings.get(key, locale)

    def parse(self, line: str) -> Incoming:
        """The input a typed line means: a button press for a number shown on screen, else
        text (so a size "100" or a shoe size "265" reaches the step that asked for it)."""
        line = line.strip()
        base = Incoming(CHANNEL, self.user_key, is_admin=self.admin, language=self.language)
        if line.isascii() and line.isdigit() and 1 <= int(line) <= len(self.choices):
            return replace(base, action=self.choices[int(line) - 1])
        match = _LOC.match(line)
        if match:
            return replace(base, location=Location(float(match[1]), float(match[2])))
        if line.startswith("/") and len(line) > 1:
            command, _, args = line[1:].partition(" ")
            return replace(base, command=command.lower(), command_args=args.strip())
        return replace(base, text=line)

    def render(self, reply: Reply) -> str:
        self.choices = []
        out: list[str] = []
        for part in reply.parts:
            if isinstance(part, Text):
                out.append(part.text)
                out.extend(self._buttons([b for row in part.buttons for b in row]))
            elif isinstance(part, Card):
                out.append(f"[{part.title}]\n{part.body}")
                out.extend(self._buttons(list(part.buttons)))
            elif isinstance(part, Venue):
                out.append(f"📍 {part.title} — {part.address}")  # no raw coordinates
            elif isinstance(part, LocationRequest):
                hint = self.text("core.console_location_hint")
                out.append(f"{part.text}\n  ({part.button_label}: /loc {hint})")
                out.extend(self._buttons(list(part.fallback)))
        return "\n".join(out)

    def _buttons(self, buttons: Sequence[Button]) -> list[str]:
        lines = []
        for button in buttons:
            if button.url:
                # Unquoted: a terminal shows "map/내일꿈제작소,…", not a wall of %XX.
                lines.append(f"  🔗 {button.label}: {unquote(button.url)}")
            else:
                self.choices.append(button.action)
                lines.append(f"  [{len(self.choices)}] {button.label}")
        return lines

    async def turn(self, line: str) -> str:
        incoming = self.shown.pressed(self.parse(line))  # a label typed presses its button
        reply = await self.engine.handle(incoming)
        self.shown.remember(self.user_key, reply)
        # Follow the user's /lang choice for the console's own lines too.
        user = await self.engine.store.users.find(CHANNEL, self.user_key)
        if user is not None and user.locale:
            self.locale = user.locale
        return self.render(reply)


async def run_console(
    engine: Engine,
    *,
    admin: bool = False,
    stdin: TextIO | None = None,
    write: Callable[[str], object] | None = None,
    pushes: bool = True,
    push_interval: float = 2.0,
) -> None:
    """The chat loop; with ``pushes``, alerts and reminders for this terminal's user are
    printed as they come due (``bot/channels/console/push.py``)."""
    from bot.channels.console.push import console_pushes

    stdin = stdin or sys.stdin
    emit = write or (lambda s: print(s, flush=True))
    chat = ConsoleChat(engine, admin=admin)
    emit(chat.text("core.console_intro"))
    emit(await chat.turn("/start"))
    if not pushes:
        await _chat_loop(chat, stdin, emit)
        return
    async with console_pushes(chat, emit, push_interval):
        await _chat_loop(chat, stdin, emit)


async def _chat_loop(chat: ConsoleChat, stdin: TextIO, emit: Callable[[str], object]) -> None:
    while True:
        emit("")
        line = await asyncio.to_thread(_read_line, stdin)
        if line is None or line.strip() in ("/quit", "/exit"):
            emit(chat.text("core.console_bye"))
            return
        if not line.strip():
            continue
        emit(await chat.turn(line))


def _read_line(stdin: TextIO) -> str | None:
    if stdin.isatty():
        try:
            return input("> ")
        except EOFError:
            return None
    line = stdin.readline()
    return line if line else None
