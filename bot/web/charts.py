"""Bar charts as inline SVG, drawn on the server: no script, no library, no external asset.

Every chart is ``role="img"`` with a ``<title>``; the page shows the same numbers as a table
beside it for screen readers and for copying. Colours are presentation attributes (the
console's Content-Security-Policy allows no inline style).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

COLOURS = ("#0b57d0", "#e8710a", "#1a7f37", "#9334e6", "#c62828")
WIDTH = 640
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 44


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[int]


def _nice_max(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50, …"""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def _frame(title: str, height: int, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-label="{escape(title)}" font-family="sans-serif" font-size="11">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series], *,
              stacked: bool = True, height: int = 220) -> Markup:
    """Vertical bars per label (a day, a week); several series stacked or side by side."""
    if not labels or not series:
        return _frame(title, 40, ['<text x="10" y="24">자료가 아직 없어요.</text>'])
    totals = [sum(s.values[i] for s in series) if stacked else max(s.values[i] for s in series)
              for i in range(len(labels))]
    top = _nice_max(max(max(totals), 1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / len(labels)
    bar_w = max(slot * 0.7 / (1 if stacked else len(series)), 1.0)
    body = _axis(top, plot_h)
    every = max(1, len(labels) // 10)  # at most ~10 labels under the axis
    for i, label in enumerate(labels):
        x0 = LEFT + i * slot + slot * 0.15
        base: float = TOP + plot_h
        for k, s in enumerate(series):
            h = plot_h * s.values[i] / top
            x = x0 if stacked else x0 + k * bar_w
            y = base - h
            if h > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"'
                    f' fill="{COLOURS[k % len(COLOURS)]}"><title>{escape(label)} '
                    f"{escape(s.name)}: {s.values[i]}</title></rect>"
                )
            if stacked:
                base = y
        if i % every == 0:
            body.append(
                f'<text x="{x0 + slot * 0.35:.1f}" y="{TOP + plot_h + 14}"'
                f' text-anchor="middle">{escape(label[-5:])}</text>'
            )
    return _frame(title, height, body)


def hbar_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """Horizontal bars per label (a flow, a program), series side by side."""
    if not labels or not series:
        return _frame(title, 40, ['<text x="10" y="24">자료가 아직 없어요.</text>'])
    left = 150
    row_h = 8 + 12 * len(series)
    height = TOP + row_h * len(labels) + 10
    top = _nice_max(max(max(s.values) for s in series) or 1)
    plot_w = WIDTH - left - 40
    body: list[str] = []
    for i, label in enumerate(labels):
        y0 = TOP + i * row_h
        body.append(f'<text x="{left - 6}" y="{y0 + row_h / 2 + 4:.1f}"'
                    f' text-anchor="end">{escape(label[:22])}</text>')
        for k, s in enumerate(series):
            w = plot_w * s.values[i] / top
            y = y0 + 4 + k * 12
            body.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="10"'
                f' fill="{COLOURS[k % len(COLOURS)]}"><title>{escape(label)}'
                f" {escape(s.name)}: {s.values[i]}</title></rect>"
                f'<text x="{left + w + 4:.1f}" y="{y + 9}">{s.values[i]}</text>'
            )
    return _frame(title, height, body)


def _axis(top: int, plot_h: int) -> list[str]:
    lines = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        lines.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"'
            f' stroke="#d9dde3"/><text x="{LEFT - 4}" y="{y + 4:.1f}"'
            f' text-anchor="end">{top * fraction:g}</text>'
        )
    return lines
