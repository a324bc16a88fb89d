"""Operator subcommands of ``goyang-bot``; each module adds its own with ``register``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from db.store import Store

if TYPE_CHECKING:
    from bot.settings import Settings

    Actions = argparse._SubParsersAction[argparse.ArgumentParser]

T = TypeVar("T")


def command_group(sub: Actions, name: str, help: str) -> Actions:
    """``goyang-bot NAME ACTION …``: a command whose actions are required subcommands."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help)
    return parser.add_subparsers(dest=f"{name}_command", required=True)


def action(actions: Actions, name: str, help: str, handler: Callable[..., int],
           **parser_options: Any) -> argparse.ArgumentParser:
    """One action of a group; ``handler(args, settings)`` runs it and returns the exit code."""
    parser: argparse.ArgumentParser = actions.add_parser(name, help=help, **parser_options)
    parser.set_defaults(handler=handler, needs_settings=True)
    return parser


def with_store(settings: Settings, work: Callable[[Store], Awaitable[T]]) -> T:
    """Run ``work`` on the store opened for one command, closed after it, fail or not."""

    async def run() -> T:
        store = await Store.open(settings.db_path)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())
