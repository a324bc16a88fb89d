"""Typed flow state: each flow's answers so far, as a small pydantic model.

The model is stored as JSON in the ``conversations.data`` column (the same row the untyped
dict used), so a restart or a stateless webhook continues where the user was. Fields
unknown to the model are ignored, so rows written by older code still load; a row that does
not fit at all raises ``StaleState`` and the engine closes the conversation politely.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class StaleState(Exception):
    """The saved conversation no longer fits the flow (written by older code, or tampered)."""


class FlowState(BaseModel):
    """Base of every flow's state. ``trail`` is the steps asked so far, for "back"."""

    model_config = ConfigDict(extra="ignore")

    trail: list[str] = Field(default_factory=list)


S = TypeVar("S", bound=FlowState)


def load_state(model: type[S], data: dict[str, Any]) -> S:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise StaleState(f"{model.__name__}: {exc.error_count()} invalid field(s)") from None


def dump_state(state: FlowState) -> dict[str, Any]:
    return state.model_dump(mode="json")
