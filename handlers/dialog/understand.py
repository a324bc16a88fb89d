"""Reading a message as a whole: what it asks (``content.understanding.intents``) and the
values it names (``content.understanding.entities``), for the router and for a flow that
starts from free text ("26살, 일산동구로 알아볼게요").

Values are read lazily: only when free text is routed and a cue word is in it, or when a
flow asks ``understood(ctx)`` (once per turn, kept in ``ctx.memo``). A button, a command or
an answer to a step never pays for it.
"""

from __future__ import annotations

from functools import lru_cache

from content.catalogue import Catalogue
from content.text.clock import seoul_now
from content.text.matching import Match
from content.understanding.entities import Entities, EntityReader
from content.understanding.intents import IntentRules, Matched
from handlers.dialog.context import Context

MEMO = "dialog.understood"


class Understanding:
    """The entity reader and the intent rules of one catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        cues = {i.action: i.phrases for i in catalogue.intents if i.action.startswith("cue:")}
        self.catalogue = catalogue
        self.reader = EntityReader(catalogue.places.gazetteer, frozenset(cues.get("cue:any", ())))
        self.rules = IntentRules(cues)
        # Per instance (like PhraseMatcher.best): a reload drops the old cache with it.
        self._intent = lru_cache(maxsize=4096)(self._decide)

    def intent(self, text: str, match: Match | None) -> str | None:
        """The action a message asks for by its cue words and values, or None."""
        return self._intent(text, match)

    def _decide(self, text: str, match: Match | None) -> str | None:
        cues = self.rules.cues_in(text)
        if not cues:
            return None
        matched = Matched(match.target, match.score, match.phrase) if match is not None else None
        found = self.reader.read(text, seoul_now().date(), routing=True)
        return self.rules.decide(text, found, matched, cues)


_current: list[Understanding] = []  # the last catalogue's (a reload builds a new one)


def understanding_for(catalogue: Catalogue) -> Understanding:
    if not _current or _current[0].catalogue is not catalogue:
        _current[:] = [Understanding(catalogue)]
    return _current[0]


def understood(ctx: Context) -> Entities:
    """The values the text of this turn names (nothing for a button or a command)."""
    found = ctx.memo.get(MEMO)
    if isinstance(found, Entities):
        return found
    incoming = ctx.incoming
    text = incoming.text if incoming.command is None and incoming.action is None else None
    found = understanding_for(ctx.catalogue).reader.read(text, ctx.now.date()) if text \
        else Entities()
    ctx.memo[MEMO] = found
    return found


def asks_for(ctx: Context, text: str) -> str | None:
    """The action a sentence typed at a step clearly asks for by its cue words and values
    ("알림 잠깐 멈춰주세요" on the jobs page), or None. For a step whose parser takes almost
    any text (keywords, a place, a search): it gives such a sentence back to the router."""
    return understanding_for(ctx.catalogue).intent(text, None)
