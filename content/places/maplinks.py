"""Links that open a place in Kakao Map and Naver Map (plain https URLs, for buttons).

Kakao Map's web link takes a name and coordinates (``/link/map/이름,위도,경도``) and draws
a pin; ``/link/to/`` opens directions to it. Naver Map has no documented web link by
coordinates, so its link searches for the place's name and address.
"""

from __future__ import annotations

from urllib.parse import quote


def _clean(name: str) -> str:
    # A comma would end the name field of a Kakao link.
    return " ".join(name.replace(",", " ").split())


def kakao_map_url(name: str, lat: float, lon: float) -> str:
    return f"https://map.kakao.com/link/map/{quote(_clean(name))},{lat:.6f},{lon:.6f}"


def kakao_directions_url(name: str, lat: float, lon: float) -> str:
    return f"https://map.kakao.com/link/to/{quote(_clean(name))},{lat:.6f},{lon:.6f}"


def naver_map_url(name: str, address: str = "") -> str:
    query = _clean(f"고양시 {name}" if "고양" not in name + address else name)
    return f"https://map.naver.com/p/search/{quote(query)}"
