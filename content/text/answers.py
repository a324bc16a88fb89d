"""Typed answers to eligibility questions: birth dates, ages, years, money, yes/no, choices.

Every parser takes the raw text a user typed and returns a value the rule evaluator
understands, or raises ``AnswerError`` whose ``code`` names a UI string
(``eligibility.error_<code>``) and whose ``values`` fill its placeholders. Nothing here
knows about channels or wording; that keeps the parsers testable with random input.

What a value can be:

* ``BirthDate``: an interval of possible birth dates. A full date is a one-day interval;
  "만 26세" answered on a given day is the year-long interval of dates that make someone
  26 on that day. Rules about age or birth windows are decided on the whole interval, so
  an age answer settles most age rules and leaves only the close calls unknown.
* ``Range``: a number known exactly (3년) or only from one side (10년 이상, 3년 넘게).
* ``bool`` for yes/no, ``str`` for a choice id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MAX_AGE = 120
MAX_TEXT = 200  # longer text is not an answer to a short question


class AnswerError(ValueError):
    """A typed answer we could not use; ``code`` names the message shown to the user."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class BirthDate:
    """Birth date known to lie in ``earliest..latest`` (both inclusive)."""

    earliest: date
    latest: date

    @property
    def exact(self) -> date | None:
        return self.earliest if self.earliest == self.latest else None

    @classmethod
    def on(cls, day: date) -> BirthDate:
        return cls(day, day)

    @classmethod
    def from_age(cls, age: int, today: date) -> BirthDate:
        """Everyone whose 만 나이 is ``age`` on ``today``."""
        # latest: the last day one could be born and already be ``age`` today.
        latest = _shift_years(today, -age)
        earliest = _shift_years(today, -(age + 1)) + timedelta(days=1)
        return cls(earliest, latest)

    def age_range(self, on: date) -> tuple[int, int]:
        """Youngest and oldest possible 만 나이 on ``on``."""
        return manse_age(self.latest, on), manse_age(self.earliest, on)

    def to_json(self) -> dict[str, str]:
        return {"earliest": self.earliest.isoformat(), "latest": self.latest.isoformat()}

    @classmethod
    def from_json(cls, data: Any) -> BirthDate:
        if isinstance(data, str):
            return cls.on(date.fromisoformat(data))
        return cls(date.fromisoformat(data["earliest"]), date.fromisoformat(data["latest"]))


def birthday_in(year: int, birth: date) -> date:
    """The day ``birth``'s birthday is kept in ``year`` (29 Feb → 28 Feb in common years)."""
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _shift_years(day: date, years: int) -> date:
    return birthday_in(day.year + years, day)


def manse_age(birth: date, on: date) -> int:
    """만 나이 on ``on``: full years since ``birth``.

    Someone born on 29 February turns a year older on 1 March in common years (the
    civil-law reading used by Korean administrations: the age changes at the end of the
    day before the birthday, and 28 February is not that day when 29 February is absent).
    """
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def last_day_aged(birth: date, age: int) -> date:
    """The last day on which someone born on ``birth`` is still ``age`` (만 나이)."""
    next_year = birth.year + age + 1
    if birth.month == 2 and birth.day == 29:
        try:
            return date(next_year, 2, 29) - timedelta(days=1)
        except ValueError:
            return date(next_year, 2, 28)
    return birth.replace(year=next_year) - timedelta(days=1)


def first_day_aged(birth: date, age: int) -> date:
    """The day someone born on ``birth`` turns ``age`` (만 나이)."""
    return last_day_aged(birth, age - 1) + timedelta(days=1)


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


# --------------------------------------------------------------------------- text helpers


