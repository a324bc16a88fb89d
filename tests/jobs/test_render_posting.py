"""How a posting reads in an alert: the pay line says the pay type once."""

from __future__ import annotations

from datetime import date

import pytest

from bot.channels.kakao.render import render_event_text
from content.jobs.alerts import render_posting
from handlers.dialog.types import Reply, Text
from tests.jobs.support import job_strings, posting

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("pay_type", "pay", "line"), [
    ("시급", "11,000원", "💰 시급 11,000원"),
    ("시급", "시급 11,000원", "💰 시급 11,000원"),  # the source wrote the type into the amount
    ("시급", "시급11,000원", "💰 시급11,000원"),
    ("월급", "", "💰 월급"),
    ("", "230만원 ~ 260만원", "💰 230만원 ~ 260만원"),
])
def test_a_kakao_job_alert_says_the_pay_type_once(pay_type: str, pay: str, line: str) -> None:
    text = render_posting(posting(pay_type=pay_type, pay=pay), job_strings(), "ko", TODAY)
    pushed = render_event_text(Reply([Text(text)]))
    assert line in pushed.splitlines()
    assert pushed.count(pay_type or "만원") == (1 if pay_type else 2)


def test_no_pay_line_without_pay() -> None:
    text = render_posting(posting(pay_type="", pay=""), job_strings(), "ko", TODAY)
    assert "💰" not in text
