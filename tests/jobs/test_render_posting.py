"""How a posting reads in an alert: the pay said as people say it (``월 250만원``), its type
once; long titles and company names cut to a phone line."""

from __future__ import annotations

from datetime import date

import pytest

from bot.channels.kakao.render import render_event_text
from content.jobs.alerts import render_posting
from handlers.dialog.types import Reply, Text
from tests.jobs.support import job_strings, posting

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("pay_type", "pay", "line"), [
    ("시급", "11,000원", "💰 시급 1만 1,000원"),
    ("시급", "시급 11,000원", "💰 시급 1만 1,000원"),  # the source wrote the type into the amount
    ("시급", "시급11,000원", "💰 시급 1만 1,000원"),
    ("시급", "10030", "💰 시급 1만 30원"),
    ("월급", "", "💰 월급"),
    ("월급", "2500000", "💰 월 250만원"),
    ("월급", "2,500,000원", "💰 월 250만원"),
    ("연봉", "3000만원", "💰 연 3,000만원"),
    ("", "230만원 ~ 260만원", "💰 230만원 ~ 260만원"),
])
def test_a_kakao_job_alert_says_the_pay_type_once(pay_type: str, pay: str, line: str) -> None:
    text = render_posting(posting(pay_type=pay_type, pay=pay), job_strings(), "ko", TODAY)
    pushed = render_event_text(Reply([Text(text)]))
    assert line in pushed.splitlines()
    assert "💰 " + pay_type + " " not in pushed.replace(line, "")  # said once
    assert pay not in pushed or not pay.isdigit()  # never the raw digits


def test_no_pay_line_without_pay() -> None:
    text = render_posting(posting(pay_type="", pay=""), job_strings(), "ko", TODAY)
    assert "💰" not in text


def test_a_long_title_and_company_are_cut_to_a_phone_line() -> None:
    long = posting(title="바리스타 " * 60, company="(주)고양커피 " * 20, pay_type="월급",
                   pay="2500000")
    text = render_posting(long, job_strings(), "ko", TODAY)
    assert len(text) < 200 and "…" in text and "월 250만원" in text
