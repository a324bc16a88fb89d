"""Staff CSV import: headers in Korean or English, encodings, bad rows by line number."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from content.catalogue import bundled_content_dir
from content.files import Problems
from content.places.csv_columns import derived_id
from content.places.csv_import import read_places_csv
from content.places.loader import load_places
from tests.places.fixture import fake_csv

CONTENT = load_places(bundled_content_dir(), Problems(bundled_content_dir()))
KINDS = list(CONTENT.kinds.values())
SERVICES = list(CONTENT.services.values())


def read(data):
    return read_places_csv(data, kinds=KINDS, services=SERVICES)


ENGLISH = (
    "id,kind,name,district,address,lat,lon,hours,services,booking_url,phone,source,as_of\n"
    "cafe-1,cafe,테스트카페 하나,덕양구,고양시 덕양구 어딘가 1,37.6350,126.8330,"
    '"월-금 10:00-22:00; 토,일 10:00-18:00","study_room, programs",https://example.org,'
    "031-123-4567,청년정책팀 목록 2026-11,2026-11-28\n"
)

KOREAN = (
    "종류,이름,주소,위도,경도,운영시간,서비스,출처,기준일\n"
    "청취다방 카페,테스트카페 둘,고양시 일산동구 어딘가 2,37.6500,126.7800,매일 09:00-18:00,"
    "스터디룸,청년정책팀 목록,2026.11.28\n"
)


def test_english_headers_make_a_place():
    result = read(ENGLISH.encode())
    assert result.problems == []
    (place,) = result.places
    assert place.id == "cafe-1"
    assert place.kind == "cafe"
    assert place.district == "deogyang"
    assert place.services == ["study_room", "programs"]
    assert place.hours is not None
    assert place.phone == "031-123-4567"


def test_korean_headers_with_bom_are_accepted():
    result = read("\ufeff".encode() + KOREAN.encode())
    assert result.problems == []
    (place,) = result.places
    assert place.kind == "cafe"
    assert place.name["ko"] == "테스트카페 둘"
    assert place.as_of.isoformat() == "2026-11-28"
    assert place.services == ["study_room"]


def test_excel_korean_cp949_is_accepted():
    result = read(KOREAN.encode("cp949"))
    assert result.encoding == "cp949"
    assert len(result.places) == 1


def test_rows_without_id_get_a_stable_id_from_name_and_address():
    first = read(KOREAN.encode()).places[0]
    again = read(KOREAN.encode()).places[0]
    assert first.id == again.id == derived_id("테스트카페 둘", "고양시 일산동구 어딘가 2")


def test_bad_rows_are_reported_by_line_and_good_rows_kept():
    text = (
        "kind,name,address,lat,lon,hours,source,as_of\n"  # line 1
        "cafe,좋은카페,주소 1,37.63,126.83,,출처,2026-11-28\n"  # 2 good
        "castle,성,주소 2,37.63,126.83,,출처,2026-11-28\n"  # 3 bad kind
        "cafe,위경도바뀜,주소 3,126.83,37.63,,출처,2026-11-28\n"  # 4 swapped
        "cafe,시간틀림,주소 4,37.63,126.83,월-금 10시부터,출처,2026-11-28\n"  # 5 bad hours
        "\n"  # 6 blank: ignored
        "cafe,날짜틀림,주소 5,37.63,126.83,,출처,2026-13-01\n"  # 7 bad date
        'cafe,"여러 줄\n이름",주소 6,37.63,126.83,,출처,2026-11-28\n'  # 8-9 good
        "cafe,빈출처,주소 7,37.63,126.83,,,2026-11-28\n"  # 10 empty source
        "cafe,좋은카페2,주소 8,37.64,126.84,,출처,2026-11-28\n"  # 11 good
    )
    result = read(text.encode())
    assert [p.name["ko"] for p in result.places] == ["좋은카페", "여러 줄\n이름", "좋은카페2"]
    assert result.bad_lines == [3, 4, 5, 7, 10]
    messages = {p.line: str(p) for p in result.problems}
    assert "kind" in messages[3]
    assert "swapped" in messages[4]
    assert "hours" in messages[5]
    assert "real date" in messages[7]
    assert "source: is empty" in messages[10]
    assert not result.fatal


def test_same_id_twice_keeps_the_first():
    text = (
        "id,kind,name,address,lat,lon,source,as_of\n"
        "a1,cafe,하나,주소,37.63,126.83,출처,2026-11-28\n"
        "a1,cafe,둘,주소,37.63,126.83,출처,2026-11-28\n"
    )
    result = read(text.encode())
    assert [p.name["ko"] for p in result.places] == ["하나"]
    assert "already used on line 2" in str(result.problems[0])


def test_a_row_with_too_many_cells_is_refused():
    text = (
        "kind,name,address,lat,lon,source,as_of\n"
        "cafe,카페,고양시 덕양구, 어딘가,37.63,126.83,출처,2026-11-28\n"
    )
    result = read(text.encode())
    assert result.places == []
    assert "quotes" in str(result.problems[0])


def test_missing_required_column_stops_the_import():
    result = read(b"name,address\nx,y\n")
    assert result.fatal
    assert "missing column(s): kind, lat, lon, source, as_of" in str(result.problems[0])


def test_unknown_column_is_a_warning_on_line_1_and_the_rows_are_read():
    result = read(
        "kind,name,address,lat,lon,source,as_of,wifi\n"
        "cafe,x,고양시 y,37.6,126.8,s,2026-11-28,있음\n".encode()
    )
    assert not result.fatal and result.problems == []
    assert str(result.warnings[0]).startswith("line 1: wifi: unknown column, ignored")
    assert [p.name["ko"] for p in result.places] == ["x"]


def test_a_repeated_column_still_refuses_the_file():
    result = read(b"kind,name,address,lat,lon,source,as_of,name\n")
    assert result.fatal and "column name appears twice" in str(result.problems[0])


def test_korean_service_labels_users_see_are_accepted():
    text = (
        "kind,name,address,lat,lon,services,source,as_of\n"
        "카페,x,y,37.6,126.8,카페; 스터디룸 / 메이커스페이스 / 취업 상담,s,2026-11-28\n"
    )
    result = read(text.encode())
    assert result.problems == []
    assert result.places[0].kind == "cafe"
    assert result.places[0].services == ["cafe_space", "study_room", "maker_space",
                                         "job_counselling"]


def test_a_refused_kind_or_service_lists_the_valid_values():
    text = (
        "kind,name,address,lat,lon,services,source,as_of\n"
        "도서관,x,y,37.6,126.8,헬스장,s,2026-11-28\n"
    )
    messages = [str(p) for p in read(text.encode()).problems]
    assert any("kind:" in m and "청취다방 카페 (cafe)" in m and "청년공간 (youth_space)" in m
               for m in messages)
    assert any("'헬스장'" in m and "카페 공간 이용(예약) (cafe_space)" in m for m in messages)


def test_an_unclosed_quote_is_one_problem_on_its_line():
    text = (
        "kind,name,address,lat,lon,source,as_of\n"
        "cafe,첫째,고양시 1,37.6,126.8,s,2026-11-28\n"
        'cafe,"둘째,고양시 2,37.6,126.8,s,2026-11-28\n'
        "cafe,셋째,고양시 3,37.6,126.8,s,2026-11-28\n"
    )
    result = read(text.encode())
    (problem,) = result.problems
    assert problem.line == 3 and "never closed" in problem.message
    assert [p.name["ko"] for p in result.places] == ["첫째"]


def test_a_quoted_cell_over_two_lines_is_not_an_unclosed_quote():
    text = (
        "kind,name,address,lat,lon,source,as_of,booking\n"
        'cafe,x,y,37.6,126.8,s,2026-11-28,"전화로\n예약해요 ""꼭"""\n'
        'cafe,"z",w,37.6,126.8,s,2026-11-28,a"b\n'
    )
    result = read(text.encode())
    assert result.problems == [] and len(result.places) == 2


