"""지원사업 자격 확인: a short conversation that tells a user which programs they can get.

The flow asks only what is still unknown and useful: each turn it picks the question
that settles the most undecided programs (``content.eligibility.loader.next_fact``), shows
progress ("질문 3/7"), and lets the user go back, skip ("모르겠어요"), ask "왜 물어보나요?"
or change an answer. The result groups programs into 받을 수 있어요 · 확인이 필요해요 ·
해당하지 않아요 · 지금은 운영하지 않아요, with reasons, documents, where to apply and
suggestions.

Entered from the menu (``eligibility``), free text ("내가 받을 수 있는 지원 알려줘") or a
program card (``eligibility:program:<id>``, that program alone).

Answers live in the conversation state (``state.data["answers"]``) and are kept in the
profile only after the user agrees, once (``db.profile``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from content.eligibility.facts import Fact, FactValue, decode, encode, parse_answer, usable_answers
from content.eligibility.loader import (
    Assessment,
    Eligibility,
    assess,
    grouped,
    is_running,
    next_fact,
    open_facts,
    timing_notes,
)
from content.eligibility.rules import Verdict
from content.eligibility.wording import (
    date_text,
    failure_text,
    missing_text,
    object_particle,
    timing_text,
    value_text,
)
from content.models import Program
from content.text.ages import BirthDate
from content.text.errors import AnswerError
from content.text.matching import plain_words as normalize
from content.text.typed import is_dont_know
from db.profile import StoredFact
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction
from handlers.dialog.types import Button, Card

CONSENT_WORDING = "eligibility-consent-v1"
MAX_TRIES = 3
MAX_CHANGE_ROWS = 9
WHY_WORDS = {"왜", "왜요", "왜 물어보나요", "왜 물어봐", "왜 물어보세요", "why", "why do you ask"}
BACK_WORDS = {"이전", "이전 질문", "뒤로", "뒤로 가기", "back", "previous"}
STOP_WORDS = {"그만", "그만할래", "취소", "중단", "stop", "cancel", "quit"}
CHANGE_WORDS = {"답변 바꾸기", "답변 수정", "답 바꾸기", "change an answer", "change answer"}
LEAVE_WORDS = {"메뉴", "처음으로", "처음", "홈", "menu", "home", "도움말", "help"}


class EligibilityFlow(Flow):
    name = "eligibility"

    # ------------------------------------------------------------------ entry points

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        elig = _eligibility(ctx)
        running = [p for p in elig.rules if is_running(ctx.catalogue.programs.get(p))]
        await self._begin(ctx, running, single=None)

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        if verb == "start":
            await self.start(ctx, args)
        elif verb == "program" and args:
            await self._start_program(ctx, args[0])
        elif verb == "consent" and args and args[0] in ("yes", "no"):
            await self._consent(ctx, args[0] == "yes")
        elif verb == "forget_answers":
            await ctx.store.profile.set_consent(ctx.user.id, False, CONSENT_WORDING, ctx.now)
            ctx.finish()
            ctx.show_menu(ctx.t("eligibility.answers_forgotten"))
        elif ctx.state.flow != self.name:
            raise InvalidAction(verb)  # a button from a finished check
        elif verb == "a" and args:
            await self._answer_button(ctx, args[0])
        elif verb == "skip":
            await self._skip(ctx)
        elif verb == "why":
            await self._why(ctx)
        elif verb == "back":
            await self._back(ctx)
        elif verb == "change":
            await self._change_menu(ctx)
        elif verb == "edit" and args:
            await self._edit(ctx, args[0])
        else:
            raise InvalidAction(verb)

    async def on_text(self, ctx: Context, text: str) -> bool:
        if ctx.state.step != "ask":
            return False  # on the result, typed text goes to the router
        if _eligibility(ctx).facts.get(ctx.state.data.get("current") or "") is None:
            ctx.finish()  # the question left the content (reload): start over from the router
            return False
        said = normalize(text).rstrip("?!. ")
        if said in LEAVE_WORDS:
            return False
        if said in STOP_WORDS:
            ctx.finish()
            ctx.show_menu(ctx.t("eligibility.stopped"))
            return True
        if said in WHY_WORDS:
            await self._why(ctx)
            return True
        if said in BACK_WORDS:
            await self._back(ctx)
            return True
        if said in CHANGE_WORDS:
            await self._change_menu(ctx)
            return True
        if is_dont_know(text):
            await self._skip(ctx)
            return True
        await self._answer_text(ctx, text)
        return True

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
        elig = _eligibility(ctx)
        items = []
        for item in stored:
            fact = elig.facts.get(item.fact)
            value = decode(fact, item.value) if fact is not None else None
            if fact is None or value is None:
                items.append(item.fact)
                continue
            items.append(f"{ctx.pick(fact.label)}({value_text(fact, value, ctx.locale, ctx.t)})")
        return [ctx.t("eligibility.privacy_facts", count=len(stored), since=since,
                      items=", ".join(items))]

    # ------------------------------------------------------------------ the loop

    async def _start_program(self, ctx: Context, program_id: str) -> None:
        program = ctx.catalogue.programs.get(program_id)
        if program is None:
            raise InvalidAction(program_id)
        if program_id not in _eligibility(ctx).rules:
            ctx.say(ctx.t("eligibility.no_rules"), [
                [ctx.button(ctx.t("eligibility.button_details"), f"programs:show:{program_id}")],
                [ctx.button(ctx.t("eligibility.button_check_all"), "eligibility"),
                 ctx.menu_button()],
            ])
            return
        await self._begin(ctx, [program_id], single=program)

    async def _begin(self, ctx: Context, program_ids: list[str], single: Program | None) -> None:
        ctx.finish()
        ctx.goto("ask", programs=program_ids, single=single.id if single else None,
                 answers={}, skipped=[], history=[], current=None, tries=0, editing=False)
        if single is not None:
            ctx.say(ctx.t("eligibility.intro_program", program=ctx.pick(single.name)))
        else:
            ctx.say(ctx.t("eligibility.intro_all"))
        saved = await self._saved_answers(ctx)
        relevant = _relevant_saved(_eligibility(ctx), saved, program_ids)
        if relevant:
            ctx.say(ctx.t("eligibility.using_saved", count=len(relevant)))
        await self._continue(ctx)

    async def _continue(self, ctx: Context) -> None:
        """Ask the next useful question, or show the result when none is left."""
        elig = _eligibility(ctx)
        known = await self._known(ctx)
        data = ctx.state.data
        fact_id = next_fact(elig, known, ctx.now.date(), data["programs"], data["skipped"])
        if fact_id is None:
            await self._result(ctx, known)
            return
        ctx.goto("ask", current=fact_id, tries=0, editing=False)
        self._ask(ctx, elig.facts[fact_id], known)

    def _ask(self, ctx: Context, fact: Fact, known: dict[str, FactValue],
             prefix: str = "") -> None:
        elig = _eligibility(ctx)
        data = ctx.state.data
        question = ctx.pick(fact.question)
        if data.get("editing"):
            text = ctx.t("eligibility.question_edit", question=question)
        else:
            remaining = open_facts(elig, known, ctx.now.date(), data["programs"],
                                   data["skipped"])
            step = len(data["history"]) + 1
            total = max(step, len(data["history"]) + len(remaining | {fact.id}))
            text = ctx.t("eligibility.question", step=step, total=total, question=question)
        if fact.hint:
            text += "\n" + ctx.t("eligibility.question_hint", hint=ctx.pick(fact.hint))
        if prefix:
            text = f"{prefix}\n\n{text}"
        rows: list[list[Button]] = []
        if fact.type == "yes_no":
            rows.append([ctx.step_button(ctx.t("eligibility.button_yes"), "eligibility:a:y"),
                         ctx.step_button(ctx.t("eligibility.button_no"), "eligibility:a:n")])
        elif fact.type == "choice":
            rows.extend([ctx.step_button(ctx.pick(c.label), f"eligibility:a:{c.id}")]
                        for c in fact.choices)
        rows.append([ctx.step_button(ctx.t("eligibility.button_skip"), "eligibility:skip"),
                     ctx.step_button(ctx.t("eligibility.button_why"), "eligibility:why")])
        nav = [ctx.menu_button()]
        if data["history"]:
            nav.insert(0, ctx.step_button(ctx.t("eligibility.button_back"), "eligibility:back"))
        rows.append(nav)
        ctx.say(text, rows)

    async def _answer_button(self, ctx: Context, raw: str) -> None:
        fact = self._current(ctx)
        if fact.type == "yes_no" and raw in ("y", "n"):
            value: FactValue = raw == "y"
        elif fact.type == "choice" and fact.choice(raw) is not None:
            value = raw
        else:
            raise InvalidAction(raw)
        await self._record(ctx, fact, value)

    async def _answer_text(self, ctx: Context, text: str) -> None:
        fact = self._current(ctx)
        try:
            parsed = parse_answer(fact, text, ctx.now.date())
        except AnswerError as error:
            tries = int(ctx.state.data.get("tries", 0)) + 1
            ctx.goto("ask", tries=tries)
            message = ctx.t(f"eligibility.error_{error.code}", **error.values)
            if tries >= MAX_TRIES:
                message += "\n" + ctx.t("eligibility.third_try")
            self._ask(ctx, fact, await self._known(ctx), prefix=message)
            return
        echo = []
        if parsed.dropped_id_number:
            echo.append(ctx.t("eligibility.echo_id_number"))
        if parsed.from_age and isinstance(parsed.value, BirthDate):
            youngest, oldest = parsed.value.age_range(ctx.now.date())
            echo.append(ctx.t("eligibility.echo_age", age=ctx.t("eligibility.age", age=youngest)
                              if youngest == oldest else str(youngest)))
        if echo:
            ctx.say("\n".join(echo))
        await self._record(ctx, fact, parsed.value)

    async def _record(self, ctx: Context, fact: Fact, value: FactValue) -> None:
        data = ctx.state.data
        answers = dict(data["answers"])
        answers[fact.id] = encode(fact, value)
        history = [f for f in data["history"] if f != fact.id] + [fact.id]
        skipped = [f for f in data["skipped"] if f != fact.id]
        ctx.goto("ask", answers=answers, history=history, skipped=skipped)
        consent = await ctx.store.profile.consent(ctx.user.id)
        if consent is not None and consent.granted:
            await ctx.store.profile.save_facts(ctx.user.id, {fact.id: answers[fact.id]}, ctx.now)
        await self._continue(ctx)

    async def _skip(self, ctx: Context) -> None:
        fact = self._current(ctx)
        data = ctx.state.data
        answers = {k: v for k, v in data["answers"].items() if k != fact.id}
        history = [f for f in data["history"] if f != fact.id] + [fact.id]
        skipped = sorted(set(data["skipped"]) | {fact.id})
        ctx.goto("ask", answers=answers, history=history, skipped=skipped)
        await self._continue(ctx)

    async def _why(self, ctx: Context) -> None:
        """The reason for the current question, with the question again below it."""
        fact = self._current(ctx)
        why = ctx.t("eligibility.why", why=ctx.pick(fact.why))
        self._ask(ctx, fact, await self._known(ctx), prefix=why)

    async def _back(self, ctx: Context) -> None:
        data = ctx.state.data
        if not data["history"]:
            self._ask(ctx, self._current(ctx), await self._known(ctx),
                      prefix=ctx.t("eligibility.first_question"))
            return
        previous = data["history"][-1]
        if previous not in _eligibility(ctx).facts:
            raise InvalidAction(previous)  # the content changed under the conversation
        answers = {k: v for k, v in data["answers"].items() if k != previous}
        skipped = [f for f in data["skipped"] if f != previous]
        ctx.goto("ask", answers=answers, skipped=skipped, history=data["history"][:-1],
                 current=previous, tries=0, editing=False)
        self._ask(ctx, _eligibility(ctx).facts[previous], await self._known(ctx))

    async def _change_menu(self, ctx: Context) -> None:
        elig = _eligibility(ctx)
        known = await self._known(ctx)
        skipped = set(ctx.state.data["skipped"])
        rows = []
        for fact in elig.asked_facts:
            if fact.id in known:
                shown = value_text(fact, known[fact.id], ctx.locale, ctx.t)
            elif fact.id in skipped:
                shown = ctx.t("eligibility.skipped_value")
            else:
                continue
            label = ctx.t("eligibility.change_item", label=ctx.pick(fact.label), value=shown)
            rows.append([ctx.step_button(label[:60], f"eligibility:edit:{fact.id}")])
        if not rows:
            ctx.say(ctx.t("eligibility.change_nothing"), [[ctx.menu_button()]])
            return
        rows = rows[:MAX_CHANGE_ROWS]  # a list longer than a phone screen is skipped, not read
        ctx.goto("change")
        ctx.say(ctx.t("eligibility.change_prompt"), [*rows, [ctx.menu_button()]])

    async def _edit(self, ctx: Context, fact_id: str) -> None:
        elig = _eligibility(ctx)
        fact = elig.facts.get(fact_id)
        if fact is None or not fact.asked:
            raise InvalidAction(fact_id)
        data = ctx.state.data
        answers = {k: v for k, v in data["answers"].items() if k != fact_id}
        skipped = [f for f in data["skipped"] if f != fact_id]
        overridden = sorted(set(data.get("overridden", [])) | {fact_id})
        ctx.goto("ask", answers=answers, skipped=skipped, current=fact_id, tries=0,
                 editing=True, overridden=overridden)
        self._ask(ctx, fact, await self._known(ctx))

    # ------------------------------------------------------------------ results

    async def _result(self, ctx: Context, known: dict[str, FactValue]) -> None:
        elig = _eligibility(ctx)
        data = ctx.state.data
        today = ctx.now.date()
        programs = ctx.catalogue.programs
        single_id = data.get("single")
        if single_id and single_id not in programs:
            raise InvalidAction(single_id)  # the program left the catalogue (reload)
        # Questions were planned for running programs only; the result also shows the
        # programs that are not running now (with whether the user would qualify).
        results = assess(elig, programs, known, today, [single_id] if single_id else None)
        ctx.goto("result")
        if single_id:
            title = ctx.t("eligibility.result_title_program",
                          program=ctx.pick(programs[single_id].name),
                          today=date_text(today, ctx.locale))
        else:
            title = ctx.t("eligibility.result_title_all", today=date_text(today, ctx.locale))
        ctx.say(title)
        groups = grouped(results)
        if groups["eligible"]:
            ctx.say(ctx.t("eligibility.group_eligible"))
        for assessment in groups["eligible"]:
            self._eligible_card(ctx, assessment, known)
        for group in ("to_check", "not_eligible", "not_running"):
            lines = [self._line(ctx, a, known, data["skipped"]) for a in groups[group]]
            if lines:
                ctx.say(ctx.t(f"eligibility.group_{group}") + "\n" + "\n".join(lines))
        if not groups["eligible"] and not single_id:
            ctx.say(ctx.t("eligibility.nothing_eligible") + "\n\n"
                    + ctx.t("eligibility.human_hint", help=ctx.human_help()))
        if single_id and not groups["eligible"]:
            self._suggest(ctx, single_id, known)
        await self._offer_consent(ctx)
        rows = [[ctx.step_button(ctx.t("eligibility.button_change"), "eligibility:change")]]
        if single_id:
            rows.append([ctx.button(ctx.t("eligibility.button_check_all"), "eligibility")])
        rows.append([ctx.menu_button()])
        ctx.say(ctx.t("eligibility.after_result"), rows)

    def _eligible_card(self, ctx: Context, assessment: Assessment,
                       known: dict[str, FactValue]) -> None:
        program = ctx.catalogue.programs[assessment.program_id]
        rule = _eligibility(ctx).rules[assessment.program_id]
        extra = [ctx.pick(note) for note in rule.notes]
        extra += [timing_text(n, ctx.locale, ctx.t) for n in
                  timing_notes(rule, _eligibility(ctx), known, ctx.now.date(), Verdict.YES)]
        if program.status_note:
            extra.append(ctx.t("eligibility.status_note", note=ctx.pick(program.status_note)))
        documents = " · ".join(ctx.pick(d) for d in program.documents) or ctx.t(
            "eligibility.documents_none")
        body = ctx.t(
            "eligibility.eligible_card",
            benefit=ctx.pick(program.benefit),
            documents=documents,
            how_to_apply=ctx.pick(program.how_to_apply),
            contact=ctx.pick(program.contact),
            extra="".join(f"\n• {line}" for line in extra),
            source=program.sources[0],
            as_of=program.as_of.isoformat(),
            rule_source=rule.sources[0],
            rule_as_of=rule.as_of.isoformat(),
        )
        buttons = [ctx.button(ctx.t("eligibility.button_details"),
                              f"programs:show:{program.id}")]
        buttons.extend(Button(ctx.pick(link.label), url=link.url) for link in program.links[:1])
        ctx.add(Card(title=ctx.pick(program.name), body=body, buttons=tuple(buttons)))

    def _line(self, ctx: Context, assessment: Assessment, known: dict[str, FactValue],
              skipped: Sequence[str]) -> str:
        """One program's line in a result group, with its reason."""
        elig = _eligibility(ctx)
        program = ctx.catalogue.programs[assessment.program_id]
        rule = elig.rules[assessment.program_id]
        outcome = assessment.outcome
        today = ctx.now.date()
        if outcome.verdict is Verdict.NO:
            reason = "; ".join(failure_text(f, elig, ctx.locale, ctx.t, today)
                               for f in outcome.failures)
        elif outcome.verdict is Verdict.UNKNOWN:
            reason = self._unknown_reason(ctx, outcome.unchecked, outcome.missing, known)
        else:
            reason = ""
        notes = timing_notes(rule, elig, known, today, outcome.verdict)
        if assessment.group == "not_running":
            note = ctx.pick(program.status_note)
            key = {Verdict.YES: "not_running_would_qualify", Verdict.NO: "not_running_would_not",
                   Verdict.UNKNOWN: "not_running_open"}[outcome.verdict]
            if key == "not_running_open" and not ctx.state.data.get("single"):
                key = "not_running_unknown"  # its questions were not asked: it isn't running
            reason = ctx.t(f"eligibility.{key}", reason=reason, note=note)
            wanted = ("quarter_window", "next_quarter")
        else:
            wanted = ("age_in", "next_quarter")
        reason += "".join(f" {timing_text(n, ctx.locale, ctx.t)}" for n in notes
                          if n.kind in wanted)
        return ctx.t("eligibility.program_line", program=ctx.pick(program.name), reason=reason)

    def _unknown_reason(self, ctx: Context, unchecked: Sequence[dict[str, str]],
                        missing: frozenset[str], known: dict[str, FactValue]) -> str:
        """Why a result is open: conditions the bot can't check, skipped or inexact answers."""
        elig = _eligibility(ctx)
        parts = [ctx.pick(u) for u in unchecked]
        unanswered = {f for f in missing if f not in known}
        partial = {f for f in missing if f in known}
        if unanswered:
            parts.append(ctx.t("eligibility.reason_missing",
                               facts=missing_text(unanswered, elig, ctx.locale)))
        if partial:
            names = missing_text(partial, elig, ctx.locale)
            if ctx.locale == "ko":
                names += object_particle(names)
            parts.append(ctx.t("eligibility.reason_exact", facts=names))
        return " ".join(parts)

    def _suggest(self, ctx: Context, single_id: str, known: dict[str, FactValue]) -> None:
        elig = _eligibility(ctx)
        others = [p for p in elig.rules
                  if p != single_id and is_running(ctx.catalogue.programs.get(p))]
        results = assess(elig, ctx.catalogue.programs, known, ctx.now.date(), others)
        yes = [a for a in results if a.outcome.verdict is Verdict.YES]
        maybe = [a for a in results
                 if a.outcome.verdict is Verdict.UNKNOWN and a.outcome.missing]
        if yes:
            names = "\n".join(f"• {ctx.pick(ctx.catalogue.programs[a.program_id].name)}"
                              for a in yes)
            buttons = [[ctx.button(ctx.pick(ctx.catalogue.programs[a.program_id].name)[:40],
                                   f"programs:show:{a.program_id}")] for a in yes[:4]]
            ctx.say(ctx.t("eligibility.suggest_title") + "\n" + names, buttons)
        elif maybe:
            buttons = [[ctx.button(
                ctx.t("eligibility.button_check_program",
                      program=ctx.pick(ctx.catalogue.programs[a.program_id].name))[:40],
                f"eligibility:program:{a.program_id}")] for a in maybe[:3]]
            ctx.say(ctx.t("eligibility.suggest_maybe_title"), buttons)
        else:
            ctx.say(ctx.t("eligibility.suggest_full_check"))

    # ------------------------------------------------------------------ consent

    async def _offer_consent(self, ctx: Context) -> None:
        if not ctx.state.data.get("answers"):
            return
        if await ctx.store.profile.consent(ctx.user.id) is not None:
            return  # asked once: never again
        ctx.say(ctx.t("eligibility.consent_question"), [[
            ctx.step_button(ctx.t("eligibility.consent_yes"), "eligibility:consent:yes"),
            ctx.step_button(ctx.t("eligibility.consent_no"), "eligibility:consent:no"),
        ]])

    async def _consent(self, ctx: Context, granted: bool) -> None:
        if ctx.state.flow != self.name:
            raise InvalidAction("consent")
        await ctx.store.profile.set_consent(ctx.user.id, granted, CONSENT_WORDING, ctx.now)
        if not granted:
            ctx.say(ctx.t("eligibility.consent_declined"), [[ctx.menu_button()]])
            return
        count = await ctx.store.profile.save_facts(ctx.user.id, ctx.state.data["answers"],
                                                   ctx.now)
        ctx.say(ctx.t("eligibility.consent_saved", count=count), [[ctx.menu_button()]])

    # ------------------------------------------------------------------ helpers

    def _current(self, ctx: Context) -> Fact:
        fact = _eligibility(ctx).facts.get(ctx.state.data.get("current") or "")
        if fact is None or ctx.state.step != "ask":
            raise InvalidAction("no current question")
        return fact

    async def _saved_answers(self, ctx: Context) -> dict[str, FactValue]:
        stored: list[StoredFact] = await ctx.store.profile.facts(ctx.user.id)
        return usable_answers(_eligibility(ctx).facts,
                              [(s.fact, s.value, s.answered_at) for s in stored], ctx.now)

    async def _known(self, ctx: Context) -> dict[str, FactValue]:
        """Saved answers (unless being changed), overlaid with this conversation's."""
        elig = _eligibility(ctx)
        data = ctx.state.data
        known = await self._saved_answers(ctx)
        for fact_id in data.get("overridden", []):
            known.pop(fact_id, None)
        for fact_id in data.get("skipped", []):
            known.pop(fact_id, None)
        for fact_id, raw in data.get("answers", {}).items():
            fact = elig.facts.get(fact_id)
            value = decode(fact, raw) if fact is not None else None
            if value is not None:
                known[fact_id] = value
        return known


def _eligibility(ctx: Context) -> Eligibility:
    if ctx.catalogue.eligibility is None:
        raise RuntimeError("the catalogue has no eligibility rules")
    return ctx.catalogue.eligibility


def _relevant_saved(elig: Eligibility, saved: dict[str, Any],
                    program_ids: Sequence[str]) -> set[str]:
    from content.eligibility.rules import facts_used

    used: set[str] = set()
    for program_id in program_ids:
        rule = elig.rules.get(program_id)
        if rule is not None:
            used |= facts_used(rule.condition)
    used |= {elig.facts[f].derived_from or f for f in list(used)}
    return set(saved) & used
