"""Pull job postings for Goyang from the 고용24 (Work24) Open API list endpoint.

``callOpenApiSvcInfo210L01.do`` with ``authKey``, ``callTp=L``, ``returnType=XML``,
``startPage`` (1..1000), ``display`` (≤100) and ``region`` (41280 = 고양시; research:
goyang-programs.md §8-1). Pages are fetched until the reported ``total`` is reached, a page
comes back short, or ``max_pages``. Each request has a timeout and is retried with backoff
on timeouts, connection errors and 5xx; a 4xx or an error document (e.g. a wrong key) stops
the fetch with ``FetchError``. The auth key comes from the environment (``WORK24_AUTH_KEY``)
and never appears in messages or logs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import httpx

from content.jobs.postings import BadRecord, ParseResult, PostingFileError, parse_work24_xml

log = logging.getLogger(__name__)
DEFAULT_URL = "https://www.work24.go.kr/cm/openApi/call/wk/callOpenApiSvcInfo210L01.do"
GOYANG_REGION = "41280"
AUTH_ENV = "WORK24_AUTH_KEY"


class FetchError(RuntimeError):
    """The API could not be read (after retries) or refused the request."""


class Work24Client:
    def __init__(
        self,
        auth_key: str,
        *,
        base_url: str = DEFAULT_URL,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if not auth_key.strip():
            raise FetchError(f"no 고용24 auth key: set {AUTH_ENV}")
        self._key = auth_key.strip()
        self.base_url = base_url
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout), transport=transport, follow_redirects=False
        )

    async def __aenter__(self) -> Work24Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def fetch_page(
        self, page: int, *, display: int = 100, region: str = GOYANG_REGION, **extra: str
    ) -> ParseResult:
        params = {
            "authKey": self._key,
            "callTp": "L",
            "returnType": "XML",
            "startPage": str(page),
            "display": str(display),
            "region": region,
            **extra,
        }
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                await self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = await self._client.get(self.base_url, params=params)
            except httpx.TimeoutException:
                last_problem = "timed out"
                continue
            except httpx.TransportError as exc:
                last_problem = f"connection failed ({type(exc).__name__})"
                continue
            if response.status_code >= 500:
                last_problem = f"server error {response.status_code}"
                continue
            if response.status_code != 200:
                raise FetchError(f"page {page}: HTTP {response.status_code}")
            try:
                return parse_work24_xml(response.content)
            except PostingFileError as exc:
                raise FetchError(f"page {page}: {exc}") from None
        raise FetchError(f"page {page}: {last_problem} after {self.retries + 1} tries")

    async def fetch_all(
        self,
        *,
        display: int = 100,
        max_pages: int = 10,
        region: str = GOYANG_REGION,
        **extra: str,
    ) -> ParseResult:
        """Every page (up to ``max_pages``), merged; bad records keep their page in the position."""
        display = max(1, min(display, 100))
        merged = ParseResult()
        seen: set[tuple[str, str]] = set()
        for page in range(1, min(max_pages, 1000) + 1):
            result = await self.fetch_page(page, display=display, region=region, **extra)
            merged.total = result.total
            for posting in result.postings:
                key = (posting.source, posting.source_id)
                if key not in seen:  # a posting can shift pages while we read
                    seen.add(key)
                    merged.postings.append(posting)
            merged.bad.extend(BadRecord(f"page {page} {b.position}", b.reason) for b in result.bad)
            count = len(result.postings) + len(result.bad)
            if count < display or (result.total is not None and page * display >= result.total):
                break
        return merged
