"""지원사업 자격 확인: a short conversation that tells a user which programs they can get.

The flow asks only what is still unknown and useful: each turn it picks the question
that settles the most undecided programs (``content.eligibility.planning.next_fact``), shows
progress ("질문 3/7"), and lets the user go back, skip ("모르겠어요"), ask "왜 물어보나요?"
or change an answer. The result (``results``) is a summary first: programs grouped 받을 수
있어요 · 확인이 필요해요 · 해당하지 않아요 · 지금은 운영하지 않아요 by name, and the
question whether to keep the answers; the result step's choices open a program's card
(documents, where to apply) or a group's reasons, each typed as well as pressed.

Steps: ``ask`` (the current fact's question, see ``asking``), ``change`` (which answer to
change) and ``result``. Entered from the menu (``eligibility``), free text ("내가 받을 수
있는 지원 알려줘") or a program card (``eligibility:program:<id>``, that program alone).

Answers live in the conversation state (``EligibilityState.answers``) and are kept in the
profile only after the user agrees, once (``db.profile``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from content.eligibility.assessment import is_running
from content.eligibility.facts import ParsedAnswer, decode, encode
from content.eligibility.planning import next_fact
from content.eligibility.rules import facts_used
from content.eligibility.wording import value_text
from content.models import Program
from content.text.ages import BirthDate
from handlers.dialog.actions import build_action
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow, Verb
from handlers.dialog.state import StaleState
from handlers.dialog.steps import (
    NO,
    NOT_AN_ANSWER,
    YES,
    Choice,
    NotAnAnswer,
    Question,
    Step,
    Steps,
    match_choice,
)
from handlers.dialog.types import Button
from handlers.eligibility.asking import (
    current_fact,
    eligibility,
    fact_choices,
    fact_question,
    flow_word,
    forget_saved,
    known_answers,
    read_answer,
    saved_answers,
)
from handlers.eligibility.results import result_view, show_detail, suggest
from handlers.eligibility.state import EligibilityState
from handlers.eligibility.typed import explain_refusal, typed_answers

CONSENT_WORDING = "eligibility-consent-v1"
MAX_CHANGE_ROWS = 9  # a list longer than a phone screen is skipped, not read
CONSENT = {"yes": True, "no": False}


def not_an_answer(ctx: Context, state: EligibilityState, text: str) -> NotAnAnswer:
    """On the change list and the result, typed text other than a choice is a new request."""
    return NOT_AN_ANSWER


class EligibilityFlow(StepFlow[EligibilityState]):
    name = "eligibility"
    state_type = EligibilityState

    def declare(self) -> Steps[EligibilityState]:
        return Steps(
            Step("ask", ask=self.ask_fact, answer=self.answered, parse=read_answer,
                 choices=fact_choices),
            Step("change", ask=self.ask_change, answer=self.edit, parse=not_an_answer,
                 back=False),
            Step("result", ask=self.ask_after_result, answer=self.after_result,
                 parse=self.read_result, back=False),
        )

    def verbs(self) -> Mapping[str, Verb]:
        return {
            "program": self.start_program,
            "why_not": self.why_not,
            "consent": self.consent,
            "forget_answers": self.forget_answers,
            "skip": self.skip,
            "why": self.why,
            "back": self.back,
            "change": self.change,
            "summary": self.summary,
            "page": self.page,
        }

    # ------------------------------------------------------------------ entry points

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        running = [p for p in eligibility(ctx).rules if is_running(ctx.catalogue.programs.get(p))]
        await self._begin(ctx, running, single=None)

    async def start_program(self, ctx: Context, args: Sequence[str]) -> None:
        program = ctx.catalogue.programs.get(args[0]) if args else None
        if program is None:
            raise InvalidAction("eligibility:program")
        if program.id not in eligibility(ctx).rules:
            ctx.say(ctx.t("eligibility.no_rules"), [
                [ctx.button(ctx.t("eligibility.button_details"),
                            build_action("programs:show", program.id))],
                [ctx.button(ctx.t("eligibility.button_check_all"), self.act("start")),
                 ctx.menu_button()],
            ])
            return
        await self._begin(ctx, [program.id], single=program)

    async def why_not(self, ctx: Context, args: Sequence[str]) -> None:
        """ "28청춘창업소는 왜 안 돼요?": this user's reasons, not the program's card."""
        program = ctx.catalogue.programs.get(args[0]) if args else None
        if program is None:
            raise InvalidAction("eligibility:why_not")
        if program.id not in eligibility(ctx).rules:
            await self.start_program(ctx, args)  # says it can't be checked, with its card
            return
        await explain_refusal(ctx, self.state(ctx), program, self.act)

    async def _begin(self, ctx: Context, program_ids: list[str], single: Program | None) -> None:
        ctx.finish()
        state = self.state(ctx)
        state.programs = program_ids
        state.single = single.id if single else None
        if single is not None:
            ctx.say(ctx.t("eligibility.intro_program", program=ctx.pick(single.name)))
        else:
            ctx.say(ctx.t("eligibility.intro_all"))
        said = typed_answers(ctx, state)  # "저 26살인데 일산동구 살아요 …"
        if said:
            ctx.say(ctx.t("eligibility.typed_start", said=", ".join(said)))
        relevant = _relevant_saved(ctx, set(await saved_answers(ctx)), program_ids)
        if relevant:
            ctx.say(ctx.t("eligibility.using_saved", count=len(relevant)))
        await self._continue(ctx, state)

    async def on_text(self, ctx: Context, text: str) -> bool:
        """Words typed at a question that are not answers ("왜요", "모르겠어요", "그만")."""
        if ctx.state.step != "ask":
            return False  # on the result, typed text goes to the router
        word = flow_word(text)
        if word == "stop":
            await self.on_cancel(ctx)
            return True
        verb = self.verbs().get(word or "")
        if verb is None:
            return False  # "메뉴", "도움말": for the router
        await verb(ctx, ())
        return True

    async def on_cancel(self, ctx: Context) -> None:
        ctx.finish()
        ctx.show_menu(ctx.t("eligibility.stopped"))

    async def on_back(self, ctx: Context, step: Step[EligibilityState]) -> None:
        await self.back(ctx, ())

    # ------------------------------------------------------------------ the "ask" step

    async def _continue(self, ctx: Context, state: EligibilityState) -> None:
        """Ask the next useful question, or show the result when none is left."""
        known = await known_answers(ctx, state)
        fact_id = next_fact(eligibility(ctx), known, ctx.now.date(), state.programs,
                            state.skipped)
        if fact_id is None:
            await self.ask(ctx, "result")
            if state.single and not result_view(ctx, state, known).groups["eligible"]:
                suggest(ctx, state.single, known, self.act)
            return
        state.current, state.tries, state.editing = fact_id, 0, False
        await self.ask(ctx, "ask")

    async def ask_fact(self, ctx: Context, state: EligibilityState) -> Question:
        fact = current_fact(ctx, state)
        return fact_question(ctx, state, fact, await known_answers(ctx, state), self.act)

    async def answered(self, ctx: Context, state: EligibilityState, parsed: ParsedAnswer) -> None:
        fact = current_fact(ctx, state)
        echo = []
        if parsed.dropped_id_number:
            echo.append(ctx.t("eligibility.echo_id_number"))
        if parsed.from_age and isinstance(parsed.value, BirthDate):
            youngest, oldest = parsed.value.age_range(ctx.now.date())
            echo.append(ctx.t("eligibility.echo_age", age=ctx.t("eligibility.age", age=youngest)
                              if youngest == oldest else str(youngest)))
        if echo:
            ctx.say("\n".join(echo))
        state.answers[fact.id] = encode(fact, parsed.value)
        state.history = [f for f in state.history if f != fact.id] + [fact.id]
        state.skipped = [f for f in state.skipped if f != fact.id]
        consent = await ctx.store.profile.consent(ctx.user.id)
        if consent is not None and consent.granted:
            await ctx.store.profile.save_facts(ctx.user.id, {fact.id: state.answers[fact.id]},
                                               ctx.now)
            forget_saved(ctx)
        await self._continue(ctx, state)

    def _asking(self, ctx: Context) -> EligibilityState:
        """The state, for a verb that only makes sense while a question is waiting."""
        if ctx.state.flow != self.name or ctx.state.step != "ask":
            raise InvalidAction("eligibility: no question is waiting")
        return self.state(ctx)

    async def skip(self, ctx: Context, args: Sequence[str]) -> None:
        state = self._asking(ctx)
        fact = current_fact(ctx, state)
        state.answers.pop(fact.id, None)
        state.history = [f for f in state.history if f != fact.id] + [fact.id]
        state.skipped = sorted(set(state.skipped) | {fact.id})
        await self._continue(ctx, state)

    async def why(self, ctx: Context, args: Sequence[str]) -> None:
        """The reason for the current question, with the question again below it."""
        fact = current_fact(ctx, self._asking(ctx))
        await self.ask(ctx, "ask", ctx.t("eligibility.why", why=ctx.pick(fact.why)))

    async def back(self, ctx: Context, args: Sequence[str]) -> None:
        """The previous question again; every other answer is kept."""
        state = self._asking(ctx)
        if not state.history:
            await self.ask(ctx, "ask", ctx.t("eligibility.first_question"))
            return
        previous = state.history[-1]
        if previous not in eligibility(ctx).facts:
            raise StaleState(f"eligibility: no fact {previous!r}")  # the content changed
        state.forget(previous)
        state.history.pop()
        state.current, state.tries, state.editing = previous, 0, False
        await self.ask(ctx, "ask")

    # ------------------------------------------------------------------ changing an answer

    async def change(self, ctx: Context, args: Sequence[str]) -> None:
        if ctx.state.flow != self.name:
            raise InvalidAction("eligibility: no check to change")
        question = await self.ask_change(ctx, self.state(ctx))
        if not question.choices():
            ctx.say(ctx.t("eligibility.change_nothing"), [[ctx.menu_button()]])
            return
        await self.ask(ctx, "change")

    async def ask_change(self, ctx: Context, state: EligibilityState) -> Question:
        """Every answer given or skipped so far; typing a fact's name picks it too."""
        known = await known_answers(ctx, state)
        rows: list[list[Choice | Button]] = []
        for fact in eligibility(ctx).asked_facts:
            if fact.id in known:
                shown = value_text(fact, known[fact.id], ctx.locale, ctx.t)
            elif fact.id in state.skipped:
                shown = ctx.t("eligibility.skipped_value")
            else:
                continue
            label = ctx.t("eligibility.change_item", label=ctx.pick(fact.label), value=shown)
            rows.append([Choice(fact.id, label[:60], synonyms=tuple(fact.label.values()))])
        return Question(ctx.t("eligibility.change_prompt"),
                        [*rows[:MAX_CHANGE_ROWS], [ctx.menu_button()]])

    async def edit(self, ctx: Context, state: EligibilityState, fact_id: str) -> None:
        state.forget(fact_id)
        state.overridden = sorted(set(state.overridden) | {fact_id})
        state.current, state.tries, state.editing = fact_id, 0, True
        await self.ask(ctx, "ask")

    # ------------------------------------------------------------------ after the result

    async def ask_after_result(self, ctx: Context, state: EligibilityState) -> Question:
        """The summary, a button per program or group for its details, and (asked once)
        whether to keep the answers: "네"/"저장해 주세요" typed counts as pressing it."""
        view = result_view(ctx, state, await known_answers(ctx, state))
        rows: list[list[Choice | Button]] = [[c] for c in view.choices(ctx)]
        text = view.summary
        if state.answers and await ctx.store.profile.consent(ctx.user.id) is None:
            text += "\n\n" + ctx.t("eligibility.consent_question")
            rows.append([Choice("consent_yes", ctx.t("eligibility.consent_yes"), kind=YES),
                         Choice("consent_no", ctx.t("eligibility.consent_no"), kind=NO)])
        rows.append([Choice("change", ctx.t("eligibility.button_change"))])
        if state.single:
            rows.append([ctx.button(ctx.t("eligibility.button_check_all"), self.act("start"))])
        rows.append([ctx.menu_button()])
        return Question(text, rows)

    def read_result(self, ctx: Context, state: EligibilityState, text: str) -> str | NotAnAnswer:
        """Under a result, "결과 요약" shows it again; other text is a new request."""
        back = Choice("summary", ctx.t("eligibility.button_summary"))
        return "summary" if match_choice([back], text) else NOT_AN_ANSWER

    async def after_result(self, ctx: Context, state: EligibilityState, choice: str) -> None:
        if choice == "change":
            await self.change(ctx, ())
        elif choice == "summary":
            await self.ask(ctx, "result")
        elif choice in ("consent_yes", "consent_no"):
            await self.consent(ctx, ("yes" if choice == "consent_yes" else "no",))
        else:
            await self.detail(ctx, state, choice, 0)

    async def detail(self, ctx: Context, state: EligibilityState, key: str, start: int) -> None:
        known = await known_answers(ctx, state)
        following = show_detail(ctx, state, known, result_view(ctx, state, known), key, start)
        rows: list[list[Button]] = []
        if following is not None:
            rows.append([ctx.button(ctx.t("eligibility.button_next_page"),
                                    self.act("page", key, str(following)))])
        rows += [[ctx.button(ctx.t("eligibility.button_summary"), self.act("summary"))],
                 [ctx.menu_button()]]
        ctx.say(ctx.t("eligibility.detail_more"), rows)

    async def page(self, ctx: Context, args: Sequence[str]) -> None:
        """The next page of a group's detail (the button under a long group)."""
        state = self.state(ctx)
        if ctx.state.flow != self.name or ctx.state.step != "result" or len(args) != 2 \
                or not args[1].isdigit():
            raise InvalidAction("eligibility: no result page")
        await self.detail(ctx, state, args[0], int(args[1]))

    async def summary(self, ctx: Context, args: Sequence[str]) -> None:
        if ctx.state.flow != self.name or ctx.state.step != "result":
            raise InvalidAction("eligibility: no result to show")
        await self.ask(ctx, "result")

    async def consent(self, ctx: Context, args: Sequence[str]) -> None:
        granted = CONSENT.get(args[0]) if args else None
        if granted is None or ctx.state.flow != self.name:
            raise InvalidAction("eligibility:consent")
        await ctx.store.profile.set_consent(ctx.user.id, granted, CONSENT_WORDING, ctx.now)
        forget_saved(ctx)
        if not granted:
            ctx.say(ctx.t("eligibility.consent_declined"), [[ctx.menu_button()]])
            return
        count = await ctx.store.profile.save_facts(ctx.user.id, self.state(ctx).answers, ctx.now)
        forget_saved(ctx)
        ctx.say(ctx.t("eligibility.consent_saved", count=count), [[ctx.menu_button()]])

    async def forget_answers(self, ctx: Context, args: Sequence[str]) -> None:
        await ctx.store.profile.set_consent(ctx.user.id, False, CONSENT_WORDING, ctx.now)
        forget_saved(ctx)
        ctx.finish()
        ctx.show_menu(ctx.t("eligibility.answers_forgotten"))

    async def privacy_items(self, ctx: Context) -> list[str]:
        consent = await ctx.store.profile.consent(ctx.user.id)
        if consent is None:
            return []
        since = consent.decided_at[:10]
        if not consent.granted:
            return [ctx.t("eligibility.privacy_declined", since=since)]
        stored = await ctx.store.profile.facts(ctx.user.id)
        if not stored:
            return [ctx.t("eligibility.privacy_consent_only", since=since)]
        facts = eligibility(ctx).facts
        items = []
        for item in stored:
            fact = facts.get(item.fact)
            value = decode(fact, item.value) if fact is not None else None
            if fact is None or value is None:
                items.append(item.fact)
                continue
            items.append(f"{ctx.pick(fact.label)}({value_text(fact, value, ctx.locale, ctx.t)})")
        return [ctx.t("eligibility.privacy_facts", count=len(stored), since=since,
                      items=", ".join(items))]


def _relevant_saved(ctx: Context, saved: set[str], program_ids: Sequence[str]) -> set[str]:
    """Saved answers that matter to these programs (an age rule uses the birth date)."""
    elig = eligibility(ctx)
    used: set[str] = set()
    for program_id in program_ids:
        rule = elig.rules.get(program_id)
        if rule is not None:
            used |= facts_used(rule.condition)
    used |= {elig.facts[f].derived_from or f for f in list(used)}
    return saved & used
