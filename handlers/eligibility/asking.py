"""The "ask" step of the eligibility check: one question per fact, and how a typed answer is read.

Every fact is asked by the same declared step; ``EligibilityState.current`` says which.
A yes/no or choice fact offers its answers as step choices; any fact also accepts typed
text read by ``content.eligibility.facts.parse_answer`` ("26살이요", "99년생", "네 그래요").
"""

from __future__ import annotations

from collections.abc import Callable

from content.eligibility.facts import (
    Fact,
    FactValue,
    ParsedAnswer,
    decode,
    parse_answer,
    usable_answers,
)
from content.eligibility.model import Eligibility
from content.eligibility.planning import open_facts
from content.text.errors import AnswerError
from content.text.matching import plain_words as normalize
from content.text.typed import is_dont_know, polite_forms
from handlers.dialog.context import Context
from handlers.dialog.state import StaleState
from handlers.dialog.steps import (
    NO,
    NOT_AN_ANSWER,
    YES,
    Choice,
    NotAnAnswer,
    Question,
    Rejected,
    Row,
)
from handlers.dialog.types import Button
from handlers.eligibility.state import EligibilityState

MAX_TRIES = 3
Act = Callable[..., str]

# Words typed at a question that are not answers: each names a verb of the flow ("leave"
# gives the text to the router). Typed "back" and "cancel" are read by the engine first.
FLOW_WORDS: dict[str, frozenset[str]] = {
    "why": frozenset({"왜", "왜요", "왜 물어보나요", "왜 물어봐", "왜 물어보세요", "why",
                      "why do you ask"}),
    "back": frozenset({"이전", "이전 질문", "뒤로", "뒤로 가기", "back", "previous"}),
    "stop": frozenset({"그만", "그만할래", "취소", "중단", "stop", "cancel", "quit"}),
    "change": frozenset({"답변 바꾸기", "답변 수정", "답 바꾸기", "change an answer",
                         "change answer"}),
    "leave": frozenset({"메뉴", "처음으로", "처음", "홈", "menu", "home", "도움말", "help"}),
}


def flow_word(text: str) -> str | None:
    """Which of ``FLOW_WORDS`` the text is ("skip" for "모르겠어요"), or None."""
    said = normalize(text).rstrip("?!. ")
    for word, phrases in FLOW_WORDS.items():
        if said in phrases:
            return word
    return "skip" if is_dont_know(text) else None


def eligibility(ctx: Context) -> Eligibility:
    if ctx.catalogue.eligibility is None:
        raise RuntimeError("the catalogue has no eligibility rules")
    return ctx.catalogue.eligibility


def current_fact(ctx: Context, state: EligibilityState) -> Fact:
    """The fact being asked; a question that left the content (reload) closes the check."""
    fact = eligibility(ctx).facts.get(state.current or "")
    if fact is None or not fact.asked:
        raise StaleState(f"eligibility: no fact {state.current!r}")
    return fact


SAVED_MEMO = "eligibility.saved_answers"


async def saved_answers(ctx: Context) -> dict[str, FactValue]:
    """The answers kept with consent (read once per input: a turn asks for them up to
    three times; ``forget_saved`` after writing them)."""
    saved = ctx.memo.get(SAVED_MEMO)
    if saved is None:
        stored = await ctx.store.profile.facts(ctx.user.id)
        saved = usable_answers(eligibility(ctx).facts,
                               [(s.fact, s.value, s.answered_at) for s in stored], ctx.now)
        ctx.memo[SAVED_MEMO] = saved
    return dict(saved)


def forget_saved(ctx: Context) -> None:
    ctx.memo.pop(SAVED_MEMO, None)


async def known_answers(ctx: Context, state: EligibilityState) -> dict[str, FactValue]:
    """Saved answers (unless being changed or skipped), overlaid with this conversation's."""
    facts = eligibility(ctx).facts
    known = await saved_answers(ctx)
    for fact_id in [*state.overridden, *state.skipped]:
        known.pop(fact_id, None)
    for fact_id, raw in state.answers.items():
        fact = facts.get(fact_id)
        value = decode(fact, raw) if fact is not None else None
        if value is not None:
            known[fact_id] = value
    return known


def fact_question(ctx: Context, state: EligibilityState, fact: Fact,
                  known: dict[str, FactValue], act: Act) -> Question:
    """The question for ``fact``: progress ("질문 3/7"), the question, its hint, the
    answers to choose from, then 모르겠어요 · 왜 물어보나요? and ◀ 이전 질문 · 메뉴."""
    question = ctx.pick(fact.question)
    if state.editing:
        text = ctx.t("eligibility.question_edit", question=question)
    else:
        remaining = open_facts(eligibility(ctx), known, ctx.now.date(), state.programs,
                               state.skipped)
        step = len(state.history) + 1
        total = max(step, len(state.history) + len(remaining | {fact.id}))
        text = ctx.t("eligibility.question", step=step, total=total, question=question)
    if fact.hint:
        text += "\n" + ctx.t("eligibility.question_hint", hint=ctx.pick(fact.hint))
    rows: list[Row] = [*answer_rows(ctx, fact), [
        ctx.step_button(ctx.t("eligibility.button_skip"), act("skip")),
        ctx.step_button(ctx.t("eligibility.button_why"), act("why")),
    ]]
    nav: list[Button] = [ctx.menu_button()]
    if state.history:
        nav.insert(0, ctx.step_button(ctx.t("eligibility.button_back"), act("back")))
    rows.append(nav)
    return Question(text, rows)


def fact_choices(ctx: Context, state: EligibilityState) -> list[Choice]:
    """The answers offered for the current fact (what a typed label is matched against)."""
    return [c for row in answer_rows(ctx, current_fact(ctx, state)) for c in row
            if isinstance(c, Choice)]


def answer_rows(ctx: Context, fact: Fact) -> list[Row]:
    """Yes/no side by side; a choice fact one choice a row (labels can be long)."""
    if fact.type == "yes_no":
        return [[Choice("y", ctx.t("eligibility.button_yes"), ParsedAnswer(True), kind=YES),
                 Choice("n", ctx.t("eligibility.button_no"), ParsedAnswer(False), kind=NO)]]
    if fact.type == "choice":
        return [[Choice(c.id, ctx.pick(c.label), ParsedAnswer(c.id),
                        synonyms=(*c.label.values(), *c.aliases))] for c in fact.choices]
    return []


def read_answer(ctx: Context, state: EligibilityState,
                text: str) -> ParsedAnswer | Rejected | NotAnAnswer:
    """A typed answer to the current fact. Flow words ("왜요", "모르겠어요") are not answers:
    the flow's ``on_text`` takes them. An unreadable answer says why, and after three
    tries points at "모르겠어요"."""
    if flow_word(text) is not None:
        return NOT_AN_ANSWER
    fact = current_fact(ctx, state)
    error: AnswerError | None = None
    for form in polite_forms(text.strip()):  # "26살이요" is read as "26살"
        try:
            return parse_answer(fact, form, ctx.now.date())
        except AnswerError as problem:
            error = error or problem
    assert error is not None
    state.tries += 1
    message = ctx.t(f"eligibility.error_{error.code}", **error.values)
    if state.tries >= MAX_TRIES:
        message += "\n" + ctx.t("eligibility.third_try")
    return Rejected(message)
