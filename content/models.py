"""The shapes of the content files. Staff edit YAML; these models check every field."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from content.localized import LocalizedText

IDENTIFIER = r"^[a-z][a-z0-9_]{1,39}$"
# An action is "flow" or "flow:verb[:arg...]": short, so it fits a Telegram button (64 bytes).
ACTION = r"^[a-z][a-z0-9_]*(:[A-Za-z0-9_.\-]+)*$"


def _web_addresses(value: list[str]) -> list[str]:
    for url in value:
        if not re.match(r"^https?://\S+$", url):
            raise ValueError(f"'{url}' is not a web address")
    return value


# Where a fact comes from: at least one web address (programs, rules, shops). Staff-imported
# places may cite a phone call or a visit instead, so places.yaml has its own rule.
Sources = Annotated[list[str], Field(min_length=1), AfterValidator(_web_addresses)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Link(Strict):
    label: LocalizedText
    url: str

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s]+$", value):
            raise ValueError("must be a web address starting with http:// or https://")
        return value


class Contact(Strict):
    id: str = Field(pattern=IDENTIFIER)
    name: LocalizedText
    phone: str | None = Field(default=None, pattern=r"^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$")
    hours: LocalizedText | None = None
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    # Where the number comes from and the date of that source: a number users are told
    # to call is a fact like any other (content-audit-2026-12 §5).
    sources: Sources
    as_of: date


class ProgramAction(Strict):
    """A button on a program's card that starts a flow (e.g. booking a suit)."""

    label: LocalizedText
    action: str = Field(pattern=ACTION)


# closed = the current call for applicants is over (the program itself may still run).
ProgramStatus = Literal["active", "seasonal", "closed", "suspended", "ended", "unknown"]

# Who runs a program: the city, the province, or the national government. Users are told,
# because a national or Gyeonggi program is applied for elsewhere (복지로, 잡아바, 고용센터).
ProgramScope = Literal["goyang", "gyeonggi", "national"]


class Program(Strict):
    """One program or service, like an aides-jeunes benefit file."""

    id: str = Field(pattern=IDENTIFIER)
    category: str = Field(pattern=IDENTIFIER)
    scope: ProgramScope
    name: LocalizedText
    aliases: list[str] = Field(default_factory=list)
    summary: LocalizedText
    audience: LocalizedText
    benefit: LocalizedText
    how_to_apply: LocalizedText
    contact: LocalizedText
    status: ProgramStatus
    status_note: LocalizedText | None = None
    # The last year a source confirms the status for, and that source (one of ``sources``).
    # Only an ``active`` program confirmed for the current year counts as open to apply to.
    confirmed_until: int = Field(ge=2000, le=2100)
    status_source: str
    # When the status is about Goyang only (청년기본소득: Goyang is out, the rest of Gyeonggi
    # runs it): what a Gyeonggi resident outside Goyang is told instead of status_note.
    elsewhere_note: LocalizedText | None = None
    documents: list[LocalizedText] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    actions: list[ProgramAction] = Field(default_factory=list, max_length=2)
    sources: Sources
    # The date of the newest source (when only the year is known: 1 January) and the date
    # a person last checked the card against its sources.
    source_date: date
    as_of: date

    @model_validator(mode="after")
    def _status_is_sourced(self) -> Program:
        if self.status_source not in self.sources:
            raise ValueError(f"status_source '{self.status_source}' must be one of sources")
        if self.source_date > self.as_of:
            raise ValueError(
                f"source_date {self.source_date} is after as_of {self.as_of}: a card cannot "
                "cite a source newer than its last check"
            )
        if self.confirmed_until > self.as_of.year:
            raise ValueError(
                f"confirmed_until {self.confirmed_until} is after the year of as_of "
                f"({self.as_of.year})"
            )
        if self.status == "active" and self.confirmed_until < self.as_of.year:
            raise ValueError(
                f"status 'active' needs a source for {self.as_of.year} (the year of as_of), "
                f"but confirmed_until is {self.confirmed_until}: use 'unknown' and say in "
                "status_note until when it is confirmed"
            )
        if self.status != "active" and self.status_note is None:
            raise ValueError(f"status '{self.status}' needs a status_note saying why")
        return self

    def confirmed_running(self, today: date) -> bool:
        """True only when a source confirms the program takes applicants this year."""
        return self.status == "active" and self.confirmed_until >= today.year


class Category(Strict):
    id: str = Field(pattern=IDENTIFIER)
    name: LocalizedText


class MenuItem(Strict):
    id: str = Field(pattern=IDENTIFIER)
    label: LocalizedText
    action: str = Field(pattern=ACTION)


class Intent(Strict):
    """Phrases that send free text to an action (a flow, or a flow step with arguments)."""

    action: str = Field(pattern=ACTION)
    phrases: list[str] = Field(min_length=1)


class UiString(Strict):
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)
