"""Which subscriptions a posting matches, and fuzzy keyword search over postings.

Keywords are compared Hangul-aware: spaces and punctuation are dropped and syllables are
split into jamo, so "사무 보조" finds "사무보조" and a one-letter typo ("바리스터") still finds
"바리스타". Short keywords (under ``EXACT_BELOW`` jamo, e.g. "IT", "회계") must appear as
they are, because a fuzzy match on two syllables finds almost anything.

``SubscriptionIndex`` answers "who wants this posting" for many subscriptions at once:
each distinct keyword is scored once against the posting (rapidfuzz ``process.extract``),
subscriptions are reached through a keyword → subscriptions map, and only those are
checked against the district/type/career filters.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from content.jobs.postings import DISTRICTS, Posting
from content.text.matching import fold, jamo
from content.text.typed import polite_forms

EXACT_BELOW = 6  # jamo; "회계" is 5, "바리스타" is 8
KEYWORD_CUTOFF = 85.0
EMP_TYPES = ("regular", "contract", "parttime")
CAREERS = ("new", "experienced")
MAX_KEYWORDS = 5
MAX_KEYWORD_CHARS = 20


@lru_cache(maxsize=65536)
def keyword_key(text: str) -> str:
    """The key keywords are compared by: ``fold`` (no case, spaces or punctuation), then
    Hangul split into jamo. Unlike ``content.text.matching.plain_words`` it drops spaces,
    because "사무 보조" must find "사무보조"."""
    return jamo(fold(text))


def keyword_matches(keyword: str, text: str) -> bool:
    """Does one (normalised) keyword occur, allowing a typo, in (normalised) text?"""
    if not keyword:
        return False
    if keyword in text:
        return True
    if len(keyword) < EXACT_BELOW:
        return False
    return fuzz.partial_ratio(keyword, text, score_cutoff=KEYWORD_CUTOFF) > 0


def split_keywords(text: str) -> list[str]:
    """Keywords as a user types them: commas, '·', '/' or newlines separate; kept short.

    Spaces inside a keyword stay ("사무 보조" is one keyword); duplicates are dropped.
    """
    out: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,，、·/\n;]+", text):
        word = " ".join(part.split())[:MAX_KEYWORD_CHARS]
        key = keyword_key(word)
        if key and key not in seen:
            seen.add(key)
            out.append(word)
    return out[:MAX_KEYWORDS]


def posting_text(posting: Posting) -> str:
    return keyword_key(" ".join((posting.title, posting.company, posting.industry)))


def is_part_time(posting: Posting) -> bool:
    return posting.emp_type_code in ("11", "21") or any(
        word in posting.title for word in ("알바", "아르바이트", "파트타임", "시간제")
    )


def emp_type_matches(wanted: str | None, posting: Posting) -> bool:
    if wanted is None:
        return True
    if wanted == "parttime":
        return is_part_time(posting)
    code = posting.emp_type_code
    name = posting.emp_type
    if wanted == "regular":
        return code in ("10", "11") or (not code and "정규" in name)
    if wanted == "contract":
        return code in ("20", "21") or (not code and "계약" in name)
    return False


def career_matches(wanted: str | None, posting: Posting) -> bool:
    if wanted is None:
        return True
    text = posting.career
    if not text or any(word in text for word in ("관계없음", "무관")):
        return True
    if wanted == "new":
        return "신입" in text
    return "경력" in text


def district_matches(wanted: Iterable[str], posting: Posting) -> bool:
    wanted = tuple(wanted)
    return not wanted or posting.district in wanted


@dataclass(frozen=True, slots=True)
class Criteria:
    """What one subscription asks for. Empty keywords/districts mean "any"."""

    keywords: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    emp_type: str | None = None
    career: str | None = None

    def __post_init__(self) -> None:
        for name in self.districts:
            if name not in DISTRICTS:
                raise ValueError(f"unknown district {name!r}")
        if self.emp_type is not None and self.emp_type not in EMP_TYPES:
            raise ValueError(f"unknown employment type {self.emp_type!r}")
        if self.career is not None and self.career not in CAREERS:
            raise ValueError(f"unknown career {self.career!r}")

    def filters_match(self, posting: Posting) -> bool:
        return (
            district_matches(self.districts, posting)
            and emp_type_matches(self.emp_type, posting)
            and career_matches(self.career, posting)
        )

    def matches(self, posting: Posting) -> bool:
        """The reference (one subscription at a time) check."""
        if not self.filters_match(posting):
            return False
        if not self.keywords:
            return True
        text = posting_text(posting)
        return any(keyword_matches(keyword_key(k), text) for k in self.keywords)


@dataclass(slots=True)
class SubscriptionIndex:
    """Many subscriptions, keyed by id, matched against one posting at a time."""

    criteria: dict[int, Criteria] = field(default_factory=dict)
    _by_keyword: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _no_keyword: list[int] = field(default_factory=list)
    _long_keywords: list[str] = field(default_factory=list)
    _dirty: bool = True

    @classmethod
    def build(cls, items: Iterable[tuple[int, Criteria]]) -> SubscriptionIndex:
        index = cls()
        for sub_id, criteria in items:
            index.add(sub_id, criteria)
        return index

    def add(self, sub_id: int, criteria: Criteria) -> None:
        self.criteria[sub_id] = criteria
        keys = {keyword_key(k) for k in criteria.keywords} - {""}
        if not keys:
            self._no_keyword.append(sub_id)
        for key in keys:
            self._by_keyword[key].append(sub_id)
        self._dirty = True

    def __len__(self) -> int:
        return len(self.criteria)

    def matching_keywords(self, posting: Posting) -> list[str]:
        text = posting_text(posting)
        if self._dirty:
            self._long_keywords = [k for k in self._by_keyword if len(k) >= EXACT_BELOW]
            self._dirty = False
        found = {k for k in self._by_keyword if k in text}
        if self._long_keywords:
            for key, _score, _i in process.extract(
                text,
                self._long_keywords,
                scorer=fuzz.partial_ratio,
                score_cutoff=KEYWORD_CUTOFF,
                limit=None,
            ):
                found.add(key)
        return sorted(found)

    def match(self, posting: Posting) -> list[int]:
        """Ids of the subscriptions that want this posting, ascending."""
        candidates: set[int] = set(self._no_keyword)
        for key in self.matching_keywords(posting):
            candidates.update(self._by_keyword[key])
        return sorted(i for i in candidates if self.criteria[i].filters_match(posting))


def search_score(query_keywords: Sequence[str], posting: Posting) -> float:
    """How well a search query fits a posting (0 = not at all); best keyword wins."""
    text = posting_text(posting)
    best = 0.0
    for keyword in query_keywords:
        key = keyword_key(keyword)
        if not key:
            continue
        if key in text:
            best = max(best, 100.0)
        elif len(key) >= EXACT_BELOW:
            best = max(best, fuzz.partial_ratio(key, text, score_cutoff=KEYWORD_CUTOFF))
    return best


# -- free-text search ("일산 사무보조 알바") ------------------------------------------------

_DISTRICT_WORDS: dict[str, tuple[str, ...]] = {
    "덕양": ("덕양구",),
    "화정": ("덕양구",),
    "행신": ("덕양구",),
    "삼송": ("덕양구",),
    "원흥": ("덕양구",),
    "일산동": ("일산동구",),
    "일산서": ("일산서구",),
    "일산": ("일산동구", "일산서구"),
    "백석": ("일산동구",),
    "마두": ("일산동구",),
    "정발산": ("일산동구",),
    "주엽": ("일산서구",),
    "대화": ("일산서구",),
    "탄현": ("일산서구",),
    "킨텍스": ("일산서구",),
}
_EMP_WORDS = {
    "알바": "parttime",
    "아르바이트": "parttime",
    "파트타임": "parttime",
    "시간제": "parttime",
    "정규직": "regular",
    "계약직": "contract",
    "parttime": "parttime",
    "fulltime": "regular",
}
_CAREER_WORDS = {"신입": "new", "경력": "experienced"}
_FILLER = {
    "구해요", "구함", "찾아요", "찾기", "찾아줘", "채용", "공고", "채용공고", "일자리", "구인",
    "알려줘", "검색", "보여줘", "있어", "있나요", "근처", "쪽", "jobs", "job", "고양", "고양시",
    "알림", "알람", "뭐", "뭐가", "혹시", "좀", "저", "나", "제가", "요즘", "새로", "새", "자리",
    "정보", "any", "a", "an", "the", "for", "in", "near", "openings", "postings", "hiring",
    "find", "i", "me", "my", "want", "need", "looking", "when", "open", "opens", "new",
    "please", "notify", "let", "know", "tell", "alert", "alerts", "show", "search", "is",
    "there", "are", "get",
}
# A sentence's verbs and their endings ("잇어요?", "뜨면", "알려주세요", "구하는데"): never a
# job keyword, however the rest of the sentence is typed.
_VERBAL = re.compile(
    r"(세요|어요|아요|해요|여요|나요|까요|래요|게요|줘|줘요|는데|인데|면|습니다|니다|있어|잇어|"
    r"있음|잇음|없어|싶어|싶은|해줘|할래|봐요|봐|죠|지요|받고|하고|싶고|있고|되고|나여|어여|세여|셈|ㅠ+|ㅜ+|ㅋ+|ㅎ+)$"
)


# Words that end one job word and start the next when a sentence is typed without spaces.
_GLUED = re.compile(r"(?<=[가-힣]{2})(알바|아르바이트|정규직|계약직|공고|채용|구인|구함|일자리)")


def districts_in_word(word: str) -> tuple[str, ...]:
    """The districts one typed word names: "덕양구", "화정역" (덕양구), "일산" (both)."""
    if word in DISTRICTS:
        return (word,)
    base = re.sub(r"(구|동|역|에서|쪽|근처)$", "", word) or word
    return _DISTRICT_WORDS.get(word) or _DISTRICT_WORDS.get(base, ())


def emp_type_words(emp_type: str) -> tuple[str, ...]:
    """Words that name an employment type ("알바" for ``parttime``)."""
    return tuple(word for word, value in _EMP_WORDS.items() if value == emp_type)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A typed search split into keywords (all must match) and filters."""

    keywords: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    emp_type: str | None = None
    career: str | None = None

    def criteria(self) -> Criteria:
        return Criteria((), self.districts, self.emp_type, self.career)

    def text(self) -> str:
        """The search in words ("바리스타 덕양구 알바"): what a typed sentence searched for,
        and a text that ``parse_search`` reads back to the same query."""
        words = [*self.keywords, *self.districts]
        words += [emp_type_words(self.emp_type)[0]] if self.emp_type else []
        words += [w for w, c in _CAREER_WORDS.items() if c == self.career][:1]
        return " ".join(words)

    def matches(self, posting: Posting) -> bool:
        if not self.criteria().filters_match(posting):
            return False
        text = posting_text(posting)
        return all(keyword_matches(keyword_key(k), text) for k in self.keywords)


