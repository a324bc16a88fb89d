"""What a message asks, read from its cue words *and* the values it names.

The phrase matcher (``content.text.matching.PhraseMatcher``) finds the one phrase a text is
closest to, so a sentence that names a district ("저 26살인데 일산동구 살아요 받을 수 있는
지원 뭐 있어요?") goes where the district name goes. These rules run first and read the
sentence as a whole: an age with a benefit word is an eligibility check, a job with "뜨면" is
an alert, "알림" with "삭제" deletes. When none applies, the matcher decides as before.

Cue words are ``cue:*`` intents in ``content/data/intents/understanding.yaml``; they are
found as parts of the message, spaces and punctuation ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content.text.matching import fold
from content.understanding.entities import Entities

CUES = ("alerts", "alert_me", "pause", "delete", "why_not", "benefit", "postings", "live",
        "near")
STRONG_MATCH = 95.0  # a program's own name or alias found whole in the message


@dataclass(frozen=True, slots=True)
class Matched:
    """What the phrase matcher found: an action payload and its score."""

    target: str
    score: float
    phrase: str = ""

    @property
    def program(self) -> str | None:
        prefix = "programs:show:"
        return self.target[len(prefix):] if self.target.startswith(prefix) else None


class IntentRules:
    def __init__(self, cues: Mapping[str, Sequence[str]]) -> None:
        # One pattern per cue (the folded words as alternatives): a C-speed search each.
        self._cues = {
            name: re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
            for name in CUES
            if (words := {fold(p) for p in cues.get(f"cue:{name}", ()) if fold(p)})
        }

    def cues_in(self, text: str) -> frozenset[str]:
        said = fold(text)
        return frozenset(name for name, pattern in self._cues.items() if pattern.search(said))

    def decide(self, text: str, found: Entities, matched: Matched | None,
               cues: frozenset[str] | None = None) -> str | None:
        """The action the message asks for, or None to leave it to the matcher."""
        cues = self.cues_in(text) if cues is None else cues
        if not cues:
            return None
        program = matched.program if matched is not None else None
        if "why_not" in cues and program is not None:
            return f"eligibility:why_not:{program}"
        if "alerts" in cues and "delete" in cues:
            return "jobs:alerts_delete"
        if "alerts" in cues and "pause" in cues:
            return "jobs:alerts_off"
        # "주엽동 청년공간": a place and what to find there (but "내일꿈제작소 어디예요" is
        # about the program the place is named after: its card)
        named = {fold(spot.name) for spot in found.places}
        if ("near" in cues and named and not cues & {"postings", "benefit", "alerts"}
                and (matched is None or fold(matched.phrase) not in named)):
            return "places"
        if program is not None and matched is not None and matched.score >= STRONG_MATCH:
            return None  # "청년 일자리 박람회 공고": the program's card (or its check)
        job = found.job
        wants_job = bool(job.keywords or job.emp_type or "postings" in cues)
        if "alert_me" in cues and wants_job:
            return "jobs:new"
        if (found.age is not None or found.birth is not None) and cues & {"benefit", "live"}:
            return "eligibility"
        if {"benefit", "live"} <= cues and found.places:
            return "eligibility"
        # "알바 찾기" alone opens the jobs page; "편의점 알바" or "바리스타 공고" searches
        searched = job.keywords or (job.emp_type and matched is None)
        if "postings" in cues and searched and "benefit" not in cues:
            return "jobs:search"
        return None
