"""Matching postings to subscriptions: keywords with spacing/typos, districts, filters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.jobs.matching import Criteria, SubscriptionIndex, search_score, split_keywords
from tests.jobs.support import posting


@pytest.mark.parametrize(
    ("keyword", "title"),
    [
        ("바리스타", "카페 바리스타 모집"),
        ("바리스터", "카페 바리스타 모집"),  # a typo
        ("사무 보조", "물류센터 사무보조"),  # spacing
        ("사무보조", "물류센터 사무 보조 모집"),
        ("Barista", "카페 BARISTA 채용"),
        ("it", "IT 헬프데스크"),
    ],
)
def test_keyword_matches_despite_spacing_case_and_typos(keyword, title):
    assert Criteria(keywords=(keyword,)).matches(posting(title=title))


@pytest.mark.parametrize(
    ("keyword", "title"),
    [
        ("회계", "회사 사무직"),  # short keywords must appear as typed
        ("바리스타", "물류센터 사무보조"),
        ("용접", "요양보호사"),
    ],
)
def test_unrelated_keywords_do_not_match(keyword, title):
    assert not Criteria(keywords=(keyword,)).matches(posting(title=title))


def test_company_and_industry_are_searched_too():
    p = posting(title="직원 모집", company="고양커피", industry="비알코올 음료점업")
    assert Criteria(keywords=("커피",)).matches(p)
    assert Criteria(keywords=("음료",)).matches(p)


def test_districts_filter_and_empty_means_all_of_goyang():
    p = posting(district="덕양구")
    assert Criteria(districts=("덕양구", "일산서구")).matches(p)
    assert not Criteria(districts=("일산동구",)).matches(p)
    assert Criteria().matches(p)
    assert not Criteria(districts=("덕양구",)).matches(posting(district=None))


def test_employment_type_and_career_filters():
    regular_new = posting(emp_type_code="10", career="신입")
    parttime = posting(emp_type_code="21", career="관계없음")
    assert Criteria(emp_type="regular").matches(regular_new)
    assert not Criteria(emp_type="contract").matches(regular_new)
    assert Criteria(emp_type="parttime").matches(parttime)
    assert Criteria(emp_type="contract").matches(parttime)
    assert Criteria(emp_type="parttime").matches(posting(title="편의점 알바", emp_type_code=""))
    assert Criteria(career="new").matches(regular_new)
    assert not Criteria(career="experienced").matches(regular_new)
    assert Criteria(career="experienced").matches(parttime)  # 관계없음 suits everyone


def test_unknown_filter_values_are_refused():
    with pytest.raises(ValueError):
        Criteria(districts=("강남구",))
    with pytest.raises(ValueError):
        Criteria(emp_type="freelance")


def test_index_gives_the_same_answer_as_one_by_one():
    subs = {
        1: Criteria(keywords=("바리스타",)),
        2: Criteria(keywords=("사무 보조", "바리스타"), districts=("덕양구",)),
        3: Criteria(),
        4: Criteria(keywords=("용접",)),
        5: Criteria(keywords=("바리스터",), emp_type="contract"),
        6: Criteria(districts=("일산동구",), career="new"),
    }
    index = SubscriptionIndex.build(subs.items())
    for p in (posting(), posting(district="덕양구", title="사무보조"), posting(career="경력")):
        assert index.match(p) == sorted(i for i, c in subs.items() if c.matches(p))


words = st.sampled_from(["바리스타", "사무보조", "IT", "회계", "요양", "카페", "물류", "영어강사"])


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(words, max_size=3),
            st.lists(st.sampled_from(["덕양구", "일산동구", "일산서구"]), max_size=2, unique=True),
            st.sampled_from([None, "regular", "contract", "parttime"]),
            st.sampled_from([None, "new", "experienced"]),
        ),
        max_size=20,
    ),
    st.sampled_from(["카페 바리스타", "물류 사무 보조", "IT 지원", "요양보호사", "영어 강사"]),
    st.sampled_from([None, "덕양구", "일산동구"]),
)
def test_index_agrees_with_the_reference_check(specs, title, district):
    subs = {
        i: Criteria(tuple(k), tuple(d), e, c) for i, (k, d, e, c) in enumerate(specs, start=1)
    }
    p = posting(title=title, district=district)
    index = SubscriptionIndex.build(subs.items())
    assert index.match(p) == sorted(i for i, c in subs.items() if c.matches(p))


def test_keywords_are_split_trimmed_deduplicated_and_capped():
    assert split_keywords("바리스타, 사무 보조 · 바리스타 / IT") == ["바리스타", "사무 보조", "IT"]
    assert len(split_keywords(",".join(f"k{i}" for i in range(20)))) == 5
    assert split_keywords("😀😀, '; DROP TABLE users; --") == ["DROP TABLE users"]
    assert split_keywords("   ,, ") == []


def test_search_score_prefers_exact_words():
    p = posting(title="카페 바리스타 모집")
    assert search_score(["바리스타"], p) == 100
    assert 85 <= search_score(["바리스터"], p) < 100
    assert search_score(["용접"], p) == 0


@pytest.mark.parametrize(
    ("typed", "keywords"),
    [
        ("바리스타 카페요", ("바리스타", "카페")),  # a polite ending is not part of the keyword
        ("카페예요", ("카페",)),
        ("주요", ("주요",)),  # a one-letter word is not made by stripping
    ],
)
def test_a_search_typed_with_a_polite_ending_searches_the_word(
    typed: str, keywords: tuple[str, ...]
) -> None:
    from content.jobs.matching import parse_search

    assert parse_search(typed).keywords == keywords
