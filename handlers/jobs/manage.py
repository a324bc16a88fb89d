"""내 알림: list, edit, pause, resume, stop and delete alerts; the rest of a digest; staff figures.

Buttons under pushed alerts land here too: ``jobs:stop:<id>`` ("이 알림 그만 받기") and
``jobs:more:<day>:<from>`` (the rest of a daily digest). "알림 끄기" typed anywhere pauses
every alert (``jobs:alerts_off``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from content.jobs.alerts import digest_page
from db.jobs import (
    MAX_SUBSCRIPTIONS_PER_USER,
    Subscription,
)
from db.store import Store
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, Verb
from handlers.dialog.steps import NO, YES, Choice, Question, Step
from handlers.dialog.types import Button
from handlers.jobs.messages import digest_reply
from handlers.jobs.part import (
    JobsPart,
    alert_line,
    alert_settings,
    number_arg,
    subscriptions,
    words,
)
from handlers.jobs.records import posting_from_record
from handlers.jobs.state import JobsState, SubscriptionDraft


class MyAlerts(JobsPart):
    def steps(self) -> list[Step[JobsState]]:
        return [Step("delete", ask=self.ask_delete, answer=self.delete, back=False)]

    def verbs(self) -> Mapping[str, Verb]:
        return {
            "subs": self.list_subs,
            "edit": self.edit,
            "pause": self.pause,
            "resume": self.resume,
            "stop": self.stop,
            "del": self.confirm_delete,
            "alerts_off": self.alerts_off,
            "alerts_delete": self.alerts_delete,
            "resume_all": self.resume_all,
            "more": self.digest_more,
            "admin": self.admin,
        }

    async def list_subs(self, ctx: Context, args: Sequence[str]) -> None:
        subs = await subscriptions(ctx).for_user(ctx.user.id)
        if not subs:
            ctx.say(
                ctx.t("jobs.list_empty"),
                [[ctx.button(ctx.t("jobs.button_new_alert"), self.act("new"))],
                 [ctx.menu_button()]],
            )
            return
        settings = await alert_settings(ctx).get(ctx.user.id)
        lines = [ctx.t("jobs.list_head", count=len(subs))]
        rows: list[list[Button]] = []
        for n, sub in enumerate(subs, start=1):
            lines.append(alert_line(ctx, n, sub, settings))
            rows.append(self._alert_row(ctx, n, sub))
        if len(subs) < MAX_SUBSCRIPTIONS_PER_USER:
            rows.append([ctx.button(ctx.t("jobs.button_new_alert"), self.act("new"))])
        rows.append([ctx.menu_button()])
        ctx.say("\n".join(lines), rows)

    def _alert_row(self, ctx: Context, n: int, sub: Subscription) -> list[Button]:
        toggle = (
            ctx.button(ctx.t("jobs.button_pause", n=n), self.act("pause", sub.id))
            if sub.active
            else ctx.button(ctx.t("jobs.button_resume", n=n), self.act("resume", sub.id))
        )
        return [
            ctx.button(ctx.t("jobs.button_edit", n=n), self.act("edit", sub.id)),
            toggle,
            ctx.button(ctx.t("jobs.button_delete", n=n), self.act("del", sub.id)),
        ]

    async def _own(self, ctx: Context, args: Sequence[str]) -> Subscription | None:
        """The user's alert named in the payload; None (and "already deleted") otherwise."""
        if not args:
            raise InvalidAction("no alert id")
        sub = await subscriptions(ctx).get(number_arg(args[0]))
        if sub is None or sub.user_id != ctx.user.id:
            ctx.say(ctx.t("jobs.gone"), [[ctx.menu_button()]])
            return None
        return sub

    async def edit(self, ctx: Context, args: Sequence[str]) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        draft = SubscriptionDraft.model_validate({
            "keywords": list(sub.keywords),
            "districts": list(sub.districts),
            "emp_type": sub.emp_type,
            "career": sub.career,
            "frequency": sub.frequency,
            "edit": sub.id,
        })
        await self.flow.new_alert.begin(ctx, draft)

    async def pause(self, ctx: Context, args: Sequence[str]) -> None:
        await self._switch(ctx, args, active=False, message="jobs.paused")

    async def resume(self, ctx: Context, args: Sequence[str]) -> None:
        await self._switch(ctx, args, active=True, message="jobs.resumed")

    async def _switch(
        self, ctx: Context, args: Sequence[str], *, active: bool, message: str
    ) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        await subscriptions(ctx).set_active(sub.id, ctx.user.id, active, ctx.now)
        ctx.say(ctx.t(message))
        await self.list_subs(ctx, [])

    async def stop(self, ctx: Context, args: Sequence[str]) -> None:
        """'이 알림 그만 받기' under an alert: pause it at once, offer resume or delete."""
        if (sub := await self._own(ctx, args)) is None:
            return
        await subscriptions(ctx).set_active(sub.id, ctx.user.id, False, ctx.now)
        ctx.say(
            ctx.t("jobs.stopped"),
            [
                [
                    ctx.button(ctx.t("jobs.button_resume_this"), self.act("resume", sub.id)),
                    ctx.button(ctx.t("jobs.button_delete_this"), self.act("del", sub.id)),
                ],
                [ctx.menu_button()],
            ],
        )

    # -- delete: one question ---------------------------------------------------------

    async def confirm_delete(self, ctx: Context, args: Sequence[str]) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        state = self.state(ctx)
        state.deleting, state.deleting_all, state.trail = sub.id, False, []
        await self.ask(ctx, "delete")

    async def alerts_delete(self, ctx: Context, args: Sequence[str]) -> None:
        """ "알림 그만 받을래요 삭제해 주세요" typed: delete (not pause), after one question."""
        subs = await subscriptions(ctx).for_user(ctx.user.id)
        if len(subs) <= 1:
            await (self.confirm_delete(ctx, [str(subs[0].id)]) if subs
                   else self.list_subs(ctx, []))
            return
        state = self.state(ctx)
        state.deleting, state.deleting_all, state.trail = None, True, []
        await self.ask(ctx, "delete")

    async def ask_delete(self, ctx: Context, state: JobsState) -> Question:
        sub = await subscriptions(ctx).get(state.deleting) if state.deleting else None
        item = ctx.t("jobs.gone")  # deleted meanwhile (another device): "yes" says so again
        if state.deleting_all:
            item = ctx.t("jobs.every_alert")
        elif sub is not None and sub.user_id == ctx.user.id:
            item = alert_line(ctx, 1, sub, await alert_settings(ctx).get(ctx.user.id))
        return Question(ctx.t("jobs.confirm_delete", item=item), [[
            Choice("yes", ctx.t("jobs.button_yes_delete"), True,
                   words(ctx, "jobs.words_yes_delete"), kind=YES),
            Choice("no", ctx.t("jobs.button_no"), False, words(ctx, "jobs.words_no"), kind=NO),
        ]])

    async def delete(self, ctx: Context, state: JobsState, yes: bool) -> None:
        sub_id, every = state.deleting, state.deleting_all
        ctx.finish()
        if yes and every:
            repo = subscriptions(ctx)
            gone = [await repo.delete(s.id, ctx.user.id) for s in await repo.for_user(ctx.user.id)]
            ctx.say(ctx.t("jobs.deleted_all", count=sum(gone)))
        elif yes and sub_id is not None:
            deleted = await subscriptions(ctx).delete(sub_id, ctx.user.id)
            ctx.say(ctx.t("jobs.deleted" if deleted else "jobs.gone"))
        await self.list_subs(ctx, [])

    # -- all alerts at once -----------------------------------------------------------

    async def alerts_off(self, ctx: Context, args: Sequence[str]) -> None:
        repo = subscriptions(ctx)
        subs = [s for s in await repo.for_user(ctx.user.id) if s.active]
        if not subs:
            await self.list_subs(ctx, [])
            return
        for sub in subs:
            await repo.set_active(sub.id, ctx.user.id, False, ctx.now)
        ctx.say(
            ctx.t("jobs.all_paused", count=len(subs)),
            [
                [ctx.button(ctx.t("jobs.button_resume_all"), self.act("resume_all"))],
                [ctx.button(ctx.t("jobs.button_my_alerts"), self.act("subs")),
                 ctx.menu_button()],
            ],
        )

    async def resume_all(self, ctx: Context, args: Sequence[str]) -> None:
        repo = subscriptions(ctx)
        for sub in await repo.for_user(ctx.user.id):
            await repo.set_active(sub.id, ctx.user.id, True, ctx.now)
        ctx.say(ctx.t("jobs.resumed"))
        await self.list_subs(ctx, [])

    # -- the rest of a digest ---------------------------------------------------------

    async def digest_more(self, ctx: Context, args: Sequence[str]) -> None:
        if len(args) != 2 or len(args[0]) != 8 or not args[0].isdigit():
            raise InvalidAction("more")
        try:
            day = datetime.strptime(args[0], "%Y%m%d").date().isoformat()
        except ValueError:
            raise InvalidAction(args[0]) from None
        offset = number_arg(args[1])
        payload = await ctx.store.outbox.payload_of(ctx.user.id, f"digest:{day}")
        records = await ctx.store.postings.get_many(_posting_ids(payload or {}))
        page = digest_page([posting_from_record(r) for r in records], ctx.now.date(), offset)
        if page is None:
            ctx.say(ctx.t("jobs.more_gone"), [[ctx.menu_button()]])
            return
        reply = digest_reply(page, day, offset, ctx.catalogue, ctx.locale, ctx.now.date())
        ctx.add(*reply.parts)

    # -- staff ------------------------------------------------------------------------

    async def admin(self, ctx: Context, args: Sequence[str]) -> None:
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("jobs.admin_only"))
            return
        stats = await job_stats(ctx.store, ctx.now.date())
        ctx.say(ctx.t("jobs.admin_stats", **stats), [[ctx.menu_button()]])


def _posting_ids(payload: dict[str, Any]) -> list[int]:
    ids = payload.get("posting_ids", [])
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


async def job_stats(store: Store, today: date) -> dict[str, int]:
    """Figures for /admin stats and ``goyang-bot alerts status``."""
    return {
        **await store.subscriptions.counts(),
        "postings": await store.postings.count(),
        "open": await store.postings.count(today),
        **await store.dispatch.status_counts("job"),
    }

