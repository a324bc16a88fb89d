"""Job alerts inside the running bot: the push dispatcher as a background task.

``start_push(app)`` (called from the Telegram application's ``post_init``) starts
``Dispatcher.run_forever``: every ``GOYANG_BOT_PUSH_INTERVAL`` seconds (default 10) it
turns due daily digests into outbox rows and drains due outbox rows through the Telegram
sender. With ``WORK24_AUTH_KEY`` set it also runs the scheduled 고용24 fetch
(``bot/jobs/schedule.py``). ``stop_push(app)`` cancels both on shutdown; a row being sent at
that moment stays claimed and is sent again once its claim expires (10 s, see
``bot/push/dispatcher.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

from bot.jobs.ingest import build_due_digests
from bot.jobs.maintenance import DailyMaintenance
from bot.jobs.schedule import FetchSchedule
from bot.push.dispatcher import Dispatcher, Sender
from content.catalogue import Catalogue
from db.database import Database
from db.store import Store
from handlers.booking.policy import booking_policy
from handlers.booking.push import dispatcher_renderers as booking_dispatcher_renderers
from handlers.jobs.messages import job_renderers

log = logging.getLogger(__name__)
PUSH_TASK = "push_task"
PUSH_SENDERS = "push_senders"
FETCH_TASK = "work24_fetch_task"
CONSOLE = "console"
MAX_IN_FLIGHT = 4


def build_dispatcher(
    db: Database,
    catalogue: Callable[[], Catalogue],
    senders: Mapping[str, Sender],
    maintenance: DailyMaintenance | None = None,
    **options: Any,
) -> Dispatcher:
    """A dispatcher for every push kind the bot has (job alerts and digests, booking
    reminders and offers), building due digests before each pass; with ``maintenance``,
    the first pass of each day also backs up and applies retention."""
    options.setdefault("max_in_flight", MAX_IN_FLIGHT)
    if not options.get("channels"):
        # The terminal chat pushes to its user itself (bot/channels/console/push.py).
        options.setdefault("exclude_channels", (CONSOLE,))
    store = Store(db)
    bookings = store.bookings
    renderers = {
        **job_renderers(store, catalogue),
        **booking_dispatcher_renderers(bookings, catalogue),
    }
    dispatcher = Dispatcher(db, senders, renderers, **options)

    async def before_pass(now: Any) -> None:
        if maintenance is not None:
            await maintenance.run_if_due(now)
        queued = await build_due_digests(db, now)
        if queued:
            log.info("queued %d daily digests", queued)
        # Waitlist offers past their deadline pass to the next person in line; the
        # offer messages they create go out in this same pass.
        content = catalogue().booking
        if content is not None:
            offered = await bookings.expire_offers(booking_policy(content), now=now)
            if offered:
                log.info("made %d waitlist offers", offered)

    dispatcher.before_pass = before_pass
    return dispatcher


def channel_senders(settings: Any, telegram_bot: Any | None) -> dict[str, Sender]:
    """A sender per channel that can push: Telegram (given its bot), Kakao when configured."""
    from bot.channels.kakao.push import KakaoPushSender
    from bot.channels.telegram.push import TelegramSender

    senders: dict[str, Sender] = {}
    if telegram_bot is not None:
        senders["telegram"] = TelegramSender(telegram_bot)
    kakao = KakaoPushSender.from_settings(settings) if settings is not None else None
    if kakao is not None:
        senders["kakao"] = kakao
    return senders


def start_push(app: Any, interval: float = 10.0) -> None:
    """Start the dispatcher for a PTB application whose ``bot_data`` holds the runtime.
    Calling it again while it runs does nothing (one dispatcher per process)."""
    runtime = app.bot_data["runtime"]
    start_dispatcher(
        app.bot_data,
        runtime,
        channel_senders(getattr(runtime, "settings", None), app.bot),
        interval,
    )


def start_dispatcher(
    holder: dict[str, Any], runtime: Any, senders: Mapping[str, Sender], interval: float = 10.0
) -> None:
    """Run the dispatcher as a task kept in ``holder`` (a PTB ``bot_data`` or any dict);
    for a server without Telegram (Kakao only) pass the senders it has."""
    running = holder.get(PUSH_TASK)
    if running is not None and not running.done():
        return
    maintenance = DailyMaintenance.from_settings(
        runtime.store, getattr(runtime, "settings", None)
    )
    dispatcher = build_dispatcher(
        runtime.store.db, lambda: runtime.engine.catalogue, senders, maintenance
    )
    holder[PUSH_SENDERS] = senders
    holder[PUSH_TASK] = asyncio.create_task(
        dispatcher.run_forever(interval), name="push-dispatcher"
    )
    log.info("push dispatcher started (every %.0f s)", interval)
    start_fetch(holder, runtime)


def start_fetch(holder: dict[str, Any], runtime: Any) -> None:
    """Run the scheduled 고용24 fetch as a task kept in ``holder``, when it is configured."""
    running = holder.get(FETCH_TASK)
    if running is not None and not running.done():
        return
    schedule = FetchSchedule.from_settings(runtime.store, getattr(runtime, "settings", None))
    if schedule is None:
        return
    holder[FETCH_TASK] = asyncio.create_task(schedule.run_forever(), name="work24-fetch")
    log.info("고용24 fetch scheduled every %d min", schedule.every.total_seconds() // 60)


async def stop_push(app: Any) -> None:
    await stop_dispatcher(app.bot_data)


async def stop_dispatcher(holder: dict[str, Any]) -> None:
    """Cancel the dispatcher task and the scheduled fetch (idempotent)."""
    for name in (FETCH_TASK, PUSH_TASK):
        task = holder.pop(name, None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    # Senders that own a connection pool (Kakao's Event API client) are closed with it.
    for sender in holder.pop(PUSH_SENDERS, {}).values():
        close = getattr(sender, "aclose", None)
        if close is not None:
            await close()
