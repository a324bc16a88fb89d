"""/privacy shows what is kept about the user; /forget deletes all of it after a yes."""

from __future__ import annotations

from collections.abc import Sequence

from content.text.matching import normalize
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction

YES = {"네", "예", "응", "yes", "y", "네 모두 지워 주세요", "네 지워 주세요", "지워 주세요"}
NO = {"아니요", "아니오", "아니", "no", "n", "취소"}


class PrivacyFlow(Flow):
    name = "privacy"

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
        ctx.say(ctx.t("privacy.summary", items="\n".join(items)), [[ctx.menu_button()]])

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        if verb == "start":
            await self.start(ctx, args)
        elif verb == "forget":
            self.ask(ctx)
        elif verb == "yes" and ctx.state.flow == self.name:
            await self.forget(ctx)
        elif verb == "no" and ctx.state.flow == self.name:
            ctx.finish()
            ctx.show_menu(ctx.t("privacy.forget_kept"))
        else:
            raise InvalidAction(verb)

    def ask(self, ctx: Context) -> None:
        ctx.goto("confirm_forget")
        ctx.say(
            ctx.t("privacy.forget_confirm"),
            [
                [
                    ctx.step_button(ctx.t("privacy.forget_yes"), "privacy:yes"),
                    ctx.step_button(ctx.t("privacy.forget_no"), "privacy:no"),
                ]
            ],
        )

    async def on_text(self, ctx: Context, text: str) -> bool:
        answer = normalize(text)
        if answer in YES:
            await self.forget(ctx)
        elif answer in NO:
            ctx.finish()
            ctx.show_menu(ctx.t("privacy.forget_kept"))
        else:
            self.ask(ctx)
        return True

    async def forget(self, ctx: Context) -> None:
        await ctx.store.users.delete(ctx.user.id)
        ctx.forgotten = True
        ctx.finish()
        ctx.say(ctx.t("privacy.forget_done"))
