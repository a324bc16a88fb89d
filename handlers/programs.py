"""프로그램 안내: browse the catalogue by category and read one program's card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from content.models import Program
from handlers.dialog.actions import build_action
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction, Verb
from handlers.dialog.types import Button

# Programs listed per page of a category: with "더 보기", "뒤로" and "처음으로" that is
# Kakao's limit of 10 quick replies, so no program button is dropped there.
PAGE_SIZE = 7


class ProgramsFlow(Flow):
    name = "programs"

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        rows = [
            [ctx.button(ctx.pick(c.name), self.act("cat", c.id))]
            for c in ctx.catalogue.categories
            if ctx.catalogue.programs_in(c.id)
        ]
        ctx.say(ctx.t("programs.intro"), [*rows, [ctx.menu_button()]])

    def verbs(self) -> Mapping[str, Verb]:
        return {"cat": self.category, "show": self.show_program}

    async def category(self, ctx: Context, args: Sequence[str]) -> None:
        category_id = args[0] if args else ""
        category = next((c for c in ctx.catalogue.categories if c.id == category_id), None)
        page = args[1] if len(args) > 1 else "0"
        programs = ctx.catalogue.programs_in(category_id)
        first = int(page) * PAGE_SIZE if page.isdigit() else -1
        if category is None or len(args) > 2 or not 0 <= first < max(len(programs), 1):
            raise InvalidAction(f"programs:cat:{category_id}")
        rows = [
            [ctx.button(ctx.pick(p.name), self.act("show", p.id))]
            for p in programs[first:first + PAGE_SIZE]
        ]
        if first + PAGE_SIZE < len(programs):
            rows.append([ctx.button(ctx.t("programs.button_more"),
                                    self.act("cat", category.id, int(page) + 1))])
        back = ctx.button(ctx.t("core.button_back"), self.act("start"))
        ctx.say(
            ctx.t("programs.category_prompt", category=ctx.pick(category.name)),
            [*rows, [back, ctx.menu_button()]],
        )

    async def show_program(self, ctx: Context, args: Sequence[str]) -> None:
        program = ctx.catalogue.programs.get(args[0]) if args else None
        if program is None:
            raise InvalidAction("programs:show")
        ctx.say(program_card(ctx, program), program_buttons(ctx, program))


def program_card(ctx: Context, program: Program) -> str:
    note = ctx.pick(program.status_note)
    status_line = ctx.t(
        "programs.status_line",
        status=ctx.t(f"programs.status_{program.status}"),
        note=f" — {note}" if note else "",
    )
    documents = (
        ctx.t("programs.documents", items=" · ".join(ctx.pick(d) for d in program.documents))
        if program.documents
        else ""
    )
    return ctx.t(
        "programs.card",
        name=ctx.pick(program.name),
        scope=ctx.t(f"programs.scope_{program.scope}"),
        summary=ctx.pick(program.summary),
        audience=ctx.pick(program.audience),
        benefit=ctx.pick(program.benefit),
        how_to_apply=ctx.pick(program.how_to_apply),
        contact=ctx.pick(program.contact),
        details="\n".join(line for line in (status_line, documents) if line),
        source=program.status_source,
        source_date=program.source_date.isoformat(),
        as_of=program.as_of.isoformat(),
    )


def program_buttons(ctx: Context, program: Program) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if program.status not in ("ended",):
        rows.append(
            [ctx.button(ctx.t("programs.button_check"),
                        build_action("eligibility:program", program.id))]
        )
    rows.extend([ctx.button(ctx.pick(a.label), a.action)] for a in program.actions)
    rows.extend([Button(ctx.pick(link.label), url=link.url)] for link in program.links[:2])
    rows.append([ctx.button(ctx.t("programs.button_all_programs"), build_action("programs")),
                 ctx.menu_button()])
    return rows
