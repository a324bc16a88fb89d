"""The one error a typed-answer parser raises: a reason the user is shown, never a crash."""

from __future__ import annotations

from typing import Any


class AnswerError(ValueError):
    """A typed answer we could not use; ``code`` names the message shown to the user
    (``eligibility.error_<code>``) and ``values`` fill its placeholders."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values
