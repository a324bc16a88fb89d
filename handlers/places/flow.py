"""가까운 청년공간 찾기: the nearest 청취다방 cafés, youth and startup spaces.

The user shares a location (Telegram's "내 위치 보내기" button) or types a place name
("화정녁 근처", "주엽동", "킨텍스"); the answer lists the nearest places with distance,
walking time, today's hours and whether they are open now, services, booking and map
links, and the nearest one as a map venue.

Result buttons carry their whole query (``places:at:<spot>:<filter>:<offset>`` or
``places:near:<lat>,<lon>:<filter>:<offset>``, coordinates rounded to ~100 m), so they
keep working after a restart, a timeout, or on stateless channels, and no location is
stored in the conversation state.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from urllib.parse import urlparse

from pydantic import ValidationError

from content.places.gazetteer import Ambiguous, Found, OutsideGoyang
from content.places.geo import Nearby, Point, format_distance, valid_coordinates
from content.places.hours import holiday_name
from content.places.loader import PlacesContent
from content.places.maplinks import kakao_map_url, naver_map_url
from content.places.models import Place
from content.places.search import FILTERS, open_state, search_places
from content.text.clock import SEOUL
from db.places import PlaceRepository
from handlers.dialog.context import Context
from handlers.dialog.flow import Flow, InvalidAction
from handlers.dialog.types import Button, Card, Location, LocationRequest, Venue

log = logging.getLogger(__name__)

PAGE = 5
MAX_SERVICES = 4  # a card must fit a phone screen
MAX_OFFSET = 500
COORD_DECIMALS = 3  # ~100 m: enough to rank places, coarse enough not to pinpoint a home
FILTER_BUTTONS = (
    ("cafe", "places.only_cafe"),
    ("startup", "places.only_startup"),
    ("open", "places.only_open"),
)
KO_WEEKDAYS = "월화수목금토일"


class PlacesFlow(Flow):
    name = "places"
    commands = {"places": "start"}  # noqa: RUF012

    def __init__(self) -> None:
        # (catalogue places object, imported revision) → merged content
        self._cache: tuple[int, int, PlacesContent] | None = None
        self._rebuilding = asyncio.Lock()

    # -- content: shipped places + places staff imported into SQLite --

    async def content(self, ctx: Context) -> PlacesContent:
        base = ctx.catalogue.places
        repo: PlaceRepository = ctx.store.places
        revision = await repo.revision()
        cached = self._cache
        if cached and cached[0] == id(base) and cached[1] == revision:
            return cached[2]
        async with self._rebuilding:
            cached = self._cache
            if cached and cached[0] == id(base) and cached[1] == revision:
                return cached[2]
            stored = await repo.all()
            # ~1 s for 10,000 imported places, once per import: off the event loop.
            merged = await asyncio.to_thread(_merge, base, [s.data for s in stored])
            self._cache = (id(base), revision, merged)
            return merged

    # -- entry points --

    async def start(self, ctx: Context, args: Sequence[str]) -> None:
        text = ctx.incoming.text or " ".join(args)
        if text.strip() and await self._try_text(ctx, text, quiet=True):
            return
        self.ask_location(ctx)

    async def on_action(self, ctx: Context, verb: str, args: Sequence[str]) -> None:
        if verb == "start" or verb == "loc":
            self.ask_location(ctx)
        elif verb == "by_name":
            await self.ask_name(ctx)
        elif verb == "at" and args:
            content = await self.content(ctx)
            spot = content.gazetteer.get(args[0])
            if spot is None:
                raise InvalidAction(args[0])
            only, offset = _filter_and_offset(args[1:])
            await self.show(ctx, spot.point, spot.label(ctx.locale), f"at:{spot.id}", only, offset)
        elif verb == "near" and args:
            point = _point(args[0])
            only, offset = _filter_and_offset(args[1:])
            await self.show(
                ctx, point, ctx.t("places.your_location"), f"near:{args[0]}", only, offset
            )
        else:
            raise InvalidAction(verb)

    async def on_location(self, ctx: Context, location: Location) -> bool:
        if not valid_coordinates(location.lat, location.lon):
            ctx.say(
                ctx.t("places.bad_location"), [[self._by_name_button(ctx)], [ctx.menu_button()]]
            )
            return True
        lat = round(float(location.lat), COORD_DECIMALS)
        lon = round(float(location.lon), COORD_DECIMALS)
        lat_s, lon_s = f"{lat:.{COORD_DECIMALS}f}", f"{lon:.{COORD_DECIMALS}f}"
        await self.show(
            ctx, Point(lat, lon), ctx.t("places.your_location"), f"near:{lat_s},{lon_s}", "all", 0
        )
        return True

    async def on_text(self, ctx: Context, text: str) -> bool:
        # Asked for a name ("name"): every answer is one. Otherwise the text is taken only
        # when it names a place (or nearly: "where" offers suggestions), so other questions
        # still reach the rest of the bot.
        step = ctx.state.step
        return await self._try_text(ctx, text, quiet=step == "results", hint=step == "where")

    async def privacy_items(self, ctx: Context) -> list[str]:
        return [ctx.t("places.privacy_item")]

    # -- steps --

    def ask_location(self, ctx: Context) -> None:
        ctx.add(
            LocationRequest(
                ctx.t("places.ask_location"),
                ctx.t("places.send_location"),
                (self._by_name_button(ctx), ctx.menu_button()),
            )
        )
        ctx.goto("where")

    async def ask_name(self, ctx: Context) -> None:
        content = await self.content(ctx)
        districts = [
            ctx.button(s.label(ctx.locale), f"places:at:{s.id}")
            for s in content.gazetteer.districts()
        ]
        ctx.say(ctx.t("places.ask_name"), [districts, [ctx.menu_button()]])
        ctx.goto("name")

    async def _try_text(self, ctx: Context, text: str, *, quiet: bool, hint: bool = False) -> bool:
        """Resolve a typed place. ``quiet``: give back text that names no place; ``hint``:
        keep it only when there is a "did you mean" to offer."""
        content = await self.content(ctx)
        result = content.gazetteer.resolve(text)
        shown = text.strip()[:40]
        if isinstance(result, Found):
            spot = result.spot
            await self.show(ctx, spot.point, spot.label(ctx.locale), f"at:{spot.id}", "all", 0)
        elif isinstance(result, Ambiguous):
            rows = [[ctx.button(s.label(ctx.locale), f"places:at:{s.id}")] for s in result.choices]
            ctx.say(ctx.t("places.choose", text=shown), [*rows, [ctx.menu_button()]])
            ctx.goto("name")
        elif isinstance(result, OutsideGoyang):
            ctx.say(
                ctx.t("places.outside_name", text=shown),
                [[self._by_name_button(ctx)], [ctx.menu_button()]],
            )
            ctx.goto("name")
        elif quiet or (hint and not result.suggestions):
            return False
        else:
            rows = [
                [ctx.button(s.label(ctx.locale), f"places:at:{s.id}")] for s in result.suggestions
            ]
            message = ctx.t("places.not_found", text=shown)
            if rows:
                message += "\n" + ctx.t("places.did_you_mean")
            ctx.say(message, [*rows, [self._location_button(ctx)], [ctx.menu_button()]])
            ctx.goto("name")
        return True

    async def show(
        self, ctx: Context, origin: Point, origin_label: str, query: str, only: str, offset: int
    ) -> None:
        content = await self.content(ctx)
        result = search_places(
            content,
            origin,
            now=ctx.now,
            only=only,  # type: ignore[arg-type]
            limit=PAGE,
            offset=offset,
        )
        ctx.goto("results")
        lines = []
        if result.far_from_goyang and offset == 0:
            lines.append(ctx.t("places.outside_location"))
        lines.append(
            ctx.t("places.header", origin=origin_label, filter=ctx.t(f"places.filter_{only}"))
        )
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
            address = ctx.pick(nearest.address)
            if nearest.approximate:
                address += " " + ctx.t("places.approximate")
            ctx.add(
                Venue(
                    ctx.pick(nearest.name),
                    address,
                    Location(nearest.lat, nearest.lon),
                )
            )
        for number, item in enumerate(result.items, start=offset + 1):
            ctx.add(place_card(ctx, content, item, number))
        footer = []
        if only == "cafe":
            footer.append(ctx.t("places.cafe_list_note"))
        footer.append("👇")
        ctx.say("\n".join(footer), self._footer(ctx, query, only, offset, has_more=result.has_more))

    # -- buttons --

    def _footer(
        self, ctx: Context, query: str, only: str, offset: int, *, has_more: bool
    ) -> list[list[Button]]:
        rows: list[list[Button]] = []
        if has_more:
            rows.append(
                [ctx.button(ctx.t("places.more"), f"places:{query}:{only}:{offset + PAGE}")]
            )
        filters = [
            ctx.button(ctx.t(label), f"places:{query}:{name}:0")
            for name, label in FILTER_BUTTONS
            if name != only
        ]
        if only != "all":
            filters.append(ctx.button(ctx.t("places.show_all"), f"places:{query}:all:0"))
        rows.append(filters)
        rows.append([ctx.button(ctx.t("places.other_place"), "places:loc"), ctx.menu_button()])
        return rows

    def _by_name_button(self, ctx: Context) -> Button:
        return ctx.button(ctx.t("places.by_name"), "places:by_name")

    def _location_button(self, ctx: Context) -> Button:
        return ctx.button(ctx.t("places.send_location"), "places:loc")


def _merge(base: PlacesContent, stored: list[dict]) -> PlacesContent:  # type: ignore[type-arg]
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


def _filter_and_offset(args: Sequence[str]) -> tuple[str, int]:
    only = args[0] if args else "all"
    if only not in FILTERS:
        raise InvalidAction(only)
    try:
        offset = int(args[1]) if len(args) > 1 else 0
    except ValueError:
        raise InvalidAction(args[1]) from None
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidAction(str(offset))
    return only, offset


def _when(ctx: Context, moment: datetime) -> str:
    local = moment.astimezone(SEOUL)
    today = ctx.now.astimezone(SEOUL).date()
    time_text = local.strftime("%H:%M")
    if local.date() == today:
        return ctx.t("places.today_at", time=time_text)
    if local.date() == today + timedelta(days=1):
        return ctx.t("places.tomorrow_at", time=time_text)
    if ctx.locale == "ko":
        day = f"{local.month}/{local.day}({KO_WEEKDAYS[local.weekday()]})"
    else:
        day = f"{local:%a} {local.day} {local:%b}"
    return ctx.t("places.later_at", date=day, time=time_text)


def _source(source: str) -> str:
    host = urlparse(source).netloc if source.startswith(("http://", "https://")) else ""
    text = host.removeprefix("www.") if host else source
    return text if len(text) <= 40 else text[:39] + "…"


def place_card(ctx: Context, content: PlacesContent, item: Nearby, number: int) -> Card:
    place = item.place
    lines = []
    minutes = item.walk_minutes
    distance = format_distance(item.distance_m)
    lines.append(
        ctx.t("places.distance_walk", distance=distance, minutes=minutes)
        if minutes is not None
        else ctx.t("places.distance_only", distance=distance)
    )
    address = ctx.pick(place.address)
    if place.approximate:
        address += " " + ctx.t("places.approximate")
    lines.append(f"🏠 {address}")
    state = open_state(place.hours, ctx.now)
    if state.state == "open" and state.closes_at is None:
        lines.append(ctx.t("places.open_always"))
    elif state.state == "open" and state.closes_at is not None:
        closes = state.closes_at.astimezone(SEOUL).strftime("%H:%M")
        lines.append(ctx.t("places.open_now", time=closes))
    elif state.state == "closed":
        lines.append(
            ctx.t("places.closed_now", when=_when(ctx, state.opens_at))
            if state.opens_at
            else ctx.t("places.closed_now_unknown_next")
        )
    else:
        note = ctx.pick(place.hours_note) or ctx.t("places.hours_check")
        lines.append(ctx.t("places.hours_unknown", note=note))
    if place.hours is not None:
        lines.append(ctx.t("places.hours_line", hours=place.hours.to_text(ctx.locale)))
        if place.hours_note:
            lines.append(ctx.t("places.note", note=ctx.pick(place.hours_note)))
    if place.services:
        shown = [content.service_label(sv, ctx.locale) for sv in place.services[:MAX_SERVICES]]
        rest = len(place.services) - len(shown)
        text = " · ".join(shown)
        if rest:
            text += " " + ctx.t("places.services_more", count=rest)
        lines.append(ctx.t("places.services", services=text))
    if place.booking:
        lines.append(ctx.t("places.booking", booking=ctx.pick(place.booking)))
    if place.phone:
        lines.append(ctx.t("places.phone", phone=place.phone))
    if place.status_note:
        lines.append(ctx.t("places.note", note=ctx.pick(place.status_note)))
    extra = len(place.sources) - 1
    source = _source(place.sources[0])
    lines.append(
        ctx.t("places.source_more", as_of=place.as_of.isoformat(), source=source, count=extra)
        if extra
        else ctx.t("places.source", as_of=place.as_of.isoformat(), source=source)
    )
    name = ctx.pick(place.name)
    buttons = [
        Button(
            ctx.t("places.kakao_map"), url=kakao_map_url(place.name["ko"], place.lat, place.lon)
        ),
        Button(ctx.t("places.naver_map"), url=naver_map_url(place.name["ko"], place.address["ko"])),
    ]
    if place.booking_url:
        buttons.append(Button(ctx.t("places.book"), url=place.booking_url))
    title = f"{number}. {name} · {content.kind_label(place.kind, ctx.locale)}"
    return Card(title=title, body="\n".join(lines), buttons=tuple(buttons))
