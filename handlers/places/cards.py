"""How one place reads in the list: distance, address, today's hours, services, source."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlparse

from content.places.geo import Nearby, format_distance
from content.places.loader import PlacesContent
from content.places.maplinks import kakao_map_url, naver_map_url
from content.places.models import Place
from content.places.search import open_state
from content.text.clock import SEOUL
from handlers.dialog.context import Context
from handlers.dialog.types import Button, Card

MAX_SERVICES = 4  # a card must fit a phone screen
KO_WEEKDAYS = "월화수목금토일"


def place_card(ctx: Context, content: PlacesContent, item: Nearby, number: int) -> Card:
    place = item.place
    lines = [_distance_line(ctx, item), f"🏠 {address_text(ctx, place)}"]
    lines.extend(_hours_lines(ctx, place))
    if place.services:
        lines.append(_services_line(ctx, content, place))
    if place.booking:
        lines.append(ctx.t("places.booking", booking=ctx.pick(place.booking)))
    if place.phone:
        lines.append(ctx.t("places.phone", phone=place.phone))
    if place.status_note:
        lines.append(ctx.t("places.note", note=ctx.pick(place.status_note)))
    lines.append(_source_line(ctx, place))
    buttons = [
        Button(
            ctx.t("places.kakao_map"), url=kakao_map_url(place.name["ko"], place.lat, place.lon)
        ),
        Button(ctx.t("places.naver_map"), url=naver_map_url(place.name["ko"], place.address["ko"])),
    ]
    if place.booking_url:
        buttons.append(Button(ctx.t("places.book"), url=place.booking_url))
    title = f"{number}. {ctx.pick(place.name)} · {content.kind_label(place.kind, ctx.locale)}"
    return Card(title=title, body="\n".join(lines), buttons=tuple(buttons))


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


def _hours_lines(ctx: Context, place: Place) -> list[str]:
    """Open or closed now (and until / from when), then the week's hours and their note."""
    state = open_state(place.hours, ctx.now)
    if state.state == "open" and state.closes_at is None:
        lines = [ctx.t("places.open_always")]
    elif state.state == "open" and state.closes_at is not None:
        closes = state.closes_at.astimezone(SEOUL).strftime("%H:%M")
        lines = [ctx.t("places.open_now", time=closes)]
    elif state.state == "closed":
        lines = [
            ctx.t("places.closed_now", when=_when(ctx, state.opens_at))
            if state.opens_at
            else ctx.t("places.closed_now_unknown_next")
        ]
    else:
        note = ctx.pick(place.hours_note) or ctx.t("places.hours_check")
        lines = [ctx.t("places.hours_unknown", note=note)]
    if place.hours is not None:
        lines.append(ctx.t("places.hours_line", hours=place.hours.to_text(ctx.locale)))
        if place.hours_note:
            lines.append(ctx.t("places.note", note=ctx.pick(place.hours_note)))
    return lines


def _services_line(ctx: Context, content: PlacesContent, place: Place) -> str:
    shown = [content.service_label(sv, ctx.locale) for sv in place.services[:MAX_SERVICES]]
    rest = len(place.services) - len(shown)
    text = " · ".join(shown)
    if rest:
        text += " " + ctx.t("places.services_more", count=rest)
    return ctx.t("places.services", services=text)


def _source_line(ctx: Context, place: Place) -> str:
    extra = len(place.sources) - 1
    source = _source(place.sources[0])
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


def _source(source: str) -> str:
    host = urlparse(source).netloc if source.startswith(("http://", "https://")) else ""
    text = host.removeprefix("www.") if host else source
    return text if len(text) <= 40 else text[:39] + "…"
