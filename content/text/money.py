"""Won amounts typed as answers ("350만원", "1억 2천만", "삼백오십만 원") and written back.

A bare number below 10,000 is read as 만원, the unit income questions are asked in.
"""

from __future__ import annotations

import re

from content.text.counts import refuse_negative
from content.text.errors import AnswerError
from content.text.numbers import SINO_DIGITS, SINO_UNITS
from content.text.ranges import Range
from content.text.typed import typed_answer

_MONEY_UNITS = {"억": 100_000_000, "만": 10_000}
_SMALL_PIECE = re.compile(
    r"(\d+(?:\.\d+)?|[영일이삼사오육칠팔구])?(천|백|십)|(\d+(?:\.\d+)?|[영일이삼사오육칠팔구])"
)
_ZERO = re.compile(r"(?:0\s*원?|없(?:어요|음|다|습니다)?|소득\s*없(?:어요|음)?|none|zero)")
_FILLER = re.compile(
    r"(원|won|₩|krw|정도|쯤|약|대략|월|한\s*달에?|매달|per month|a month|"
    r"벌어요|받아요|이에요|예요|입니다|요)"
)
_BOUND_WORDS = re.compile(
    r"(이상|이하|미만|초과|넘게|넘어|안\s*돼요|안\s*되|over|under|less than|more than|"
    r"at least|at most|below)"
)
_WON_SAID = re.compile(r"원|won|₩|krw")
_LOWER = ("이상", "넘게", "넘어", "초과", "over", "more than", "at least")
_STRICT_LOWER = ("넘게", "넘어", "초과", "over", "more than")
_UPPER = (
    "이하", "미만", "안 돼", "안돼", "안 되", "안되", "under", "less than", "at most", "below"
)
_STRICT_UPPER = ("미만", "안", "under", "less than", "below")
_EXAMPLE = "250만원"


def parse_money(text: str, *, maximum: int = 100_000_000) -> Range:
    """Won amounts: "350만원", "3,500,000원", "삼백오십만 원", "1억 2천만", "0원", "없어요".

    A bare number below 10,000 is read as 만원 (the unit the question asks in), so "350"
    means ₩3,500,000. "이하/미만" and "이상/넘게" give one-sided ranges.
    """
    text = typed_answer(text)
    refuse_negative(text)
    if _ZERO.fullmatch(text):
        return Range.exactly(0)
    qualifier = _FILLER.sub(" ", text)
    body = _BOUND_WORDS.sub(" ", qualifier).replace(",", "").replace(" ", "")
    total, unit_said = _sum_amounts(body)
    if not unit_said and total < 10_000 and not _WON_SAID.search(text):
        total *= 10_000  # "350" answers a question asked in 만원; "5,000원" means ₩5,000
    if total > maximum:
        raise AnswerError("too_large", maximum=won_text(maximum))
    return _bounded(float(round(total)), qualifier)


def _sum_amounts(body: str) -> tuple[float, bool]:
    """"1억2천만" → (120,000,000, True): the amount and whether 억/만 was said."""
    if not body:
        raise AnswerError("not_money", example=_EXAMPLE)
    total = 0.0
    unit_said = False
    pieces = re.split(r"(억|만)", body)
    for amount_text, unit in zip(pieces[::2], [*pieces[1::2], None], strict=True):
        if not amount_text and unit is None and unit_said:
            continue  # "350만": nothing after the last unit
        amount = _small_number(amount_text) if amount_text else None
        if amount is None:
            raise AnswerError("not_money", example=_EXAMPLE)
        if unit is None:
            total += amount
        else:
            unit_said = True
            total += amount * _MONEY_UNITS[unit]
    return total, unit_said


def _small_number(text: str) -> float | None:
    """Below 10,000 in digits, words or both: "350", "삼백오십", "3천5백", "2.5", "천"."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, pos, last_unit = 0.0, 0, 10_000
    for match in _SMALL_PIECE.finditer(text):
        if match.start() != pos:
            return None
        pos = match.end()
        # Each piece must be smaller than the one before: 3천5백, never 5백3천 or 3 5.
        unit = SINO_UNITS[match.group(2)] if match.group(2) else 1
        if unit >= last_unit:
            return None
        last_unit = unit
        digit = match.group(1) if match.group(2) else match.group(3)
        total += (1 if digit is None else _digit_value(digit)) * unit
    return total if pos == len(text) and pos > 0 else None


def _digit_value(token: str) -> float:
    return float(token) if token[0].isdigit() else float(SINO_DIGITS[token])


def _bounded(value: float, qualifier: str) -> Range:
    if any(w in qualifier for w in _LOWER):
        return Range(value, None, low_open=any(w in qualifier for w in _STRICT_LOWER))
    if any(w in qualifier for w in _UPPER):
        return Range(0, value, high_open=any(w in qualifier for w in _STRICT_UPPER))
    return Range.exactly(value)


def won_text(amount: float) -> str:
    """₩3,500,000 → "350만원"; ₩120,000,000 → "1억 2,000만원"; ₩0 → "0원"."""
    amount = round(amount)
    eok, rest = divmod(amount, 100_000_000)
    man, won = divmod(rest, 10_000)
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    if won or not parts:
        parts.append(f"{won:,}")
    return " ".join(parts) + "원"


_WRITTEN_AMOUNT = re.compile(r"(\d[\d,]*)(?:\s*(만))?\s*원?")


def amounts_as_words(text: str) -> str:
    """Every amount in a written pay ("2500000", "10,320원", "230만원 ~ 260만원") as people
    read it: "250만원", "1만 320원", "230만원 ~ 260만원"."""

    def spoken(match: re.Match[str]) -> str:
        digits = match[1].replace(",", "")
        amount = int(digits) * (10_000 if match[2] else 1)
        return won_text(amount)

    return _WRITTEN_AMOUNT.sub(spoken, text)