def normalize(text: str) -> str:
    """NFKC (full-width digits → ASCII), lower-case, collapsed whitespace, trimmed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _check_length(text: str) -> str:
    if not text or not text.strip():
        raise AnswerError("empty")
    if len(text) > MAX_TEXT:
        raise AnswerError("too_long", limit=MAX_TEXT)
    return normalize(text)


_DONT_KNOW = re.compile(
    r"^(?:잘\s*)?(?:모르겠(?:어요|어|습니다|음)?|몰라(?:요)?|모름|글쎄(?:요)?|패스|건너뛰기|건너뛸래요|"
    r"skip|pass|i\s*don'?t\s*know|don'?t\s*know|not\s*sure|idk|\?+)[\s.!~ㅠㅜ\u1172\u116e]*$"
)


def is_dont_know(text: str) -> bool:
    """ "모르겠어요", "몰라", "skip", "?" …: the user skips this question."""
    return bool(_DONT_KNOW.match(normalize(text)))


# --------------------------------------------------------------------------- numbers

_SINO_DIGITS = {
    "영": 0,
    "공": 0,
    "일": 1,
    "이": 2,
    "삼": 3,
    "사": 4,
    "오": 5,
    "육": 6,
    "륙": 6,
    "칠": 7,
    "팔": 8,
    "구": 9,
}
_SINO_UNITS = {"십": 10, "백": 100, "천": 1000}
_NATIVE_TENS = {
    "열": 10,
    "스물": 20,
    "스무": 20,
    "서른": 30,
    "마흔": 40,
    "쉰": 50,
    "예순": 60,
    "일흔": 70,
    "여든": 80,
    "아흔": 90,
}
_NATIVE_ONES = {
    "한": 1,
    "하나": 1,
    "두": 2,
    "둘": 2,
    "세": 3,
    "셋": 3,
    "석": 3,
    "네": 4,
    "넷": 4,
    "넉": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
}


def _sino_number(word: str) -> int | None:
    """삼 → 3, 십 → 10, 이십오 → 25, 삼백오십 → 350, 천이백 → 1200 (below 10,000)."""
    if not word or any(ch not in _SINO_DIGITS and ch not in _SINO_UNITS for ch in word):
        return None
    total, digit = 0, None
    for ch in word:
        if ch in _SINO_DIGITS:
            if digit is not None:
                return None  # two digits in a row ("삼사") is not a number word
            digit = _SINO_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _SINO_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _native_number(word: str) -> int | None:
    """한 → 1, 열 → 10, 스물여섯 → 26, 서른아홉 → 39."""
    for tens_word, tens in sorted(_NATIVE_TENS.items(), key=lambda kv: -len(kv[0])):
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


_NUMBER = (
    r"(\d[\d,]*(?:\.\d+)?|[영공일이삼사오육륙칠팔구십백천]+|"
    r"(?:열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)?(?:하나|한|둘|두|셋|세|석|넷|네|넉|다섯|여섯|일곱|여덟|아홉)|"
    r"열|스물|스무|서른|마흔|쉰|예순|일흔|여든|아흔)"
)


_COUNT = re.compile(
    _NUMBER + r"\s*(년|해|개월|달|명|인|살|세|years?|months?|people|persons?)?\s*(반)?"
)


def _stands_alone(match: re.Match[str], text: str) -> bool:
    """A number word is a number only as a word of its own: not the 이 of 많이 or 이상."""
    if match.group(1)[0].isdigit():
        return True
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end(1)] if match.end(1) < len(text) else " "
    if re.match(r"[가-힣]", before):
        return False
    return bool(match.group(2)) or not re.match(r"[가-힣]", after)


def _to_number(token: str) -> float | None:
    token = token.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    value = number_word(token)
    return None if value is None else float(value)


_LOWER_WORDS = (
    "이상",
    "넘게",
    "넘었",
    "넘음",
    "넘어",
    "초과",
    "over",
    "more than",
    "at least",
    "+",
)
_UPPER_WORDS = (
    "이하",
    "미만",
    "안 됐",
    "안됐",
    "안 되",
    "안되",
    "under",
    "less than",
    "at most",
    "below",
)


def parse_count(text: str, *, unit: str = "년", minimum: float = 0, maximum: float = 100) -> Range:
    """Years, months or household members: "3년", "10년 이상", "삼 년", "1년 반", "2년 미만".

    Returns a ``Range``; a bare number is exact. Negative numbers, numbers beyond
    ``maximum`` and text without a number raise ``AnswerError``.
    """
    text = _check_length(text)
    if re.search(r"(?<![\d.])-\s*\d", text):
        raise AnswerError("negative")
    if re.fullmatch(r"(?:없(?:어요|음|다|습니다)?|none|zero|안\s*살았어요|처음(?:이에요)?)", text):
        return Range.exactly(0)
    if unit == "명" and re.fullmatch(r"(?:저\s*)?혼자(?:\s*(?:살아요|예요|요|임|입니다))?|"
                                    r"(?:just\s*)?me|alone|i live alone", text):
        return Range.exactly(1)
    match = None
    for candidate in _COUNT.finditer(text):
        if _stands_alone(candidate, text):
            match = candidate
            break
    if match is None:
        raise AnswerError("not_a_number", example=f"3{unit}")
    value = _to_number(match.group(1))
    if value is None:
        raise AnswerError("not_a_number", example=f"3{unit}")
    if match.group(3):
        value += 0.5
    said = match.group(2) or ""
    if unit == "개월" and said in ("년", "해", "year", "years"):
        value *= 12
    elif unit == "년" and said in ("개월", "달", "month", "months"):
        value = round(value / 12, 2)
    rest = text[match.end() :] + " " + text[: match.start()]
    if value < minimum:
        raise AnswerError("too_small", minimum=_fmt(minimum))
    if value > maximum:
        raise AnswerError("too_large", maximum=_fmt(maximum))
    strict_low = any(
        w in rest for w in ("넘게", "넘었", "넘음", "넘어", "초과", "more than", "over")
    )
    strict_high = any(
        w in rest for w in ("미만", "안 됐", "안됐", "안 되", "안되", "less than", "under", "below")
    )
    if strict_low or any(w in rest for w in _LOWER_WORDS):
        return Range(value, None, low_open=strict_low)
    if strict_high or any(w in rest for w in _UPPER_WORDS):
        return Range(minimum, value, high_open=strict_high)
    return Range.exactly(value)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_MONEY_UNITS = {"억": 100_000_000, "만": 10_000}
_SMALL_PIECE = re.compile(
    r"(\d+(?:\.\d+)?|[영일이삼사오육칠팔구])?(천|백|십)|(\d+(?:\.\d+)?|[영일이삼사오육칠팔구])"
)


def _small_number(text: str) -> float | None:
    """Below 10,000 in digits, words or both: "350", "삼백오십", "3천5백", "2.5", "천"."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, pos, last_unit = 0.0, 0, 10_000
    for match in _SMALL_PIECE.finditer(text):
        if match.start() != pos:
            return None
        pos = match.end()
        if match.group(2):
            unit = _SINO_UNITS[match.group(2)]
            if unit >= last_unit:
                return None
            last_unit = unit
            digit = match.group(1)
            total += (1 if digit is None else _digit_value(digit)) * unit
        else:
            if last_unit == 1:
                return None
            last_unit = 1
            total += _digit_value(match.group(3))
    return total if pos == len(text) and pos > 0 else None


