"""Which language a message is written in, from its letters: Hangul or Latin.

A message answers in the language it is written in, whatever the phone's language says:
a clear English sentence ("cafe near Hwajeong station") gets English, Korean typed by an
English-speaking user ("네", "정장 빌리고 싶어요") gets Korean. Short or mixed text that
says nothing about a language ("L", "100", "KTX", "ok", "12/2") leaves it as it was.
"""

from __future__ import annotations

import re

_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")  # "cm", "kg", "ok" are no words here
_LINK = re.compile(r"\S+://\S+|\S+@\S+|www\.\S+")
MIN_ENGLISH_WORDS = 2  # one Latin word ("ok", "KTX", "cafe") is not a language choice


# Syllables, compatibility jamo (ㅎㅇ, ㄴㄴ) and conjoining jamo: a regex, not a per-character
# name lookup (this runs on every message).
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e\u1100-\u11ff]")


def _hangul_letters(text: str) -> int:
    return len(_HANGUL.findall(text))


def written_locale(text: str) -> str | None:
    """"ko" for Korean, "en" for an English sentence, None when the text does not say."""
    text = _LINK.sub(" ", text)  # a link or an address is not a sentence
    hangul = _hangul_letters(text)
    words = _LATIN_WORD.findall(text)
    latin = sum(len(w) for w in words)
    if hangul and hangul >= latin:
        return "ko"
    # Written words, not codes: "DROP TABLE", "KTX GTX" are no sentence.
    written = [w for w in words if not w.isupper()]
    if len(written) >= MIN_ENGLISH_WORDS and latin > hangul:
        return "en"
    return None
