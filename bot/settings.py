"""Settings from environment variables (and an optional ``.env``), checked at start-up.

A wrong value stops the bot with one line naming the variable, e.g.
``GOYANG_BOT_ADMINS: must be comma-separated numeric Telegram user ids (got 'abc')``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from db.database import POSTGRES_SCHEMES, sqlite_path

DEFAULT_API_BASE = "https://api.telegram.org/bot"
DEFAULT_KAKAO_API_BASE = "https://bot-api.kakao.com"
_HTTP_ADDRESS = re.compile(r"^https?://[^\s/]+(/\S*)?$")
# A field's text and what to say when it does not match (pydantic names the variable).
_CHECKED: dict[str, tuple[re.Pattern[str], str]] = {
    "web_secret": (re.compile(r".{32,}", re.S),
                   "must be at least 32 random characters (signs the session cookies)"),
    "public_url": (_HTTP_ADDRESS,
                   "must be the address people open, like https://bot.example.kr"),
    "kakao_skill_secret": (re.compile(r".{16,}", re.S),
                           "must be at least 16 characters (a random string; see docs/kakao.md)"),
    "kakao_secret_header": (re.compile(r"[A-Za-z0-9-]{1,64}"),
                            "must be an HTTP header name (letters, digits and '-')"),
    "kakao_event_name": (re.compile(r"[A-Za-z0-9_\-]{1,64}"),
                         "must be the Open Builder event name (letters, digits, '_' or '-')"),
    "telegram_webhook_url": (re.compile(r"https://[^\s/]+(/\S*)?"),
                             "must be the public https:// address of /telegram/webhook"),
    "telegram_webhook_secret": (re.compile(r"[A-Za-z0-9_-]{16,256}"),
                                "must be 16-256 characters of A-Z, a-z, 0-9, '_' or '-'"),
}
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,100}$")


class SettingsError(Exception):
    """A configuration value is wrong; the message is one line naming the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default=DEFAULT_API_BASE, alias="TELEGRAM_API_BASE_URL")
    # An SQLite file (a path, or sqlite:PATH) or a PostgreSQL URL (postgresql://…), kept as
    # text: a URL read as a path would lose the second slash.
    db_path: Path | str = Field(default=Path("var/goyang-bot.sqlite3"), alias="GOYANG_BOT_DB")
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
    push_interval_seconds: float = Field(
        default=10.0, ge=1, le=3600, alias="GOYANG_BOT_PUSH_INTERVAL"
    )
    work24_auth_key: str | None = Field(default=None, alias="WORK24_AUTH_KEY", repr=False)
    work24_url: str = Field(
        default="https://www.work24.go.kr/cm/openApi/call/wk/callOpenApiSvcInfo210L01.do",
        alias="WORK24_URL",
    )
    work24_fetch_minutes: int = Field(default=60, ge=0, le=7 * 24 * 60,
                                      alias="WORK24_FETCH_MINUTES")

    # -- data that lasts: daily backup (when a folder is set) and retention --
    backup_dir: Path | None = Field(default=None, alias="GOYANG_BOT_BACKUP_DIR")
    backup_keep_days: int = Field(default=14, ge=1, le=3650, alias="GOYANG_BOT_BACKUP_KEEP")
    retention_days: int = Field(default=365, ge=30, le=3650, alias="GOYANG_BOT_RETENTION_DAYS")

    # -- goyang-bot serve (HTTP: Kakao skill, health check, Telegram webhook) --
    host: str = Field(default="127.0.0.1", min_length=1, alias="GOYANG_BOT_HOST")
    port: int = Field(default=8080, ge=1, le=65535, alias="GOYANG_BOT_PORT")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    kakao_skill_secret: str | None = Field(default=None, alias="KAKAO_SKILL_SECRET")
    kakao_secret_header: str = Field(default="X-Goyang-Skill-Secret", alias="KAKAO_SECRET_HEADER")
    kakao_bot_id: str | None = Field(default=None, alias="KAKAO_BOT_ID")
    kakao_block_id: str | None = Field(default=None, alias="KAKAO_BLOCK_ID")
    kakao_max_body_bytes: int = Field(
        default=64 * 1024, ge=1024, le=10 * 1024 * 1024, alias="KAKAO_MAX_BODY_BYTES"
    )
    kakao_rest_api_key: str | None = Field(default=None, alias="KAKAO_REST_API_KEY")
    kakao_event_name: str = Field(default="goyang_push", alias="KAKAO_EVENT_NAME")
    kakao_api_base_url: str = Field(default=DEFAULT_KAKAO_API_BASE, alias="KAKAO_API_BASE_URL")

    # -- the staff console (/staff) and the web chat (/chat), see docs/staff.md --
    web_secret: str | None = Field(default=None, alias="GOYANG_BOT_WEB_SECRET", repr=False)
    public_url: str | None = Field(default=None, alias="GOYANG_BOT_PUBLIC_URL")
    web_chat: bool = Field(default=True, alias="GOYANG_BOT_WEB_CHAT")

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        token = str(value).strip()
        if not _TOKEN.match(token):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return token

    @field_validator("telegram_api_base_url", "kakao_api_base_url", "work24_url")
    @classmethod
    def _http_address(cls, value: str, info: ValidationInfo) -> str:
        if not _HTTP_ADDRESS.match(value):
            example = cls.model_fields[str(info.field_name)].default
            raise ValueError(f"must be an http(s) address like {example}")
        return value

    @field_validator(
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "kakao_skill_secret",
        "kakao_bot_id",
        "kakao_block_id",
        "kakao_rest_api_key",
        "backup_dir",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("db_path", mode="before")
    @classmethod
    def _database(cls, value: Any) -> Path | str:
        text = str(value).strip()
        if not text:
            raise ValueError("must be an SQLite file path or a postgresql:// URL")
        if text.startswith(POSTGRES_SCHEMES):
            return text
        return sqlite_path(text)

    @field_validator("web_secret", "public_url", mode="before")
    @classmethod
    def _blank_web_value_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().rstrip("/") or None
        return value

    @field_validator(*_CHECKED)
    @classmethod
    def _checked(cls, value: str | None, info: ValidationInfo) -> str | None:
        """One rule per field in ``_CHECKED``: the text must match its pattern whole."""
        if value is None:
            return None
        pattern, problem = _CHECKED[str(info.field_name)]
        value = value.strip()
        if not pattern.fullmatch(value):
            raise ValueError(problem)
        return value

    @field_validator("work24_fetch_minutes")
    @classmethod
    def _fetch_minutes(cls, value: int) -> int:
        if 0 < value < 5:
            raise ValueError("must be 0 (no scheduled fetch) or at least 5 minutes")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is")
        return self

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
