"""Fit text into a character budget (a Kakao limit, a line on a phone screen) without
cutting a word in half.

Kakao counts characters (Python ``str`` length is what its limits mean for Hangul and
Latin alike). ``split_text`` cuts a long text into pieces at paragraph, line, sentence or
word boundaries; ``shorten`` keeps the head of a text and marks the cut with an ellipsis.
Only a single "word" longer than the whole limit (a URL, a run of emoji) is ever cut
inside, because there is no boundary to cut at.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

# Preferred places to cut, best first: a blank line, a line break, the end of a sentence,
# any whitespace. Each pattern matches the separator; the cut goes after it.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?。])\s+"),
    re.compile(r"\s+"),
)


def _cut_point(text: str, limit: int) -> int:
    """Index at which to end the first piece of ``text`` so that it has at most ``limit``
    characters, preferring the strongest boundary in the second half of the window."""
    window = text[: limit + 1]
    for pattern in _BOUNDARIES:
        ends = [m.start() for m in pattern.finditer(window) if 0 < m.start() <= limit]
        if ends and ends[-1] >= limit // 2:
            return ends[-1]
    # No strong boundary late enough: take any whitespace at all.
    ends = [m.start() for m in _BOUNDARIES[-1].finditer(window) if 0 < m.start() <= limit]
    if ends:
        return ends[-1]
    return limit  # one word longer than the limit: nothing better exists


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into stripped pieces of at most ``limit`` characters each."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        head = rest[:cut].rstrip()
        if head:
            pieces.append(head)
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def shorten(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` if it fits in ``limit`` characters, else its head cut at a word boundary
    followed by ``ellipsis`` (the result never exceeds ``limit``)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return text[:limit]
    room = limit - len(ellipsis)
    window = text[: room + 1]
    spaces = [m.start() for m in re.finditer(r"\s+", window) if 0 < m.start() <= room]
    cut = spaces[-1] if spaces and spaces[-1] >= room // 3 else room
    return text[:cut].rstrip() + ellipsis


def one_line(text: str) -> str:
    """Collapse all whitespace (line breaks included) into single spaces."""
    return " ".join(text.split())