def parse_search(text: str) -> SearchQuery:
    keywords: list[str] = []
    districts: list[str] = []
    emp_type: str | None = None
    career: str | None = None
    text = re.sub(r"\b(part|full)[\s-]+time\b", r"\1time", text[:200], flags=re.IGNORECASE)
    text = _GLUED.sub(r" \1 ", text)  # "바리스타알바공고뜨면" → "바리스타 알바 공고 뜨면"
    for raw in re.split(r"[\s,，·/]+", text):
        word = raw.strip(" .!?~\"'()[]")
        if not word:
            continue
        # "카페예요" searches "카페": the shortest form without a polite ending, two
        # letters at least ("주요" stays)
        if _VERBAL.search(word):
            continue
        word = min((f for f in polite_forms(word) if len(f) >= 2), key=len, default=word)
        if word in _FILLER or not keyword_key(word):
            continue
        if named := districts_in_word(word):
            districts.extend(named)
        elif word in _EMP_WORDS:
            emp_type = _EMP_WORDS[word]
        elif word in _CAREER_WORDS:
            career = _CAREER_WORDS[word]
        elif len(keywords) < MAX_KEYWORDS:
            keywords.append(word[:MAX_KEYWORD_CHARS])
    return SearchQuery(
        tuple(keywords), tuple(dict.fromkeys(districts)), emp_type, career
    )