def test_an_unclosed_quote_in_the_header_refuses_the_file():
    result = read(b'kind,"name,address,lat,lon,source,as_of\n')
    assert result.fatal and result.problems[0].line == 1
    assert "never closed" in result.problems[0].message


def test_every_problem_of_a_row_is_reported():
    text = (
        "kind,name,address,lat,lon,services,source,as_of\n"
        "도서관,x,,북위37,126.8,헬스장,s,어제\n"
    )
    result = read(text.encode())
    columns = {p.column for p in result.problems if p.line == 2}
    assert columns == {"kind", "address", "lat", "services", "as_of"}
    assert result.places == []


def test_empty_and_binary_files_are_refused_clearly():
    assert read(b"").fatal
    binary = read(bytes(range(256)) * 4)
    assert binary.fatal or binary.places == []


def test_bad_id_characters_are_reported():
    text = "id,kind,name,address,lat,lon,source,as_of\nbad id!,cafe,x,y,37.6,126.8,s,2026-11-28\n"
    result = read(text.encode())
    assert result.places == []
    assert "line 2: id:" in str(result.problems[0])


def test_unknown_service_is_reported():
    text = (
        "kind,name,address,lat,lon,services,source,as_of\n"
        "cafe,x,y,37.6,126.8,스터디룸;헬스장,s,2026-11-28\n"
    )
    result = read(text.encode())
    assert "'헬스장' is not a known service" in str(result.problems[0])


