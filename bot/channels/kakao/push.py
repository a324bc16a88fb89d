"""The push dispatcher's sender for KakaoTalk users: one outbox message → one Event API call.

``KakaoPushSender.send(user, reply)`` flattens the reply to text (``render_event_text``),
asks Kakao to run the event block for the user's botUserKey (the key stored as their
``channel_user_id`` on their first skill request) and maps the answer onto the
dispatcher's outcomes (``bot.push.dispatcher``):

=============================================  ===========================================
Event API answer                               dispatcher outcome
=============================================  ===========================================
``status: SUCCESS``                            ok (Kakao accepted it; delivery is async)
HTTP 429                                       rate limited, with Kakao's Retry-After
HTTP 5xx, timeout, network error, not JSON     transient (retried later with backoff)
HTTP 4xx, ``status: FAIL``                     permanent (wrong key/bot/event: fix config)
=============================================  ===========================================

Kakao reports a user who is not a channel friend only in the asynchronous task result, so
"blocked" is never returned here. The sender itself does not retry (``retries=0``): the
dispatcher owns retries, pacing and quiet hours.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.channels.kakao.events import DEFAULT_BASE_URL, EventRecipient, KakaoEventSender
from bot.channels.kakao.render import render_event_text
from db.users import User
from handlers.dialog.types import Reply

if TYPE_CHECKING:
    from bot.push.dispatcher import SendResult
    from bot.settings import Settings

log = logging.getLogger(__name__)


class KakaoPushSender:
    def __init__(self, events: KakaoEventSender) -> None:
        self.events = events

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> KakaoPushSender | None:
        """The sender when ``KAKAO_BOT_ID`` and ``KAKAO_REST_API_KEY`` are set, else None."""
        if not settings.kakao_bot_id or not settings.kakao_rest_api_key:
            return None
        events = KakaoEventSender(
            bot_id=settings.kakao_bot_id,
            rest_api_key=settings.kakao_rest_api_key,
            event_name=settings.kakao_event_name,
            base_url=settings.kakao_api_base_url or DEFAULT_BASE_URL,
            retries=0,
            **options,
        )
        return cls(events)

    async def aclose(self) -> None:
        await self.events.aclose()

    async def send(self, user: User, message: Reply) -> SendResult:
        from bot.push.dispatcher import SendResult, SendStatus

        (result,) = await self.events.send(
            [EventRecipient(user.channel_user_id)], {"text": render_event_text(message)}
        )
        if result.ok:
            log.debug("kakao push accepted, task %s", result.task_id)
            return SendResult.ok()
        error = result.error or "unknown"
        if result.retry_after is not None or error.startswith("HTTP 429"):
            return SendResult(
                SendStatus.RATE_LIMITED, retry_after=result.retry_after or 1.0, error=error
            )
        if result.retryable:
            return SendResult(SendStatus.TRANSIENT, error=error)
        return SendResult(SendStatus.PERMANENT, error=error)
