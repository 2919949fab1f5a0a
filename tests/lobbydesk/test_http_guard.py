"""The HTTP edge refuses a body over its path's limit before reading it, and marks every answer safe to show."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lobbydesk.http_guard import body_limit, install_http_guard
from tests.e2e.conftest import running_demo

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """``lobbydesk demo``, the real server, on a free port: its host and port."""
    with running_demo(tmp_path_factory.mktemp("demo")) as base:
        address = urlsplit(base)
        assert address.hostname and address.port
        yield address.hostname, address.port


def answer_status(connection: socket.socket) -> str:
    connection.settimeout(10)
    return connection.recv(65536).split(b"\r\n", 1)[0].decode()


def test_a_notice_declaring_200_mb_is_refused_before_a_byte_of_it_is_sent(demo: tuple[str, int]) -> None:
    with socket.create_connection(demo) as connection:
        connection.sendall(b"POST /api/payments/notify HTTP/1.1\r\nHost: kiosk\r\n"
                           b"Content-Type: application/json\r\nContent-Length: 209715200\r\n\r\n")
        assert answer_status(connection) == "HTTP/1.1 413 Request Entity Too Large"


def test_a_streamed_notice_is_refused_at_64_kib_and_the_rest_is_never_read(demo: tuple[str, int]) -> None:
    chunk = b"%x\r\n%s\r\n" % (8192, b" " * 8192)
    sent = 0
    with socket.create_connection(demo) as connection:
        connection.sendall(b"POST /api/payments/notify HTTP/1.1\r\nHost: kiosk\r\nTransfer-Encoding: chunked\r\n\r\n")
        connection.setblocking(False)
        answer = b""
        deadline = time.monotonic() + 30
        while not answer and sent < 200 * MIB and time.monotonic() < deadline:  # a 200 MB body, if it took it
            try:
                connection.send(chunk)
                sent += 8192
            except BlockingIOError:
                time.sleep(0.01)  # the server stopped reading: its answer is on the way
            with contextlib.suppress(BlockingIOError):  # nothing yet
                answer = connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert sent < 16 * MIB  # what the sockets' buffers held by the time the answer came, not 200 MB


def test_every_answer_says_not_to_frame_sniff_or_leak_the_page(demo: tuple[str, int]) -> None:
    host, port = demo
    page = httpx.get(f"http://{host}:{port}/", timeout=30)

    assert page.status_code == 200
    assert (page.headers["X-Frame-Options"], page.headers["Referrer-Policy"],
            page.headers["X-Content-Type-Options"]) == ("DENY", "same-origin", "nosniff")
    policy = page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy  # Vue compiles NiceGUI's templates
    assert f"connect-src 'self' ws://{host}:{port} wss://{host}:{port}" in policy
    refused = httpx.post(f"http://{host}:{port}/api/payments/notify", content=b" " * (65 * 1024), timeout=30)
    assert refused.status_code == 413 and refused.headers["X-Frame-Options"] == "DENY"


def test_each_path_has_its_own_limit() -> None:
    assert body_limit("/api/payments/notify") == 64 * 1024
    assert body_limit("/_nicegui/client/4f2c/upload/17") > 3 * 5 * MIB  # three 5 MB photos and their wrapping
    assert body_limit("/_nicegui/client/4f2c/upload/17/x") == body_limit("/staff/login") == MIB


async def test_a_streamed_body_is_read_no_further_than_the_limit() -> None:
    read: list[int] = []

    async def notify(request: Request) -> PlainTextResponse:
        async for chunk in request.stream():
            read.append(len(chunk))
        return PlainTextResponse("read it all")

    app = Starlette(routes=[Route("/api/payments/notify", notify, methods=["POST"])])
    install_http_guard(app)
    install_http_guard(app)  # twice is once
    asked = 0

    async def one_megabyte() -> AsyncIterator[bytes]:
        nonlocal asked
        for _ in range(1024):
            asked += 1
            yield b" " * 1024

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://kiosk") as client:
        response = await client.post("/api/payments/notify", content=one_megabyte())
        assert (response.status_code, asked, sum(read)) == (413, 65, 64 * 1024)  # the 65th chunk was refused
        small = await client.post("/api/payments/notify", content=b"{}")
        assert (small.status_code, small.text) == (200, "read it all")
    assert len(app.user_middleware) == 1

