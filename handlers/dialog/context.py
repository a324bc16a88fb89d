"""What a flow sees while it handles one input: the user, their state, the catalogue, the store."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from content.catalogue import Catalogue
from content.localized import pick
from db.conversations import ConversationState
from db.store import Store
from db.users import User
from handlers.dialog.types import Button, Incoming, Part, Reply, Text

STEP_MARK = "~"


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
    reply: Reply = field(default_factory=Reply)
    forgotten: bool = False
    _step_buttons_shown: bool = False

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
        return Button(label, f"{action}{STEP_MARK}{self.state.version + 1}")

    def menu_button(self) -> Button:
        return Button(self.t("core.button_menu"), "core:menu")

    def menu_rows(self) -> list[list[Button]]:
        items = [Button(self.pick(item.label), item.action) for item in self.catalogue.menu]
        return [items[i : i + 2] for i in range(0, len(items), 2)]

    def show_menu(self, prompt: str | None = None) -> None:
        self.say(prompt or self.t("core.menu_prompt"), self.menu_rows())

    def dead_end(self, message: str) -> None:
        """When the bot cannot help: say so, offer a person to call, and the menu."""
        self.show_menu(f"{message}\n\n{self.human_help()}")

    def human_help(self) -> str:
        contacts = self.catalogue.contacts
        centre, team = contacts["job_centre"], contacts["youth_policy_team"]
        return self.t(
            "core.human_help",
            job_centre=self.pick(centre.name),
            job_centre_phone=centre.phone or "-",
            policy_team=self.pick(team.name),
            policy_team_phone=team.phone or "-",
        )

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

    @property
    def step_buttons_shown(self) -> bool:
        return self._step_buttons_shown
