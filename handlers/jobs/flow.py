"""채용 알림 · 채용 검색: subscribe to new postings by conversation, and search open ones.

Entry points:
  ``jobs``                    home: type a job to search, or make/list alerts
  ``/jobs 바리스타``           search (``jobs:search``); typed text while in the flow searches too
  ``jobs:new``                a new alert: keywords → districts (multi-select) → type → career
                              → how often (→ digest time) → quiet hours → confirm
  ``jobs:subs``               list alerts with edit / pause / resume / delete
  ``jobs:stop:<id>``          "이 알림 그만 받기" under every alert (pauses it)
  ``jobs:alerts_off``         "알림 끄기" typed anywhere: pauses every alert
  ``jobs:more:<day>:<from>``  the rest of a daily digest
  ``/admin stats``            subscribers, postings, outbox counts (admins only)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from content.catalogue import Catalogue
from content.jobs.alerts import digest_page, render_posting
from content.jobs.matching import (
    CAREERS,
    EMP_TYPES,
    SearchQuery,
    parse_search,
    split_keywords,
)
from content.jobs.postings import DISTRICTS, Posting
from content.text.clock import format_clock, parse_clock
from content.text.matching import PhraseMatcher
from db.jobs import (
    MAX_SUBSCRIPTIONS_PER_USER,
    AlertSettings,
    AlertSettingsRepository,
    PostingRepository,
    Subscription,
    SubscriptionRepository,
)
from db.outbox import OutboxDispatch
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction
from handlers.dialog.types import Button
from handlers.jobs.ingest import posting_from_record
from handlers.jobs.messages import digest_reply

PAGE = 5
DIGEST_TIMES = ("08:00", "12:00", "18:00", "20:00")


def _subs(ctx: Context) -> SubscriptionRepository:
    return SubscriptionRepository(ctx.store.db)


def _settings(ctx: Context) -> AlertSettingsRepository:
    return AlertSettingsRepository(ctx.store.db)


def _int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise InvalidAction(value) from None
    if number < 0 or number > 10**9:
        raise InvalidAction(value)
    return number


class JobsFlow(Flow):
    name = "jobs"
    commands: ClassVar[dict[str, str]] = {"jobs": "search", "admin": "admin"}

    def __init__(self) -> None:
        self._other_intents: tuple[Catalogue, PhraseMatcher] | None = None

    # -- entry ------------------------------------------------------------------------

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        subs = await _subs(ctx).for_user(ctx.user.id)
        text = ctx.t("jobs.home")
        if subs:
            text += "\n\n" + ctx.t("jobs.home_alerts", count=len(subs))
        ctx.goto("search", search=None)
        rows = [[ctx.button(ctx.t("jobs.button_new_alert"), "jobs:new")]]
        if subs:
            rows[0].append(ctx.button(ctx.t("jobs.button_my_alerts"), "jobs:subs"))
        rows.append([ctx.menu_button()])
        ctx.say(text, rows)

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        handlers = {
            "start": self.start,
            "search": self.search_action,
            "page": self.page,
            "new": self.new_alert,
            "from_search": self.alert_from_search,
            "kw_any": self.keywords_any,
            "d": self.toggle_district,
            "dnext": self.districts_done,
            "type": self.choose_type,
            "career": self.choose_career,
            "freq": self.choose_frequency,
            "time": self.choose_time,
            "quiet": self.choose_quiet,
            "save": self.save,
            "subs": self.list_subs,
            "edit": self.edit,
            "pause": self.pause,
            "resume": self.resume,
            "stop": self.stop,
            "del": self.ask_delete,
            "delok": self.delete,
            "alerts_off": self.alerts_off,
            "resume_all": self.resume_all,
            "more": self.digest_more,
            "admin": self.admin,
        }
        handler = handlers.get(verb)
        if handler is None:
            raise InvalidAction(verb)
        await handler(ctx, args)

    async def on_text(self, ctx: Context, text: str) -> bool:
        step = ctx.state.step
        if step == "keywords":
            await self.keywords_typed(ctx, text)
        elif step == "time":
            await self.time_typed(ctx, text)
        elif step == "quiet":
            await self.quiet_typed(ctx, text)
        elif step == "search":
            if self._means_something_else(ctx, text):
                return False  # "프로그램 안내", "처음으로": let the router take it
            await self.search_action(ctx, [text])
        else:
            return False
        return True

    def _means_something_else(self, ctx: Context, text: str) -> bool:
        catalogue = ctx.catalogue
        if self._other_intents is None or self._other_intents[0] is not catalogue:
            entries = [
                (phrase, intent.action)
                for intent in catalogue.intents
                if not intent.action.startswith(("jobs", "cue:"))
                for phrase in intent.phrases
            ]
            self._other_intents = (catalogue, PhraseMatcher(entries, threshold=90.0))
        return self._other_intents[1].best(text) is not None

    async def privacy_items(self, ctx: Context) -> list[str]:
        subs = await _subs(ctx).for_user(ctx.user.id)
        return [ctx.t("jobs.privacy_alerts", count=len(subs))] if subs else []

    # -- search -----------------------------------------------------------------------

    async def search_action(self, ctx: Context, args: Sequence[str]) -> None:
        query = " ".join(args).strip()
        if not query and ctx.incoming.text and ctx.incoming.command is None:
            query = ctx.incoming.text  # routed here from free text ("일산 사무보조 알바")
        if not query or parse_search(query) == SearchQuery():
            # nothing to search for ("일자리 검색", "/jobs"): ask what to look for
            ctx.goto("search", search=None)
            ctx.say(ctx.t("jobs.search_prompt"), [[ctx.menu_button()]])
            return
        await self.search(ctx, query)

    async def search(self, ctx: Context, text: str, offset: int = 0, order: str = "new") -> None:
        query = text.strip()[:100]
        ctx.goto("search", search={"q": query, "order": order})
        parsed = parse_search(query)
        found = await self._find(ctx, parsed, order)
        if not found:
            ctx.say(
                ctx.t("jobs.search_none", query=query),
                [
                    [ctx.button(ctx.t("jobs.button_alert_from_search"), "jobs:from_search")],
                    [ctx.menu_button()],
                ],
            )
            return
        offset = min(offset, (len(found) - 1) // PAGE * PAGE)
        shown = found[offset : offset + PAGE]
        today = ctx.now.date()
        head = ctx.t(
            "jobs.search_head",
            query=query,
            total=len(found),
            order=ctx.t(f"jobs.order_{order}"),
            start=offset + 1,
            end=offset + len(shown),
        )
        blocks = [
            f"{offset + i}. {render_posting(p, ctx.catalogue.strings, ctx.locale, today)}"
            for i, p in enumerate(shown, start=1)
        ]
        rows: list[list[Button]] = [
            [Button(f"{offset + i}. {p.title[:24]}", url=p.url)]
            for i, p in enumerate(shown, start=1)
            if p.url
        ]
        nav = []
        if offset > 0:
            nav.append(ctx.button(ctx.t("jobs.button_prev"), f"jobs:page:{offset - PAGE}:{order}"))
        if offset + PAGE < len(found):
            nav.append(ctx.button(ctx.t("jobs.button_next"), f"jobs:page:{offset + PAGE}:{order}"))
        if nav:
            rows.append(nav)
        other = "closing" if order == "new" else "new"
        rows.append([ctx.button(ctx.t(f"jobs.button_order_{other}"), f"jobs:page:0:{other}")])
        rows.append([ctx.button(ctx.t("jobs.button_alert_from_search"), "jobs:from_search")])
        rows.append([ctx.menu_button()])
        ctx.say("\n\n".join([head, *blocks]), rows)

    async def _find(self, ctx: Context, query: SearchQuery, order: str) -> list[Posting]:
        today = ctx.now.date()
        records = await PostingRepository(ctx.store.db).open_postings(today)
        postings = [posting_from_record(r) for r in records]
        found = [p for p in postings if p.is_open(today) and query.matches(p)]
        if order == "closing":
            found.sort(key=lambda p: p.closes_on or date.max)
        return found

    async def page(self, ctx: Context, args: Sequence[str]) -> None:
        if len(args) != 2 or args[1] not in ("new", "closing"):
            raise InvalidAction("page")
        search = ctx.state.data.get("search") if ctx.state.flow == self.name else None
        if not isinstance(search, dict) or not search.get("q"):
            raise InvalidAction("page without a search")
        await self.search(ctx, str(search["q"]), _int(args[0]), args[1])

    # -- a new alert: the conversation ------------------------------------------------

    async def new_alert(self, ctx: Context, args: Sequence[str]) -> None:
        if len(await _subs(ctx).for_user(ctx.user.id)) >= MAX_SUBSCRIPTIONS_PER_USER:
            ctx.say(
                ctx.t("jobs.too_many", limit=MAX_SUBSCRIPTIONS_PER_USER),
                [[ctx.button(ctx.t("jobs.button_my_alerts"), "jobs:subs")], [ctx.menu_button()]],
            )
            return
        ctx.state.data.pop("draft", None)
        self._ask_keywords(ctx, draft=self._empty_draft())

    async def alert_from_search(self, ctx: Context, args: Sequence[str]) -> None:
        search = ctx.state.data.get("search") if ctx.state.flow == self.name else None
        if not isinstance(search, dict) or not search.get("q"):
            await self.new_alert(ctx, args)
            return
        if len(await _subs(ctx).for_user(ctx.user.id)) >= MAX_SUBSCRIPTIONS_PER_USER:
            await self.new_alert(ctx, args)
            return
        parsed = parse_search(str(search["q"]))
        draft = self._empty_draft()
        draft.update(
            keywords=list(parsed.keywords),
            districts=list(parsed.districts),
            emp_type=parsed.emp_type,
            career=parsed.career,
        )
        ctx.goto("frequency", draft=draft)
        self._ask_frequency(ctx)

    @staticmethod
    def _empty_draft() -> dict[str, Any]:
        return {
            "keywords": [],
            "districts": [],
            "emp_type": None,
            "career": None,
            "frequency": "instant",
            "digest_time": None,
            "quiet": None,
            "edit": None,
        }

    def _draft(self, ctx: Context) -> dict[str, Any]:
        draft = ctx.state.data.get("draft") if ctx.state.flow == self.name else None
        if not isinstance(draft, dict):
            raise InvalidAction("no alert being made")
        return draft

    def _ask_keywords(self, ctx: Context, draft: dict[str, Any]) -> None:
        ctx.goto("keywords", draft=draft)
        ctx.say(
            ctx.t("jobs.ask_keywords"),
            [
                [ctx.step_button(ctx.t("jobs.button_any_keyword"), "jobs:kw_any")],
                [ctx.menu_button()],
            ],
        )

    async def keywords_typed(self, ctx: Context, text: str) -> None:
        draft = self._draft(ctx)
        keywords = split_keywords(text)
        if not keywords:
            ctx.say(ctx.t("jobs.keywords_bad"))
            self._ask_keywords(ctx, draft)
            return
        draft["keywords"] = keywords
        self._ask_districts(ctx, draft)

    async def keywords_any(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        draft["keywords"] = []
        self._ask_districts(ctx, draft)

    def _ask_districts(self, ctx: Context, draft: dict[str, Any]) -> None:
        ctx.goto("districts", draft=draft)
        chosen = set(draft["districts"])
        rows = [
            [
                ctx.step_button(("☑ " if name in chosen else "☐ ") + name, f"jobs:d:{i}")
                for i, name in enumerate(DISTRICTS)
            ],
            [
                ctx.step_button(
                    ("☑ " if not chosen else "☐ ") + ctx.t("jobs.district_all"), "jobs:d:all"
                )
            ],
            [ctx.step_button(ctx.t("jobs.button_next_step"), "jobs:dnext")],
            [ctx.menu_button()],
        ]
        ctx.say(ctx.t("jobs.ask_districts"), rows)

    async def toggle_district(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args:
            raise InvalidAction("d")
        if args[0] == "all":
            draft["districts"] = []
        else:
            index = _int(args[0])
            if index >= len(DISTRICTS):
                raise InvalidAction(args[0])
            name = DISTRICTS[index]
            chosen = list(draft["districts"])
            if name in chosen:
                chosen.remove(name)
            else:
                chosen.append(name)
            # all three districts is the same as all of Goyang (and keeps undistricted ones)
            draft["districts"] = [] if len(chosen) == len(DISTRICTS) else chosen
        self._ask_districts(ctx, draft)

    async def districts_done(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        ctx.goto("type", draft=draft)
        options = [*EMP_TYPES, "any"]
        ctx.say(
            ctx.t("jobs.ask_type"),
            [
                [ctx.step_button(self._type_label(ctx, o), f"jobs:type:{o}") for o in options[:2]],
                [ctx.step_button(self._type_label(ctx, o), f"jobs:type:{o}") for o in options[2:]],
                [ctx.menu_button()],
            ],
        )

    async def choose_type(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args or args[0] not in (*EMP_TYPES, "any"):
            raise InvalidAction("type")
        draft["emp_type"] = None if args[0] == "any" else args[0]
        ctx.goto("career", draft=draft)
        ctx.say(
            ctx.t("jobs.ask_career"),
            [
                [
                    ctx.step_button(self._career_label(ctx, o), f"jobs:career:{o}")
                    for o in (*CAREERS, "any")
                ],
                [ctx.menu_button()],
            ],
        )

    async def choose_career(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args or args[0] not in (*CAREERS, "any"):
            raise InvalidAction("career")
        draft["career"] = None if args[0] == "any" else args[0]
        ctx.goto("frequency", draft=draft)
        self._ask_frequency(ctx)

    def _ask_frequency(self, ctx: Context) -> None:
        ctx.say(
            ctx.t("jobs.ask_frequency"),
            [
                [
                    ctx.step_button(ctx.t("jobs.freq_instant"), "jobs:freq:instant"),
                    ctx.step_button(ctx.t("jobs.freq_daily"), "jobs:freq:daily"),
                ],
                [ctx.menu_button()],
            ],
        )

    async def choose_frequency(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args or args[0] not in ("instant", "daily"):
            raise InvalidAction("freq")
        draft["frequency"] = args[0]
        if args[0] == "daily":
            ctx.goto("time", draft=draft)
            current = (await _settings(ctx).get(ctx.user.id)).digest_time
            times = list(dict.fromkeys([current, *DIGEST_TIMES]))[:4]
            ctx.say(
                ctx.t("jobs.ask_digest_time"),
                [
                    [ctx.step_button(t, f"jobs:time:{t.replace(':', '')}") for t in times],
                    [ctx.menu_button()],
                ],
            )
            return
        await self._ask_quiet(ctx, draft)

    async def choose_time(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args or len(args[0]) != 4 or not args[0].isdigit():
            raise InvalidAction("time")
        try:
            clock = parse_clock(f"{args[0][:2]}:{args[0][2:]}")
        except ValueError:
            raise InvalidAction(args[0]) from None
        draft["digest_time"] = format_clock(clock)
        await self._ask_quiet(ctx, draft)

    async def time_typed(self, ctx: Context, text: str) -> None:
        draft = self._draft(ctx)
        try:
            clock = parse_clock(text)
        except ValueError:
            ctx.say(ctx.t("jobs.time_bad"), [[ctx.menu_button()]])
            return
        draft["digest_time"] = format_clock(clock)
        await self._ask_quiet(ctx, draft)

    async def _ask_quiet(self, ctx: Context, draft: dict[str, Any]) -> None:
        ctx.goto("quiet", draft=draft)
        current = await _settings(ctx).get(ctx.user.id)
        ctx.say(
            ctx.t("jobs.ask_quiet", start=current.quiet_start, end=current.quiet_end),
            [
                [
                    ctx.step_button(ctx.t("jobs.button_keep_quiet"), "jobs:quiet:keep"),
                    ctx.step_button(ctx.t("jobs.button_no_quiet"), "jobs:quiet:none"),
                ],
                [ctx.menu_button()],
            ],
        )

    async def choose_quiet(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if not args or args[0] not in ("keep", "none"):
            raise InvalidAction("quiet")
        draft["quiet"] = None if args[0] == "keep" else ["00:00", "00:00"]
        await self._confirm(ctx, draft)

    async def quiet_typed(self, ctx: Context, text: str) -> None:
        draft = self._draft(ctx)
        parts = [p for p in _split_range(text) if p]
        try:
            if len(parts) != 2:
                raise ValueError(text)
            start, end = (format_clock(parse_clock(p)) for p in parts)
        except ValueError:
            ctx.say(ctx.t("jobs.quiet_bad"), [[ctx.menu_button()]])
            return
        draft["quiet"] = [start, end]
        await self._confirm(ctx, draft)

    async def _confirm(self, ctx: Context, draft: dict[str, Any]) -> None:
        ctx.goto("confirm", draft=draft)
        settings = await _settings(ctx).get(ctx.user.id)
        ctx.say(
            ctx.t("jobs.confirm", summary=self._summary(ctx, draft, settings)),
            [
                [ctx.step_button(ctx.t("jobs.button_save"), "jobs:save")],
                [ctx.step_button(ctx.t("jobs.button_restart"), "jobs:new"), ctx.menu_button()],
            ],
        )

    async def save(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self._draft(ctx)
        if ctx.state.step != "confirm":
            raise InvalidAction("save before confirm")
        repo = _subs(ctx)
        values = {
            "keywords": tuple(draft["keywords"]),
            "districts": tuple(d for d in draft["districts"] if d in DISTRICTS),
            "emp_type": draft["emp_type"] if draft["emp_type"] in EMP_TYPES else None,
            "career": draft["career"] if draft["career"] in CAREERS else None,
            "frequency": draft["frequency"] if draft["frequency"] in ("instant", "daily")
            else "instant",
        }
        edit = draft.get("edit")
        if isinstance(edit, int):
            if not await repo.update(edit, ctx.user.id, now=ctx.now, **values):
                ctx.finish()
                ctx.say(ctx.t("jobs.gone"), [[ctx.menu_button()]])
                return
            message = ctx.t("jobs.updated")
        else:
            if len(await repo.for_user(ctx.user.id)) >= MAX_SUBSCRIPTIONS_PER_USER:
                ctx.finish()
                ctx.say(ctx.t("jobs.too_many", limit=MAX_SUBSCRIPTIONS_PER_USER))
                return
            await repo.create(ctx.user.id, now=ctx.now, **values)
            message = ctx.t("jobs.saved")
        settings = await _settings(ctx).get(ctx.user.id)
        digest_time = draft.get("digest_time") or settings.digest_time
        quiet = draft.get("quiet") or [settings.quiet_start, settings.quiet_end]
        await _settings(ctx).save(
            AlertSettings(ctx.user.id, digest_time, quiet[0], quiet[1]), ctx.now
        )
        ctx.finish()
        ctx.say(
            message,
            [[ctx.button(ctx.t("jobs.button_my_alerts"), "jobs:subs"), ctx.menu_button()]],
        )

    # -- managing alerts --------------------------------------------------------------

    async def list_subs(self, ctx: Context, args: Sequence[str]) -> None:
        subs = await _subs(ctx).for_user(ctx.user.id)
        if not subs:
            ctx.say(
                ctx.t("jobs.list_empty"),
                [[ctx.button(ctx.t("jobs.button_new_alert"), "jobs:new")], [ctx.menu_button()]],
            )
            return
        settings = await _settings(ctx).get(ctx.user.id)
        lines = [ctx.t("jobs.list_head", count=len(subs))]
        rows: list[list[Button]] = []
        for n, sub in enumerate(subs, start=1):
            lines.append(self._item(ctx, n, sub, settings))
            toggle = (
                ctx.button(ctx.t("jobs.button_pause", n=n), f"jobs:pause:{sub.id}")
                if sub.active
                else ctx.button(ctx.t("jobs.button_resume", n=n), f"jobs:resume:{sub.id}")
            )
            rows.append(
                [
                    ctx.button(ctx.t("jobs.button_edit", n=n), f"jobs:edit:{sub.id}"),
                    toggle,
                    ctx.button(ctx.t("jobs.button_delete", n=n), f"jobs:del:{sub.id}"),
                ]
            )
        if len(subs) < MAX_SUBSCRIPTIONS_PER_USER:
            rows.append([ctx.button(ctx.t("jobs.button_new_alert"), "jobs:new")])
        rows.append([ctx.menu_button()])
        ctx.say("\n".join(lines), rows)

    async def _own(self, ctx: Context, args: Sequence[str]) -> Subscription | None:
        if not args:
            raise InvalidAction("no alert id")
        sub = await _subs(ctx).get(_int(args[0]))
        if sub is None or sub.user_id != ctx.user.id:
            ctx.say(ctx.t("jobs.gone"), [[ctx.menu_button()]])
            return None
        return sub

    async def edit(self, ctx: Context, args: Sequence[str]) -> None:
        sub = await self._own(ctx, args)
        if sub is None:
            return
        draft = self._empty_draft()
        draft.update(
            keywords=list(sub.keywords),
            districts=list(sub.districts),
            emp_type=sub.emp_type,
            career=sub.career,
            frequency=sub.frequency,
            edit=sub.id,
        )
        self._ask_keywords(ctx, draft)

    async def pause(self, ctx: Context, args: Sequence[str]) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        await _subs(ctx).set_active(sub.id, ctx.user.id, False, ctx.now)
        ctx.say(ctx.t("jobs.paused"))
        await self.list_subs(ctx, [])

    async def resume(self, ctx: Context, args: Sequence[str]) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        await _subs(ctx).set_active(sub.id, ctx.user.id, True, ctx.now)
        ctx.say(ctx.t("jobs.resumed"))
        await self.list_subs(ctx, [])

    async def stop(self, ctx: Context, args: Sequence[str]) -> None:
        """'이 알림 그만 받기' under an alert: pause it at once, offer resume or delete."""
        if (sub := await self._own(ctx, args)) is None:
            return
        await _subs(ctx).set_active(sub.id, ctx.user.id, False, ctx.now)
        ctx.say(
            ctx.t("jobs.stopped"),
            [
                [
                    ctx.button(ctx.t("jobs.button_resume_this"), f"jobs:resume:{sub.id}"),
                    ctx.button(ctx.t("jobs.button_delete_this"), f"jobs:del:{sub.id}"),
                ],
                [ctx.menu_button()],
            ],
        )

    async def ask_delete(self, ctx: Context, args: Sequence[str]) -> None:
        if (sub := await self._own(ctx, args)) is None:
            return
        settings = await _settings(ctx).get(ctx.user.id)
        ctx.goto("delete", deleting=sub.id)
        ctx.say(
            ctx.t("jobs.confirm_delete", item=self._item(ctx, 1, sub, settings)),
            [
                [
                    ctx.step_button(ctx.t("jobs.button_yes_delete"), f"jobs:delok:{sub.id}"),
                    ctx.step_button(ctx.t("jobs.button_no"), "jobs:subs"),
                ]
            ],
        )

    async def delete(self, ctx: Context, args: Sequence[str]) -> None:
        if not args or ctx.state.data.get("deleting") != _int(args[0]):
            raise InvalidAction("delete without asking")
        deleted = await _subs(ctx).delete(_int(args[0]), ctx.user.id)
        ctx.finish()
        ctx.say(ctx.t("jobs.deleted" if deleted else "jobs.gone"))
        await self.list_subs(ctx, [])

    async def alerts_off(self, ctx: Context, args: Sequence[str]) -> None:
        subs = [s for s in await _subs(ctx).for_user(ctx.user.id) if s.active]
        if not subs:
            await self.list_subs(ctx, [])
            return
        for sub in subs:
            await _subs(ctx).set_active(sub.id, ctx.user.id, False, ctx.now)
        ctx.say(
            ctx.t("jobs.all_paused", count=len(subs)),
            [
                [ctx.button(ctx.t("jobs.button_resume_all"), "jobs:resume_all")],
                [ctx.button(ctx.t("jobs.button_my_alerts"), "jobs:subs"), ctx.menu_button()],
            ],
        )

    async def resume_all(self, ctx: Context, args: Sequence[str]) -> None:
        for sub in await _subs(ctx).for_user(ctx.user.id):
            await _subs(ctx).set_active(sub.id, ctx.user.id, True, ctx.now)
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
        offset = _int(args[1])
        row = await ctx.store.db.fetchone(
            "SELECT payload FROM outbox WHERE user_id = ? AND dedupe_key = ?",
            (ctx.user.id, f"digest:{day}"),
        )
        ids = _posting_ids(row[0]) if row else []
        records = await PostingRepository(ctx.store.db).get_many(ids)
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
        stats = await job_stats(ctx.store.db, ctx.now.date())
        ctx.say(ctx.t("jobs.admin_stats", **stats), [[ctx.menu_button()]])

    # -- wording ----------------------------------------------------------------------

    def _type_label(self, ctx: Context, value: str | None) -> str:
        return ctx.t("jobs.any") if value in (None, "any") else ctx.t(f"jobs.type_{value}")

    def _career_label(self, ctx: Context, value: str | None) -> str:
        return ctx.t("jobs.any") if value in (None, "any") else ctx.t(f"jobs.career_{value}")

    def _frequency(self, ctx: Context, frequency: str, digest_time: str) -> str:
        if frequency == "daily":
            return ctx.t("jobs.daily_at", time=digest_time)
        return ctx.t("jobs.freq_instant")

    def _summary(self, ctx: Context, draft: dict[str, Any], settings: AlertSettings) -> str:
        quiet = draft.get("quiet") or [settings.quiet_start, settings.quiet_end]
        return ctx.t(
            "jobs.summary",
            keywords=", ".join(draft["keywords"]) or ctx.t("jobs.search_all"),
            districts=", ".join(draft["districts"]) or ctx.t("jobs.district_all"),
            emp_type=self._type_label(ctx, draft["emp_type"]),
            career=self._career_label(ctx, draft["career"]),
            frequency=self._frequency(
                ctx, draft["frequency"], draft.get("digest_time") or settings.digest_time
            ),
            quiet=ctx.t("jobs.no_quiet") if quiet[0] == quiet[1] else f"{quiet[0]}~{quiet[1]}",
        )

    def _item(self, ctx: Context, n: int, sub: Subscription, settings: AlertSettings) -> str:
        return ctx.t(
            "jobs.list_item",
            n=n,
            state=ctx.t("jobs.state_on" if sub.active else "jobs.state_paused"),
            keywords=", ".join(sub.keywords) or ctx.t("jobs.search_all"),
            districts=", ".join(sub.districts) or ctx.t("jobs.district_all"),
            frequency=self._frequency(ctx, sub.frequency, settings.digest_time),
        )


def _split_range(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*(?:-|~|–|부터|에서)\s*", text.strip())][:3]


def _posting_ids(payload: str) -> list[int]:
    try:
        ids = json.loads(payload).get("posting_ids", [])
    except (ValueError, AttributeError):
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


async def job_stats(db: Any, today: date) -> dict[str, int]:
    """Figures for /admin stats and ``goyang-bot alerts status``."""
    subs = await SubscriptionRepository(db).counts()
    postings = PostingRepository(db)
    outbox = await OutboxDispatch(db).status_counts("job")
    return {
        **subs,
        "postings": await postings.count(),
        "open": await postings.count(today),
        **outbox,
    }

