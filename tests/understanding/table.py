"""The utterance table (``utterances.yaml``) and how one row is judged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from handlers.dialog.actions import Action

TABLE = Path(__file__).with_name("utterances.yaml")
TODAY = date(2026, 12, 1)
PASS_RATE = 0.95


@dataclass(frozen=True)
class Row:
    text: str
    intent: str
    values: dict[str, Any] = field(default_factory=dict)


def load_rows() -> list[Row]:
    return [Row(r["text"], str(r["intent"]), r.get("values") or {})
            for r in yaml.safe_load(TABLE.read_text(encoding="utf-8"))]


def intent_name(action: Action | None) -> str:
    if action is None:
        return "none"
    if action.verb == "start" and not action.args:
        return action.flow
    return ":".join([action.flow, action.verb, *action.args])


def misses(row: Row, route: Callable[[str], Action | None],
           read: Callable[[str], dict[str, object]] | None) -> list[str]:
    """What this row got wrong (empty: a hit). ``read`` None: values are not read (main)."""
    wrong = []
    got = intent_name(route(row.text))
    if got != row.intent:
        wrong.append(f"intent {got} (want {row.intent})")
    said = read(row.text) if read is not None else {}
    for key, want in row.values.items():
        if said.get(key) != want:
            wrong.append(f"{key} {said.get(key)!r} (want {want!r})")
    return wrong
