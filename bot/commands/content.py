"""``goyang-bot content check``: validate the content files staff edited."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings
from content.catalogue import Catalogue, load_catalogue
from content.errors import ContentError
from content.staleness import stale_entries
from content.text.clock import seoul_now
from handlers.registry import build_flows


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    content = sub.add_parser("content", help="check the content files (programs, strings, …)")
    actions = content.add_subparsers(dest="content_command", required=True)
    check = actions.add_parser("check", help="validate every content file and report problems")
    check.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="content folder (default: GOYANG_BOT_CONTENT_DIR or the bundled content)",
    )
    check.add_argument(
        "--stale",
        type=int,
        metavar="DAYS",
        default=None,
        help="also list every card, rule, place and shop whose newest source is older than "
        "DAYS; exit 1 if one of them is not flagged to users",
    )
    check.set_defaults(handler=check_content, needs_settings=True)


def check_content(args: argparse.Namespace, settings: Settings) -> int:
    folder = args.dir or settings.content_dir
    try:
        catalogue = load_catalogue(folder)
    except ContentError as exc:
        for line in exc.problems:
            print(line)
        print(f"{len(exc.problems)} problem(s) found; the bot would refuse these files.")
        return 1
    print(
        f"ok: {len(catalogue.programs)} programs, {len(catalogue.categories)} categories, "
        f"{len(catalogue.intents)} intents, {len(catalogue.strings.keys())} strings "
        f"in {catalogue.source_dir}"
    )
    for action in _unbuilt_actions(catalogue):
        print(f"note: '{action}' has no flow yet; users are told it is coming soon")
    if args.stale is not None:
        return _report_stale(catalogue, args.stale)
    return 0


def _report_stale(catalogue: Catalogue, days: int) -> int:
    if days < 0:
        print("--stale DAYS must be 0 or more")
        return 2
    today = seoul_now().date()  # the city's day, not the server's (UTC in most clouds)
    entries = stale_entries(catalogue, days, today)
    for entry in entries:
        print(entry.line(today))
    unflagged = sum(1 for e in entries if e.why_shown is None)
    print(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} older than {days} days; "
          f"{unflagged} not flagged to users")
    return 1 if unflagged else 0


def _unbuilt_actions(catalogue: Catalogue) -> list[str]:
    built = {flow.name for flow in build_flows()}
    actions = [i.action for i in catalogue.menu] + [
        i.action for i in catalogue.intents if not i.action.startswith("cue:")
    ]
    return sorted({a for a in actions if a.split(":")[0] not in built})
