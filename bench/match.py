"""Matching one new posting against many subscriptions: the index vs a naive loop.

Run: ``.venv/bin/python -m bench.match [--sizes 1000,10000,100000] [--repeat 7]``

Subscriptions get 0–3 keywords drawn from a vocabulary of 3,000 job words (real ones plus
generated Hangul words), random districts, employment types and careers. Prints, per size,
the median time of ``SubscriptionIndex.match`` and of the naive one-by-one check
(``Criteria.matches`` in a Python loop), their ratio, and how many subscriptions matched
(both must agree). Target: ≤ 100 ms at 100,000 subscriptions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from content.jobs.matching import Criteria, SubscriptionIndex
from content.jobs.postings import Posting

T = TypeVar("T")

REAL_WORDS = [
    "바리스타", "사무보조", "사무 보조", "회계", "경리", "물류", "상하차", "편의점", "카페",
    "요양보호사", "간호조무사", "영어강사", "수학강사", "웹개발", "백엔드", "프론트엔드",
    "디자이너", "영상편집", "마케팅", "고객상담", "콜센터", "생산직", "용접", "지게차",
    "조리", "주방보조", "홀서빙", "배달", "택배", "경비", "미화", "보육교사", "사회복지사",
    "IT", "전산", "데이터", "행정", "비서", "판매", "매장관리", "제과", "제빵", "바텐더",
]
SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초코토포호구누두루무부수우주추"


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(REAL_WORDS)
    while len(words) < size:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return words


def make_subscriptions(count: int, words: list[str], rng: random.Random) -> dict[int, Criteria]:
    districts = ["덕양구", "일산동구", "일산서구"]
    subs: dict[int, Criteria] = {}
    for i in range(1, count + 1):
        subs[i] = Criteria(
            keywords=tuple(rng.sample(words, rng.choice([0, 1, 1, 2, 2, 3]))),
            districts=tuple(rng.sample(districts, rng.choice([0, 0, 1, 2]))),
            emp_type=rng.choice([None, None, "regular", "contract", "parttime"]),
            career=rng.choice([None, None, "new", "experienced"]),
        )
    return subs


def naive_match(subs: dict[int, Criteria], posting: Posting) -> list[int]:
    return [i for i, c in subs.items() if c.matches(posting)]


def median_ms(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    times = []
    last: list[T] = []
    for _ in range(repeat):
        start = time.perf_counter()
        last[:] = [fn()]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), last[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(5)
    words = vocabulary(3000, rng)
    posting = Posting(
        source="work24", source_id="K1", title="카페 바리스타 정규직 모집 (주5일)",
        company="(주)고양커피", district="일산동구", industry="비알코올 음료점업",
        emp_type_code="10", emp_type="정규직", career="신입",
    )
    print(f"{'subscriptions':>13} {'index ms':>9} {'naive ms':>9} {'naive/index':>11}"
          f" {'matched':>8} {'build ms':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        subs = make_subscriptions(size, words, rng)
        start = time.perf_counter()
        index = SubscriptionIndex.build(subs.items())
        build_ms = (time.perf_counter() - start) * 1000
        index.match(posting)  # warm caches
        index_ms, matched = median_ms(partial(index.match, posting), args.repeat)
        naive_ms, naive = median_ms(partial(naive_match, subs, posting), max(3, args.repeat // 2))
        assert matched == naive, "index and naive loop disagree"
        print(f"{size:>13,} {index_ms:>9.2f} {naive_ms:>9.1f} {naive_ms / index_ms:>10.1f}x"
              f" {len(matched):>8,} {build_ms:>9.0f}")


if __name__ == "__main__":
    main()
