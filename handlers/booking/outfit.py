"""What to rent: the items step, one size step per kind of size, and a guess from height/weight.

Height and weight are not stored: only the sizes guessed from them are (until the user
takes them or answers again).
"""

from __future__ import annotations

from typing import Any

from content.booking.sizes import guess_sizes, normalize_size
from handlers.booking.lookup import booking_content
from handlers.booking.state import SIZING_ORDER, BookingState, Sizing
from handlers.booking.typed import SIZE_UNKNOWN, Done, HeightWeight, ItemsNamed, SizeUnknown
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow
from handlers.dialog.steps import Choice, Question, Row

SIZE_EXAMPLES: dict[Sizing, tuple[str, ...]] = {
    "top": ("S", "M", "L", "XL", "2XL"),
    "waist": ("28", "30", "32", "34"),
    "shoes": ("240", "250", "260", "270", "280"),
}


class UseGuess:
    """"추천대로 할게요": take the guessed sizes."""


USE_GUESS = UseGuess()


class Outfit:
    def __init__(self, flow: StepFlow[BookingState]) -> None:
        self.flow = flow

    # -- items --

    async def ask_items(self, ctx: Context, state: BookingState) -> Question:
        chosen = set(state.items)
        choices = [
            Choice(item.id, ctx.t("booking.item_on" if item.id in chosen else "booking.item_off",
                                  name=ctx.pick(item.name)))
            for item in booking_content(ctx).rules.items
        ]
        rows: list[Row] = [choices[i:i + 3] for i in range(0, len(choices), 3)]
        rows.append([Choice("done", ctx.t("booking.next"), Done()), ctx.menu_button()])
        return Question(ctx.t("booking.choose_items"), rows)

    async def answered_items(self, ctx: Context, state: BookingState, answer: Any) -> None:
        """An item pressed (toggled), items typed by name (added), or "다음"."""
        rules = booking_content(ctx).rules
        if isinstance(answer, Done):
            await self.items_done(ctx, state)
            return
        if isinstance(answer, ItemsNamed):
            state.items = [*state.items, *(i for i in answer.ids if i not in state.items)]
        elif rules.item(str(answer)) is None:
            raise InvalidAction(f"item {answer}")
        elif answer in state.items:
            state.items = [i for i in state.items if i != answer]
        else:
            state.items = [*state.items, str(answer)]
        await self.flow.ask(ctx, "items")

    async def items_done(self, ctx: Context, state: BookingState) -> None:
        rules = booking_content(ctx).rules
        items = [i for i in state.items if rules.item(i)]
        if not items:
            await self.flow.ask(ctx, "items", ctx.t("booking.items_none"))
            return
        sizings = {item.sizing for item in rules.items if item.id in items}
        state.items, state.sizes = items, {}
        state.needed = [s for s in SIZING_ORDER if s in sizings]
        await self.next_size(ctx, state)

    # -- sizes --

    async def next_size(self, ctx: Context, state: BookingState) -> None:
        state.sizing = state.pending_sizing()
        if state.sizing is None:
            await self.flow.ask(ctx, state.after_outfit())
        else:
            await self.flow.ask(ctx, "size")

    async def ask_size(self, ctx: Context, state: BookingState) -> Question:
        sizing = state.sizing
        if sizing is None:
            raise InvalidAction("size without a sizing")
        quick = [Choice(v, v, normalize_size(sizing, v)) for v in SIZE_EXAMPLES[sizing]]
        rows: list[Row] = [quick]
        if sizing != "shoes":
            rows.append([Choice("unknown", ctx.t("booking.size_unknown"), SIZE_UNKNOWN)])
        rows.append([ctx.menu_button()])
        return Question(ctx.t(f"booking.ask_size_{sizing}"), rows)

    async def answered_size(self, ctx: Context, state: BookingState, answer: Any) -> None:
        """A size in the shop's form, "잘 모르겠어요", or a height and weight typed right away."""
        if isinstance(answer, SizeUnknown):
            state.guess = None
            await self.flow.ask(ctx, "height_weight")
        elif isinstance(answer, HeightWeight):
            await self.answered_height_weight(ctx, state, answer)
        elif state.sizing is not None:
            state.sizes = {**state.sizes, state.sizing: str(answer)}
            await self.next_size(ctx, state)

    # -- height and weight --

    async def ask_height_weight(self, ctx: Context, state: BookingState) -> Question:
        if state.guess is None:
            return Question(ctx.t("booking.ask_height_weight"), [[ctx.menu_button()]])
        waist = state.guess.get("waist", "").removesuffix("inch")
        return Question(ctx.t("booking.size_guess", top=state.guess.get("top", ""), waist=waist), [
            [Choice("use", ctx.t("booking.use_guess"), USE_GUESS)],
            [ctx.menu_button()],
        ])

    async def answered_height_weight(self, ctx: Context, state: BookingState,
                                     answer: Any) -> None:
        if isinstance(answer, HeightWeight):
            guess = guess_sizes(answer.height, answer.weight)
            state.guess = {"top": guess.top, "waist": f"{guess.waist}inch"}
            await self.flow.ask(ctx, "height_weight")
            return
        if state.guess is None:
            raise InvalidAction("no guess to use")
        sizes = dict(state.sizes)
        for sizing in ("top", "waist"):
            if sizing in state.needed and sizing in state.guess:
                sizes.setdefault(sizing, state.guess[sizing])
        state.sizes, state.guess = sizes, None
        await self.next_size(ctx, state)
