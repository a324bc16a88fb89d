"""The 고용24 fetch client against a fake API on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from bot.jobs.work24 import FetchError, Work24Client


def page_xml(start: int, count: int, total: int) -> bytes:
    items = "".join(
        f"<wanted><wantedAuthNo>K{n:04d}</wantedAuthNo><company>회사{n}</company>"
        f"<title>공고 {n}</title><region>경기 고양시 덕양구</region>"
        f"<closeDt>20261231</closeDt></wanted>"
        for n in range(start, start + count)
    )
    return (f"<?xml version='1.0' encoding='UTF-8'?><wantedRoot><total>{total}</total>"
            f"{items}</wantedRoot>").encode()


class FakeWork24:
    def __init__(self, total: int = 250) -> None:
        self.total = total
        self.requests: list[dict[str, list[str]]] = []
        self.failures: list[str] = []  # per request, in order: "503", "hang", "badkey"

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                fake.requests.append(query)
                mode = fake.failures.pop(0) if fake.failures else ""
                if mode == "hang":
                    time.sleep(0.5)
                if mode == "503":
                    self.send_response(503)
                    self.end_headers()
                    return
                if mode == "badkey":
                    body = ("<error><messageCd>006</messageCd>"
                            "<message>인증키가 유효하지 않습니다</message></error>").encode()
                else:
                    page = int(query["startPage"][0])
                    display = int(query["display"][0])
                    start = (page - 1) * display + 1
                    count = max(0, min(display, fake.total - start + 1))
                    body = page_xml(start, count, fake.total)
                self.send_response(200)
                self.send_header("Content-Type", "application/xml; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        return Handler


@pytest.fixture
def fake_api() -> Iterator[tuple[FakeWork24, str]]:
    fake = FakeWork24()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/cm/openApi/call/wk/list.do"
    finally:
        server.shutdown()
        server.server_close()


async def no_sleep(_: float) -> None:
    return None


async def test_fetch_reads_every_page_for_goyang_with_the_key(fake_api):
    fake, url = fake_api
    async with Work24Client("SECRET", base_url=url, sleep=no_sleep) as client:
        result = await client.fetch_all(display=100)
    assert len(result.postings) == 250 and result.total == 250
    assert [q["startPage"] for q in fake.requests] == [["1"], ["2"], ["3"]]
    first = fake.requests[0]
    assert first["authKey"] == ["SECRET"] and first["region"] == ["41280"]
    assert first["callTp"] == ["L"] and first["returnType"] == ["XML"]


async def test_fetch_retries_server_errors_and_timeouts(fake_api):
    fake, url = fake_api
    fake.total = 5
    fake.failures = ["503", "hang"]
    async with Work24Client("k", base_url=url, timeout=0.2, sleep=no_sleep) as client:
        result = await client.fetch_all()
    assert len(result.postings) == 5
    assert len(fake.requests) == 3


async def test_fetch_gives_up_after_the_retry_limit(fake_api):
    fake, url = fake_api
    fake.failures = ["503"] * 10
    async with Work24Client("k", base_url=url, retries=2, sleep=no_sleep) as client:
        with pytest.raises(FetchError, match="server error 503 after 3 tries"):
            await client.fetch_all()


async def test_a_wrong_key_stops_with_the_apis_message_and_no_key_in_it(fake_api):
    fake, url = fake_api
    fake.failures = ["badkey"]
    async with Work24Client("MYSECRETKEY", base_url=url, sleep=no_sleep) as client:
        with pytest.raises(FetchError) as info:
            await client.fetch_all()
    assert "인증키가 유효하지 않습니다" in str(info.value)
    assert "MYSECRETKEY" not in str(info.value)


async def test_an_unreachable_server_is_a_fetch_error():
    async with Work24Client("k", base_url="http://127.0.0.1:9/x", retries=1,
                            sleep=no_sleep) as client:
        with pytest.raises(FetchError, match="connection failed"):
            await client.fetch_all()


def test_a_missing_key_is_refused():
    with pytest.raises(FetchError, match="WORK24_AUTH_KEY"):
        Work24Client("  ")
