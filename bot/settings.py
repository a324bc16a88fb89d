"""Settings from environment variables (and an optional ``.env``), checked at start-up.

A wrong value stops the bot with one line naming the variable, e.g.
``GOYANG_BOT_ADMINS: must be comma-separated numeric Telegram user ids (got 'abc')``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE = "https://api.telegram.org/bot"
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,100}$")


class SettingsError(Exception):
    """A configuration value is wrong; the message is one line naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default=DEFAULT_API_BASE, alias="TELEGRAM_API_BASE_URL")
    db_path: Path = Field(default=Path("var/goyang-bot.sqlite3"), alias="GOYANG_BOT_DB")
    admins: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="GOYANG_BOT_ADMINS"
    )
    content_dir: Path | None = Field(default=None, alias="GOYANG_BOT_CONTENT_DIR")
    state_timeout_minutes: int = Field(
        default=30, ge=1, le=7 * 24 * 60, alias="GOYANG_BOT_STATE_TIMEOUT_MINUTES"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="LOG_LEVEL"
    )

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        value = str(value).strip()
        if not _TOKEN.match(value):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+(/\S*)?$", value):
            raise ValueError(f"must be an http(s) address like {DEFAULT_API_BASE}")
        return value

    @field_validator("admins", mode="before")
    @classmethod
    def _admins(cls, value: Any) -> frozenset[int]:
        if value is None or isinstance(value, frozenset | set | list | tuple):
            return frozenset(int(v) for v in value or ())
        ids: set[int] = set()
        for part in str(value).split(","):
            part = part.strip()
            if not part:
                continue
            if not re.fullmatch(r"-?\d{1,20}", part):
                raise ValueError(
                    f"must be comma-separated numeric Telegram user ids (got '{part[:30]}')"
                )
            ids.add(int(part))
        return frozenset(ids)

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return str(value).strip().upper() if value is not None else value


def load_settings(**overrides: Any) -> Settings:
    """Read the environment; raise ``SettingsError`` naming the first wrong variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        name = _alias(field)
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None


def _alias(field: str) -> str:
    info = Settings.model_fields.get(field)
    return info.alias if info is not None and info.alias else field
