"""고용24 XML/JSON and staff CSV parsing: good records kept, every bad one reported."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.jobs.postings import (
    PostingFileError,
    district_of,
    parse_posting_date,
    parse_postings_csv,
    parse_postings_file,
    parse_work24_json,
    parse_work24_xml,
)
from tests.jobs.support import DATA


def test_work24_xml_keeps_good_records_with_real_field_names():
    result = parse_work24_xml((DATA / "work24_list.xml").read_bytes())
    assert result.total == 4
    assert [p.source_id for p in result.postings] == ["K151612611280001", "K151612611280002"]
    cafe = result.postings[0]
    assert cafe.source == "work24"
    assert cafe.company == "(주)고양커피"
    assert cafe.district == "일산동구"
    assert cafe.pay_type == "월급" and cafe.pay == "230만원 ~ 260만원"
    assert cafe.emp_type == "정규직"
    assert cafe.posted_on == date(2026, 11, 25)
    assert cafe.closes_on == date(2026, 12, 24)
    assert cafe.url.startswith("https://m.work24.go.kr/")
    assert cafe.industry == "비알코올 음료점업"


def test_work24_xml_reports_each_bad_record_with_position_and_reason():
    result = parse_work24_xml((DATA / "work24_list.xml").read_bytes())
    assert [str(b) for b in result.bad] == [
        "record 3: closeDt: month must be in 1..12",
        "record 4: wantedAuthNo: is missing",
    ]


def test_open_ended_deadline_with_a_date_keeps_the_date():
    result = parse_work24_xml((DATA / "work24_list.xml").read_bytes())
    assert result.postings[1].closes_on == date(2026, 12, 31)
    assert result.postings[1].district == "덕양구"
    assert result.postings[1].emp_type == "계약직"


def test_json_of_the_same_response_gives_the_same_postings():
    xml = parse_work24_xml((DATA / "work24_list.xml").read_bytes())
    doc = {
        "wantedRoot": {
            "total": 2,
            "wanted": [
                {"wantedAuthNo": p.source_id, "company": p.company, "title": p.title,
                 "region": p.region, "closeDt": p.closes_on.strftime("%Y%m%d")}
                for p in xml.postings
            ],
        }
    }
    result = parse_work24_json(json.dumps(doc, ensure_ascii=False))
    assert [p.source_id for p in result.postings] == [p.source_id for p in xml.postings]
    assert [p.closes_on for p in result.postings] == [p.closes_on for p in xml.postings]
    assert result.total == 2


def test_json_single_posting_object_is_accepted_and_non_objects_are_reported():
    one = parse_work24_json('{"wantedRoot": {"wanted": {"wantedAuthNo": "A1", '
                            '"company": "c", "title": "t"}}}')
    assert [p.source_id for p in one.postings] == ["A1"]
    mixed = parse_work24_json('[{"wantedAuthNo": "A1", "company": "c", "title": "t"}, 5, '
                              '{"wantedAuthNo": "A2", "company": {"x": 1}, "title": "t"}]')
    assert [str(b) for b in mixed.bad] == [
        "record 2: must be an object of fields",
        "record 3: company: must be a plain value, not a nested structure",
    ]


def test_csv_reports_line_numbers_and_keeps_the_rest():
    result = parse_postings_csv((DATA / "postings.csv").read_bytes())
    assert [p.source_id for p in result.postings] == ["G-001", "G-002"]
    assert {p.source for p in result.postings} == {"goyang"}
    assert [str(b) for b in result.bad] == [
        "line 4: company: is missing",
        "line 5: closeDt: day is out of range for month",
    ]


def test_csv_with_bom_and_extra_cells_and_repeated_ids():
    text = ("\ufeffwantedAuthNo,company,title\n"
            "A1,회사,제목\n"
            "A2,회사,제목,남는칸\n"
            "A1,회사,다른 제목\n")
    result = parse_postings_csv(text.encode("utf-8"))
    assert [p.source_id for p in result.postings] == ["A1"]
    assert [str(b) for b in result.bad] == [
        "line 3: more cells than header columns",
        "line 4: wantedAuthNo: A1 repeats line 2",
    ]


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("a.xml", b"<wantedRoot><wanted>", "not readable XML"),
        ("a.xml", "<error><message>인증키 오류</message></error>".encode(),
         "expected <wantedRoot> (인증키 오류)"),
        ("a.json", b"{not json", "not readable JSON"),
        ("a.json", b'{"rows": []}', "expected"),
        ("a.csv", b"", "empty"),
        ("a.csv", b"company,title\nx,y\n", "lacks column(s): wantedAuthNo"),
        ("a.csv", "wantedAuthNo,company,title\n".encode("cp949") + "가,나,다".encode("cp949"),
         "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_reason(name, data, problem):
    with pytest.raises(PostingFileError, match=None) as info:
        parse_postings_file(name, data)
    assert problem in str(info.value)


def test_xml_entity_expansion_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;">]><wantedRoot>&b;</wantedRoot>')
    with pytest.raises(PostingFileError):
        parse_work24_xml(bomb)


def test_javascript_links_are_not_kept():
    result = parse_work24_json('[{"wantedAuthNo": "A1", "company": "c", "title": "t", '
                               '"wantedInfoUrl": "javascript:alert(1)"}]')
    assert result.postings[0].url == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20261231", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("26-12-31", date(2026, 12, 31)),
        ("채용시까지 26-12-31", date(2026, 12, 31)),
        ("채용시까지", None),
        ("", None),
    ],
)
def test_posting_dates_in_every_format(text, expected):
    assert parse_posting_date(text) == expected


def test_districts_from_codes_and_addresses():
    assert district_of("41285") == "일산동구"
    assert district_of("경기 고양시", "경기도 고양시 일산 서구 중앙로") == "일산서구"
    assert district_of("41280") is None
    assert district_of("서울 강남구") is None


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_either_parse_or_raise_a_file_error(data):
    for name in ("x.xml", "x.json", "x.csv", "x"):
        try:
            result = parse_postings_file(name, data)
        except PostingFileError:
            continue
        assert all(b.position and b.reason for b in result.bad)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["wantedAuthNo", "company", "title", "closeDt", "regDt",
                                        "region", "sal", "empTpCd"]),
                       st.text(max_size=30), max_size=8))
def test_any_record_fields_give_a_posting_or_a_reason(fields):
    result = parse_work24_json(json.dumps([fields]))
    assert len(result.postings) + len(result.bad) == 1
