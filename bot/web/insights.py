"""통계: what the bot is used for, as server-drawn SVG charts with the numbers beside them.

Users per channel and day (new users; turns from the usage counters), flows started vs
finished, eligibility outcomes per program (once they are counted), bookings per week,
and the texts the bot most often did not understand (text only; see ``bot/usage.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.usage import CountingEngine
from bot.web.charts import Series, bar_chart, hbar_chart
from bot.web.console import Console, render, staff_page
from db.insights import DayCount
from db.staff import StaffMember

PERIODS = (7, 30, 90)
VERDICTS = (("yes", "해당"), ("unknown", "확인 필요"), ("no", "해당 안 됨"))


def _days(since: date, today: date) -> list[str]:
    return [(since + timedelta(days=i)).isoformat() for i in range((today - since).days + 1)]


def _per_channel(rows: Sequence[DayCount], days: list[str]) -> list[Series]:
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row.series][row.day] = row.count
    return [Series(channel, [by_day.get(d, 0) for d in days])
            for channel, by_day in sorted(table.items())]


def _figure(title: str, chart: Markup, head: Sequence[str],
            rows: Sequence[Sequence[object]], legend: Sequence[str] = ()) -> dict[str, object]:
    """A chart, its legend (series names, in the chart's colour order) and its numbers."""
    return {"title": title, "chart": chart, "head": head, "rows": rows, "legend": legend}


def _day_figure(title: str, series: list[Series], days: list[str]) -> dict[str, object]:
    rows = [[d, *(s.values[i] for s in series)] for i, d in enumerate(days)
            if any(s.values[i] for s in series)]
    return _figure(title, bar_chart(title, days, series), ["날짜", *(s.name for s in series)],
                   rows, [s.name for s in series])


def _eligibility_figure(totals: dict[str, int]) -> dict[str, object]:
    per_program: dict[str, dict[str, int]] = defaultdict(dict)
    for key, n in totals.items():
        program, _, verdict = key.rpartition(":")
        per_program[program][verdict] = n
    programs = sorted(per_program)
    series = [Series(label, [per_program[p].get(v, 0) for p in programs])
              for v, label in VERDICTS]
    title = "지원사업별 자격 확인 결과"
    rows = [[p, *(per_program[p].get(v, 0) for v, _ in VERDICTS)] for p in programs]
    return _figure(title, hbar_chart(title, programs, series),
                   ["프로그램", *(label for _, label in VERDICTS)], rows,
                   [label for _, label in VERDICTS])


async def insights_page(request: Request, console: Console, staff: StaffMember,
                        form: FormData | None) -> Response:
    raw = request.query_params.get("days", "30")
    period = int(raw) if raw.isdigit() and int(raw) in PERIODS else 30
    today = console.now().date()
    since = today - timedelta(days=period - 1)
    days = _days(since, today)
    usage, views = console.store.usage, console.store.staff_views
    if isinstance(console.runtime.engine, CountingEngine):
        await console.runtime.engine.flush()  # the counts of the last minute too
    started = await usage.totals("flow_start", since)
    finished = await usage.totals("flow_finish", since)
    flows = sorted(set(started) | set(finished))
    flow_series = [Series("시작", [started.get(f, 0) for f in flows]),
                   Series("끝까지", [finished.get(f, 0) for f in flows])]
    weeks = await views.bookings_per_week(since - timedelta(days=7))
    eligibility = await usage.totals("eligibility", since)
    figures = [
        _day_figure("채널별 새 사용자 (하루)", _per_channel(
            await views.new_users_per_day(since), days), days),
        _day_figure("채널별 대화 수 (하루)", _per_channel(
            await usage.per_day("turn", since), days), days),
        _figure("흐름별 시작과 완료", hbar_chart("흐름별 시작과 완료", flows, flow_series),
                ["흐름", "시작", "끝까지"],
                [[f, started.get(f, 0), finished.get(f, 0)] for f in flows], ["시작", "끝까지"]),
        _figure("주별 예약 (대여일 기준)", bar_chart(
            "주별 예약", [w for w, _ in weeks], [Series("예약", [n for _, n in weeks])]),
            ["주 (월요일)", "예약"], [list(w) for w in weeks]),
    ]
    if eligibility:
        figures.insert(3, _eligibility_figure(eligibility))
    await console.audit(staff, "insights_view", f"{period} days")
    return render(
        request, "insights.html", console, staff=staff, page="insights", figures=figures,
        period=period, periods=PERIODS, eligibility_recorded=bool(eligibility),
        unknown=await usage.top_unknown(since),
    )


def insights_routes(console: Console) -> list[BaseRoute]:
    return [Route("/insights", staff_page(console, insights_page), methods=["GET"])]
