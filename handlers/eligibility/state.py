"""What the eligibility check remembers between turns (one conversation row in SQLite).

The field names are the keys the untyped state used, so a check half-done before the
typed state was introduced continues where it was.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from handlers.dialog.state import FlowState


class EligibilityState(FlowState):
    programs: list[str] = Field(default_factory=list)  # the programs this check is about
    single: str | None = None  # set when the check is about one program
    answers: dict[str, Any] = Field(default_factory=dict)  # fact id -> encoded value
    skipped: list[str] = Field(default_factory=list)  # "모르겠어요"
    history: list[str] = Field(default_factory=list)  # facts answered or skipped, in order
    current: str | None = None  # the fact being asked
    tries: int = 0  # unreadable answers to the current question
    editing: bool = False  # the current question changes an earlier answer
    overridden: list[str] = Field(default_factory=list)  # saved answers being changed

    def forget(self, fact_id: str) -> None:
        """Drop this conversation's answer to ``fact_id`` (it is about to be asked again)."""
        self.answers.pop(fact_id, None)
        self.skipped = [f for f in self.skipped if f != fact_id]
