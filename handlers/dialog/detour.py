"""A different request typed in the middle of a flow: answer it, keep the flow, offer it back.

The interrupted flow (its step and answers so far) is kept in the conversation row as
``paused``; the reply to the other request ends with "아까 하던 ○○ 이어서 할까요?" and a button
(``core:resume``) that restores it and asks its step again. A paused flow older than the
state timeout is dropped, like a stale conversation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from content.text.matching import fold
from db.conversations import ConversationState
from handlers.dialog.context import Context
from handlers.dialog.reading import DialogWords
from handlers.dialog.types import Button

RESUME_ACTION = "core:resume"


def drop_stale_pause(state: ConversationState, now: datetime, timeout: timedelta) -> None:
    """Forget a paused flow the user left longer ago than ``timeout`` (or an unreadable one)."""
    if not state.paused:
        return
    try:
        at = datetime.fromisoformat(str(state.paused.get("at")))
    except ValueError:
        state.paused = None
        return
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    if now - at > timeout:
        state.paused = None


def flow_label(ctx: Context, flow: str) -> str:
    """How the menu names ``flow`` ("면접정장 대여 예약"), without its emoji."""
    for item in ctx.catalogue.menu:
        if item.action.split(":")[0] == flow:
            label = ctx.pick(item.label)
            start = next((i for i, ch in enumerate(label) if ch.isalnum()), 0)
            return label[start:].strip()
    return ctx.t("core.paused_flow_unnamed")


def means_resume(ctx: Context, words: DialogWords, text: str) -> bool:
    """Whether ``text``, with a flow paused, asks to go back to it: "이어서 할게요", a plain
    yes, or the resume button's own label typed (KakaoTalk sends a chip's label as text)."""
    paused = ctx.state.paused
    if not paused:
        return False
    if words.means_resume(text):
        return True
    label = ctx.t("core.button_resume", name=flow_label(ctx, str(paused.get("flow"))))
    return fold(text) == fold(label)


def offer_resume(ctx: Context) -> None:
    """End the reply with the offer to go back to the paused flow."""
    paused = ctx.state.paused
    if ctx.forgotten or not paused:
        return
    name = flow_label(ctx, str(paused.get("flow")))
    ctx.say(
        ctx.t("core.resume_offer", name=name),
        [[Button(ctx.t("core.button_resume", name=name), RESUME_ACTION)]],
    )