def _digit_value(token: str) -> float:
    return float(token) if token[0].isdigit() else float(_SINO_DIGITS[token])


def parse_money(text: str, *, maximum: int = 100_000_000) -> Range:
    """Won amounts: "350만원", "3,500,000원", "삼백오십만 원", "1억 2천만", "0원", "없어요".

    A bare number below 10,000 is read as 만원 (the unit the question asks in), so "350"
    means ₩3,500,000. "이하/미만" and "이상/넘게" give one-sided ranges.
    """
    text = _check_length(text)
    if re.search(r"(?<![\d.])-\s*\d", text):
        raise AnswerError("negative")
    if re.fullmatch(r"(?:0\s*원?|없(?:어요|음|다|습니다)?|소득\s*없(?:어요|음)?|none|zero)", text):
        return Range.exactly(0)
    body = re.sub(
        r"(원|won|₩|krw|정도|쯤|약|대략|월|한\s*달에?|매달|per month|a month|"
        r"벌어요|받아요|이에요|예요|입니다|요)",
        " ",
        text,
    )
    qualifier = body
    body = re.sub(
        r"(이상|이하|미만|초과|넘게|넘어|안\s*돼요|안\s*되|over|under|less than|more than|"
        r"at least|at most|below)",
        " ",
        body,
    )
    body = body.replace(",", "").replace(" ", "")
    if not body:
        raise AnswerError("not_money", example="250만원")
    total = 0.0
    matched_unit = False
    pieces = re.split(r"(억|만)", body)
    for amount_text, unit in zip(pieces[::2], [*pieces[1::2], None], strict=True):
        if not amount_text:
            if unit is None and matched_unit:
                continue
            raise AnswerError("not_money", example="250만원")
        amount = _small_number(amount_text)
        if amount is None:
            raise AnswerError("not_money", example="250만원")
        if unit is not None:
            matched_unit = True
            total += amount * _MONEY_UNITS[unit]
        else:
            total += amount
    if not matched_unit and total < 10_000 and not re.search(r"원|won|₩|krw", text):
        total *= 10_000  # "350" answers a question asked in 만원; "5,000원" means ₩5,000
    if total > maximum:
        raise AnswerError("too_large", maximum=won_text(maximum))
    value = float(round(total))
    if any(
        w in qualifier for w in ("이상", "넘게", "넘어", "초과", "over", "more than", "at least")
    ):
        return Range(
            value,
            None,
            low_open=any(w in qualifier for w in ("넘게", "넘어", "초과", "over", "more than")),
        )
    if any(
        w in qualifier
        for w in (
            "이하",
            "미만",
            "안 돼",
            "안돼",
            "안 되",
            "안되",
            "under",
            "less than",
            "at most",
            "below",
        )
    ):
        return Range(
            0,
            value,
            high_open=any(w in qualifier for w in ("미만", "안", "under", "less than", "below")),
        )
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


