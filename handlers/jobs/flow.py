"""채용 알림 · 채용 검색: subscribe to new postings by conversation, and search open ones.

The flow is three conversations, each in its own module:
  ``search.py``     home, ``/jobs 바리스타``, typed searches and their pages
  ``subscribe.py``  a new or edited alert, step by step (keywords → … → confirm)
  ``manage.py``     my alerts (edit / pause / resume / stop / delete), the rest of a
                    digest, "알림 끄기", ``/admin stats``

Entry points (payloads built with ``self.act``):
  ``jobs``                    home: type a job to search, or make/list alerts
  ``jobs:search``             search (``/jobs 바리스타``; text typed on the jobs page too)
  ``jobs:new``                a new alert
  ``jobs:subs``               list alerts
  ``jobs:stop:<id>``          "이 알림 그만 받기" under every alert (pauses it)
  ``jobs:alerts_off``         "알림 끄기" typed anywhere: pauses every alert
  ``jobs:more:<day>:<from>``  the rest of a daily digest
  ``/admin stats``            subscribers, postings, outbox counts (admins only)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow, Verb
from handlers.dialog.steps import Steps
from handlers.jobs.manage import MyAlerts
from handlers.jobs.part import subscriptions
from handlers.jobs.search import JobSearch
from handlers.jobs.state import JobsState
from handlers.jobs.subscribe import NewAlert


class JobsFlow(StepFlow[JobsState]):
    name = "jobs"
    state_type = JobsState
    commands: ClassVar[dict[str, str]] = {"jobs": "search", "admin": "admin"}

    def __init__(self) -> None:
        self.search = JobSearch(self)
        self.new_alert = NewAlert(self)
        self.my_alerts = MyAlerts(self)
        self._verbs: dict[str, Verb] = {
            **self.search.verbs(),
            **self.new_alert.verbs(),
            **self.my_alerts.verbs(),
        }
        super().__init__()

    def declare(self) -> Steps[JobsState]:
        return Steps(
            *self.search.steps(),
            *self.new_alert.steps(),
            *self.my_alerts.steps(),
        )

    def verbs(self) -> Mapping[str, Verb]:
        return self._verbs

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        """Home: typed text searches (the ``search`` step); buttons make or list alerts."""
        subs = await subscriptions(ctx).for_user(ctx.user.id)
        text = ctx.t("jobs.home")
        if subs:
            text += "\n\n" + ctx.t("jobs.home_alerts", count=len(subs))
        self.state(ctx).search = None
        ctx.enter_step(self.name, "search")
        rows = [[ctx.button(ctx.t("jobs.button_new_alert"), self.act("new"))]]
        if subs:
            rows[0].append(ctx.button(ctx.t("jobs.button_my_alerts"), self.act("subs")))
        rows.append([ctx.menu_button()])
        ctx.say(text, rows)

    async def privacy_items(self, ctx: Context) -> list[str]:
        subs = await subscriptions(ctx).for_user(ctx.user.id)
        return [ctx.t("jobs.privacy_alerts", count=len(subs))] if subs else []
