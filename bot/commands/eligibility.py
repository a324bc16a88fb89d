"""``goyang-bot eligibility``: let staff try the eligibility rules after editing them.

goyang-bot eligibility facts
    list the facts a rule can use, with their questions
goyang-bot eligibility try birth_date=1999-03-02 goyang_resident=네 [--program ID]
    [--today 2026-11-28] [--lang en] [--dir content/]
    show each program's result for these answers, with the reasons a user would see

Answers are typed exactly as a user would type them. Exit codes: 0 done, 1 the content
files have problems, 2 an unknown fact or an answer the bot could not read.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from bot.settings import Settings
from content.catalogue import Catalogue, load_catalogue
from content.eligibility.assessment import assess, grouped
from content.eligibility.facts import FactValue, parse_answer
from content.eligibility.model import Eligibility
from content.eligibility.rules import Verdict
from content.eligibility.timing import timing_notes
from content.eligibility.wording import failure_text, missing_text, timing_text
from content.localized import pick
from content.text.clock import SEOUL
from content.text.errors import AnswerError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("eligibility", help="try the eligibility rules with sample answers")
    actions = parser.add_subparsers(dest="eligibility_command", required=True)
    facts = actions.add_parser("facts", help="list the facts rules can use")
    facts.add_argument("--dir", type=Path, default=None, help="content folder")
    facts.set_defaults(handler=list_facts, needs_settings=True)
    try_ = actions.add_parser("try", help="show results for answers like birth_date=1999-03-02")
    try_.add_argument("answers", nargs="*", metavar="FACT=ANSWER")
    try_.add_argument("--program", action="append", default=None,
                      help="only this program (repeatable)")
    try_.add_argument("--today", type=date.fromisoformat, default=None,
                      help="check as on this day (YYYY-MM-DD; default: today in Seoul)")
    try_.add_argument("--lang", choices=("ko", "en"), default="ko")
    try_.add_argument("--dir", type=Path, default=None, help="content folder")
    try_.set_defaults(handler=try_rules, needs_settings=True)


def _eligibility(args: argparse.Namespace, settings: Settings) -> tuple[Eligibility, Catalogue]:
    catalogue = load_catalogue(args.dir or settings.content_dir)
    if catalogue.eligibility is None:  # load_catalogue raises before this can happen
        raise RuntimeError("the catalogue has no eligibility rules")
    return catalogue.eligibility, catalogue


def list_facts(args: argparse.Namespace, settings: Settings) -> int:
    elig, _ = _eligibility(args, settings)
    for fact in elig.facts.values():
        question = pick(fact.question, "ko") if fact.question else f"(from {fact.derived_from})"
        print(f"{fact.id:<28} {fact.type:<10} {question}")
    return 0


def try_rules(args: argparse.Namespace, settings: Settings) -> int:
    elig, catalogue = _eligibility(args, settings)
    today = args.today or datetime.now(SEOUL).date()
    known: dict[str, FactValue] = {}
    for item in args.answers:
        fact_id, sep, text = item.partition("=")
        fact = elig.facts.get(fact_id)
        if not sep or fact is None or not fact.asked:
            print(f"{item}: unknown fact (see 'goyang-bot eligibility facts')")
            return 2
        try:
            known[fact_id] = parse_answer(fact, text, today).value
        except AnswerError as error:
            why = catalogue.strings.get(f"eligibility.error_{error.code}", "ko", **error.values)
            print(f"{item}: {why}")
            return 2
    unknown = [p for p in args.program or [] if p not in elig.rules]
    if unknown:
        print(f"no rules for program(s): {', '.join(unknown)}")
        return 2
    locale = args.lang

    def t(key: str, **values: object) -> str:
        return catalogue.strings.get(key, locale, **values)

    results = assess(elig, catalogue.programs, known, today, args.program)
    for group, items in grouped(results).items():
        for result in items:
            outcome = result.outcome
            rule = elig.rules[result.program_id]
            reasons = [failure_text(f, elig, locale, t, today) for f in outcome.failures]
            reasons += [pick(u, locale) for u in outcome.unchecked]
            if outcome.missing:
                reasons.append("missing: " + missing_text(outcome.missing, elig, locale))
            reasons += [timing_text(n, locale, t) for n in
                        timing_notes(rule, elig, known, today, outcome.verdict)]
            verdict = {Verdict.YES: "yes", Verdict.NO: "no", Verdict.UNKNOWN: "unknown"}[
                outcome.verdict]
            print(f"{group:<13} {result.program_id:<24} rule={verdict}")
            for reason in reasons:
                print(f"{'':<14}- {reason}")
    return 0