# --------------------------------------------------------------------------- yes / no

_YES = {
    "네",
    "넵",
    "넹",
    "예",
    "응",
    "어",
    "ㅇ",
    "ㅇㅇ",
    "맞아",
    "맞아요",
    "맞습니다",
    "그래요",
    "그렇습니다",
    "있어요",
    "있음",
    "있습니다",
    "있다",
    "했어요",
    "해요",
    "다녀요",
    "살아요",
    "yes",
    "y",
    "yeah",
    "yep",
    "sure",
    "true",
    "o",
    "ok",
    "okay",
}
_NO = {
    "아니요",
    "아니오",
    "아뇨",
    "아니",
    "아니에요",
    "아닙니다",
    "ㄴ",
    "ㄴㄴ",
    "노",
    "없어요",
    "없음",
    "없습니다",
    "없다",
    "안 해요",
    "안해요",
    "안했어요",
    "안 했어요",
    "no",
    "n",
    "nope",
    "false",
    "x",
}


_LAUGH = "ㅎㅋㅠㅜ" + normalize("ㅎㅋㅠㅜ")  # NFKC turns ㅎ into a conjoining jamo


def parse_yes_no(
    text: str, *, yes_words: tuple[str, ...] = (), no_words: tuple[str, ...] = ()
) -> bool:
    """ "네"/"아니요" and their everyday forms; ``yes_words``/``no_words`` add a question's own."""
    cleaned = re.sub(f"[\\s.!~^{_LAUGH}]+$", "", _check_length(text)).strip()
    cleaned = re.sub(r"^(음+|어+|아+)\s*,?\s+", "", cleaned)
    no = {normalize(w) for w in (*_NO, *no_words)}
    yes = {normalize(w) for w in (*_YES, *yes_words)}
    if cleaned in no or cleaned.startswith(("아니", "아뇨", "no ", "없")):
        return False
    if cleaned in yes or cleaned.startswith(("네", "예 ", "yes ", "맞아", "응 ")):
        return True
    raise AnswerError("not_yes_no")


# --------------------------------------------------------------------------- dates

_MONTHS_EN = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_RRN = re.compile(r"^(\d{6})\s*-\s*[1-8]\d{0,6}$")


@dataclass(frozen=True, slots=True)
class BirthAnswer:
    """What a birth-date question got: the value and how it was read (for the echo)."""

    value: BirthDate
    from_age: bool = False
    dropped_id_number: bool = False  # the user typed a 주민등록번호; only the date was kept


def _full_year(year_text: str, month: int, day: int, today: date) -> int:
    year = int(year_text)
    if len(year_text) == 4:
        return year
    if len(year_text) != 2:
        raise AnswerError("bad_date", example="1999년 3월 2일")
    candidate = 2000 + year
    try:
        if date(candidate, month, day) > today:
            candidate -= 100
    except ValueError:
        if candidate > today.year:
            candidate -= 100
    return candidate


