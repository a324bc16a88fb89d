"""Short booking codes a person can read out over the phone without confusion.

The alphabet leaves out characters that look or sound alike (0/O/Q/D, 1/I/L, 2/Z, 5/S,
6/G, 8/B, U/V), so a code typed from a screenshot or read aloud comes back right.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACEFHJKMNPRTWXY3479"
LENGTH = 6


def new_code() -> str:
    """A random code like ``K7M4XP`` (19^6 = 47 million possibilities)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(text: str) -> str | None:
    """A code as a user typed it (any case, spaces or dashes) → the stored form, or None."""
    if not isinstance(text, str) or len(text) > 20:
        return None
    cleaned = re.sub(r"[\s\-]", "", text).upper()
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def format_code(code: str) -> str:
    """Shown to users in two halves for reading aloud: ``K7M-4XP``."""
    return f"{code[:3]}-{code[3:]}" if len(code) == LENGTH else code
