"""Who may rent: the age and basis steps, decided by the eligibility rules engine.

The rule (만 18~39세, living or studying/working in Goyang) is the one in
``rules/interview_suit_rental.yaml``; the two questions only turn answers into facts for it.
Facts the user let the eligibility check keep (birth date, residence) skip the questions.
"""

from __future__ import annotations

from typing import Any

from content.booking.calendar import last_bookable_day
from content.booking.eligibility import (
    BIRTH_FACT,
    RESIDENT_FACT,
    AgeBand,
    BasisAnswer,
    age_settled,
    basis_facts,
    birth_for_age,
    birth_for_band,
    decide,
    failed_on_age,
)
from content.eligibility.facts import FactValue, decode
from content.eligibility.model import Eligibility
from content.eligibility.rules import Verdict
from content.text.ages import BirthDate
from handlers.booking.lookup import booking_content, bookings, suit_age_limits
from handlers.booking.state import BirthWindow, BookingState
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow
from handlers.dialog.steps import Choice, Question


async def remembered_facts(ctx: Context) -> dict[str, FactValue]:
    """Eligibility facts the user let the bot keep (the eligibility flow's profile), if any.

    Only read: booking answers are not written back (that needs the profile's consent).
    """
    profile = getattr(ctx.store, "profile", None)
    facts = ctx.catalogue.eligibility.facts if ctx.catalogue.eligibility else {}
    if profile is None or not hasattr(profile, "facts"):
        return {}
    try:
        stored = await profile.facts(ctx.user.id)
    except Exception:  # a profile schema this flow does not know: just ask
        return {}
    known: dict[str, FactValue] = {}
    for entry in stored:
        fact = facts.get(str(getattr(entry, "fact", "")))
        value = decode(fact, getattr(entry, "value", None)) if fact is not None else None
        if fact is not None and value is not None:
            known[fact.id] = value
    return known


def _eligibility(ctx: Context) -> Eligibility:
    eligibility = ctx.catalogue.eligibility
    if eligibility is None:
        raise LookupError("the catalogue has no eligibility rules (content/data/rules/)")
    return eligibility


class WhoMayRent:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    async def begin(self, ctx: Context, state: BookingState) -> None:
        """The first question still open, after what the user told the eligibility check."""
        known = await remembered_facts(ctx)
        birth = known.get(BIRTH_FACT)
        if isinstance(birth, BirthDate):
            outcome = decide(_eligibility(ctx), {BIRTH_FACT: birth}, ctx.now.date())
            if failed_on_age(outcome):
                self.refuse_age(ctx)
                return
            if age_settled(outcome):
                state.birth = BirthWindow.of(birth)
                if known.get(RESIDENT_FACT) is True:
                    ctx.say(ctx.t("booking.intro_known"))
                    await self.answered_basis(ctx, state, "live")
                else:
                    await self.flow.ask(ctx, "basis")
                return
        await self.flow.ask(ctx, "age")

    # -- age --

    async def ask_age(self, ctx: Context, state: BookingState) -> Question:
        rules = booking_content(ctx).rules
        limits = suit_age_limits(ctx)
        notice = ""
        if rules.notice:
            source = ctx.t("booking.program_notice_source", source=rules.sources[0],
                           as_of=rules.as_of.isoformat())
            notice = f"\n{ctx.pick(rules.notice)}\n{source}"
        return Question(f"{ctx.t('booking.intro')}{notice}\n\n{ctx.t('booking.ask_age')}", [
            [Choice("ok", ctx.t("booking.age_in_range", min=limits.low, max=limits.high),
                    synonyms=(f"{limits.low}~{limits.high}", f"{limits.low}~{limits.high}세"))],
            [Choice("under", ctx.t("booking.age_under", min=limits.low)),
             Choice("over", ctx.t("booking.age_over", over=limits.high + 1))],
            [ctx.button(ctx.t("booking.my_bookings"), self.flow.act("mine")), ctx.menu_button()],
        ])

    async def answered_age(self, ctx: Context, state: BookingState, answer: Any) -> None:
        """``answer``: an age typed, or the band of the button pressed ("ok", "under", "over")."""
        today = ctx.now.date()
        if isinstance(answer, int):
            birth = birth_for_age(answer, today)
        else:
            band: AgeBand = answer
            birth = birth_for_band(band, suit_age_limits(ctx), today)
        if failed_on_age(decide(_eligibility(ctx), {BIRTH_FACT: birth}, today)):
            self.refuse_age(ctx)
            return
        state.birth = BirthWindow.of(birth)
        await self.flow.ask(ctx, "basis")

    def refuse_age(self, ctx: Context) -> None:
        limits = suit_age_limits(ctx)
        ctx.finish()
        ctx.dead_end(ctx.t("booking.not_eligible_age", min=limits.low, max=limits.high))

    # -- live, study or work in Goyang --

    async def ask_basis(self, ctx: Context, state: BookingState) -> Question:
        return Question(ctx.t("booking.ask_basis"), [
            [Choice(basis, ctx.t(f"booking.basis_{basis}"))]
            for basis in ("live", "study", "work", "none")
        ])

    async def answered_basis(self, ctx: Context, state: BookingState, answer: Any) -> None:
        basis: BasisAnswer = answer
        known = dict(basis_facts(basis))
        if state.birth is not None:
            known[BIRTH_FACT] = state.birth.birth_date()
        outcome = decide(_eligibility(ctx), known, ctx.now.date())
        if outcome.verdict is Verdict.NO:
            if failed_on_age(outcome):
                self.refuse_age(ctx)
                return
            ctx.finish()
            ctx.dead_end(ctx.t("booking.not_eligible_basis"))
            return
        rules = booking_content(ctx).rules
        used = await bookings(ctx).used_this_year(ctx.user.id, ctx.now.year)
        window_reaches_next_year = last_bookable_day(rules, ctx.now).year > ctx.now.year
        if used >= rules.yearly_limit and not window_reaches_next_year:
            ctx.finish()
            ctx.show_menu(ctx.t("booking.yearly_limit", limit=rules.yearly_limit))
            return
        state.basis = basis
        left = max(0, rules.yearly_limit - used)
        await self.flow.ask(ctx, "shop", ctx.t("booking.yearly_left", left=left) if left else "")
