"""Suit sizes: what a user may type for each kind of item, and a guess from height/weight.

The guess is a starting point for the shop's fitting, not a measurement: chest and waist
are estimated with simple linear formulas and mapped to Korean ready-to-wear sizes
(상의 호칭 85–140 with letter sizes XS–8XL, 허리 24–50 inch, 구두 220–305 mm, the range
the 2023 partner shop stocks).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

TOP_SIZES: tuple[tuple[int, str], ...] = (
    (85, "XS"), (90, "S"), (95, "M"), (100, "L"), (105, "XL"), (110, "2XL"), (115, "3XL"),
    (120, "4XL"), (125, "5XL"), (130, "6XL"), (135, "7XL"), (140, "8XL"),
)
TOP_LETTERS = {letter: number for number, letter in TOP_SIZES}
# Women's ready-to-wear sizes people say ("55", "66"), on the same 호칭 scale (KS K 0051).
WOMENS_SIZES = {44: 85, 55: 90, 66: 95, 77: 100, 88: 105}
WAIST_RANGE = (24, 50)  # inches
SHOE_RANGE = (220, 305)  # mm, in steps of 5
HEIGHT_RANGE = (130, 210)  # cm accepted for a guess
WEIGHT_RANGE = (35, 200)  # kg accepted for a guess


@dataclass(frozen=True, slots=True)
class SizeGuess:
    top: str  # e.g. "100 (L)"
    waist: int  # inches


def normalize_size(sizing: str, text: str) -> str | None:
    """The size a user typed, in the shop's form, or None when it is not a size we stock.

    ``top``: 95, 100, L, XL, 2XL…; ``waist``: 24–50 (inch) or 61–127 (cm); ``shoes``: 220–305.
    """
    if not isinstance(text, str) or len(text) > 20:
        return None
    if sizing == "none":
        return "-"
    reader = _READERS.get(sizing)
    return reader(re.sub(r"\s+", "", text).upper()) if reader is not None else None


def _top(raw: str) -> str | None:
    letters = {"XXL": "2XL", "XXXL": "3XL"}.get(raw, raw)
    if letters in TOP_LETTERS:
        return f"{TOP_LETTERS[letters]} ({letters})"
    if re.fullmatch(r"\d{2,3}", raw):
        number = WOMENS_SIZES.get(int(raw), int(raw))
        for size, letter in TOP_SIZES:
            if size == number:
                return f"{size} ({letter})"
    return None


def _waist(raw: str) -> str | None:
    m = re.fullmatch(r"(\d{2,3})(INCH|IN|인치|CM)?", raw)
    if not m:
        return None
    value = int(m.group(1))
    unit = m.group(2) or ""
    if unit == "CM" or (not unit and value > WAIST_RANGE[1]):
        value = round(value / 2.54)
    if WAIST_RANGE[0] <= value <= WAIST_RANGE[1]:
        return f"{value}inch"
    return None


def _shoes(raw: str) -> str | None:
    m = re.fullmatch(r"(\d{3})(MM)?", raw)
    if not m:
        return None
    value = int(m.group(1))
    if SHOE_RANGE[0] <= value <= SHOE_RANGE[1] and value % 5 == 0:
        return f"{value}mm"
    return None


_READERS: dict[str, Callable[[str], str | None]] = {"top": _top, "waist": _waist, "shoes": _shoes}


def size_word(word: str) -> str | None:
    """``word`` as typed when it is a size of any kind ("L", "100", "55", "265", "32인치"),
    else None: a sentence names a size before anyone knows which item it is for. A bare
    waist number (24–50) is not one here: in a sentence it is far more often an age."""
    raw = re.sub(r"\s+", "", word).upper() if isinstance(word, str) and len(word) <= 8 else ""
    if not raw:
        return None
    waist = re.fullmatch(r"\d{2,3}(INCH|IN|인치|CM)", raw) and _waist(raw)
    return raw if _top(raw) or _shoes(raw) or waist else None


def parse_height_weight(text: str) -> tuple[int, int] | None:
    """``175/70``, ``175cm 70kg``, ``키 175 몸무게 70`` → (175, 70); None when out of range."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    numbers = [int(n) for n in re.findall(r"\d{2,3}", text)]
    if len(numbers) != 2 or len(re.findall(r"\d+", text)) != 2:
        return None
    height, weight = numbers
    if not HEIGHT_RANGE[0] <= height <= HEIGHT_RANGE[1]:
        return None
    if not WEIGHT_RANGE[0] <= weight <= WEIGHT_RANGE[1]:
        return None
    return height, weight


def guess_sizes(height_cm: int, weight_kg: int) -> SizeGuess:
    """A first guess of the top size and waist from height and weight (raises on nonsense)."""
    if not HEIGHT_RANGE[0] <= height_cm <= HEIGHT_RANGE[1]:
        raise ValueError(f"height {height_cm} cm is outside {HEIGHT_RANGE}")
    if not WEIGHT_RANGE[0] <= weight_kg <= WEIGHT_RANGE[1]:
        raise ValueError(f"weight {weight_kg} kg is outside {WEIGHT_RANGE}")
    chest_cm = 0.4 * weight_kg + 0.25 * height_cm + 23
    size, letter = min(TOP_SIZES, key=lambda s: (abs(s[0] - chest_cm), -s[0]))
    waist_cm = 0.45 * weight_kg + 0.2 * height_cm + 10
    waist = min(max(round(waist_cm / 2.54), WAIST_RANGE[0]), WAIST_RANGE[1])
    return SizeGuess(top=f"{size} ({letter})", waist=waist)
