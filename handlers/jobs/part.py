"""What every part of the jobs flow shares: the flow it belongs to, its stores, its wording."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.jobs import AlertSettings, AlertSettingsRepository, Subscription, SubscriptionRepository
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction
from handlers.jobs.state import JobsState

if TYPE_CHECKING:
    from handlers.jobs.flow import JobsFlow


class JobsPart:
    """One conversation of the jobs flow (search, a new alert, my alerts)."""

    def __init__(self, flow: JobsFlow) -> None:
        self.flow = flow

    def act(self, verb: str, *args: object) -> str:
        return self.flow.act(verb, *args)

    def state(self, ctx: Context) -> JobsState:
        return self.flow.state(ctx)

    async def ask(self, ctx: Context, step: str, lead: str = "") -> None:
        await self.flow.ask(ctx, step, lead)


def subscriptions(ctx: Context) -> SubscriptionRepository:
    return ctx.store.subscriptions


def alert_settings(ctx: Context) -> AlertSettingsRepository:
    return ctx.store.alert_settings


def number_arg(value: str) -> int:
    """A number from a button payload; a forged one is an invalid action."""
    try:
        number = int(value)
    except ValueError:
        raise InvalidAction(value) from None
    if number < 0 or number > 10**9:
        raise InvalidAction(value)
    return number


def words(ctx: Context, key: str) -> tuple[str, ...]:
    """Typed words that count as one answer, from a ``|``-separated string."""
    return tuple(w.strip() for w in ctx.t(key).split("|") if w.strip())


def type_label(ctx: Context, value: str | None) -> str:
    return ctx.t("jobs.any") if value in (None, "any") else ctx.t(f"jobs.type_{value}")


def career_label(ctx: Context, value: str | None) -> str:
    return ctx.t("jobs.any") if value in (None, "any") else ctx.t(f"jobs.career_{value}")


def frequency_text(ctx: Context, frequency: str, digest_time: str) -> str:
    if frequency == "daily":
        return ctx.t("jobs.daily_at", time=digest_time)
    return ctx.t("jobs.freq_instant")


def alert_line(ctx: Context, n: int, sub: Subscription, settings: AlertSettings) -> str:
    return ctx.t(
        "jobs.list_item",
        n=n,
        state=ctx.t("jobs.state_on" if sub.active else "jobs.state_paused"),
        keywords=", ".join(sub.keywords) or ctx.t("jobs.search_all"),
        districts=", ".join(sub.districts) or ctx.t("jobs.district_all"),
        frequency=frequency_text(ctx, sub.frequency, settings.digest_time),
    )
