"""The cost of understanding a message, beside routing as it was before it.

Over every row of the public utterance table (tests/understanding/utterances.yaml), each
message routed from a cold cache (the matcher keeps a per-text cache; a real user's
message is rarely in it):

  routing before   small talk + the phrase matcher (what ``Engine.route_text`` did)
  routing now      ``Engine.route_text``: the same, plus cue words and, when a cue word is
                   there, the values of the message
  values           ``EntityReader.read`` alone: what a flow started from a sentence pays

Medians and p99 in µs of CPU time of this thread per message (on a shared machine the
wall clock also counts waiting for a core); ``now/before`` is the ratio of medians.

    .venv/bin/python -m bench.understanding [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from content.catalogue import Catalogue, load_catalogue
from handlers.dialog.engine import Engine
from handlers.dialog.understand import understanding_for
from handlers.registry import build_flows

TABLE = Path(__file__).resolve().parents[1] / "tests" / "understanding" / "utterances.yaml"
TODAY = date(2026, 12, 1)


def table_texts() -> list[str]:
    return [str(row["text"]) for row in yaml.safe_load(TABLE.read_text(encoding="utf-8"))]


def router(catalogue: Catalogue) -> Engine:
    """An engine for routing only (no store is touched by ``route_text``)."""
    engine = Engine.__new__(Engine)
    engine.flows = {flow.name: flow for flow in build_flows()}
    engine.install_catalogue(catalogue)
    return engine


def timed(texts: list[str], run: Callable[[str], object], reset: Callable[[], None],
          rounds: int) -> list[float]:
    """CPU µs per message, every message in every round, each from a cold matcher cache."""
    out: list[float] = []
    for _ in range(rounds):
        for text in texts:
            reset()
            start = time.thread_time()
            run(text)
            out.append((time.thread_time() - start) * 1e6)
    return sorted(out)


def p99(values: list[float]) -> float:
    return values[min(len(values) - 1, int(len(values) * 0.99))]


def report(rounds: int = 5) -> None:
    catalogue = load_catalogue()
    engine = router(catalogue)
    understanding = understanding_for(catalogue)
    texts = table_texts()

    def before(text: str) -> object:
        return engine.words.small_talk_of(text) or engine.matcher.best(text)

    def reset() -> None:
        engine.matcher.best.cache_clear()  # type: ignore[attr-defined]
        understanding._intent.cache_clear()

    for text in texts:  # warm every other cache (jamo keys, compiled patterns)
        engine.route_text(text)
    results = {
        "routing before": timed(texts, before, reset, rounds),
        "routing now   ": timed(texts, engine.route_text, reset, rounds),
        "values        ": timed(texts, lambda t: understanding.reader.read(t, TODAY), reset,
                                rounds),
    }
    print(f"understanding: {len(texts)} table messages x {rounds} rounds, cold matcher cache")
    for label, values in results.items():
        median = statistics.median(values)
        print(f"  {label}: median {median:6.0f} µs CPU   p99 {p99(values):6.0f} µs")
    now, then = (statistics.median(results[k]) for k in ("routing now   ", "routing before"))
    print(f"  routing now/before (medians): {now / then:.2f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else [])
    report(args.rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
