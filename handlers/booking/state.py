"""What a booking conversation remembers between messages: ``BookingState``.

Field names and their JSON forms are the keys the flow wrote into ``conversations.data``
before it declared its steps (``day: "2026-12-01"``, ``slot: "2026-12-01 10:00"``,
``sizes: {"top": "100 (L)"}``), so a conversation saved by the older code continues.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from content.booking.calendar import check_interview_date, parse_slot_key, slot_key
from content.text.ages import BirthDate
from handlers.dialog.state import FlowState

Sizing = Literal["top", "waist", "shoes"]
SIZING_ORDER: tuple[Sizing, ...] = ("top", "waist", "shoes")
FullKind = Literal["seen", "just", "move"]


class BirthWindow(BaseModel):
    """The age answer as birth dates (what the eligibility rules compare)."""

    model_config = ConfigDict(extra="ignore")

    earliest: date
    latest: date

    @classmethod
    def of(cls, birth: BirthDate) -> BirthWindow:
        return cls(earliest=birth.earliest, latest=birth.latest)

    def birth_date(self) -> BirthDate:
        return BirthDate(self.earliest, self.latest)


class BookingState(FlowState):
    mode: Literal["new", "move"] = "new"
    birth: BirthWindow | None = None
    basis: str | None = None
    shop: str | None = None
    week: int = 0
    day: date | None = None
    slot: str | None = None  # "YYYY-MM-DD HH:MM" (``content.booking.calendar.slot_key``)
    due: date | None = None
    wait: bool = False  # a full slot: the summary puts the user on the waitlist
    items: list[str] = Field(default_factory=list)
    sizes: dict[str, str] = Field(default_factory=dict)
    needed: list[Sizing] = Field(default_factory=list)
    sizing: Sizing | None = None
    guess: dict[str, str] | None = None
    interview: date | None = None
    company: str = ""
    move_id: int | None = None
    cancel_id: int | None = None
    # The slot the user picked that turned out full, and how to say so (step "slot_full").
    full_slot: str | None = None
    full_kind: FullKind = "seen"
    # Slots drawn as "마감" when the times were last shown: picking one is not a surprise.
    full_seen: list[str] = Field(default_factory=list)

    @property
    def moving(self) -> bool:
        return self.mode == "move"

    def slot_start(self) -> datetime | None:
        return parse_slot_key(self.slot) if self.slot else None

    def pending_sizing(self) -> Sizing | None:
        return next((s for s in self.needed if s not in self.sizes), None)

    def mark_full(self, start: datetime, kind: FullKind) -> None:
        """``start`` was full when picked or confirmed: the "slot_full" step offers what next."""
        self.full_slot, self.full_kind, self.day = slot_key(start), kind, start.date()

    def after_outfit(self) -> str:
        """The step after items and sizes: the interview day, unless the one already given
        still fits the rental (coming back after "방금 마감되었어요" keeps the answers)."""
        if self.interview and self.day and self.due and check_interview_date(
            self.day, self.due, self.interview
        ) is None:
            return "confirm"
        return "interview"
