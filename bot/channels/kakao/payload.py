"""Read a Kakao i Open Builder SkillPayload and turn it into the engine's ``Incoming``.

Parsing is tolerant: Kakao adds fields over time and the admin test console sends
placeholders, so unknown fields are ignored and every field is optional except the two
the bot cannot work without, ``userRequest.user.id`` (the botUserKey) and
``userRequest.utterance``.

How a request becomes an ``Incoming``:

* a button, quick reply or list item the bot rendered carries ``{"action": "..."}`` in its
  ``extra``; Kakao hands it back as ``action.clientExtra`` → ``Incoming.action``;
* ``/command args`` typed by the user → ``Incoming.command``;
* anything else typed → ``Incoming.text`` (free text, routed by the engine). Kakao gives no
  GPS, so a place name the user types (or that Open Builder extracted as ``sys.location``)
  reaches the place search as text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from handlers.dialog.types import Incoming

CHANNEL = "kakao"
MAX_USER_KEY = 200  # Kakao documents 70; leave room, refuse absurd values
MAX_ACTION = 256
_COMMAND = re.compile(r"^/([A-Za-z][A-Za-z0-9_]{0,31})(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)
_LOCATION_PARAMS = ("sys_location", "sys.location", "location", "place")


class PayloadError(ValueError):
    """The request is not a usable SkillPayload; ``reason`` is safe to show the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class KakaoUser(_Lenient):
    id: str = Field(min_length=1, max_length=MAX_USER_KEY)
    type: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _stripped(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("properties", mode="before")
    @classmethod
    def _dict_or_empty(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}

    @property
    def plusfriend_user_key(self) -> str | None:
        key = self.properties.get("plusfriendUserKey") or self.properties.get("plusfriend_user_key")
        return key if isinstance(key, str) and key else None


class UserRequest(_Lenient):
    user: KakaoUser
    utterance: str
    lang: str | None = None
    timezone: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    callback_url: str | None = Field(default=None, alias="callbackUrl")

    @field_validator("params", mode="before")
    @classmethod
    def _dict_or_empty(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}


class DetailParam(_Lenient):
    origin: Any = None
    value: Any = None


class SkillAction(_Lenient):
    id: str | None = None
    name: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    detail_params: dict[str, DetailParam] = Field(default_factory=dict, alias="detailParams")
    client_extra: Any = Field(default=None, alias="clientExtra")
    extra: Any = None

    @field_validator("params", mode="before")
    @classmethod
    def _dict_or_empty(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}

    @field_validator("detail_params", mode="before")
    @classmethod
    def _only_objects(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return {}
        return {k: v for k, v in value.items() if isinstance(v, dict)}


class Bot(_Lenient):
    id: str | None = None
    name: str | None = None


class SkillPayload(_Lenient):
    user_request: UserRequest = Field(alias="userRequest")
    action: SkillAction = Field(default_factory=SkillAction)
    bot: Bot = Field(default_factory=Bot)

    @field_validator("action", "bot", mode="before")
    @classmethod
    def _object_or_empty(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {}


def parse_skill_payload(body: bytes | str) -> SkillPayload:
    """Parse a request body; raises ``PayloadError`` with a short reason when unusable."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise PayloadError("body is not valid JSON") from None
    if not isinstance(data, dict):
        raise PayloadError("body must be a JSON object")
    try:
        return SkillPayload.model_validate(data)
    except ValidationError as exc:
        raise PayloadError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    error = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"{where} is missing"
    return f"{where}: {error['msg']}"


def bot_id_matches(payload: SkillPayload, expected: str) -> bool:
    """True when the payload's bot is ``expected`` (a development channel adds a '!')."""
    actual = (payload.bot.id or "").rstrip("!")
    return bool(actual) and actual == expected.rstrip("!")


def button_action(payload: SkillPayload) -> str | None:
    """The action the bot put in a pressed button's ``extra``, if any."""
    for extra in (payload.action.client_extra, payload.action.extra):
        if isinstance(extra, str):
            try:
                extra = json.loads(extra)
            except ValueError:
                continue
        if isinstance(extra, dict):
            action = extra.get("action")
            if isinstance(action, str) and 0 < len(action) <= MAX_ACTION and action.isprintable():
                return action
    return None


def location_text(payload: SkillPayload) -> str | None:
    """The place name Open Builder extracted from the utterance (``sys.location``), if any."""
    for name in _LOCATION_PARAMS:
        detail = payload.action.detail_params.get(name)
        for value in (
            payload.action.params.get(name),
            detail.value if detail else None,
            detail.origin if detail else None,
        ):
            text = _entity_text(value)
            if text:
                return text
    return None


def _entity_text(value: Any) -> str | None:
    """System entities arrive as plain strings, JSON strings or objects; keep the text."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("{"):
            try:
                value = json.loads(stripped)
            except ValueError:
                return stripped
        else:
            return stripped or None
    if isinstance(value, dict):
        for key in ("value", "resolved", "origin", "name"):
            inner = value.get(key)
            if isinstance(inner, str) and inner.strip():
                return inner.strip()
    return None


def language_hint(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.lower()
    if lang in ("ko", "kr", "ko-kr"):
        return "ko"
    if lang.startswith("en"):
        return "en"
    return None


def incoming_from_payload(payload: SkillPayload) -> Incoming:
    """The neutral input for the engine (see the module docstring for the mapping)."""
    request = payload.user_request
    user_key = request.user.id
    language = language_hint(request.lang)
    action = button_action(payload)
    if action is not None:
        return Incoming(channel=CHANNEL, user_key=user_key, action=action, language=language)
    utterance = request.utterance.strip()
    command = _COMMAND.match(utterance)
    if command:
        return Incoming(
            channel=CHANNEL,
            user_key=user_key,
            command=command.group(1).lower(),
            command_args=(command.group(2) or "").strip(),
            language=language,
        )
    text = utterance or location_text(payload) or ""
    return Incoming(channel=CHANNEL, user_key=user_key, text=text, language=language)
