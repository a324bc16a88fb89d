"""Typed answers of the alert conversation, read into values.

What a user types instead of pressing a button: areas ("덕양구요", "일산이랑 화정"), how
often ("매일 아침 9시", "바로요"), a time of day ("저녁 7시 30분쯤") and quiet hours
("밤 11시부터 아침 7시까지"). Each reader returns a value, or raises ``ValueError`` /
returns nothing when the text is not such an answer; the flow turns that into a re-ask.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Literal

from content.jobs.matching import districts_in_word
from content.text.clock import parse_clock

Frequency = Literal["instant", "daily"]

_PARTICLE = re.compile(r"(이에요|예요|이요|요|이랑|랑|하고|와|과|만|도|으로|로)$")
_TRAILING = re.compile(r"(\s*(쯤|경|에|정도|까지|요|이요|으로|로|부터))+$")
_DAILY = re.compile(r"^(매일|날마다|하루에?\s*한\s*번(씩)?|every\s*day|daily)\s*")
_INSTANT = re.compile(r"^(바로|즉시|실시간|곧바로|right\s*away|instantly|now)")
_MORNING = ("아침", "오전", "새벽", "am")
_AFTERNOON = ("오후", "저녁", "pm")
_NIGHT = ("밤",)
_RANGE = re.compile(r"\s*(?:-|~|–|부터|에서)\s*")


def districts_named(text: str) -> tuple[str, ...]:
    """The districts a typed answer names, in order, each once (none: not an area)."""
    found: list[str] = []
    for raw in re.split(r"[\s,，·/]+", text[:200]):
        word = raw.strip(" .!?~\"'()[]")
        word = _PARTICLE.sub("", word) or word
        found.extend(districts_in_word(word))
    return tuple(dict.fromkeys(found))


def read_clock(text: str) -> time:
    """A time of day as typed: "9시", "09:30", "아침 9시", "저녁 7시 30분쯤", "밤 11시".

    Raises ``ValueError`` when the text is not a time.
    """
    said = _TRAILING.sub("", text.strip().lower()).strip()
    half = ""
    for words, mark in ((_MORNING, "am"), (_AFTERNOON, "pm"), (_NIGHT, "night")):
        for word in words:
            if said.startswith(word):
                said, half = said[len(word) :].strip(), mark
    clock = parse_clock(said)
    return clock.replace(hour=_hour_of(clock.hour, half))


def _hour_of(hour: int, half: str) -> int:
    if half == "am" and hour == 12:
        return 0
    if half == "pm" and hour < 12:
        return hour + 12
    if half == "night" and 6 <= hour < 12:
        return hour + 12  # 밤 10시 is 22:00, but 밤 1시 is 01:00
    if half == "night" and hour == 12:
        return 0
    return hour


def read_frequency(text: str) -> tuple[Frequency, time | None] | None:
    """How often alerts come, and a digest time if one was said ("매일 아침 9시")."""
    said = text.strip().lower()
    daily = _DAILY.match(said)
    if daily:
        rest = said[daily.end() :].strip()
        try:
            return "daily", read_clock(rest) if rest else None
        except ValueError:
            return "daily", None  # "매일 받을게요": daily, the time is asked next
    if _INSTANT.match(said):
        return "instant", None
    return None


def read_quiet_hours(text: str) -> tuple[time, time]:
    """Quiet hours as a start and an end: "22:00-07:00", "22시~7시", "밤 11시부터 아침 7시까지".

    Raises ``ValueError`` unless exactly two times are given.
    """
    parts = [p.strip() for p in _RANGE.split(text.strip())][:3]
    parts = [p for p in parts if p]
    if len(parts) != 2:
        raise ValueError(text[:40])
    return read_clock(parts[0]), read_clock(parts[1])
