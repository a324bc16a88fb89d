"""Button payloads: ``flow:verb:arg...`` with an optional ``~version`` step binding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STEP_MARK = "~"
MAX_ACTION_BYTES = 64  # Telegram's callback_data limit
_ARG = re.compile(r"[^:~\s]{1,40}")
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(:[^:~\s]{1,40}){0,4}(~\d{1,9})?$")


@dataclass(frozen=True, slots=True)
class Action:
    flow: str
    verb: str
    args: list[str]
    version: int | None


def parse_action(payload: str) -> Action | None:
    """The action in a button payload, or None when it is malformed (forged or garbled)."""
    if not payload or len(payload.encode()) > MAX_ACTION_BYTES or not _ACTION.fullmatch(payload):
        return None
    version: int | None = None
    if STEP_MARK in payload:
        payload, _, raw = payload.partition(STEP_MARK)
        version = int(raw)
    flow, *rest = payload.split(":")
    verb = rest[0] if rest else "start"
    return Action(flow=flow, verb=verb, args=rest[1:], version=version)


def build_action(flow_verb: str, *args: object, version: int | None = None) -> str:
    """The one place a button payload is written: ``build_action("booking:shop", "dreamwings")``.

    Raises ``ValueError`` for a payload ``parse_action`` would refuse (too long, a ``:`` or
    a space inside an argument), so a bad button fails where it is made, not when pressed.
    """
    # Every reply builds several payloads, mostly the same ones: check each shape once.
    payload = _checked_payload(flow_verb, tuple(str(arg) for arg in args))
    if version is None:
        return payload
    versioned = f"{payload}{STEP_MARK}{version}"
    if not 0 <= version < 10**9 or len(versioned.encode()) > MAX_ACTION_BYTES:
        raise ValueError(f"not a valid button payload: {versioned!r}")
    return versioned


@lru_cache(maxsize=4096)
def _checked_payload(flow_verb: str, parts: tuple[str, ...]) -> str:
    if any(not _ARG.fullmatch(part) for part in parts):
        # checked one by one: "a:b" or "v~1" would still parse, as two args or a version
        raise ValueError(f"not a valid button argument in {parts!r}")
    payload = ":".join([flow_verb, *parts])
    if parse_action(payload) is None:
        raise ValueError(f"not a valid button payload: {payload!r}")
    return payload
