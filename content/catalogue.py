"""Load and validate the content files into one immutable ``Catalogue``.

Every problem is reported as ``file: entry: field: problem`` so staff can fix files
without reading code. Loading never half-succeeds: either the whole catalogue is valid
or ``ContentError`` lists everything that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from content.booking.shops import BookingContent, load_booking_content
from content.consistency import pin_problems, shared_numbers
from content.eligibility.loader import load_eligibility
from content.eligibility.model import Eligibility
from content.errors import ContentError, describe_validation_error
from content.files import Problems, parse_entry, parse_list, read_yaml
from content.models import Category, Contact, Intent, MenuItem, Program, UiString
from content.places.loader import PlacesContent, empty_places, load_places
from content.places.models import Place
from content.strings import Strings, placeholders

M = TypeVar("M", bound=BaseModel)


def bundled_content_dir() -> Path:
    return Path(str(resources.files("content").joinpath("data")))


@dataclass(frozen=True)
class Catalogue:
    programs: dict[str, Program]
    categories: list[Category]
    menu: list[MenuItem]
    contacts: dict[str, Contact]
    intents: list[Intent]
    strings: Strings
    source_dir: Path
    places: PlacesContent = field(default_factory=empty_places)
    # None only in a partial catalogue built by a test; load_catalogue always sets both.
    eligibility: Eligibility | None = None
    booking: BookingContent | None = None

    def programs_in(self, category_id: str) -> list[Program]:
        return [p for p in self.programs.values() if p.category == category_id]


def _by_id(item: dict[str, Any], index: int) -> str:
    return str(item.get("id") or f"entry {index + 1}")


def _check_unique(path: Path, items: list[Any], problems: Problems) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.add(path, item.id, "id", "is used twice")
        seen.add(item.id)


def load_programs(root: Path, problems: Problems) -> dict[str, Program]:
    programs: dict[str, Program] = {}
    folder = root / "programs"
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.add(folder, "(folder)", "(folder)", "holds no program files")
    for path in files:
        raw = read_yaml(path, problems)
        if raw is None:
            continue
        entry = str(raw.get("id", path.stem)) if isinstance(raw, dict) else path.stem
        program = parse_entry(path, raw, Program, entry, problems)
        if program is None:
            continue
        if program.id != path.stem:
            problems.add(path, program.id, "id", f"must match the file name '{path.stem}'")
        elif program.id in programs:
            problems.add(path, program.id, "id", "is used twice")
        programs[program.id] = program
    return programs


def load_strings(root: Path, problems: Problems) -> Strings:
    entries: dict[str, UiString] = {}
    folder = root / "strings"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        raw = read_yaml(path, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.add(path, "(file)", "(file)", "must map keys to ko/en texts")
            continue
        for key, value in raw.items():
            full = f"{path.stem}.{key}"
            try:
                entry = UiString.model_validate(value)
            except ValidationError as exc:
                problems.lines.extend(describe_validation_error(problems.rel(path), str(key), exc))
                continue
            if placeholders(entry.ko) != placeholders(entry.en):
                problems.add(
                    path,
                    str(key),
                    "en",
                    f"placeholders {sorted(placeholders(entry.en))} differ from ko's "
                    f"{sorted(placeholders(entry.ko))}",
                )
            entries[full] = entry
    return Strings(entries)


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Load every content file under ``root`` (default: the bundled content)."""
    root = Path(root) if root is not None else bundled_content_dir()
    problems = Problems(root)
    if not root.is_dir():
        raise ContentError([f"{root}: (folder): (folder): content folder does not exist"])
    programs = load_programs(root, problems)
    categories = parse_list(root / "categories.yaml", Category, problems, _by_id)
    _check_unique(root / "categories.yaml", categories, problems)
    menu = parse_list(root / "menu.yaml", MenuItem, problems, _by_id)
    _check_unique(root / "menu.yaml", menu, problems)
    contacts = parse_list(root / "contacts.yaml", Contact, problems, _by_id)
    _check_unique(root / "contacts.yaml", contacts, problems)
    intents: list[Intent] = []
    for path in sorted((root / "intents").glob("*.yaml")):
        intents.extend(
            parse_list(path, Intent, problems, lambda item, i: str(item.get("action", i + 1)))
        )
    strings = load_strings(root, problems)
    places = load_places(root, problems)
    # A place name typed on its own ("주엽동", "화정역") opens the places flow; the names
    # come from the gazetteer itself, so the two never drift apart.
    area_names = places.gazetteer.area_names()
    if area_names:
        intents.append(Intent(action="places", phrases=area_names))
    eligibility = load_eligibility(root, problems, programs)
    booking = load_booking_content(root, problems)

    known_categories = {c.id for c in categories}
    for program in programs.values():
        if program.category not in known_categories:
            problems.add(
                root / "programs" / f"{program.id}.yaml",
                program.id,
                "category",
                f"'{program.category}' is not in categories.yaml",
            )
    _check_consistency(root, contacts, places.places, booking, problems)
    for needed in ("job_centre", "youth_policy_team"):
        # An entry that failed validation already has its own problem line.
        if (contacts and needed not in {c.id for c in contacts}
                and not problems.mentions(root / "contacts.yaml", needed)):
            problems.add(root / "contacts.yaml", needed, "id", "this contact must exist")

    if problems.lines:
        raise ContentError(problems.lines)
    return Catalogue(
        programs=programs,
        categories=categories,
        menu=menu,
        contacts={c.id: c for c in contacts},
        intents=intents,
        strings=strings,
        source_dir=root,
        places=places,
        eligibility=eligibility,
        booking=booking,
    )


def _check_consistency(root: Path, contacts: list[Contact], places: dict[str, Place],
                       booking: BookingContent | None, problems: Problems) -> None:
    shops = list(booking.shops.values()) if booking is not None else []
    for phone, names in shared_numbers(contacts, shops, places.values()).items():
        problems.add(root / "contacts.yaml", phone, "phone",
                     f"{phone} is listed under {len(names)} names ({', '.join(names)}); "
                     "one number, one name")
    for shop_id, problem in pin_problems(places, shops):
        problems.add(root / "shops.yaml", shop_id, "place", problem)
