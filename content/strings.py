"""UI strings in Korean and English, looked up by ``file.key`` (e.g. ``core.welcome``)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from content.models import UiString


class Strings:
    def __init__(self, entries: Mapping[str, UiString]) -> None:
        self._entries = dict(entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def keys(self) -> list[str]:
        return sorted(self._entries)

    def get(self, key: str, locale: str, /, **values: Any) -> str:
        """The text for ``key`` in ``locale`` with ``{placeholders}`` filled in.

        A key missing from the files is a programming error: it raises ``KeyError`` so
        tests catch it, rather than showing a raw key to a user.
        """
        entry = self._entries[key]
        text = entry.en if locale == "en" else entry.ko
        return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
