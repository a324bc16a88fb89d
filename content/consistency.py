"""Checks across content files: one number per name, one pin per place.

The audit of December 2026 found the job centre's number listed under the youth policy
team, and 내일꿈제작소 pinned at two different points in places.yaml and shops.yaml. These
pure functions find both kinds of drift; the catalogue loader refuses files that have them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from content.booking.shops import Shop
from content.models import Contact
from content.places.models import Place


def _who(name: dict[str, str]) -> str:
    # "고양시 통합일자리센터 (고양 고용복지+센터)": the parenthesis says where, not who.
    return name["ko"].split(" (")[0].strip()


def shared_numbers(
    contacts: Iterable[Contact], shops: Iterable[Shop], places: Iterable[Place] = ()
) -> dict[str, list[str]]:
    """Phone numbers listed under more than one name (number -> the names, sorted)."""
    listed: list[tuple[str | None, dict[str, str]]] = [(c.phone, c.name) for c in contacts]
    listed += [(s.phone, s.name) for s in shops]
    listed += [(p.phone, p.name) for p in places]
    names: dict[str, set[str]] = {}
    for phone, name in listed:
        if phone:
            names.setdefault(phone, set()).add(_who(name))
    return {phone: sorted(n) for phone, n in names.items() if len(n) > 1}


def pin_problems(places: Mapping[str, Place], shops: Iterable[Shop]) -> list[tuple[str, str]]:
    """(shop id, problem) for each shop whose place is unknown or pinned elsewhere."""
    problems = []
    for shop in shops:
        if shop.place is None:
            continue
        place = places.get(shop.place)
        if place is None:
            problems.append((shop.id, f"place '{shop.place}' is not in places/places.yaml"))
        elif shop.location is None:
            problems.append((shop.id, f"place '{place.id}' is given but location is not"))
        elif (place.lat, place.lon) != (shop.location.lat, shop.location.lon):
            problems.append((
                shop.id,
                f"location {shop.location.lat}, {shop.location.lon} differs from place "
                f"'{place.id}' ({place.lat}, {place.lon}); one building has one pin: copy "
                "the places.yaml point",
            ))
    return problems


def shared_pins(places: Mapping[str, Place]) -> dict[tuple[float, float], list[str]]:
    """Points used by more than one place (point -> place ids)."""
    at: dict[tuple[float, float], list[str]] = {}
    for place in places.values():
        at.setdefault((place.lat, place.lon), []).append(place.id)
    return {point: ids for point, ids in at.items() if len(ids) > 1}
