"""Counts typed as answers: years, months, household members ("3년", "1년 반", "10년 이상").

``parse_count`` returns a ``Range`` (a bare number is exact; 이상/넘게/미만 give one side)
or raises ``AnswerError`` with the reason.
"""

from __future__ import annotations

import re

from content.text.errors import AnswerError
from content.text.numbers import NUMBER, format_number, to_number
from content.text.ranges import Range
from content.text.typed import typed_answer

_COUNT = re.compile(
    NUMBER + r"\s*(년|해|개월|달|명|인|살|세|years?|months?|people|persons?)?\s*(반)?"
)
_NEGATIVE = re.compile(r"(?<![\d.])-\s*\d")
_NONE = re.compile(r"(?:없(?:어요|음|다|습니다)?|none|zero|안\s*살았어요|처음(?:이에요)?)")
_ALONE = re.compile(
    r"(?:저\s*)?혼자(?:\s*(?:살아요|예요|요|임|입니다))?|(?:just\s*)?me|alone|i live alone"
)
_YEAR_WORDS = ("년", "해", "year", "years")
_MONTH_WORDS = ("개월", "달", "month", "months")

# Every strict word is also a bound word: "3년 넘게" is a lower bound that excludes 3.
_STRICT_LOWER = ("넘게", "넘었", "넘음", "넘어", "초과", "more than", "over")
_LOWER = (*_STRICT_LOWER, "이상", "at least", "+")
_STRICT_UPPER = ("미만", "안 됐", "안됐", "안 되", "안되", "less than", "under", "below")
_UPPER = (*_STRICT_UPPER, "이하", "at most")


def refuse_negative(text: str) -> None:
    """AnswerError("negative") for "-3년", "-50만원"; a dash between numbers is not a sign."""
    if _NEGATIVE.search(text):
        raise AnswerError("negative")


def parse_count(text: str, *, unit: str = "년", minimum: float = 0, maximum: float = 100) -> Range:
    """Years, months or household members: "3년", "10년 이상", "삼 년", "1년 반", "2년 미만".

    Returns a ``Range``; a bare number is exact. Negative numbers, numbers beyond
    ``maximum`` and text without a number raise ``AnswerError``.
    """
    text = typed_answer(text)
    refuse_negative(text)
    if _NONE.fullmatch(text):
        return Range.exactly(0)
    if unit == "명" and _ALONE.fullmatch(text):
        return Range.exactly(1)
    match = _first_count(text)
    value = None if match is None else to_number(match.group(1))
    if match is None or value is None:
        raise AnswerError("not_a_number", example=f"3{unit}")
    if match.group(3):
        value += 0.5
    value = _in_unit(value, match.group(2) or "", unit)
    if value < minimum:
        raise AnswerError("too_small", minimum=format_number(minimum))
    if value > maximum:
        raise AnswerError("too_large", maximum=format_number(maximum))
    rest = text[match.end() :] + " " + text[: match.start()]
    return _bounded(value, minimum, rest)


def _first_count(text: str) -> re.Match[str] | None:
    return next((m for m in _COUNT.finditer(text) if _stands_alone(m, text)), None)


def _stands_alone(match: re.Match[str], text: str) -> bool:
    """A number word is a number only as a word of its own: not the 이 of 많이 or 이상."""
    if match.group(1)[0].isdigit():
        return True
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end(1)] if match.end(1) < len(text) else " "
    if re.match(r"[가-힣]", before):
        return False
    return bool(match.group(2)) or not re.match(r"[가-힣]", after)


def _in_unit(value: float, said: str, unit: str) -> float:
    """The count in the unit the question asks for ("2년" asked in 개월 is 24)."""
    if unit == "개월" and said in _YEAR_WORDS:
        return value * 12
    if unit == "년" and said in _MONTH_WORDS:
        return round(value / 12, 2)
    return value


def _bounded(value: float, minimum: float, rest: str) -> Range:
    """Exactly ``value``, or a one-sided range when the words around it say so."""
    if any(w in rest for w in _LOWER):
        return Range(value, None, low_open=any(w in rest for w in _STRICT_LOWER))
    if any(w in rest for w in _UPPER):
        return Range(minimum, value, high_open=any(w in rest for w in _STRICT_UPPER))
    return Range.exactly(value)
