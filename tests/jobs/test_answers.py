"""Typed answers of the alert conversation read into values (content/jobs/answers.py)."""

from __future__ import annotations

from datetime import time

import pytest

from content.jobs.answers import districts_named, read_clock, read_frequency, read_quiet_hours


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9시", time(9, 0)),
        ("09:30", time(9, 30)),
        ("아침 9시", time(9, 0)),
        ("저녁 7시 30분쯤", time(19, 30)),
        ("오후 12시", time(12, 0)),
        ("오전 12시", time(0, 0)),
        ("밤 11시", time(23, 0)),
        ("밤 1시", time(1, 0)),
        ("새벽 5시에", time(5, 0)),
        ("21시요", time(21, 0)),
    ],
)
def test_clock_times_as_typed(text, expected):
    assert read_clock(text) == expected


@pytest.mark.parametrize("text", ["25시 99분", "밤에는 싫어요", "", "아침"])
def test_not_a_clock_time(text):
    with pytest.raises(ValueError):
        read_clock(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("매일 아침 9시", ("daily", time(9, 0))),
        ("하루에 한 번씩 저녁 8시", ("daily", time(20, 0))),
        ("매일 받을게요", ("daily", None)),
        ("바로요", ("instant", None)),
        ("즉시 알려줘", ("instant", None)),
        ("가끔", None),
    ],
)
def test_frequency_as_typed(text, expected):
    assert read_frequency(text) == expected


def test_quiet_hours_as_typed():
    assert read_quiet_hours("22:00-07:00") == (time(22, 0), time(7, 0))
    assert read_quiet_hours("22시~7시") == (time(22, 0), time(7, 0))
    assert read_quiet_hours("밤 11시부터 아침 7시까지") == (time(23, 0), time(7, 0))
    for text in ("밤에는 싫어요", "22시", "1시-2시-3시"):
        with pytest.raises(ValueError):
            read_quiet_hours(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("덕양구요", ("덕양구",)),
        ("일산서구랑 덕양구", ("일산서구", "덕양구")),
        ("화정역이요", ("덕양구",)),
        ("일산", ("일산동구", "일산서구")),
        ("부산 해운대", ()),
    ],
)
def test_districts_named_in_a_typed_answer(text, expected):
    assert districts_named(text) == expected
