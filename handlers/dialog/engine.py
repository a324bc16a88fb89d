"""The dialog engine: one ``Incoming`` in, one ``Reply`` out, state kept in the store.

Updates of one user are handled strictly in order (a lock per user, and on a store shared
by several processes the store's lock for that user too); different users run
concurrently. Conversation state is loaded and saved around every input, so a restart,
or a stateless webhook channel, continues exactly where the user was.
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Protocol

from content.catalogue import Catalogue, load_catalogue
from content.text.clock import SEOUL
from content.text.matching import PhraseMatcher
from content.text.matching import plain_words as normalize
from content.text.script import written_locale
from db.store import Store
from handlers.dialog.actions import Action, build_action, parse_action
from handlers.dialog.context import Context
from handlers.dialog.detour import drop_stale_pause, means_resume, offer_resume
from handlers.dialog.flow import Flow, InvalidAction, StepFlow
from handlers.dialog.reading import DialogWords, Unaccepted, press_choice, read_typed_answer
from handlers.dialog.state import StaleState
from handlers.dialog.types import Incoming, Location, Reply
from handlers.dialog.understand import understanding_for

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1000
# How sure the router must be before text a step refused is taken as a different request:
# above the matcher's own threshold, so a near-answer is asked again rather than stolen.
CONFIDENT_ROUTE = 88.0
CORE_COMMANDS = ("start", "menu", "help", "cancel", "privacy", "forget", "lang")


class WallClock(Protocol):
    """Where the engine reads the time: the ``datetime`` class itself, or a test's clock."""

    def now(self, tz: tzinfo | None = None) -> datetime: ...


def clean_text(text: str) -> str:
    """Drop control and format characters (keeping newlines) and trim."""
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C").strip()


def user_locale(stored: str | None, hint: str | None) -> str:
    if stored in ("ko", "en"):
        return stored
    if hint and hint.lower().startswith("en"):
        return "en"
    return "ko"


