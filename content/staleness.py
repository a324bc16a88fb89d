"""Which cards, rules, places and shops rest on old sources, and what the bot tells users.

``goyang-bot content check --stale DAYS`` prints these for staff to re-check. An old
source is acceptable only when the bot already says so to users: a card or place whose
status is not "active"/"open" carries a note such as "2021년까지 운영이 확인돼요".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from content.catalogue import Catalogue


@dataclass(frozen=True, slots=True)
class StaleEntry:
    kind: str  # card, rule, place, shop
    id: str
    newest_source: date
    why_shown: str | None  # what users are told about the old source; None = nothing

    def line(self, today: date) -> str:
        age = (today - self.newest_source).days
        head = f"{self.kind} {self.id}: newest source {self.newest_source} ({age} days)"
        if self.why_shown is None:
            return f"{head}: NOT flagged to users; re-check the sources"
        return f"{head}: users are told \"{self.why_shown}\""


def stale_entries(catalogue: Catalogue, days: int, today: date) -> list[StaleEntry]:
    cutoff = today - timedelta(days=days)
    out: list[StaleEntry] = []
    programs = catalogue.programs
    for program in programs.values():
        if program.source_date < cutoff:
            note = None if program.confirmed_running(today) else program.status_note
            out.append(StaleEntry("card", program.id, program.source_date,
                                  note["ko"] if note else None))
    rules = catalogue.eligibility.rules if catalogue.eligibility is not None else {}
    for program_id, rule in rules.items():
        if rule.as_of < cutoff:
            owner = programs.get(program_id)
            note = owner.status_note if owner and not owner.confirmed_running(today) else None
            out.append(StaleEntry("rule", program_id, rule.as_of, note["ko"] if note else None))
    for place in catalogue.places.places.values():
        if place.as_of < cutoff:
            flagged = place.status != "open" and place.status_note is not None
            out.append(StaleEntry("place", place.id, place.as_of,
                                  place.status_note["ko"] if flagged and place.status_note
                                  else None))
    shops = catalogue.booking.shops.values() if catalogue.booking else []
    for shop in shops:
        if shop.as_of < cutoff:
            out.append(StaleEntry("shop", shop.id, shop.as_of, None))
    return out
