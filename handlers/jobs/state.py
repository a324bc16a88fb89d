"""What the jobs flow remembers between messages: the alert being made, the last search.

Field names are the keys the untyped dict used (``draft``, ``search``, ``deleting`` and
theirs), so a conversation saved before the typed state still continues.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from handlers.dialog.state import FlowState

EmpType = Literal["regular", "contract", "parttime"]
Career = Literal["new", "experienced"]
Frequency = Literal["instant", "daily"]
Order = Literal["new", "closing"]


class SubscriptionDraft(BaseModel):
    """An alert being made (or edited: ``edit`` is its id) — the answers so far."""

    model_config = ConfigDict(extra="ignore")

    keywords: list[str] = Field(default_factory=list)
    districts: list[str] = Field(default_factory=list)
    emp_type: EmpType | None = None
    career: Career | None = None
    frequency: Frequency = "instant"
    digest_time: str | None = None  # "HH:MM"; None keeps the user's current one
    quiet: tuple[str, str] | None = None  # ("HH:MM", "HH:MM"); None keeps the current ones
    edit: int | None = None


class SearchState(BaseModel):
    """The search whose results are on screen, for paging and "alert me for this"."""

    model_config = ConfigDict(extra="ignore")

    q: str
    order: Order = "new"


class JobsState(FlowState):
    draft: SubscriptionDraft | None = None
    search: SearchState | None = None
    deleting: int | None = None  # the alert the "delete?" question is about
    deleting_all: bool = False  # "알림 다 삭제해 주세요": the question is about every alert
