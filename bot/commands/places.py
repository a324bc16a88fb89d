"""``goyang-bot places import FILE.csv``: load or update places from a staff spreadsheet.

Bad rows are printed with their line numbers (every problem of a row) and skipped; good rows
are imported in one transaction. An unknown column is ignored with a warning. Importing the
same file again changes nothing. Exit codes: 0 every row imported, 1 some rows skipped (the
others imported), 2 nothing imported (file missing, unreadable, wrong header, no good row,
or invalid content files); with --dry-run the same codes for what would be imported.

The columns are documented in ``content/places/csv_import.py`` (``--columns`` prints them);
an empty spreadsheet with the Korean headers is ``content/data/places/import_template.csv``.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.commands import action, command_group
from bot.settings import Settings
from content.catalogue import bundled_content_dir
from content.places import csv_import
from content.places.csv_columns import RowProblem
from content.places.csv_export import write_places_csv
from content.places.csv_import import CsvResult, read_places_csv
from content.places.geo import Point
from content.places.loader import PlacesContent, load_places
from content.places.models import Place
from content.text.clock import SEOUL
from db.database import Database
from db.places import ImportCounts, PlaceRepository


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    actions = command_group(sub, "places", "import and list places (청취다방 cafés, spaces)")
    imp = action(
        actions,
        "import",
        "load or update places from a CSV file (UTF-8 or Excel CP949, Korean headers ok)",
        import_places,
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path, nargs="?", help="the CSV file")
    imp.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="also delete imported places that are not in this file (a complete list)",
    )
    imp.add_argument("--columns", action="store_true", help="print the columns and exit")
    exp = action(actions, "export",
                 "write the imported places to a CSV file to edit and import again", export_places)
    exp.add_argument("file", type=Path, help="the CSV file to write")
    action(actions, "list", "count shipped and imported places", list_places)


def places_content(settings: Settings) -> tuple[PlacesContent, list[str]]:
    from content.files import Problems

    root = settings.content_dir or bundled_content_dir()
    problems = Problems(Path(root))
    return load_places(Path(root), problems), problems.lines


def import_places(args: argparse.Namespace, settings: Settings) -> int:
    if args.columns:
        print(csv_import.__doc__)
        return 0
    if args.file is None:
        print("places import: give the CSV file to import (see --columns)")
        return 2
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: cannot read the file: {exc.strerror or exc}")
        return 2
    content, content_problems = places_content(settings)
    if content_problems:
        for line in content_problems:
            print(line)
        print("the places content files have problems; fix them before importing")
        return 2
    result = read_places_csv(data, kinds=content.kinds.values(), services=content.services.values())
    good, problems = near_goyang(content, result)
    for warning in result.warnings:
        print(f"{args.file.name}: warning: {warning}")
    for problem in sorted(problems, key=lambda p: p.line):
        print(f"{args.file.name}: {problem}")
    if result.fatal or not good:
        print("nothing imported" + ("" if result.fatal else ": no row could be imported"))
        return 2
    return _store_places(args, settings, content, result, good, problems)


def near_goyang(content: PlacesContent, result: CsvResult) -> tuple[list[Place], list[RowProblem]]:
    """The rows within reach of Goyang, and the problems (a far row is one)."""
    problems = list(result.problems)
    good = []
    for place in result.places:
        if content.gazetteer.areas and content.gazetteer.is_far_from_goyang(
            Point(place.lat, place.lon)
        ):
            problems.append(
                RowProblem(
                    result.line_of.get(place.id, 0),
                    "lat/lon",
                    f"{place.lat}, {place.lon} is more than 5 km from Goyang",
                )
            )
        else:
            good.append(place)
    return good, problems


def _store_places(
    args: argparse.Namespace,
    settings: Settings,
    content: PlacesContent,
    result: CsvResult,
    good: list[Place],
    problems: list[RowProblem],
) -> int:
    shipped = sorted(p.id for p in good if p.id in content.places)
    if shipped:
        print(f"note: {', '.join(shipped)} replace(s) the shipped place(s) with the same id")
    skipped = len({p.line for p in problems if p.line})
    if args.dry_run:
        print(f"dry run: {len(good)} place(s) would be imported, {skipped} row(s) skipped")
        return 1 if skipped else 0
    replace = args.replace
    if replace and skipped:
        # A row with a typo must not delete the place it was meant to update.
        print("--replace: nothing deleted because some rows were skipped; fix them first")
        replace = False
    counts = asyncio.run(_store(settings.db_path, good, args.file.name, replace))
    print(
        f"imported {len(good)} place(s) from {args.file.name} ({result.encoding}): "
        f"{counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged, "
        f"{counts.deleted} deleted; {skipped} row(s) skipped"
    )
    return 1 if skipped else 0


async def _store(path: Path | str, places: list[Place], origin: str, replace: bool) -> ImportCounts:
    db = await Database(path).connect()
    try:
        return await PlaceRepository(db).upsert_many(
            [p.model_dump(mode="json") for p in places],
            origin=origin,
            now=datetime.now(SEOUL),
            replace_all=replace,
        )
    finally:
        await db.close()


def export_places(args: argparse.Namespace, settings: Settings) -> int:
    async def stored() -> list[dict[str, Any]]:
        db = await Database(settings.db_path).connect()
        try:
            return [s.data for s in await PlaceRepository(db).all()]
        finally:
            await db.close()

    places = []
    for data in asyncio.run(stored()):
        try:
            places.append(Place.model_validate(data))
        except ValidationError:
            print(f"skipped {data.get('id', '?')}: no longer valid")
    try:
        args.file.write_bytes(write_places_csv(places))
    except OSError as exc:
        print(f"{args.file}: cannot write the file: {exc.strerror or exc}")
        return 2
    print(f"wrote {len(places)} imported place(s) to {args.file}")
    return 0


def list_places(args: argparse.Namespace, settings: Settings) -> int:
    content, problems = places_content(settings)
    for line in problems:
        print(line)

    async def count() -> int:
        db = await Database(settings.db_path).connect()
        try:
            return await PlaceRepository(db).count()
        finally:
            await db.close()

    imported = asyncio.run(count())
    print(f"{len(content.places)} shipped place(s), {imported} imported place(s)")
    for kind, label in content.kinds.items():
        n = sum(1 for p in content.places.values() if p.kind == kind)
        print(f"  {label.label['ko']}: {n} shipped")
    return 1 if problems else 0
