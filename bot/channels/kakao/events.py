"""Push messages to KakaoTalk users through the chatbot Event API.

``POST {base_url}/v2/bots/{botId}/talk`` with ``Authorization: KakaoAK {REST API key}``
asks Kakao to run the Open Builder block that has the configured event name for up to
100 users; ``event.data`` is available to that block as ``{{#current.event.data.*}}``
(e.g. ``{{#current.event.data.text}}``). Kakao answers with a ``taskId`` and
``status`` (``SUCCESS``/``FAIL``); delivery itself is asynchronous.

``KakaoEventSender.send`` splits the recipients into calls of at most 100, retries
transient failures (network errors, timeouts, HTTP 429 and 5xx) with backoff, and returns
one ``EventResult`` per recipient, so the caller can mark each outbox row sent, retry it
later or drop it. A development channel's bot id ends in ``!`` (pass it as configured).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.kakao.com"
MAX_USERS_PER_CALL = 100
KeyType = Literal["botUserKey", "plusfriendUserKey", "appUserId"]


@dataclass(frozen=True, slots=True)
class EventRecipient:
    key: str
    key_type: KeyType = "botUserKey"


@dataclass(frozen=True, slots=True)
class EventResult:
    """What happened for one recipient. ``retryable`` failures may succeed later."""

    recipient: EventRecipient
    ok: bool
    task_id: str | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None  # Kakao's Retry-After on a final 429, in seconds


class KakaoEventSender:
    def __init__(
        self,
        *,
        bot_id: str,
        rest_api_key: str,
        event_name: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not bot_id or not rest_api_key or not event_name:
            raise ValueError("bot_id, rest_api_key and event_name are all required")
        self.bot_id = bot_id
        self.event_name = event_name
        self.url = f"{base_url.rstrip('/')}/v2/bots/{bot_id}/talk"
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self._headers = {"Authorization": f"KakaoAK {rest_api_key}"}
        self._own_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout
        self._sleep = sleep

    async def aclose(self) -> None:
        if self._own_client:
            await self._client.aclose()

    async def __aenter__(self) -> KakaoEventSender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def send(
        self,
        recipients: Sequence[EventRecipient],
        data: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> list[EventResult]:
        """Send the event to every recipient (each once); one result per distinct recipient,
        in the order given."""
        unique = list(dict.fromkeys(recipients))
        results: list[EventResult] = []
        for start in range(0, len(unique), MAX_USERS_PER_CALL):
            batch = unique[start : start + MAX_USERS_PER_CALL]
            results.extend(await self._send_batch(batch, data, params))
        return results

    async def _send_batch(
        self,
        batch: list[EventRecipient],
        data: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
    ) -> list[EventResult]:
        event: dict[str, Any] = {"name": self.event_name}
        if data:
            event["data"] = dict(data)
        body: dict[str, Any] = {
            "event": event,
            "user": [{"type": r.key_type, "id": r.key} for r in batch],
        }
        if params:
            body["params"] = dict(params)

        error, retryable = "not sent", True
        retry_after: float | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                await self._sleep(self._delay(attempt, retry_after))
            retry_after = None
            try:
                response = await self._client.post(
                    self.url, json=body, headers=self._headers, timeout=self._timeout
                )
            except httpx.TimeoutException:
                error, retryable = "timeout", True
                continue
            except httpx.TransportError as exc:
                error, retryable = f"network error: {type(exc).__name__}", True
                continue
            outcome = _read_response(response)
            if outcome.ok:
                return [EventResult(r, ok=True, task_id=outcome.task_id) for r in batch]
            error, retryable = outcome.error, outcome.retryable
            retry_after = outcome.retry_after
            if not retryable:
                break
        log.warning("kakao event api: %d users not sent: %s", len(batch), error)
        return [
            EventResult(r, ok=False, error=error, retryable=retryable, retry_after=retry_after)
            for r in batch
        ]

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Kakao's Retry-After when it gave one (capped), else exponential backoff."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return float(self.backoff * 2 ** (attempt - 1))


@dataclass(frozen=True, slots=True)
class _Outcome:
    ok: bool
    task_id: str | None = None
    error: str = ""
    retryable: bool = False
    retry_after: float | None = None


def _read_response(response: httpx.Response) -> _Outcome:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    message = ""
    if isinstance(body, dict):
        message = str(body.get("message") or body.get("msg") or "")[:200]
    if status == 429:
        return _Outcome(
            False, error="HTTP 429 rate limited", retryable=True, retry_after=_retry_after(response)
        )
    if status >= 500:
        return _Outcome(False, error=f"HTTP {status}", retryable=True)
    if status >= 400:
        detail = f": {message}" if message else ""
        return _Outcome(False, error=f"HTTP {status}{detail}", retryable=False)
    if not isinstance(body, dict):
        return _Outcome(False, error="answer is not JSON", retryable=True)
    if str(body.get("status", "")).upper() != "SUCCESS":
        detail = message or str(body.get("status") or "no status")
        return _Outcome(False, error=f"FAIL: {detail}", retryable=False)
    task_id = body.get("taskId") or body.get("task_id")
    return _Outcome(True, task_id=str(task_id) if task_id else None)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
