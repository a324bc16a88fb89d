"""The columns of the places spreadsheet: header names (English and Korean), required
columns, and the words staff may write for a district or a status."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from content.places.models import slug

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "아이디", "코드", "ID"),
    "kind": ("kind", "종류", "유형", "분류"),
    "name": ("name", "이름", "장소명", "카페명", "시설명", "명칭"),
    "name_en": ("name_en", "영문이름", "영문명"),
    "district": ("district", "구", "행정구"),
    "address": ("address", "주소", "도로명주소"),
    "lat": ("lat", "latitude", "위도"),
    "lon": ("lon", "lng", "longitude", "경도"),
    "hours": ("hours", "운영시간", "영업시간", "이용시간"),
    "services": ("services", "서비스", "이용가능", "제공서비스"),
    "booking": ("booking", "예약방법", "예약안내", "예약"),
    "booking_url": ("booking_url", "예약링크", "예약주소", "예약url"),
    "phone": ("phone", "전화", "전화번호", "연락처"),
    "status": ("status", "상태"),
    "source": ("source", "출처", "sources"),
    "as_of": ("as_of", "기준일", "확인일", "asof"),
    "aliases": ("aliases", "별칭", "다른이름"),
}
REQUIRED = ("kind", "name", "address", "lat", "lon", "source", "as_of")
DISTRICT_NAMES = {
    "덕양구": "deogyang",
    "덕양": "deogyang",
    "deogyang": "deogyang",
    "일산동구": "ilsandong",
    "일산동": "ilsandong",
    "ilsandong": "ilsandong",
    "일산서구": "ilsanseo",
    "일산서": "ilsanseo",
    "ilsanseo": "ilsanseo",
}
STATUS_NAMES = {
    "open": "open",
    "운영": "open",
    "운영중": "open",
    "정상": "open",
    "unverified": "unverified",
    "확인필요": "unverified",
    "미확인": "unverified",
    "moved": "moved",
    "이전": "moved",
    "closed": "closed",
    "폐업": "closed",
    "종료": "closed",
    "운영종료": "closed",
}


def column_key(text: str) -> str:
    """A header or a label as compared: case, spaces, ``_ - ( ) /`` aside."""
    return re.sub(r"[\s_\-()/]+", "", text.strip().lower())


HEADER_INDEX = {column_key(alias): column for column, names in HEADERS.items() for alias in names}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int  # 1 = the header line
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.column}: {self.message}"


def derived_id(name: str, address: str) -> str:
    """A stable id for rows without one: the same name and address give the same id."""
    digest = hashlib.sha1(f"{column_key(name)}|{column_key(address)}".encode()).hexdigest()[:10]
    prefix = slug(name)[:18].strip("-")
    return f"{prefix}-{digest}" if prefix else f"p-{digest}"
