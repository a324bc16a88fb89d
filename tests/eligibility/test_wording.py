"""Result wording: the failed condition, its threshold and the user's value, in ko and en."""

from __future__ import annotations

from content.eligibility.assessment import assess
from content.eligibility.rules import Verdict
from content.eligibility.timing import timing_notes
from content.eligibility.wording import failure_text, missing_text, timing_text, value_text
from tests.eligibility.support import TODAY, known, real_catalogue, real_eligibility

ELIG = real_eligibility()
CATALOGUE = real_catalogue()


def t_for(locale: str):
    return lambda key, **values: CATALOGUE.strings.get(key, locale, **values)


def reasons(program_id: str, locale: str = "ko", **answers: str) -> list[str]:
    facts = known(**answers)
    (result,) = assess(ELIG, CATALOGUE.programs, facts, TODAY, [program_id])
    assert result.outcome.verdict is Verdict.NO
    return [failure_text(f, ELIG, locale, t_for(locale), TODAY) for f in result.outcome.failures]


def test_age_failure_names_the_users_age_and_the_rule() -> None:
    assert reasons("youth_basic_income", birth_date="만 26세") == [
        "만 26세 — 이 사업은 신청 분기 첫날 기준 만 24세 청년 대상이에요"
    ]


def test_age_range_failure() -> None:
    assert reasons("cat_cheer_up_academy", birth_date="1990-01-01") == [
        "만 36세 — 이 사업은 만 18~34세 대상이에요"
    ]


def test_age_range_failure_in_english() -> None:
    assert reasons("cat_cheer_up_academy", "en", birth_date="1990-01-01") == [
        "age 36 — this program is for ages 18–34"
    ]


def test_yes_no_failure_uses_the_facts_labels() -> None:
    assert reasons("cat_cheer_up_academy", birth_date="2000-01-01", employed="네") == [
        "취업 중 — 이 사업은 미취업 대상이에요"
    ]


def test_count_failure_shows_label_value_and_threshold() -> None:
    assert reasons("cheongchun28_startup", birth_date="1995-01-01", business_stage="사업 중",
                   business_months="4년") == ["창업한 지 3년 이내인 창업자여야 해요"]
    assert reasons("youth_startup_loan", business_stage="사업 중", business_months="1개월",
                   business_in_goyang="네") == ["창업 기간 1개월 — 이 사업은 2개월 이상 대상이에요"]


def test_residence_failure_uses_the_rules_own_words() -> None:
    assert reasons("interview_suit_rental", birth_date="2000-01-01", goyang_resident="아니요",
                   goyang_study_or_work="아니요") == [
        "고양시에 살거나 고양시에 있는 학교·직장에 다녀야 해요"
    ]


def test_several_failures_are_all_listed() -> None:
    assert len(reasons("midlife_career_jobs", birth_date="2000-01-01",
                       goyang_resident="아니요", employed="네")) == 3


def test_values_read_back_naturally() -> None:
    facts = ELIG.facts
    t = t_for("ko")
    assert value_text(facts["birth_date"], known(birth_date="99.3.2")["birth_date"], "ko",
                      t) == "1999년 3월 2일"
    assert value_text(facts["gyeonggi_years_total"], known(gyeonggi_years_total="10년 이상")[
        "gyeonggi_years_total"], "ko", t) == "10년 이상"
    assert value_text(facts["monthly_income"], known(monthly_income="350만원")[
        "monthly_income"], "ko", t) == "350만원"
    assert value_text(facts["business_stage"], "preparing", "ko", t) == "준비하고 있어요"


def test_missing_facts_are_named_in_catalogue_order() -> None:
    assert missing_text({"employed", "birth_date"}, ELIG, "ko") == "생년월일, 취업 여부"


def test_age_out_note_wording() -> None:
    facts = known(birth_date="1987-03-03", goyang_resident="네")
    (note,) = timing_notes(ELIG.rules["interview_suit_rental"], ELIG, facts, TODAY, Verdict.YES)
    assert timing_text(note, "ko", t_for("ko")) == (
        "만 39세 기준이라 2027년 3월 2일까지 신청할 수 있어요."
    )
    assert timing_text(note, "en", t_for("en")) == (
        "The limit is age 39, so you can apply until 2 March 2027."
    )


def test_quarter_window_wording() -> None:
    facts = known(birth_date="2002-12-15")
    notes = timing_notes(ELIG.rules["youth_basic_income"], ELIG, facts, TODAY, Verdict.NO)
    assert [timing_text(n, "ko", t_for("ko")) for n in notes] == [
        "2026년 4분기 신청 대상은 2001년 10월 2일~2002년 10월 1일 출생이에요.",
        "2027년 1분기에 신청 대상이 돼요.",
    ]


def test_object_particle_follows_the_last_syllable() -> None:
    from content.eligibility.wording import object_particle

    assert object_particle("생년월일") == "을"
    assert object_particle("가구원 수") == "를"
    assert object_particle("age") == "을(를)"
