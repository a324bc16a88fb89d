"""/privacy shows what is kept about the user; /forget deletes all of it after a yes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from content.text.errors import AnswerError
from content.text.yesno import parse_yes_no
from handlers.dialog.context import Context
from handlers.dialog.flow import StepFlow, Verb
from handlers.dialog.state import FlowState
from handlers.dialog.steps import NO, YES, Choice, Question, Rejected, Step, Steps

FORGET_YES = ("네 모두 지워 주세요", "네 지워 주세요", "지워 주세요", "지워줘", "삭제")
FORGET_NO = ("취소", "됐어요", "그대로 둘게요")


class ForgetState(FlowState):
    """Nothing to remember: the one question is "delete everything?"."""


def read_yes_no(ctx: Context, state: ForgetState, text: str) -> bool | Rejected:
    try:
        return parse_yes_no(text, yes_words=FORGET_YES, no_words=FORGET_NO)
    except AnswerError:
        return Rejected(ctx.t("privacy.forget_unclear"))


class PrivacyFlow(StepFlow[ForgetState]):
    name = "privacy"
    state_type = ForgetState

    def declare(self) -> Steps[ForgetState]:
        return Steps(
            Step("confirm_forget", ask=self.ask_confirm, answer=self.confirmed,
                 parse=read_yes_no, back=False),
        )

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        items = [
            ctx.t(
                "privacy.item_account",
                channel=ctx.user.channel,
                since=ctx.user.created_at[:10],
            )
        ]
        if ctx.user.locale:
            items.append(ctx.t("privacy.item_locale", locale=ctx.user.locale))
        if ctx.state.flow:
            items.append(ctx.t("privacy.item_conversation"))
        pending = await ctx.store.outbox.pending_count(ctx.user.id)
        if pending:
            items.append(ctx.t("privacy.item_outbox", count=pending))
        for flow in ctx.flows.values():
            items.extend(await flow.privacy_items(ctx))
        items.append(ctx.t("privacy.nothing_else"))
        items.append(ctx.t("privacy.retention", days=ctx.retention_days))
        ctx.say(ctx.t("privacy.summary", items="\n".join(items)), [[ctx.menu_button()]])

    def verbs(self) -> Mapping[str, Verb]:
        return {"forget": self.ask_forget}

    async def ask_forget(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.finish()
        await self.ask(ctx, "confirm_forget")

    async def ask_confirm(self, ctx: Context, state: ForgetState) -> Question:
        return Question(ctx.t("privacy.forget_confirm"), [[
            Choice("yes", ctx.t("privacy.forget_yes"), True, kind=YES),
            Choice("no", ctx.t("privacy.forget_no"), False, kind=NO),
        ]])

    async def confirmed(self, ctx: Context, state: ForgetState, yes: bool) -> None:
        if yes:
            await self.forget(ctx)
        else:
            ctx.finish()
            ctx.show_menu(ctx.t("privacy.forget_kept"))

    async def forget(self, ctx: Context) -> None:
        await ctx.store.users.delete(ctx.user.id)
        ctx.forgotten = True
        ctx.finish()
        ctx.say(ctx.t("privacy.forget_done"))
