"""채용 알림 만들기: a new (or edited) alert, one declared question at a time.

keywords → districts (multi-select) → employment type → career → how often
(→ digest time) → quiet hours → confirm. Each step takes a button or a typed answer
("바리스타 카페", "덕양구요", "상관없어요", "매일 아침 9시", "밤 11시~7시"); "이전" goes
back, "취소" stops, anything else asks the same question again with every answer kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from content.jobs.answers import districts_named, read_clock, read_frequency, read_quiet_hours
from content.jobs.matching import CAREERS, EMP_TYPES, emp_type_words, parse_search, split_keywords
from content.jobs.postings import DISTRICTS
from content.text.clock import format_clock
from content.text.matching import fold
from db.jobs import MAX_SUBSCRIPTIONS_PER_USER, AlertSettings, SubscriptionFields
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, Verb
from handlers.dialog.steps import ANY, NOT_AN_ANSWER, Choice, Question, Rejected, Step
from handlers.dialog.types import Button
from handlers.dialog.understand import asks_for, understood
from handlers.jobs.part import (
    JobsPart,
    alert_settings,
    career_label,
    frequency_text,
    number_arg,
    subscriptions,
    type_label,
    words,
)
from handlers.jobs.state import JobsState, SubscriptionDraft

DIGEST_TIMES = ("08:00", "12:00", "18:00", "20:00")
NO_QUIET = ("00:00", "00:00")


class NewAlert(JobsPart):
    def steps(self) -> list[Step[JobsState]]:
        return [
            Step("keywords", ask=self.ask_keywords, answer=self.keywords,
                 parse=self.read_keywords),
            Step("districts", ask=self.ask_districts, answer=self.districts,
                 parse=self.read_districts),
            Step("type", ask=self.ask_type, answer=self.emp_type),
            Step("career", ask=self.ask_career, answer=self.career),
            Step("frequency", ask=self.ask_frequency, answer=self.frequency,
                 parse=self.read_frequency),
            Step("time", ask=self.ask_time, answer=self.digest_time, parse=self.read_time),
            Step("quiet", ask=self.ask_quiet, answer=self.quiet, parse=self.read_quiet),
            Step("confirm", ask=self.ask_confirm, answer=self.confirmed),
        ]

    def verbs(self) -> Mapping[str, Verb]:
        return {"new": self.new_alert, "from_search": self.from_search, "d": self.toggle_district}

    # -- starting ---------------------------------------------------------------------

    async def new_alert(self, ctx: Context, args: Sequence[str]) -> None:
        if not await self._room_for_one_more(ctx):
            ctx.say(
                ctx.t("jobs.too_many", limit=MAX_SUBSCRIPTIONS_PER_USER),
                [[ctx.button(ctx.t("jobs.button_my_alerts"), self.act("subs"))],
                 [ctx.menu_button()]],
            )
            return
        draft, given = self._typed_draft(ctx)
        if given:
            said = [*draft.keywords, *draft.districts]
            said += [type_label(ctx, draft.emp_type)] if draft.emp_type else []
            said += [career_label(ctx, draft.career)] if draft.career else []
            ctx.say(ctx.t("jobs.typed_alert", said=", ".join(said)))
        steps = ("keywords", "districts", "type", "career")
        first = next((s for s in steps if s not in given), "frequency")
        await self.begin(ctx, draft, first, steps[: steps.index(first)] if first in steps
                         else steps)

    def _typed_draft(self, ctx: Context) -> tuple[SubscriptionDraft, set[str]]:
        """ "덕양구 바리스타 알바 공고 뜨면 알려주세요": the answers the sentence gave."""
        found = understood(ctx)
        job = found.job
        draft = SubscriptionDraft.model_validate({
            "keywords": list(job.keywords), "districts": list(found.districts),
            "emp_type": job.emp_type, "career": job.career,
        })
        given = {step for step, value in (("keywords", job.keywords),
                                          ("districts", found.districts),
                                          ("type", job.emp_type), ("career", job.career))
                 if value}
        return draft, given

    async def from_search(self, ctx: Context, args: Sequence[str]) -> None:
        """'이 조건으로 알림 받기': the search on screen fills the first four answers."""
        search = self.state(ctx).search
        if search is None or not search.q or not await self._room_for_one_more(ctx):
            await self.new_alert(ctx, args)
            return
        parsed = parse_search(search.q)
        draft = SubscriptionDraft.model_validate({
            "keywords": list(parsed.keywords),
            "districts": list(parsed.districts),
            "emp_type": parsed.emp_type,
            "career": parsed.career,
        })
        await self.begin(ctx, draft, "frequency", ("keywords", "districts", "type", "career"))

    async def begin(
        self, ctx: Context, draft: SubscriptionDraft, step: str = "keywords",
        before: Sequence[str] = (),
    ) -> None:
        state = self.state(ctx)
        state.draft, state.deleting, state.trail = draft, None, list(before)
        await self.ask(ctx, step)

    async def _room_for_one_more(self, ctx: Context) -> bool:
        return len(await subscriptions(ctx).for_user(ctx.user.id)) < MAX_SUBSCRIPTIONS_PER_USER

    def draft(self, ctx: Context) -> SubscriptionDraft:
        state = self.state(ctx)
        if state.draft is None:  # a step row without a draft: start from empty answers
            state.draft = SubscriptionDraft()
        return state.draft

    # -- keywords ---------------------------------------------------------------------

    async def ask_keywords(self, ctx: Context, state: JobsState) -> Question:
        any_keyword = Choice("any", ctx.t("jobs.button_any_keyword"), (),
                             words(ctx, "jobs.words_any"), kind=ANY)
        return Question(ctx.t("jobs.ask_keywords"), [[any_keyword], [ctx.menu_button()]])

    def read_keywords(self, ctx: Context, state: JobsState, text: str) -> Any:
        if _elsewhere(ctx, text):
            return NOT_AN_ANSWER
        return split_keywords(text) or Rejected(ctx.t("jobs.keywords_bad"))

    async def keywords(self, ctx: Context, state: JobsState, keywords: Sequence[str]) -> None:
        self.draft(ctx).keywords = list(keywords)
        await self.ask(ctx, "districts")

    # -- districts: buttons toggle, "다음" moves on; a typed area answers at once ----------

    async def ask_districts(self, ctx: Context, state: JobsState) -> Question:
        chosen = set(self.draft(ctx).districts)

        def toggle(label: str, on: bool, key: object) -> Button:
            return ctx.step_button(("☑ " if on else "☐ ") + label, self.act("d", key))

        rows: list[list[Choice | Button]] = [
            [toggle(name, name in chosen, i) for i, name in enumerate(DISTRICTS)],
            [toggle(ctx.t("jobs.district_all"), not chosen, "all")],
            [Choice("next", ctx.t("jobs.button_next_step"), tuple(self.draft(ctx).districts),
                    words(ctx, "jobs.words_next"))],
            [ctx.menu_button()],
        ]
        return Question(ctx.t("jobs.ask_districts"), rows)

    def read_districts(self, ctx: Context, state: JobsState, text: str) -> Any:
        if _elsewhere(ctx, text):
            return NOT_AN_ANSWER
        everywhere = (*words(ctx, "jobs.words_any"), ctx.t("jobs.district_all"), "고양시")
        if fold(text) in {fold(w) for w in everywhere}:
            return ()
        return districts_named(text) or Rejected(ctx.t("jobs.districts_bad"))

    async def districts(self, ctx: Context, state: JobsState, names: Sequence[str]) -> None:
        self.draft(ctx).districts = _as_selection(names)
        await self.ask(ctx, "type")

    async def toggle_district(self, ctx: Context, args: Sequence[str]) -> None:
        draft = self.draft(ctx)
        if not args or ctx.state.step != "districts":
            raise InvalidAction("d")
        if args[0] == "all":
            draft.districts = []
        else:
            index = number_arg(args[0])
            if index >= len(DISTRICTS):
                raise InvalidAction(args[0])
            name = DISTRICTS[index]
            chosen = [d for d in draft.districts if d != name]
            draft.districts = _as_selection(chosen if name in draft.districts else [*chosen, name])
        await self.ask(ctx, "districts")

    # -- employment type, career ------------------------------------------------------

    async def ask_type(self, ctx: Context, state: JobsState) -> Question:
        anything = words(ctx, "jobs.words_any")
        options = [
            *(Choice(o, type_label(ctx, o), o, emp_type_words(o)) for o in EMP_TYPES),
            Choice("any", type_label(ctx, None), "any", anything, kind=ANY),
        ]
        return Question(ctx.t("jobs.ask_type"), [options[:2], options[2:], [ctx.menu_button()]])

    async def emp_type(self, ctx: Context, state: JobsState, value: str) -> None:
        self.draft(ctx).emp_type = None if value == "any" else _one_of(value, EMP_TYPES)
        await self.ask(ctx, "career")

    async def ask_career(self, ctx: Context, state: JobsState) -> Question:
        options = [
            *(Choice(o, career_label(ctx, o), o) for o in CAREERS),
            Choice("any", career_label(ctx, None), "any", words(ctx, "jobs.words_any"),
                   kind=ANY),
        ]
        return Question(ctx.t("jobs.ask_career"), [options, [ctx.menu_button()]])

    async def career(self, ctx: Context, state: JobsState, value: str) -> None:
        self.draft(ctx).career = None if value == "any" else _one_of(value, CAREERS)
        await self.ask(ctx, "frequency")

    # -- how often, and when ----------------------------------------------------------

    async def ask_frequency(self, ctx: Context, state: JobsState) -> Question:
        return Question(ctx.t("jobs.ask_frequency"), [
            [Choice("instant", ctx.t("jobs.freq_instant"), ("instant", None),
                    words(ctx, "jobs.words_instant")),
             Choice("daily", ctx.t("jobs.freq_daily"), ("daily", None),
                    words(ctx, "jobs.words_daily"))],
            [ctx.menu_button()],
        ])

    def read_frequency(self, ctx: Context, state: JobsState, text: str) -> Any:
        said = read_frequency(text)
        if said is None:
            return Rejected(ctx.t("jobs.frequency_bad"))
        frequency, clock = said
        return frequency, format_clock(clock) if clock else None

    async def frequency(self, ctx: Context, state: JobsState, said: tuple[str, str | None]) -> None:
        draft = self.draft(ctx)
        frequency, digest_time = said
        draft.frequency = "daily" if frequency == "daily" else "instant"
        if draft.frequency == "daily" and digest_time is None:
            await self.ask(ctx, "time")
            return
        if digest_time is not None:
            draft.digest_time = digest_time  # "매일 아침 9시": the time was said already
        await self.ask(ctx, "quiet")

    async def ask_time(self, ctx: Context, state: JobsState) -> Question:
        current = (await alert_settings(ctx).get(ctx.user.id)).digest_time
        times = list(dict.fromkeys([current, *DIGEST_TIMES]))[:4]
        return Question(ctx.t("jobs.ask_digest_time"), [
            [Choice(t.replace(":", ""), t, t) for t in times],
            [ctx.menu_button()],
        ])

    def read_time(self, ctx: Context, state: JobsState, text: str) -> Any:
        try:
            return format_clock(read_clock(text))
        except ValueError:
            return Rejected(ctx.t("jobs.time_bad"))

    async def digest_time(self, ctx: Context, state: JobsState, clock: str) -> None:
        self.draft(ctx).digest_time = clock
        await self.ask(ctx, "quiet")

    # -- quiet hours ------------------------------------------------------------------

    async def ask_quiet(self, ctx: Context, state: JobsState) -> Question:
        current = await alert_settings(ctx).get(ctx.user.id)
        return Question(ctx.t("jobs.ask_quiet", start=current.quiet_start, end=current.quiet_end), [
            [Choice("keep", ctx.t("jobs.button_keep_quiet"), "keep",
                    words(ctx, "jobs.words_keep_quiet")),
             Choice("none", ctx.t("jobs.button_no_quiet"), NO_QUIET,
                    words(ctx, "jobs.words_no_quiet"))],
            [ctx.menu_button()],
        ])

    def read_quiet(self, ctx: Context, state: JobsState, text: str) -> Any:
        try:
            start, end = read_quiet_hours(text)
        except ValueError:
            return Rejected(ctx.t("jobs.quiet_bad"))
        return format_clock(start), format_clock(end)

    async def quiet(self, ctx: Context, state: JobsState, hours: str | tuple[str, str]) -> None:
        self.draft(ctx).quiet = None if hours == "keep" else (hours[0], hours[1])
        await self.ask(ctx, "confirm")

    # -- confirm and save -------------------------------------------------------------

    async def ask_confirm(self, ctx: Context, state: JobsState) -> Question:
        settings = await alert_settings(ctx).get(ctx.user.id)
        summary = self._summary(ctx, self.draft(ctx), settings)
        return Question(ctx.t("jobs.confirm", summary=summary), [
            [Choice("save", ctx.t("jobs.button_save"), "save", words(ctx, "jobs.words_save"))],
            [Choice("restart", ctx.t("jobs.button_restart"), "restart"), ctx.menu_button()],
        ])

    async def confirmed(self, ctx: Context, state: JobsState, choice: str) -> None:
        if choice == "restart":
            await self.new_alert(ctx, [])
        else:
            await self.save(ctx, self.draft(ctx))

    async def save(self, ctx: Context, draft: SubscriptionDraft) -> None:
        message = await self._store(ctx, draft)
        ctx.finish()
        if message is None:
            return
        settings = await alert_settings(ctx).get(ctx.user.id)
        quiet = draft.quiet or (settings.quiet_start, settings.quiet_end)
        await alert_settings(ctx).save(
            AlertSettings(ctx.user.id, draft.digest_time or settings.digest_time, *quiet), ctx.now
        )
        ctx.say(
            message,
            [[ctx.button(ctx.t("jobs.button_my_alerts"), self.act("subs")), ctx.menu_button()]],
        )

    async def _store(self, ctx: Context, draft: SubscriptionDraft) -> str | None:
        """Write the alert; its confirmation, or None when that was not possible (said so)."""
        repo = subscriptions(ctx)
        fields = SubscriptionFields(
            keywords=tuple(draft.keywords),
            districts=tuple(d for d in draft.districts if d in DISTRICTS),
            emp_type=draft.emp_type, career=draft.career, frequency=draft.frequency,
        )
        if draft.edit is not None:
            if not await repo.update(draft.edit, ctx.user.id, fields, now=ctx.now):
                ctx.say(ctx.t("jobs.gone"), [[ctx.menu_button()]])
                return None
            return ctx.t("jobs.updated")
        if not await self._room_for_one_more(ctx):
            ctx.say(ctx.t("jobs.too_many", limit=MAX_SUBSCRIPTIONS_PER_USER))
            return None
        await repo.create(ctx.user.id, fields, now=ctx.now)
        return ctx.t("jobs.saved")

    def _summary(self, ctx: Context, draft: SubscriptionDraft, settings: AlertSettings) -> str:
        quiet = draft.quiet or (settings.quiet_start, settings.quiet_end)
        return ctx.t(
            "jobs.summary",
            keywords=", ".join(draft.keywords) or ctx.t("jobs.search_all"),
            districts=", ".join(draft.districts) or ctx.t("jobs.district_all"),
            emp_type=type_label(ctx, draft.emp_type),
            career=career_label(ctx, draft.career),
            frequency=frequency_text(
                ctx, draft.frequency, draft.digest_time or settings.digest_time
            ),
            quiet=ctx.t("jobs.no_quiet") if quiet[0] == quiet[1] else f"{quiet[0]}~{quiet[1]}",
        )


def _as_selection(names: Sequence[str]) -> list[str]:
    """All three districts is the same as all of Goyang (and keeps undistricted postings)."""
    chosen = [d for d in dict.fromkeys(names) if d in DISTRICTS]
    return [] if len(chosen) == len(DISTRICTS) else chosen


def _one_of(value: str, allowed: tuple[str, ...]) -> Any:
    if value not in allowed:
        raise InvalidAction(value)
    return value


def _elsewhere(ctx: Context, text: str) -> bool:
    """A sentence asking for something else ("저 26살인데 … 지원 뭐 있어요?") typed at a step
    that would read a district or keyword out of it: it goes to the router instead."""
    asked = asks_for(ctx, text)
    return asked is not None and not asked.startswith("jobs")
