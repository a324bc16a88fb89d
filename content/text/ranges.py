"""``Range``: a number known exactly (3년) or only from one side (10년 이상, 3년 넘게)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Range:
    """A number known to lie between ``low`` and ``high`` (``None`` = unbounded).

    ``low_open``/``high_open`` mark strict bounds ("3년 넘게" is low=3, low_open=True).
    """

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    @classmethod
    def exactly(cls, value: float) -> Range:
        return cls(value, value)

    @property
    def exact(self) -> float | None:
        return self.low if self.low is not None and self.low == self.high else None

    def to_json(self) -> dict[str, Any]:
        return {
            "low": self.low,
            "high": self.high,
            "low_open": self.low_open,
            "high_open": self.high_open,
        }

    @classmethod
    def from_json(cls, data: Any) -> Range:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return cls.exactly(data)
        return cls(
            data["low"], data["high"], bool(data.get("low_open")), bool(data.get("high_open"))
        )
