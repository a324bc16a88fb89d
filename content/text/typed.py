"""The first pass over any typed answer: tidy it, bound its length, spot "I don't know".

``tidy_text`` keeps punctuation (dates and money need their dots, commas and dashes);
``content.text.matching.plain_words`` is the other cleaning, for fuzzy matching, which drops
it.
"""

from __future__ import annotations

import re
import unicodedata

from content.text.errors import AnswerError

MAX_TEXT = 200  # longer text is not an answer to a short question


def tidy_text(text: str) -> str:
    """NFKC (full-width digits → ASCII), control characters dropped, lower-case, collapsed
    whitespace, trimmed. Punctuation is kept."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t ")
    return re.sub(r"\s+", " ", text).strip().lower()


def typed_answer(text: str) -> str:
    """``text`` tidied; AnswerError when it is empty or too long to be a short answer."""
    if not text or not text.strip():
        raise AnswerError("empty")
    if len(text) > MAX_TEXT:
        raise AnswerError("too_long", limit=MAX_TEXT)
    return tidy_text(text)


_DONT_KNOW = re.compile(
    r"^(?:잘\s*)?(?:모르겠(?:어요|어|습니다|음)?|몰라(?:요)?|모름|글쎄(?:요)?|패스|건너뛰기|건너뛸래요|"
    r"skip|pass|i\s*don'?t\s*know|don'?t\s*know|not\s*sure|idk|\?+)[\s.!~ㅠㅜ\u1172\u116e]*$"
)


def is_dont_know(text: str) -> bool:
    """ "모르겠어요", "몰라", "skip", "?" …: the user skips this question."""
    return bool(_DONT_KNOW.match(tidy_text(text)))


_ENDINGS = ("이에요", "예요", "이요", "요", "입니다")


def polite_forms(said: str) -> list[str]:
    """``said`` and the same without a trailing politeness ("26살이요" → "26살")."""
    forms = [said]
    for ending in _ENDINGS:
        if said.endswith(ending) and len(said) > len(ending):
            forms.append(said[: -len(ending)])
    return forms


# What follows a noun inside a sentence ("26살인데", "일산동구에서", "바리스타로"), longest
# first. Only for finding values inside free text: a short answer is read by polite_forms.
_PARTICLES = (
    "이라서", "인데요", "이에요", "입니다", "인데", "이라", "이요", "예요", "에서", "으로",
    "까지", "부터", "이랑", "에요", "쯤", "이고", "은", "는", "이", "가", "을", "를", "로",
    "에", "요", "랑", "도", "만", "고",
)

_PARTICLES_ENDING_IN: dict[str, tuple[str, ...]] = {
    last: tuple(p for p in _PARTICLES if p.endswith(last)) for last in {p[-1] for p in _PARTICLES}
}


def particle_forms(word: str) -> list[str]:
    """``word`` and the same without one trailing particle or polite ending, longest first
    ("26살인데" → ["26살인데", "26살"]; "일산동구에서" → ["일산동구에서", "일산동구"])."""
    forms = [word]
    for ending in _PARTICLES_ENDING_IN.get(word[-1:], ()):
        if word.endswith(ending) and len(word) > len(ending):
            stem = word[: -len(ending)]
            if stem not in forms:
                forms.append(stem)
    return forms
