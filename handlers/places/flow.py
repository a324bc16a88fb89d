"""가까운 청년공간 찾기: the nearest 청취다방 cafés, youth and startup spaces.

The user shares a location (Telegram's "내 위치 보내기" button) or types a place name
("화정녁 근처", "주엽동", "킨텍스"); the answer lists the nearest places, three a
screen, each a short card (distance, walking time, open now, phone, source, one map link
named after the place), and the nearest one as a map venue.

Steps: ``where`` (share a location, or type a place), ``name`` (type a place or pick a
district) and ``results`` (the list; a new place name typed here searches again). Typed
text is a place name only where the step says so: at ``name`` every answer is one, at
``where`` and ``results`` text that names no place goes on to the rest of the bot.

Result buttons carry their whole query (``places:at:<spot>:<filter>:<offset>`` or
``places:near:<lat>,<lon>:<filter>:<offset>``, coordinates rounded to ~100 m), so they
keep working after a restart, a timeout, or on stateless channels, and no location is
stored in the conversation state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from pydantic import ValidationError

from content.places.gazetteer import Ambiguous, Found, NotFound, OutsideGoyang, Resolution, Spot
from content.places.geo import Point, valid_coordinates
from content.places.hours import holiday_name
from content.places.loader import PlacesContent
from content.places.models import Place
from content.places.search import FILTERS, Filter, search_places
from content.text.clock import SEOUL
from handlers.dialog.context import Context
from handlers.dialog.flow import InvalidAction, StepFlow, Verb
from handlers.dialog.state import FlowState
from handlers.dialog.steps import NOT_AN_ANSWER, NotAnAnswer, Question, Step, Steps
from handlers.dialog.types import Button, Location, LocationRequest, Venue
from handlers.places.cards import address_text, place_card

log = logging.getLogger(__name__)

PAGE = 3  # a few places a screen; "더 보기" shows the next ones
MAX_OFFSET = 500
COORD_DECIMALS = 3  # ~100 m: enough to rank places, coarse enough not to pinpoint a home
FILTER_BUTTONS = (
    ("cafe", "places.only_cafe"),
    ("startup", "places.only_startup"),
    ("open", "places.only_open"),
)


class PlacesState(FlowState):
    """Only the steps: results buttons carry their query, and no location is kept."""


@dataclass(frozen=True, slots=True)
class Query:
    """Where a list is measured from, as its buttons repeat it: ``at <spot>`` or
    ``near <lat,lon>``."""

    verb: str
    arg: str
    origin: Point
    label: str


class PlacesFlow(StepFlow[PlacesState]):
    name = "places"
    state_type = PlacesState
    commands = {"places": "start"}  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        # (catalogue places object, imported revision) → merged content
        self._cache: tuple[int, int, PlacesContent] | None = None
        self._rebuilding = asyncio.Lock()

    def declare(self) -> Steps[PlacesState]:
        return Steps(
            Step("where", ask=self.ask_where, answer=self.place_named, parse=self.read_where),
            Step("name", ask=self.ask_name, answer=self.place_named, parse=self.read_name),
            Step("results", ask=self.ask_name, answer=self.place_named,
                 parse=self.read_another, back=False),
        )

    def verbs(self) -> Mapping[str, Verb]:
        return {"loc": self.to_where, "by_name": self.to_name, "at": self.at, "near": self.near}

    # -- content: shipped places + places staff imported into SQLite --

    async def content(self, ctx: Context) -> PlacesContent:
        base = ctx.catalogue.places
        revision = await ctx.store.places.revision()
        cached = self._cache
        if cached and cached[0] == id(base) and cached[1] == revision:
            return cached[2]
        async with self._rebuilding:
            cached = self._cache
            if cached and cached[0] == id(base) and cached[1] == revision:
                return cached[2]
            stored = await ctx.store.places.all()
            # ~1 s for 10,000 imported places, once per import: off the event loop.
            merged = await asyncio.to_thread(_merge, base, [s.data for s in stored])
            self._cache = (id(base), revision, merged)
            return merged

    # -- entry points --

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        text = ctx.incoming.text or " ".join(args)
        if text.strip():
            result = await self._resolve(ctx, text)
            if not isinstance(result, NotFound):
                await self.place_named(ctx, self.state(ctx), result)
                return
        await self.ask(ctx, "where")

    async def to_where(self, ctx: Context, args: Sequence[str]) -> None:
        await self.ask(ctx, "where")

    async def to_name(self, ctx: Context, args: Sequence[str]) -> None:
        await self.ask(ctx, "name")

    async def at(self, ctx: Context, args: Sequence[str]) -> None:
        spot = (await self.content(ctx)).gazetteer.get(args[0]) if args else None
        if spot is None:
            raise InvalidAction("places:at")
        await self.show(ctx, _spot_query(ctx, spot), *_filter_and_offset(args[1:]))

    async def near(self, ctx: Context, args: Sequence[str]) -> None:
        if not args:
            raise InvalidAction("places:near")
        query = Query("near", args[0], _point(args[0]), ctx.t("places.your_location"))
        await self.show(ctx, query, *_filter_and_offset(args[1:]))

    async def on_location(self, ctx: Context, location: Location) -> bool:
        if not valid_coordinates(location.lat, location.lon):
            ctx.say(
                ctx.t("places.bad_location"), [[self._by_name_button(ctx)], [ctx.menu_button()]]
            )
            return True
        lat = round(float(location.lat), COORD_DECIMALS)
        lon = round(float(location.lon), COORD_DECIMALS)
        arg = f"{lat:.{COORD_DECIMALS}f},{lon:.{COORD_DECIMALS}f}"
        await self.show(ctx, Query("near", arg, Point(lat, lon), ctx.t("places.your_location")),
                        "all", 0)
        return True

    async def privacy_items(self, ctx: Context) -> list[str]:
        return [ctx.t("places.privacy_item")]

    # -- steps --

    async def ask_where(self, ctx: Context, state: PlacesState) -> Question:
        return Question(ctx.t("places.ask_location"),
                        [[self._by_name_button(ctx), ctx.menu_button()]],
                        location_button=ctx.t("places.send_location"))

    async def ask_name(self, ctx: Context, state: PlacesState) -> Question:
        gazetteer = (await self.content(ctx)).gazetteer
        districts = [self._spot_button(ctx, s) for s in gazetteer.districts()]
        return Question(ctx.t("places.ask_name"), [districts, [ctx.menu_button()]])

    async def _resolve(self, ctx: Context, text: str) -> Resolution:
        return (await self.content(ctx)).gazetteer.resolve(text)

    async def read_name(self, ctx: Context, state: PlacesState, text: str) -> Resolution:
        """Asked for a name: every answer is one (an unknown one is said so)."""
        return await self._resolve(ctx, text)

    async def read_where(
        self, ctx: Context, state: PlacesState, text: str
    ) -> Resolution | NotAnAnswer:
        """Asked for a location: text that names a place, or nearly ("did you mean")."""
        result = await self._resolve(ctx, text)
        if isinstance(result, NotFound) and not result.suggestions:
            return NOT_AN_ANSWER
        return result

    async def read_another(
        self, ctx: Context, state: PlacesState, text: str
    ) -> Resolution | NotAnAnswer:
        """Under a list: a place name searches again; anything else is a new request."""
        result = await self._resolve(ctx, text)
        return NOT_AN_ANSWER if isinstance(result, NotFound) else result

    async def place_named(self, ctx: Context, state: PlacesState, result: Resolution) -> None:
        shown = getattr(result, "query", "").strip()[:40]
        if isinstance(result, Found):
            await self.show(ctx, _spot_query(ctx, result.spot), "all", 0)
            return
        if isinstance(result, Ambiguous):
            rows = [[self._spot_button(ctx, s)] for s in result.choices]
            ctx.say(ctx.t("places.choose", text=_typed(ctx)), [*rows, [ctx.menu_button()]])
        elif isinstance(result, OutsideGoyang):
            ctx.say(ctx.t("places.outside_name", text=result.name[:40]),
                    [[self._by_name_button(ctx)], [ctx.menu_button()]])
        else:
            buttons = [self._spot_button(ctx, s) for s in result.suggestions]
            message = ctx.t("places.not_found", text=shown)
            if buttons:
                message += "\n" + ctx.t("places.did_you_mean")
            # Each channel offers a location its own way (Kakao cannot: it says so instead
            # of showing a button that leads nowhere).
            ctx.add(LocationRequest(message, ctx.t("places.send_location"),
                                    (*buttons, ctx.menu_button())))
        self.enter(ctx, "name")

    # -- the list --

    async def show(self, ctx: Context, query: Query, only: Filter, offset: int) -> None:
        content = await self.content(ctx)
        result = search_places(content, query.origin, now=ctx.now, only=only, limit=PAGE,
                               offset=offset)
        self.enter(ctx, "results")
        lines = []
        if result.far_from_goyang and offset == 0:
            lines.append(ctx.t("places.outside_location"))
        shown = "all" if result.hours_unknown else only
        lines.append(
            ctx.t("places.header", origin=query.label, filter=ctx.t(f"places.filter_{shown}"))
        )
        if result.hours_unknown and result.items:
            lines.append(ctx.t("places.open_hours_unknown"))
        holiday = holiday_name(ctx.now.astimezone(SEOUL).date(), ctx.locale)
        if holiday:
            lines.append(ctx.t("places.holiday_today", name=holiday))
        if not result.items:
            lines.append(ctx.t("places.none" if offset == 0 else "places.no_more"))
            ctx.say("\n".join(lines), self._footer(ctx, query, only, offset, has_more=False))
            return
        ctx.say("\n".join(lines))
        if offset == 0:
            nearest = result.items[0].place
            ctx.add(Venue(ctx.pick(nearest.name), address_text(ctx, nearest),
                          Location(nearest.lat, nearest.lon)))
        for number, item in enumerate(result.items, start=offset + 1):
            ctx.add(place_card(ctx, content, item, number))
        footer = []
        if only == "cafe":
            footer.append(ctx.t("places.cafe_list_note"))
        footer.append("👇")
        ctx.say("\n".join(footer), self._footer(ctx, query, only, offset, has_more=result.has_more))

    # -- buttons --

    def _footer(
        self, ctx: Context, query: Query, only: str, offset: int, *, has_more: bool
    ) -> list[list[Button]]:
        rows: list[list[Button]] = []
        if has_more:
            rows.append([ctx.button(ctx.t("places.more"),
                                    self.act(query.verb, query.arg, only, offset + PAGE))])
        filters = [
            ctx.button(ctx.t(label), self.act(query.verb, query.arg, name, 0))
            for name, label in FILTER_BUTTONS
            if name != only
        ]
        if only != "all":
            filters.append(ctx.button(ctx.t("places.show_all"),
                                      self.act(query.verb, query.arg, "all", 0)))
        rows.append(filters)
        rows.append([ctx.button(ctx.t("places.other_place"), self.act("loc")), ctx.menu_button()])
        return rows

    def _spot_button(self, ctx: Context, spot: Spot) -> Button:
        return ctx.button(spot.label(ctx.locale), self.act("at", spot.id))

    def _by_name_button(self, ctx: Context) -> Button:
        return ctx.button(ctx.t("places.by_name"), self.act("by_name"))


def _typed(ctx: Context) -> str:
    return (ctx.incoming.text or ctx.incoming.command_args or "").strip()[:40]


def _spot_query(ctx: Context, spot: Spot) -> Query:
    return Query("at", spot.id, spot.point, spot.label(ctx.locale))


def _merge(base: PlacesContent, stored: list[dict[str, Any]]) -> PlacesContent:
    imported: list[Place] = []
    for data in stored:
        try:
            imported.append(Place.model_validate(data))
        except ValidationError:
            log.warning("an imported place no longer validates; skipped")
    return base.with_imported(imported)


def _point(text: str) -> Point:
    """``"37.635,126.833"`` from a button payload; anything else is a forged button."""
    lat_text, _, lon_text = text.partition(",")
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise InvalidAction(text) from None
    if not valid_coordinates(lat, lon):
        raise InvalidAction(text)
    return Point(lat, lon)


def _filter_and_offset(args: Sequence[str]) -> tuple[Filter, int]:
    only = args[0] if args else "all"
    if only not in FILTERS:
        raise InvalidAction(only)
    try:
        offset = int(args[1]) if len(args) > 1 else 0
    except ValueError:
        raise InvalidAction(args[1]) from None
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidAction(str(offset))
    return cast(Filter, only), offset
