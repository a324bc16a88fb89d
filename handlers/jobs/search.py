"""채용 검색: a typed search over open postings, five at a time, newest or closing first.

``/jobs 바리스타``, "일산 사무보조 알바" typed anywhere, or any text typed on the jobs page
(the ``search`` step) searches; ``jobs:page:<from>:<order>`` pages the results on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from content.catalogue import Catalogue
from content.jobs.alerts import render_posting
from content.jobs.answers import districts_named
from content.jobs.matching import SearchQuery, parse_search
from content.jobs.postings import Posting
from content.text.matching import PhraseMatcher
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, Verb
from handlers.dialog.steps import NOT_AN_ANSWER, Question, Step
from handlers.dialog.types import Button
from handlers.dialog.understand import asks_for
from handlers.jobs.part import JobsPart, number_arg
from handlers.jobs.records import posting_from_record
from handlers.jobs.state import JobsState, Order, SearchState

PAGE = 3  # a few postings a screen (every message stays under 1,000 characters)
MAX_QUERY_CHARS = 100
ORDERS: tuple[Order, ...] = ("new", "closing")


class JobSearch(JobsPart):
    _other_intents: tuple[Catalogue, PhraseMatcher] | None = None

    def steps(self) -> list[Step[JobsState]]:
        return [
            Step("search", ask=self.ask_query, answer=self.typed_query, parse=self.read_query,
                 back=False),
        ]

    def verbs(self) -> Mapping[str, Verb]:
        return {"search": self.search_action, "page": self.page}

    async def ask_query(self, ctx: Context, state: JobsState) -> Question:
        return Question(ctx.t("jobs.search_prompt"), [[ctx.menu_button()]])

    def read_query(self, ctx: Context, state: JobsState, text: str) -> Any:
        # "덕양구요" on the jobs page searches 덕양구 (a district is a place name too)
        if not districts_named(text) and self._means_something_else(ctx, text):
            return NOT_AN_ANSWER  # "프로그램 안내", "처음으로": the router takes it
        if asks_for(ctx, text) not in (None, "jobs:search"):
            return NOT_AN_ANSWER  # "알림 잠깐 멈춰주세요" pauses, it is not a search
        return text

    async def typed_query(self, ctx: Context, state: JobsState, text: str) -> None:
        await self.search_action(ctx, [text])

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

    async def search_action(self, ctx: Context, args: Sequence[str]) -> None:
        query = " ".join(args).strip()
        if not query and ctx.incoming.text and ctx.incoming.command is None:
            query = ctx.incoming.text  # routed here from free text ("일산 사무보조 알바")
        parsed = parse_search(query)
        # "바리스타 공고 잇어요?" searches (and shows) what it names: "바리스타"
        query = parsed.text() or query
        if not query or parsed == SearchQuery():
            # nothing to search for ("일자리 검색", "/jobs"): ask what to look for
            self.state(ctx).search = None
            await self.ask(ctx, "search")
            return
        await self.search(ctx, query)

    async def page(self, ctx: Context, args: Sequence[str]) -> None:
        if len(args) != 2 or args[1] not in ORDERS:
            raise InvalidAction("page")
        search = self.state(ctx).search
        if search is None or not search.q:
            raise InvalidAction("page without a search")
        order: Order = "new" if args[1] == "new" else "closing"
        await self.search(ctx, search.q, number_arg(args[0]), order)

    async def search(self, ctx: Context, text: str, offset: int = 0, order: Order = "new") -> None:
        query = text.strip()[:MAX_QUERY_CHARS]
        self.state(ctx).search = SearchState(q=query, order=order)
        ctx.enter_step(self.flow.name, "search")
        found = await self._find(ctx, parse_search(query), order)
        if not found:
            ctx.say(
                ctx.t("jobs.search_none", query=query),
                [
                    [ctx.button(ctx.t("jobs.button_alert_from_search"), self.act("from_search"))],
                    [ctx.menu_button()],
                ],
            )
            return
        offset = min(offset, (len(found) - 1) // PAGE * PAGE)
        self._show_page(ctx, query, found, offset, order)

    def _show_page(
        self, ctx: Context, query: str, found: list[Posting], offset: int, order: Order
    ) -> None:
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
        rows.extend(self._page_rows(ctx, len(found), offset, order))
        ctx.say("\n\n".join([head, *blocks]), rows)

    def _page_rows(self, ctx: Context, total: int, offset: int, order: Order) -> list[list[Button]]:
        rows: list[list[Button]] = []
        nav = []
        if offset > 0:
            back = self.act("page", offset - PAGE, order)
            nav.append(ctx.button(ctx.t("jobs.button_prev"), back))
        if offset + PAGE < total:
            forward = self.act("page", offset + PAGE, order)
            nav.append(ctx.button(ctx.t("jobs.button_next"), forward))
        if nav:
            rows.append(nav)
        other = "closing" if order == "new" else "new"
        rows.append([ctx.button(ctx.t(f"jobs.button_order_{other}"), self.act("page", 0, other))])
        rows.append([ctx.button(ctx.t("jobs.button_alert_from_search"), self.act("from_search"))])
        rows.append([ctx.menu_button()])
        return rows

    async def _find(self, ctx: Context, query: SearchQuery, order: Order) -> list[Posting]:
        today = ctx.now.date()
        records = await ctx.store.postings.open_postings(today)
        postings = [posting_from_record(r) for r in records]
        found = [p for p in postings if p.is_open(today) and query.matches(p)]
        if order == "closing":
            found.sort(key=lambda p: p.closes_on or date.max)
        return found
