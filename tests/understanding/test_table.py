"""The utterance table: intent and values for every row; the hit rate must stay ≥ 95%."""

from __future__ import annotations

import pytest

from content.catalogue import Catalogue
from handlers.dialog.engine import Engine
from handlers.dialog.understand import understanding_for
from tests.understanding.table import PASS_RATE, TODAY, load_rows, misses

ROWS = load_rows()


def test_the_table_is_big_and_varied() -> None:
    assert len(ROWS) >= 200
    assert len({r.text for r in ROWS}) == len(ROWS), "a row is listed twice"
    assert sum(r.intent == "none" and not r.values for r in ROWS) >= 10  # must not match
    assert sum(bool(r.values) for r in ROWS) >= 80
    assert sum(r.text.isascii() for r in ROWS) >= 15  # English


def test_hit_rate(engine: Engine, catalogue: Catalogue, capsys: pytest.CaptureFixture[str]
                  ) -> None:
    reader = understanding_for(catalogue).reader
    failed = {}
    for row in ROWS:
        wrong = misses(row, engine.route_text, lambda t: reader.read(t, TODAY).said())
        if wrong:
            failed[row.text] = wrong
    rate = 1 - len(failed) / len(ROWS)
    with capsys.disabled():
        print(f"\nutterance table: {len(ROWS) - len(failed)}/{len(ROWS)} = {rate:.1%}")
        for text, wrong in failed.items():
            print(f"  miss: {text!r}: {'; '.join(wrong)}")
    assert rate >= PASS_RATE, failed
