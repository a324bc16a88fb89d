"""How a place reads in the list: a short card for a phone screen — the name, how far,
whether it is open now (and until when), its phone, the source, and one map link named after the
place ("내일꿈제작소 지도"). No coordinates: the map link carries them."""

from __future__ import annotations

from datetime import datetime, timedelta

from content.places.geo import Nearby, format_distance
from content.places.loader import PlacesContent
from content.places.maplinks import kakao_map_url
from content.places.models import Place
from content.places.search import open_state
from content.text.clock import SEOUL
from content.text.sources import short_source
from handlers.dialog.context import Context
from handlers.dialog.types import Button, Card

KO_WEEKDAYS = "월화수목금토일"


def place_card(ctx: Context, content: PlacesContent, item: Nearby, number: int) -> Card:
    """One place in the list: the name, how far, whether it is open now, its map."""
    place = item.place
    name = ctx.pick(place.name)
    lines = [_distance_line(ctx, item), _open_line(ctx, place)]
    if place.phone:
        lines.append(ctx.t("places.phone", phone=place.phone))
    if place.status_note:
        lines.append(ctx.t("places.note", note=ctx.pick(place.status_note)))
    lines.append(_source_line(ctx, place))
    map_link = Button(ctx.t("places.map_of", name=name),
                      url=kakao_map_url(place.name["ko"], place.lat, place.lon))
    title = f"{number}. {name} · {content.kind_label(place.kind, ctx.locale)}"
    return Card(title=title, body="\n".join(lines), buttons=(map_link,))


def address_text(ctx: Context, place: Place) -> str:
    address = ctx.pick(place.address)
    if place.approximate:
        address += " " + ctx.t("places.approximate")
    return address


def _distance_line(ctx: Context, item: Nearby) -> str:
    distance = format_distance(item.distance_m)
    minutes = item.walk_minutes
    if minutes is None:
        return ctx.t("places.distance_only", distance=distance)
    return ctx.t("places.distance_walk", distance=distance, minutes=minutes)


def _open_line(ctx: Context, place: Place) -> str:
    """Open or closed now, and until / from when (the map link has the week's hours)."""
    state = open_state(place.hours, ctx.now)
    if state.state == "open" and state.closes_at is None:
        return ctx.t("places.open_always")
    if state.state == "open" and state.closes_at is not None:
        return ctx.t("places.open_now", time=state.closes_at.astimezone(SEOUL).strftime("%H:%M"))
    if state.state == "closed":
        if state.opens_at:
            return ctx.t("places.closed_now", when=_when(ctx, state.opens_at))
        return ctx.t("places.closed_now_unknown_next")
    note = ctx.pick(place.hours_note) or ctx.t("places.hours_check")
    return ctx.t("places.hours_unknown", note=note)


def _source_line(ctx: Context, place: Place) -> str:
    extra = len(place.sources) - 1
    source = short_source(place.sources[0])
    as_of = place.as_of.isoformat()
    if extra:
        return ctx.t("places.source_more", as_of=as_of, source=source, count=extra)
    return ctx.t("places.source", as_of=as_of, source=source)


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

