"""Yes/no answers in their everyday forms ("네", "넵", "ㅇㅇ", "아뇨", "없어요", "nope")."""

from __future__ import annotations

import re
from functools import lru_cache

from content.text.errors import AnswerError
from content.text.typed import tidy_text, typed_answer

_YES = {
    "네", "넵", "넹", "예", "응", "어", "ㅇ", "ㅇㅇ", "맞아", "맞아요", "맞습니다", "그래요",
    "그렇습니다", "있어요", "있음", "있습니다", "있다", "했어요", "해요", "다녀요", "살아요",
    "yes", "y", "yeah", "yep", "sure", "true", "o", "ok", "okay",
}
_NO = {
    "아니요", "아니오", "아뇨", "아니", "아니에요", "아닙니다", "ㄴ", "ㄴㄴ", "노", "없어요",
    "없음", "없습니다", "없다", "안 해요", "안해요", "안했어요", "안 했어요",
    "no", "n", "nope", "false", "x",
}
_LAUGH = "ㅎㅋㅠㅜ" + tidy_text("ㅎㅋㅠㅜ")  # NFKC turns ㅎ into a conjoining jamo
_TRAILING = re.compile(f"[\\s.!~^{_LAUGH}]+$")
_HESITATION = re.compile(r"^(음+|어+|아+)\s*,?\s+")


@lru_cache(maxsize=256)
def _word_sets(yes_words: tuple[str, ...], no_words: tuple[str, ...]
               ) -> tuple[frozenset[str], frozenset[str]]:
    """The tidied no and yes words with a question's own (tidied once, not per answer)."""
    no = frozenset(tidy_text(w) for w in (*_NO, *no_words))
    return no, frozenset(tidy_text(w) for w in (*_YES, *yes_words))


def parse_yes_no(
    text: str, *, yes_words: tuple[str, ...] = (), no_words: tuple[str, ...] = ()
) -> bool:
    """ "네"/"아니요" and their everyday forms; ``yes_words``/``no_words`` add a question's own."""
    cleaned = _TRAILING.sub("", typed_answer(text)).strip()
    cleaned = _HESITATION.sub("", cleaned)
    no, yes = _word_sets(yes_words, no_words)
    if cleaned in no or cleaned.startswith(("아니", "아뇨", "no ", "없")):
        return False
    if cleaned in yes or cleaned.startswith(("네", "예 ", "yes ", "맞아", "응 ")):
        return True
    raise AnswerError("not_yes_no")
