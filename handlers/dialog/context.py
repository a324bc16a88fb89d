"""What a flow sees while it handles one input: the user, their state, the catalogue, the store."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from content.catalogue import Catalogue
from content.localized import pick
from db.conversations import ConversationState
from db.store import Store
from db.users import User
from handlers.dialog.actions import build_action
from handlers.dialog.state import FlowState, dump_state, load_state
from handlers.dialog.steps import Choice, Question
from handlers.dialog.types import Button, Incoming, LocationRequest, Part, Reply, Text

S = TypeVar("S", bound=FlowState)
NOT_UNDERSTOOD_MEMO = "not_understood"  # set when this input was not understood (usage counts)



@dataclass
class Context:
    incoming: Incoming
    user: User
    locale: str
    now: datetime
    catalogue: Catalogue
    store: Store
    state: ConversationState
    flow_name: str = ""
    flows: Mapping[str, Any] = field(default_factory=dict)
    reload_catalogue: Callable[[], Catalogue] | None = None
    retention_days: int = 365  # GOYANG_BOT_RETENTION_DAYS, told to the user by /privacy
    reply: Reply = field(default_factory=Reply)
    forgotten: bool = False
    # What a flow reads more than once while handling this one input (never saved).
    memo: dict[str, Any] = field(default_factory=dict)
    _step_buttons_shown: bool = False
    _typed: FlowState | None = None
    _typed_flow: str = ""

    # -- text --

    def t(self, key: str, /, **values: Any) -> str:
        return self.catalogue.strings.get(key, self.locale, **values)

    def pick(self, text: dict[str, str] | None) -> str:
        return pick(text, self.locale)

    # -- replies --

    def say(self, text: str, buttons: Sequence[Sequence[Button]] = ()) -> None:
        self.reply.add(Text(text, tuple(tuple(row) for row in buttons if row)))

    def add(self, *parts: Part) -> None:
        self.reply.add(*parts)

    def button(self, label: str, action: str) -> Button:
        return Button(label, action)

    def step_button(self, label: str, action: str) -> Button:
        """A button valid only while the step being shown now is current."""
        self._step_buttons_shown = True
        return Button(label, build_action(action, version=self.state.version + 1))

    def show_question(self, flow: str, question: Question, lead: str = "") -> None:
        """Show a declared step's question; its choices become step-bound buttons."""
        rows: list[list[Button]] = []
        for row in question.rows:
            rows.append([
                self.step_button(item.label, build_action(flow, "pick", item.key))
                if isinstance(item, Choice) else item
                for item in row
            ])
        text = f"{lead}\n\n{question.text}" if lead else question.text
        if question.location_button:
            fallback = tuple(button for row in rows for button in row)
            self.add(LocationRequest(text, question.location_button, fallback))
        else:
            self.say(text, rows)

    def menu_button(self) -> Button:
        return Button(self.t("core.button_menu"), "core:menu")

    def menu_rows(self) -> list[list[Button]]:
        items = [Button(self.pick(item.label), item.action) for item in self.catalogue.menu]
        return [items[i : i + 2] for i in range(0, len(items), 2)]

    def show_menu(self, prompt: str | None = None) -> None:
        self.say(prompt or self.t("core.menu_prompt"), self.menu_rows())

    def not_understood(self, *, dead_end: bool = False) -> None:
        """Say this input was not understood (with a person to call when ``dead_end``)."""
        self.memo[NOT_UNDERSTOOD_MEMO] = True
        text = self.t("core.not_understood")
        if dead_end:
            self.dead_end(text)
        else:
            self.show_menu(text)

    def dead_end(self, message: str) -> None:
        """When the bot cannot help: say so, offer a person to call, and the menu."""
        self.show_menu(f"{message}\n\n{self.human_help()}")

    def human_help(self, *, with_hours: bool = False) -> str:
        contacts = self.catalogue.contacts
        centre, team = contacts["job_centre"], contacts["youth_policy_team"]
        text = self.t(
            "core.human_help",
            job_centre=self.pick(centre.name),
            job_centre_phone=centre.phone or "-",
            policy_team=self.pick(team.name),
            policy_team_phone=team.phone or "-",
        )
        if not with_hours:
            return text
        # Hours are shown only where contacts.yaml gives them (sourced); otherwise the user
        # is told to check them rather than shown a guess.
        hours = [
            self.t("core.contact_hours", name=self.pick(c.name), hours=self.pick(c.hours))
            for c in (centre, team) if c.hours
        ]
        return "\n".join([text, *hours]) if hours else f"{text}\n{self.t('core.hours_unknown')}"

    # -- state --

    def goto(self, step: str, **data: Any) -> None:
        if self.state.flow != self.flow_name:
            # Entering a flow starts clean: another flow's half-answers never leak in.
            self.state.data = {}
        self.state.flow = self.flow_name
        self.state.step = step
        self.state.data.update(data)

    def finish(self) -> None:
        self.state.flow = None
        self.state.step = None
        self.state.data = {}
        self._typed = None
        self._typed_flow = ""

    def flow_state(self, flow: str, model: type[S]) -> S:
        """This flow's typed state (fresh when the user is not in the flow yet).

        Raises ``StaleState`` when the saved row does not fit ``model``.
        """
        if self._typed is None or self._typed_flow != flow:
            data = self.state.data if self.state.flow == flow else {}
            self._typed, self._typed_flow = load_state(model, data), flow
        return cast(S, self._typed)

    def enter_step(self, flow: str, step: str) -> None:
        """Make ``step`` of ``flow`` the current one (entering a flow starts it clean)."""
        if self.state.flow != flow:
            self.state.data = {}
            if self._typed_flow != flow:
                self._typed, self._typed_flow = None, ""
        self.state.flow = flow
        self.state.step = step

    def sync_state(self) -> None:
        """Write the typed state back into the row the store saves."""
        if self._typed is not None and self.state.flow == self._typed_flow:
            self.state.data = dump_state(self._typed)

    def pause_current(self) -> None:
        """Set the current flow aside (a different request was typed mid-flow) so that
        ``take_paused`` can bring it back exactly as it was."""
        self.sync_state()
        self.state.paused = {
            "flow": self.state.flow,
            "step": self.state.step,
            "data": dict(self.state.data),
            "at": self.now.isoformat(timespec="seconds"),
        }
        self.finish()

    def take_paused(self) -> tuple[str, str] | None:
        """Make the paused flow current again: its (flow, step), or None if none is kept."""
        paused, self.state.paused = self.state.paused or {}, None
        flow, step, data = paused.get("flow"), paused.get("step"), paused.get("data")
        if not isinstance(flow, str) or not isinstance(step, str):
            return None
        self.state.flow, self.state.step = flow, step
        self.state.data = data if isinstance(data, dict) else {}
        self._typed, self._typed_flow = None, ""
        return flow, step

    @property
    def step_buttons_shown(self) -> bool:
        return self._step_buttons_shown
