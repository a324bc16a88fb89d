"""How long the eligibility check takes per turn.

Run: .venv/bin/python -m bench.eligibility

Prints medians (microseconds) of:
* assessing every program once (the baseline: what showing a result costs),
* choosing the next question for a full check with nothing known (the worst turn),
  and after a birth date and residence are known,
* parsing a typed birth date, against ``date.fromisoformat`` as its baseline,
and each one's ratio to its baseline measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from content.catalogue import load_catalogue
from content.eligibility.assessment import assess, is_running
from content.eligibility.facts import parse_answer
from content.eligibility.planning import next_fact
from content.text.birthdates import parse_birth_date

TODAY = date(2026, 11, 28)


def median_us(func: Callable[[], object], repeat: int = 200) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


def main() -> None:
    catalogue = load_catalogue()
    elig = catalogue.eligibility
    assert elig is not None, "the bundled content has eligibility rules"
    running = [p for p in elig.rules if is_running(catalogue.programs.get(p))]
    some = {
        "birth_date": parse_answer(elig.facts["birth_date"], "1999-03-02", TODAY).value,
        "goyang_resident": True,
    }

    baseline = median_us(lambda: assess(elig, catalogue.programs, {}, TODAY))
    rows = [
        ("assess all programs (baseline)", baseline, baseline),
        ("next question, nothing known", median_us(lambda: next_fact(elig, {}, TODAY, running),
                                                   50), baseline),
        ("next question, 2 facts known", median_us(lambda: next_fact(elig, some, TODAY,
                                                                     running), 50), baseline),
    ]
    iso = median_us(lambda: date.fromisoformat("1999-03-02"), 2000)
    rows.append(("date.fromisoformat (baseline)", iso, iso))
    rows.append(("parse_birth_date '99년 3월 2일'",
                 median_us(lambda: parse_birth_date("99년 3월 2일", TODAY), 2000), iso))
    rows.append(("parse_birth_date '만 26세'",
                 median_us(lambda: parse_birth_date("만 26세", TODAY), 2000), iso))
    width = max(len(name) for name, _, _ in rows)
    for name, value, base in rows:
        print(f"{name:<{width}}  median {value:9.1f} µs  ratio {value / base:7.1f}x")


if __name__ == "__main__":
    main()
