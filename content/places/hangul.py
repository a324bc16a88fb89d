"""Normalise typed place names so that typos and spacing matter little.

Hangul syllables are compared decomposed into jamo (Unicode NFD), so "화정녁" differs from
"화정역" by one letter (ㄴ/ㅇ), not by one whole syllable out of three.
"""

from __future__ import annotations

import unicodedata

from content.text.matching import fold

# Words people add around a place name: "화정역 근처 카페", "주엽동 주변에서", "킨텍스 쪽".
FILLER_WORDS = (
    "근처에서",
    "근처에",
    "근처",
    "주변에서",
    "주변에",
    "주변",
    "부근",
    "인근",
    "근방",
    "쪽으로",
    "쪽에",
    "쪽",
    "앞에서",
    "앞",
    "에서",
    "가까운곳",
    "가까운",
    "제일",
    "가장",
    "청취다방",
    "카페",
    "까페",
    "청년공간",
    "창업공간",
    "메이커스페이스",
    "스터디카페",
    "찾아줘요",
    "찾아줘",
    "찾아주세요",
    "알려줘요",
    "알려줘",
    "알려주세요",
    "어디예요",
    "어디",
    "있어요",
    "있나요",
    "있어",
    "좀",
)
# English fillers are dropped only as whole words, never cut off the end of a name.
ENGLISH_FILLERS = ("near", "around", "nearby", "cafe", "cafes", "in", "at", "the", "find")
_FILLER_SORTED = sorted(FILLER_WORDS, key=len, reverse=True)
_PREFIXES = ("경기도", "고양시")


normalise = fold  # the shared Hangul folding, under the name the places code reads


def strip_fillers(text: str) -> str:
    """Drop filler words and the city/province prefix: "고양시 화정역 근처 카페" → "화정역".

    Works on spaced and unspaced input. Returns "" when nothing but filler is left.
    """
    words = unicodedata.normalize("NFKC", text).lower().split()
    kept = [
        w
        for w in (normalise(w) for w in words)
        if w and w not in FILLER_WORDS and w not in ENGLISH_FILLERS
    ]
    joined = "".join(kept)
    changed = True
    while changed and joined:
        changed = False
        for filler in _FILLER_SORTED:
            if joined.endswith(filler) and len(joined) > len(filler):
                joined = joined[: -len(filler)]
                changed = True
                break
        for prefix in _PREFIXES:
            if joined.startswith(prefix) and len(joined) > len(prefix):
                joined = joined[len(prefix) :]
                changed = True
    return "" if joined in FILLER_WORDS else joined

