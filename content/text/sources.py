"""How a source is named in a reply: its site ("asiae.co.kr"), not the whole address, so a
list of several sources stays short on a phone. The full address stays in the content
files and on the detail screens that show one source."""

from __future__ import annotations

from urllib.parse import urlparse

MAX_SOURCE = 40


def short_source(source: str) -> str:
    host = urlparse(source).netloc if source.startswith(("http://", "https://")) else ""
    text = host.removeprefix("www.") if host else source
    return text if len(text) <= MAX_SOURCE else text[: MAX_SOURCE - 1] + "…"