def test_generated_fixture_of_300_places_reads_completely():
    result = read(fake_csv(300).encode())
    assert result.problems == []
    assert len(result.places) == 300
    assert len({p.id for p in result.places}) == 300


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


GOOD_HEADER = b"kind,name,address,lat,lon,source,as_of\n"
GOOD_START = GOOD_HEADER + "cafe,카페,고양시 어딘가,37.6,126.8,s,2026-11-28\n".encode()


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: GOOD_START + t.encode()))
def test_any_bytes_are_read_without_error(data):
    result = read(data)
    if result.fatal:
        assert result.places == [] and result.problems  # and it says why
    assert len(result.places) <= result.rows
    if data.startswith(GOOD_START) and _is_utf8(data):
        assert not result.fatal and result.line_of.get(result.places[0].id) == 2
    assert len({p.id for p in result.places}) == len(result.places)
    last_line = data.count(b"\n") + data.count(b"\r") + 1
    for place in result.places:
        assert 2 <= result.line_of[place.id] <= last_line
    for problem in result.problems:
        assert 0 <= problem.line <= last_line and problem.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=9), max_size=6))
def test_any_rows_under_a_good_header_are_reported_not_raised(rows):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "name", "address", "lat", "lon", "source", "as_of"])
    writer.writerows(rows)
    result = read(out.getvalue())
    assert len(result.places) + len(result.bad_lines) <= max(result.rows, 0) + 1


def test_the_shipped_template_header_is_accepted():
    from content.catalogue import bundled_content_dir as root

    header = (root() / "places" / "import_template.csv").read_bytes()
    result = read(header)
    assert result.problems == [] and not result.fatal and result.rows == 0


def test_written_places_read_back_the_same():
    from content.places.csv_export import write_places_csv

    places = read(fake_csv(120).encode()).places
    again = read(write_places_csv(places))
    assert again.problems == []
    assert again.places == places


@settings(max_examples=80, deadline=None)
@given(
    names=st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
            min_size=1,
            max_size=20,
        ).filter(lambda t: t.strip()),
        min_size=1,
        max_size=5,
    )
)
def test_any_names_survive_a_write_and_read(names):
    from content.places.csv_export import write_places_csv

    base = read(fake_csv(len(names)).encode()).places
    renamed = [
        p.model_copy(update={"name": {"ko": n.strip()}, "address": {"ko": n.strip() + " 1"}})
        for p, n in zip(base, names, strict=True)
    ]
    again = read(write_places_csv(renamed))
    assert again.problems == []
    assert [p.name["ko"] for p in again.places] == [p.name["ko"] for p in renamed]
