"""Places as a spreadsheet in the import format, so staff can export, edit and import again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from content.places.csv_columns import HEADERS
from content.places.models import Place

EXPORT_COLUMNS = (
    "id",
    "kind",
    "name",
    "name_en",
    "district",
    "address",
    "lat",
    "lon",
    "hours",
    "services",
    "booking",
    "booking_url",
    "phone",
    "status",
    "source",
    "as_of",
    "aliases",
)
KOREAN_HEADERS = {
    column: names[1] if len(names) > 1 else names[0] for column, names in HEADERS.items()
}
KOREAN_HEADERS["id"] = "아이디"
KOREAN_HEADERS["lat"] = "위도"
KOREAN_HEADERS["lon"] = "경도"
KOREAN_HEADERS["source"] = "출처"
DISTRICT_KO = {"deogyang": "덕양구", "ilsandong": "일산동구", "ilsanseo": "일산서구"}
STATUS_KO = {"open": "운영", "unverified": "확인필요", "moved": "이전", "closed": "폐업"}


def write_places_csv(places: Iterable[Place], *, korean_headers: bool = True) -> bytes:
    """Places as a spreadsheet in the import format (UTF-8 with BOM, so Excel reads it).

    Exporting, editing and importing again updates the same places (ids are kept). Only the
    first source is written (one source column); the others are not kept in the file.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([KOREAN_HEADERS[c] if korean_headers else c for c in EXPORT_COLUMNS])
    for place in places:
        writer.writerow(
            [
                place.id,
                place.kind,
                place.name["ko"],
                place.name.get("en", ""),
                DISTRICT_KO.get(place.district or "", ""),
                place.address["ko"],
                repr(place.lat),
                repr(place.lon),
                place.hours.to_text("ko") if place.hours is not None else "미확인",
                ", ".join(place.services),
                place.booking["ko"] if place.booking else "",
                place.booking_url or "",
                place.phone or "",
                STATUS_KO[place.status],
                place.sources[0],
                place.as_of.isoformat(),
                ", ".join(place.aliases),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
