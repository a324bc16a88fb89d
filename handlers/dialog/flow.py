"""The base class of a conversation flow: one module per flow, channel-neutral."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from handlers.dialog.actions import build_action
from handlers.dialog.state import FlowState
from handlers.dialog.steps import Step, Steps
from handlers.dialog.types import Location

if TYPE_CHECKING:
    from handlers.dialog.context import Context

S = TypeVar("S", bound=FlowState)
Verb = Callable[["Context", Sequence[str]], Awaitable[None]]


class InvalidAction(Exception):
    """A button payload that does not fit this flow (forged, or for content now gone)."""


class Flow:
    """A conversation. Actions addressed to it look like ``name:verb:arg...``.

    ``commands`` maps slash commands to verbs of this flow (``{"jobs": "search"}`` makes
    ``/jobs 바리스타`` call ``on_action(ctx, "search", ["바리스타"])``).
    """

    name: ClassVar[str]
    commands: ClassVar[dict[str, str]] = {}

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        raise NotImplementedError

    def verbs(self) -> Mapping[str, Verb]:
        """The flow's button and command verbs (besides ``start`` and step choices)."""
        return {}

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        if verb == "start":
            await self.start(ctx, args)
            return
        handler = self.verbs().get(verb)
        if handler is None:
            raise InvalidAction(f"{self.name}:{verb}")
        await handler(ctx, args)

    def act(self, verb: str, *args: object) -> str:
        """A button payload for one of this flow's verbs: ``self.act("cancel", 12)``."""
        return build_action(f"{self.name}:{verb}", *args)

    async def on_text(self, ctx: Context, text: str) -> bool:
        """Text typed while this flow is active. Return False to let the router take it."""
        return False

    async def on_location(self, ctx: Context, location: Location) -> bool:
        """A location shared while this flow is active (or sent to it by the router)."""
        return False

    async def privacy_items(self, ctx: Context) -> list[str]:
        """Lines for /privacy describing what this flow keeps about the user."""
        return []


class StepFlow(Flow, Generic[S]):
    """A flow whose questions are declared ``Step``s and whose state is a typed model.

    Subclasses set ``state_type`` and return their steps from ``declare()``. The engine reads
    every answer to the current step (``handlers.dialog.reading``); ``ask`` shows a step.
    """

    state_type: type[S]

    def __init__(self) -> None:
        self.steps: Steps[S] = self.declare()

    def declare(self) -> Steps[S]:
        raise NotImplementedError

    def state(self, ctx: Context) -> S:
        return ctx.flow_state(self.name, self.state_type)

    async def ask(self, ctx: Context, step_name: str, lead: str = "") -> None:
        """Make ``step_name`` current and show its question (``lead`` above it)."""
        step = self.steps.get(step_name)
        if step is None:
            raise KeyError(f"{self.name} has no step {step_name!r}")
        state = self.enter(ctx, step_name)
        ctx.show_question(self.name, await step.ask(ctx, state), lead)

    def enter(self, ctx: Context, step_name: str) -> S:
        """Make ``step_name`` current without showing its question (the flow has shown
        its own message for it, e.g. a list of results under which the step waits)."""
        if self.steps.get(step_name) is None:
            raise KeyError(f"{self.name} has no step {step_name!r}")
        state = self.state(ctx)
        ctx.enter_step(self.name, step_name)
        if not state.trail or state.trail[-1] != step_name:
            state.trail.append(step_name)
        return state

    async def on_back(self, ctx: Context, step: Step[S]) -> None:
        """The user typed "back" at ``step``: ask the step before it again (its answer is kept until
        it is answered anew). A flow whose one step asks many things overrides this."""
        state = self.state(ctx)
        if len(state.trail) >= 2 and state.trail[-1] == step.name:
            state.trail.pop()
            await self.ask(ctx, state.trail[-1])
        else:
            await self.ask(ctx, step.name, ctx.t("core.back_at_first"))

    async def on_cancel(self, ctx: Context) -> None:
        """The user typed "cancel" at a step: leave the flow (a flow may word it its own way)."""
        ctx.finish()
        ctx.show_menu(ctx.t("core.cancelled"))
