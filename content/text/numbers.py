"""Numbers as Koreans type them: digits, Sino-Korean words (삼백오십) and native words (스물여섯).

``NUMBER`` is a regular-expression group that finds such a number inside a longer answer;
``to_number`` reads what it found.
"""

from __future__ import annotations

import re

SINO_DIGITS = {
    "영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4,
    "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8, "구": 9,
}
SINO_UNITS = {"십": 10, "백": 100, "천": 1000}
_NATIVE_TENS = {
    "열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40,
    "쉰": 50, "예순": 60, "일흔": 70, "여든": 80, "아흔": 90,
}
_NATIVE_ONES = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4,
    "넉": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
}
# Longest first, so 스물 is tried before a shorter word it starts with.
_TENS_BY_LENGTH = sorted(_NATIVE_TENS.items(), key=lambda kv: -len(kv[0]))

NUMBER = (
    r"(\d[\d,]*(?:\.\d+)?|[영공일이삼사오육륙칠팔구십백천]+|"
    r"(?:열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)?(?:하나|한|둘|두|셋|세|석|넷|네|넉|다섯|여섯|일곱|여덟|아홉)|"
    r"열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)"
)


def _sino_number(word: str) -> int | None:
    """삼 → 3, 십 → 10, 이십오 → 25, 삼백오십 → 350, 천이백 → 1200 (below 10,000)."""
    if not word or any(ch not in SINO_DIGITS and ch not in SINO_UNITS for ch in word):
        return None
    total, digit = 0, None
    for ch in word:
        if ch in SINO_DIGITS:
            if digit is not None:
                return None  # two digits in a row ("삼사") is not a number word
            digit = SINO_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * SINO_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _native_number(word: str) -> int | None:
    """한 → 1, 열 → 10, 스물여섯 → 26, 서른아홉 → 39."""
    for tens_word, tens in _TENS_BY_LENGTH:
        if word.startswith(tens_word):
            rest = word[len(tens_word) :]
            if not rest:
                return tens
            ones = _NATIVE_ONES.get(rest)
            return None if ones is None else tens + ones
    return _NATIVE_ONES.get(word)


def number_word(word: str) -> int | None:
    """A number written in digits, Sino-Korean or native Korean words; None if not one."""
    word = word.replace(" ", "").replace(",", "")
    if re.fullmatch(r"\d+", word):
        return int(word)
    value = _native_number(word)
    return value if value is not None else _sino_number(word)


def to_number(token: str) -> float | None:
    """What a ``NUMBER`` match says: "1,200" → 1200.0, "2.5" → 2.5, "스물" → 20.0."""
    token = token.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    value = number_word(token)
    return None if value is None else float(value)


def format_number(value: float) -> str:
    """3.0 → "3", 2.5 → "2.5": how a limit is shown back to the user."""
    return str(int(value)) if float(value).is_integer() else str(value)
