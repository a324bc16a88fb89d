"""Text in Korean (required) and English (optional, falls back to Korean)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer


def _coerce(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return {"ko": value}
    if isinstance(value, dict):
        unknown = set(value) - {"ko", "en"}
        if unknown:
            raise ValueError(f"unknown language(s) {sorted(unknown)}; use ko and en")
        if not isinstance(value.get("ko"), str) or not value["ko"].strip():
            raise ValueError("needs a Korean text under 'ko'")
        if "en" in value and (not isinstance(value["en"], str) or not value["en"].strip()):
            raise ValueError("'en' must be a non-empty text")
        return {k: str(v) for k, v in value.items()}
    raise ValueError("must be a text, or ko/en texts")


LocalizedText = Annotated[dict[str, str], BeforeValidator(_coerce), PlainSerializer(dict)]


def pick(text: dict[str, str] | None, locale: str) -> str:
    """The text in ``locale``, else Korean; empty for a missing optional field."""
    if not text:
        return ""
    return text.get(locale) or text["ko"]