class Engine:
    def __init__(
        self,
        store: Store,
        catalogue: Catalogue,
        flows: Iterable[Flow],
        *,
        state_timeout: timedelta = timedelta(minutes=30),
        retention_days: int = 365,
        clock: WallClock | None = None,
    ) -> None:
        self.store = store
        self.flows: dict[str, Flow] = {flow.name: flow for flow in flows}
        self.state_timeout = state_timeout
        self.retention_days = retention_days
        self._clock = clock
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._waiting: dict[tuple[str, str], int] = {}
        self.commands: dict[str, tuple[str, str]] = {}
        for flow in self.flows.values():
            for command, verb in flow.commands.items():
                self.commands[command] = (flow.name, verb)
        self.install_catalogue(catalogue)

    # -- content --

    def install_catalogue(self, catalogue: Catalogue) -> None:
        """Use ``catalogue`` from now on (and rebuild the free-text matcher from it)."""
        entries: list[tuple[str, str]] = []
        for intent in catalogue.intents:
            entries.extend((phrase, intent.action) for phrase in intent.phrases)
        for program in catalogue.programs.values():
            target = build_action("programs:show", program.id)
            entries.extend((name, target) for name in program.name.values())
            entries.extend((alias, target) for alias in program.aliases)
        self.catalogue = catalogue
        self.matcher = PhraseMatcher(e for e in entries if not e[1].startswith("cue:"))
        self.cues = {
            intent.action[4:]: PhraseMatcher((p, intent.action) for p in intent.phrases)
            for intent in catalogue.intents
            if intent.action.startswith("cue:")
        }
        self.words = DialogWords.of({i.action: i.phrases for i in catalogue.intents})

    def reload_catalogue(self, source: Path | None = None) -> Catalogue:
        """Load the content files again; on any problem keep the current catalogue.

        Raises ``ContentError`` (with every problem) when the new files are invalid.
        """
        catalogue = load_catalogue(source or self.catalogue.source_dir)
        self.install_catalogue(catalogue)
        return catalogue

    # -- handling --

    def now(self) -> datetime:
        if self._clock is not None:
            return self._clock.now(SEOUL)
        return datetime.now(SEOUL)

    @asynccontextmanager
    async def _user_turn(self, key: tuple[str, str]) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self.store.db.user_turn(f"{key[0]}:{key[1]}"):
                yield
        finally:
            self._waiting[key] -= 1
            if self._waiting[key] == 0:
                del self._waiting[key]
                del self._locks[key]

    async def handle(self, incoming: Incoming) -> Reply:
        async with self._user_turn((incoming.channel, incoming.user_key)):
            return await self._handle(incoming)

    async def _handle(self, incoming: Incoming) -> Reply:
        now = self.now()
        user, state = await self.store.conversations.open_turn(incoming.channel, incoming.user_key)
        if user is None or not user.active:
            user = await self.store.users.create_or_reactivate(
                incoming.channel, incoming.user_key, now
            )
        elif user.last_seen != now.date().isoformat():
            # One write a day per user, not one per turn: retention counts days of silence.
            await self.store.users.mark_seen(user.id, now)
        before = state.loaded_snapshot()
        drop_stale_pause(state, now, self.state_timeout)  # after the snapshot: saved as gone
        locale = user_locale(user.locale, incoming.language)
        written = written_locale(incoming.text) if incoming.text else None
        if written is not None and written != locale:
            # Answer in the language the user writes in, and keep it for the buttons after.
            await self.store.users.set_locale(user.id, written)
            locale = written
        ctx = Context(
            incoming=incoming,
            user=user,
            locale=locale,
            now=now,
            catalogue=self.catalogue,
            store=self.store,
            state=state,
            flows=self.flows,
            reload_catalogue=self.reload_catalogue,
            retention_days=self.retention_days,
        )
        if (
            state.flow
            and state.updated_at
            and now - state.updated_at.replace(tzinfo=state.updated_at.tzinfo or SEOUL)
            > self.state_timeout
        ):
            ctx.finish()
            if incoming.text is not None:
                ctx.say(ctx.t("core.conversation_timed_out"))
        try:
            await self._dispatch(ctx)
        except StaleState as exc:
            log.warning("closed a conversation that no longer loads: %s", exc)
            ctx.reply.parts.clear()
            ctx.finish()
            ctx.dead_end(ctx.t("core.state_outdated"))
        except Exception as exc:
            # Never show a traceback: log what failed (no user text, no ids) and apologise.
            log.exception("flow %s failed: %s", ctx.flow_name or "-", type(exc).__name__)
            ctx.reply.parts.clear()
            ctx.finish()
            ctx.dead_end(ctx.t("core.error_generic"))
            ctx.forgotten = ctx.forgotten or await self.store.users.get(user.id) is None
        if not ctx.reply.parts:
            ctx.not_understood()
        if not ctx.forgotten:
            ctx.sync_state()
            if ctx.step_buttons_shown:
                state.version += 1
            after = state.snapshot()
            if after != before:
                await self.store.conversations.save(user.id, state, now, data_json=after[2])
        return ctx.reply

    async def _dispatch(self, ctx: Context) -> None:
        incoming = ctx.incoming
        if incoming.command is not None:
            await self._command(ctx, incoming.command.lower(), incoming.command_args)
        elif incoming.action is not None:
            action = parse_action(incoming.action)
            if action is None or (
                action.version is not None and action.version != ctx.state.version
            ):
                self._expired(ctx)
            else:
                await self.run_action(ctx, action, from_button=True)
        elif incoming.location is not None:
            await self._location(ctx, incoming.location)
        else:
            await self._text(ctx, incoming.text or "")

    async def _command(self, ctx: Context, command: str, args: str) -> None:
        if command in CORE_COMMANDS:
            flow = "privacy" if command in ("privacy", "forget") else "core"
            verb = {"privacy": "start", "forget": "forget"}.get(command, command)
            await self.run_action(ctx, Action(flow, verb, [args] if args else [], None))
        elif command in self.commands:
            flow, verb = self.commands[command]
            await self.run_action(ctx, Action(flow, verb, [args] if args else [], None))
        elif command == "reload":
            await self.run_action(ctx, Action("core", "reload", [], None))
        else:
            ctx.dead_end(ctx.t("core.unknown_command", command=command[:32]))

    async def run_action(self, ctx: Context, action: Action, *, from_button: bool = False) -> None:
        flow = self.flows.get(action.flow)
        if flow is None:
            label = self._planned_label(action.flow, ctx.locale)
            if label is None:
                self._expired(ctx)
            else:
                ctx.dead_end(ctx.t("core.coming_soon", name=label))
            return
        previous = ctx.flow_name
        ctx.flow_name = flow.name
        try:
            if action.verb == "start":
                await flow.start(ctx, action.args)
            elif action.verb == "pick" and isinstance(flow, StepFlow):
                await press_choice(ctx, flow, action.args[0] if action.args else "")
            else:
                await flow.on_action(ctx, action.verb, action.args)
        except InvalidAction:
            ctx.reply.parts.clear()
            self._expired(ctx)
        finally:
            ctx.flow_name = previous

    def _planned_label(self, flow_name: str, locale: str) -> str | None:
        """The menu label of a flow that is planned (in the menu) but not built yet."""
        for item in self.catalogue.menu:
            if item.action.split(":")[0] == flow_name:
                return item.label.get(locale) or item.label["ko"]
        return None

    def _expired(self, ctx: Context) -> None:
        ctx.dead_end(ctx.t("core.expired"))

    async def _location(self, ctx: Context, location: Location) -> None:
        if not _valid_coordinates(location):
            ctx.not_understood()
            return
        active = self.flows.get(ctx.state.flow or "")
        if active is not None and await self._in_flow(ctx, active, active.on_location, location):
            return
        places = self.flows.get("places")
        if places is not None and await self._in_flow(ctx, places, places.on_location, location):
            return
        ctx.show_menu(ctx.t("core.location_unexpected"))

    async def _in_flow(
        self,
        ctx: Context,
        flow: Flow,
        method: Callable[[Context, Any], Awaitable[bool]],
        argument: object,
    ) -> bool:
        ctx.flow_name = flow.name
        try:
            return bool(await method(ctx, argument))
        finally:
            ctx.flow_name = ""

    async def _text(self, ctx: Context, raw: str) -> None:
        text = clean_text(raw)
        if len(text) > MAX_TEXT_CHARS:
            ctx.say(ctx.t("core.too_long", limit=MAX_TEXT_CHARS), [[ctx.menu_button()]])
            return
        if not normalize(text):
            ctx.show_menu(ctx.t("core.no_text"))
            return
        active = self.flows.get(ctx.state.flow or "")
        if isinstance(active, StepFlow) and await self._in_flow(
            ctx, active, self._read_answer, text
        ):
            return
        if active is not None and await self._in_flow(ctx, active, active.on_text, text):
            return
        if means_resume(ctx, self.words, text):
            await self.run_action(ctx, Action("core", "resume", [], None))
            return
        action = self.route_text(text)
        if action is None:
            ctx.not_understood(dead_end=True)
            return
        await self._run_routed(ctx, action)

    async def _run_routed(self, ctx: Context, action: Action) -> None:
        """Run what free text asked for; a flow left mid-step for it is paused and offered back."""
        current = self.flows.get(ctx.state.flow or "")
        detour = (
            isinstance(current, StepFlow)
            and current.steps.get(ctx.state.step) is not None
            and _elsewhere(action, current.name)
        )
        if detour:
            ctx.pause_current()
        await self.run_action(ctx, action)
        if detour:
            offer_resume(ctx)

    async def _read_answer(self, ctx: Context, text: str) -> bool:
        flow = self.flows[ctx.flow_name]
        assert isinstance(flow, StepFlow)
        try:
            outcome = await read_typed_answer(ctx, flow, text, self.words)
            if not isinstance(outcome, Unaccepted):
                return outcome
            if not await self._answer_elsewhere(ctx, flow, text):
                ctx.show_question(flow.name, await outcome.question(ctx), outcome.reason)
            return True
        except InvalidAction:
            # The saved step no longer fits (content changed since it was asked): start over.
            ctx.reply.parts.clear()
            ctx.finish()
            self._expired(ctx)
            return True

    async def _answer_elsewhere(self, ctx: Context, flow: StepFlow[Any], text: str) -> bool:
        """Text the current step did not take: a "carry on" for a paused flow, or a clear
        request for another flow. False leaves it to the step (which asks again)."""
        if means_resume(ctx, self.words, text):
            await self.run_action(ctx, Action("core", "resume", [], None))
            return True
        action = self.route_text(text, floor=CONFIDENT_ROUTE)
        if action is None or not _elsewhere(action, flow.name):
            return False
        await self._run_routed(ctx, action)
        return True

    def route_text(self, text: str, *, floor: float = 0.0) -> Action | None:
        """Which action free text means, or None when nothing matches well enough (or
        scores under ``floor``)."""
        small_talk = self.words.small_talk_of(text)
        if small_talk is not None:
            return Action("core", small_talk, [], None)
        match = self.matcher.best(text)
        said = understanding_for(self.catalogue).intent(text, match)  # cue words + values
        if said is None:
            if match is None or match.score < floor:
                return None
            said = match.target
        action = parse_action(said)
        if action is None:
            return None
        check = self.cues.get("check")
        if (
            action.flow == "programs"
            and action.verb == "show"
            and check is not None
            and "eligibility" in self.flows
            and check.best(text) is not None
        ):
            return Action("eligibility", "program", action.args, None)
        return action


def _elsewhere(action: Action, flow_name: str) -> bool:
    """A request that leaves the current conversation: another flow, or another thing the
    same flow does ("알림 잠깐 멈춰주세요" while an alert is being made), not its own start."""
    return action.flow != flow_name or action.verb not in ("start", "pick")


def _valid_coordinates(location: Location) -> bool:
    try:
        return -90.0 <= float(location.lat) <= 90.0 and -180.0 <= float(location.lon) <= 180.0
    except (TypeError, ValueError):
        return False
