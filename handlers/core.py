"""The core flow: greeting, main menu, help, a human contact, language, cancel, reload."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from content.errors import ContentError
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, StepFlow, Verb
from handlers.dialog.types import Button

log = logging.getLogger(__name__)
MAX_PROBLEMS_SHOWN = 10
# /lang ko, /lang en, /lang 한국어, /lang 영어 (the first two letters decide)
LANGUAGES = {"ko": "ko", "en": "en", "한국": "ko", "영어": "en"}
# What a greeting offers: core.popular_<key> is the button label (a phrase the router also
# sends to the same action, so typing the label works like the button).
POPULAR_QUESTIONS = (
    ("eligibility", "eligibility"),
    ("places", "places"),
    ("jobs", "jobs"),
    ("booking", "booking"),
)


class CoreFlow(Flow):
    name = "core"

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.finish()
        ctx.show_menu(f"{ctx.t('core.welcome')}\n\n{ctx.t('core.menu_prompt')}")

    def verbs(self) -> Mapping[str, Verb]:
        return {
            "menu": self.menu,
            "help": self.help,
            "human": self.human,
            "hello": self.hello,
            "thanks": self.thanks,
            "no_info": self.no_info,
            "resume": self.resume,
            "cancel": self.cancel,
            "lang": self.lang,
            "reload": self.reload,
        }

    async def menu(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.finish()
        ctx.show_menu()

    async def help(self, ctx: Context, args: Sequence[str]) -> None:
        # Staff commands are listed only to staff: others would only be refused by them.
        staff = f"\n\n{ctx.t('core.help_staff')}" if ctx.incoming.is_admin else ""
        ctx.show_menu(f"{ctx.t('core.help')}{staff}\n\n{ctx.human_help()}")

    async def human(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.show_menu(ctx.human_help(with_hours=True))

    async def hello(self, ctx: Context, args: Sequence[str]) -> None:
        """A greeting: who the bot is and the questions people ask most, as buttons."""
        buttons = [
            Button(ctx.t(f"core.popular_{key}"), action) for key, action in POPULAR_QUESTIONS
        ]
        ctx.say(ctx.t("core.hello"), [[b] for b in buttons] + [[ctx.menu_button()]])

    async def thanks(self, ctx: Context, args: Sequence[str]) -> None:
        ctx.say(ctx.t("core.thanks"), [[ctx.menu_button()]])

    async def no_info(self, ctx: Context, args: Sequence[str]) -> None:
        """A program the bot has no card for: say so and who knows, never a near guess."""
        ctx.show_menu(f"{ctx.t('core.no_info')}\n\n{ctx.human_help(with_hours=True)}")

    async def resume(self, ctx: Context, args: Sequence[str]) -> None:
        """Go back to the flow the user left for a different request, at the same step."""
        taken = ctx.take_paused()
        flow = ctx.flows.get(taken[0]) if taken else None
        if taken is None or not isinstance(flow, StepFlow) or flow.steps.get(taken[1]) is None:
            ctx.finish()
            ctx.show_menu(ctx.t("core.nothing_to_resume"))
            return
        await flow.ask(ctx, taken[1], ctx.t("core.resumed"))

    async def cancel(self, ctx: Context, args: Sequence[str]) -> None:
        had_flow = ctx.state.flow is not None or ctx.state.paused is not None
        ctx.state.paused = None
        ctx.finish()
        ctx.show_menu(ctx.t("core.cancelled" if had_flow else "core.nothing_to_cancel"))

    async def lang(self, ctx: Context, args: Sequence[str]) -> None:
        locale = LANGUAGES.get((args[0].strip().lower() if args else "")[:2])
        if locale is not None:
            await ctx.store.users.set_locale(ctx.user.id, locale)
            ctx.locale = locale
            ctx.show_menu(ctx.t("core.lang_set"))
            return
        ctx.say(
            ctx.t("core.lang_choose"),
            [
                [
                    ctx.button(ctx.t("core.button_korean"), self.act("lang", "ko")),
                    ctx.button(ctx.t("core.button_english"), self.act("lang", "en")),
                ]
            ],
        )

    async def reload(self, ctx: Context, args: Sequence[str]) -> None:
        if not ctx.incoming.is_admin:
            ctx.show_menu(ctx.t("core.admin_only"))
            return
        if ctx.reload_catalogue is None:
            raise RuntimeError("no catalogue reload hook")
        try:
            catalogue = ctx.reload_catalogue()
        except ContentError as exc:
            shown = exc.problems[:MAX_PROBLEMS_SHOWN]
            more = len(exc.problems) - len(shown)
            problems = "\n".join(shown) + (f"\n(+{more})" if more > 0 else "")
            log.warning("content reload refused: %d problem(s)", len(exc.problems))
            await _audit(ctx, "content_reload_refused", f"{len(exc.problems)} problems")
            ctx.say(ctx.t("core.reload_failed", problems=problems))
            return
        await _audit(ctx, "content_reload", f"{len(catalogue.programs)} programs")
        ctx.catalogue = catalogue
        ctx.say(
            ctx.t(
                "core.reload_ok",
                programs=len(catalogue.programs),
                strings=len(catalogue.strings.keys()),
            )
        )


async def _audit(ctx: Context, action: str, detail: str) -> None:
    await ctx.store.audit.record(ctx.now, f"admin@{ctx.incoming.channel}", action, detail)