def _build_date(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise AnswerError("no_such_month", month=month)
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerError("no_such_day", month=month, day=day) from None


def _plausible(birth: date, today: date) -> date:
    if birth > today:
        raise AnswerError("future_date")
    if manse_age(birth, today) > MAX_AGE:
        raise AnswerError("too_old", maximum=MAX_AGE)
    return birth


def parse_birth_date(text: str, today: date) -> BirthAnswer:
    """A birth date in any common form, or an age ("26살", "만 26세", "스물여섯").

    Accepted: 1999-03-02, 1999.3.2, 1999. 3. 2., 1999/03/02, 1999년 3월 2일(생),
    99년 3월 2일, 99.3.2, 990302, 19990302, 990302-1234567 (only the date is kept),
    "March 2, 1999", "2 March 1999". Refused with a reason: 3/2/1999 and 2/3/1999
    (day and month order is ambiguous), 1999년 3월 (no day), 2월 30일, future dates,
    ages over 120.
    """
    raw = _check_length(text)
    t = raw.rstrip(".")
    t = re.sub(r"\s*(생|출생|태어났어요|이에요|예요|입니다)$", "", t).strip()

    rrn = _RRN.match(t)
    if rrn:
        answer = parse_birth_date(rrn.group(1), today)
        return BirthAnswer(answer.value, dropped_id_number=True)

    # An age instead of a date.
    age_match = re.fullmatch(
        r"(?:만\s*)?"
        + _NUMBER
        + r"\s*(살|세|years?\s*old|yo|y/o)?(?:\s*(?:이에요|예요|입니다|요))?",
        t,
    )
    if age_match and (age_match.group(2) or not re.fullmatch(r"\d{5,}", age_match.group(1))):
        value = _to_number(age_match.group(1))
        digits_only = re.fullmatch(r"\d+", age_match.group(1)) is not None
        if value is not None and (age_match.group(2) or not digits_only or value <= MAX_AGE):
            if not value.is_integer():
                raise AnswerError("bad_age")
            if value > MAX_AGE:
                raise AnswerError("too_old", maximum=MAX_AGE)
            return BirthAnswer(BirthDate.from_age(int(value), today), from_age=True)
        if digits_only and len(age_match.group(1)) == 4 and not age_match.group(2):
            raise AnswerError("no_day", example="1999년 3월 2일")

    # 1999년 3월 2일 / 99년 3월 2일
    m = re.fullmatch(r"(\d{2}|\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?", t)
    if m:
        month, day = int(m.group(2)), int(m.group(3))
        year = _full_year(m.group(1), month, day if 1 <= month <= 12 else 1, today)
        return BirthAnswer(BirthDate.on(_plausible(_build_date(year, month, day), today)))
    if re.fullmatch(r"(\d{2}|\d{4})\s*년(\s*\d{1,2}\s*월)?(생)?", t):
        raise AnswerError("no_day", example="1999년 3월 2일")
    m = re.fullmatch(r"(\d{1,2})\s*월\s*(\d{1,2})\s*일?", t)
    if m:
        _build_date(2000, int(m.group(1)), int(m.group(2)))  # 2월 30일 → no_such_day
        raise AnswerError("no_year", example="1999년 3월 2일")

    # 1999-03-02, 1999.3.2, 1999/3/2, 99.3.2, 99-03-02
    m = re.fullmatch(r"(\d{4}|\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})", t)
    if m:
        if len(m.group(1)) == 2 and "/" in t:
            raise AnswerError("ambiguous_date", example="1999-03-02")
        month, day = int(m.group(2)), int(m.group(3))
        year = _full_year(m.group(1), month, day if 1 <= month <= 12 else 1, today)
        return BirthAnswer(BirthDate.on(_plausible(_build_date(year, month, day), today)))

    # 3/2/1999, 2.3.1999: which is the day and which the month?
    if re.fullmatch(r"\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*(\d{4}|\d{2})", t):
        raise AnswerError("ambiguous_date", example="1999-03-02")

    # 19990302 / 990302
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})|(\d{2})(\d{2})(\d{2})", t)
    if m:
        if m.group(1):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            month, day = int(m.group(5)), int(m.group(6))
            year = _full_year(m.group(4), month, day if 1 <= month <= 12 else 1, today)
        return BirthAnswer(BirthDate.on(_plausible(_build_date(year, month, day), today)))

    # March 2, 1999 / 2 March 1999
    m = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", t) or None
    if m and m.group(1) in _MONTHS_EN:
        month, day, year = _MONTHS_EN[m.group(1)], int(m.group(2)), int(m.group(3))
        return BirthAnswer(BirthDate.on(_plausible(_build_date(year, month, day), today)))
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", t)
    if m and m.group(2) in _MONTHS_EN:
        day, month, year = int(m.group(1)), _MONTHS_EN[m.group(2)], int(m.group(3))
        return BirthAnswer(BirthDate.on(_plausible(_build_date(year, month, day), today)))

    raise AnswerError("bad_date", example="1999년 3월 2일")
