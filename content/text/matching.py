"""Fuzzy matching of free text against known phrases, tolerant of Korean typos and spacing.

Korean typos are usually one wrong jamo ("잇" for "있", "녁" for "역"), so both sides are
compared as jamo sequences (Unicode NFD splits a Hangul syllable into its jamo): a one-jamo
slip then costs a fraction of a syllable instead of a whole one. Spaces are dropped because
Korean users space words freely ("받을수있나", "받을 수 있나").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

# Keep Hangul (syllables and jamo), Latin letters and digits; everything else is a separator.
_NOT_WORD = re.compile(r"[^0-9a-z\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
MAX_QUERY_CHARS = 200
SHORT_PHRASE = 5  # jamo; a phrase this short found inside a longer text is weak evidence
ALWAYS_SCORED = 8  # jamo; phrases this short are cheap to score, so skip the prefilter
SHARED_GRAMS = 0.25  # a longer phrase is scored only if it shares this part of its trigrams


def plain_words(text: str) -> str:
    """The words of ``text`` for matching: NFKC, lower-case, punctuation and emoji turned into
    single spaces, at most ``MAX_QUERY_CHARS``. (``content.text.typed.tidy_text`` is the
    cleaning for typed answers, which keeps punctuation.)"""
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY_CHARS * 2]).lower()
    return _NOT_WORD.sub(" ", text).strip()[:MAX_QUERY_CHARS]


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """NFKC, lower case, with spaces, punctuation and emoji dropped ("화정 역!" → "화정역").
    Kept per text: one typed message is folded several times a turn (cancel, back,
    choices, small talk, resume)."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def jamo(text: str) -> str:
    """Hangul syllables split into their letters (conjoining jamo); other text unchanged."""
    return unicodedata.normalize("NFD", text)


@lru_cache(maxsize=8192)
def jamo_key(text: str) -> str:
    """The matching key: plain words, spaces dropped, Hangul split into jamo."""
    return jamo(plain_words(text).replace(" ", ""))


def trigrams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(max(1, len(key) - 2))}


@dataclass(frozen=True, slots=True)
class Match:
    target: str
    score: float
    phrase: str


class PhraseMatcher:
    """Finds which target a text means, from example phrases per target.

    A phrase found inside the text scores by how closely it appears there (so "화정역
    근처 카페 알려줘" matches the phrase "근처 카페"); a text shorter than a phrase scores by
    whole-string similarity, discounted by how much of the phrase it covers. Longer phrases
    win ties: they are more specific.
    """

    def __init__(self, entries: Iterable[tuple[str, str]], *, threshold: float = 80.0) -> None:
        self.threshold = threshold
        self._keys: list[str] = []
        self._targets: list[str] = []
        self._phrases: list[str] = []
        for phrase, target in entries:
            key = jamo_key(phrase)
            if key:
                self._keys.append(key)
                self._targets.append(target)
                self._phrases.append(phrase)
        # A trigram index keeps the expensive fuzzy scoring to plausible phrases only.
        self._short = [i for i, key in enumerate(self._keys) if len(key) <= ALWAYS_SCORED]
        self._needed = [SHARED_GRAMS * len(trigrams(key)) for key in self._keys]
        self._index: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self._keys):
            if len(key) > ALWAYS_SCORED:
                for gram in trigrams(key):
                    self._index[gram].append(i)
        self.best = lru_cache(maxsize=4096)(self._best)  # type: ignore[method-assign]

    def _plausible(self, query: str) -> list[int]:
        shared: dict[int, int] = defaultdict(int)
        for gram in trigrams(query):
            for i in self._index.get(gram, ()):
                shared[i] += 1
        return self._short + [i for i, n in shared.items() if n >= self._needed[i]]

    def __len__(self) -> int:
        return len(self._keys)

    def _adjusted(self, query: str, key: str, partial: float) -> float:
        """The final score of one phrase, given its (symmetric) partial_ratio to the query."""
        if len(key) <= len(query):
            base = partial - (10 if len(key) < SHORT_PHRASE else 0)
        else:
            coverage = len(query) / len(key)
            whole = fuzz.ratio(key, query)
            base = whole if coverage < 0.75 else max(whole, partial) * (0.7 + 0.3 * coverage)
        # Specificity: a longer matched phrase is a slightly better explanation of the text.
        return base + min(len(key), 30) / 30

    def ranked(self, text: str, limit: int = 5, *, floor: float = 0.0) -> list[Match]:
        """Best match per target, best first, among phrases scoring at least ``floor``."""
        query = jamo_key(text)
        if not query:
            return []
        # partial_ratio bounds every final score from above (+1 for specificity), so the
        # C-speed prefilter drops only phrases that could never reach ``floor``.
        plausible = self._plausible(query)
        candidates = process.extract(
            query,
            [self._keys[i] for i in plausible],
            scorer=fuzz.partial_ratio,
            limit=None,
            score_cutoff=max(0.0, floor - 1),
        )
        best: dict[str, Match] = {}
        for key, partial, position in candidates:
            index = plausible[position]
            value = self._adjusted(query, key, partial)
            target = self._targets[index]
            current = best.get(target)
            if current is None or value > current.score:
                best[target] = Match(target, value, self._phrases[index])
        return sorted(best.values(), key=lambda m: -m.score)[:limit]

    def best(self, text: str) -> Match | None:  # replaced by a per-instance cache in __init__
        return self._best(text)

    def _best(self, text: str) -> Match | None:
        """The target the text means, or None when nothing matches well enough."""
        ranked = self.ranked(text, limit=1, floor=self.threshold)
        if ranked and ranked[0].score >= self.threshold:
            return ranked[0]
        return None
