"""``goyang-bot staff``: accounts of the web staff console (``/staff`` on ``serve``).

goyang-bot staff add NAME      create an account; prints a one-time link (72 h) where that
                               person sets their own password
goyang-bot staff reset NAME    a new one-time link (forgotten password; re-enables the account)
goyang-bot staff list          every account: active or not, password set, locked
goyang-bot staff disable NAME  turn an account off (its sessions end at once)

Links start with GOYANG_BOT_PUBLIC_URL (default http://GOYANG_BOT_HOST:GOYANG_BOT_PORT).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.commands import with_store
from bot.settings import Settings
from bot.web.security import new_setup_token, setup_expiry
from content.text.clock import SEOUL
from db.staff import StaffNameTaken
from db.store import Store

NAME = re.compile(r"^[\w.\-가-힣]{2,40}$")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    staff = sub.add_parser("staff", help="staff console accounts: add, reset, list, disable",
                           description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = staff.add_subparsers(dest="staff_command", required=True)
    for verb, text, handler in (
        ("add", "create an account and print its one-time password link", add_staff),
        ("reset", "print a new one-time password link for an account", reset_staff),
        ("disable", "turn an account off (ends its sessions)", disable_staff),
    ):
        parser = actions.add_parser(verb, help=text)
        parser.add_argument("name", help="the sign-in name (2-40 letters, digits, . _ -)")
        parser.set_defaults(handler=handler, needs_settings=True)
    listing = actions.add_parser("list", help="list the accounts")
    listing.set_defaults(handler=list_staff, needs_settings=True)


def _link(settings: Settings, token: str) -> str:
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    return f"{base}/staff/setup/{token}"


def _bad_name(name: str) -> bool:
    if NAME.match(name):
        return False
    print(f"'{name[:40]}': use 2-40 letters, digits, '.', '_' or '-'", file=sys.stderr)
    return True


def add_staff(args: argparse.Namespace, settings: Settings) -> int:
    if _bad_name(args.name):
        return 2
    token, hashed = new_setup_token()
    now = datetime.now(SEOUL)

    async def work(store: Store) -> bool:
        try:
            await store.staff.add(args.name, hashed, setup_expiry(now), now)
        except StaffNameTaken:
            return False
        await store.audit.record(now, "cli", "staff_add", args.name)
        return True

    if not with_store(settings, work):
        print(f"'{args.name}' exists already (staff reset {args.name} for a new link)",
              file=sys.stderr)
        return 1
    print(f"added {args.name}. Send this one-time link (valid 72 h) to set the password:")
    print(_link(settings, token))
    return 0


def _audited_change(settings: Settings, action: str, name: str,
                    change: Callable[[Store], Awaitable[bool]]) -> bool:
    """Run ``change``; when it found the account, write ``action`` to the audit log."""
    async def work(store: Store) -> bool:
        done = await change(store)
        if done:
            await store.audit.record(datetime.now(SEOUL), "cli", action, name)
        return done

    return with_store(settings, work)


def reset_staff(args: argparse.Namespace, settings: Settings) -> int:
    token, hashed = new_setup_token()
    expires = setup_expiry(datetime.now(SEOUL))
    if not _audited_change(settings, "staff_reset", args.name,
                           lambda store: store.staff.new_setup_link(args.name, hashed, expires)):
        print(f"no account '{args.name[:40]}' (staff list shows them)", file=sys.stderr)
        return 1
    print(f"new one-time link for {args.name} (valid 72 h; the old password still works "
          "until a new one is set):")
    print(_link(settings, token))
    return 0


def disable_staff(args: argparse.Namespace, settings: Settings) -> int:
    if not _audited_change(settings, "staff_disable", args.name,
                           lambda store: store.staff.disable(args.name)):
        print(f"no active account '{args.name[:40]}'", file=sys.stderr)
        return 1
    print(f"disabled {args.name}: signed out everywhere")
    return 0


def list_staff(args: argparse.Namespace, settings: Settings) -> int:
    members = with_store(settings, lambda store: store.staff.all())
    now = datetime.now(SEOUL)
    if not members:
        print("no staff accounts yet (goyang-bot staff add NAME)")
    for m in members:
        state = "active" if m.active else "disabled"
        password = "password set" if m.has_password else "waiting for the setup link"
        locked = ", locked" if m.locked_at(now) else ""
        print(f"{m.name}\t{state}, {password}{locked}, since {m.created_at[:10]}")
    return 0
