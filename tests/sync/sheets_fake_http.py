"""The HTTP side of the Sheets v4 fake: routes, the request handler, and the faults it plays.

:class:`~tests.sync.sheets_fake.SheetsFake` keeps the state; this module turns each HTTP request into
one call of ``SheetsFake.handle``, after counting it, running staff actions waiting for it and playing
the fault injected for it. Connections are kept alive (HTTP/1.1), as gspread's session expects.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from tests.sync.sheets_fake_cells import SheetsApiError, invalid

PAYLOAD_LIMIT = 10_485_760  # bytes: Google refuses a larger request body, before looking at it
READING_KINDS = frozenset({"spreadsheets.get", "values.get", "values.batchGet", "drive.files.get"})

if TYPE_CHECKING:
    from tests.sync.sheets_fake import SheetsFake


@dataclass(frozen=True)
class Fault:
    """Something that goes wrong with one request; build one with the functions below."""

    kind: str
    status: int = 0
    retry_after: float | None = None
    seconds: float = 0.0


def rate_limited(retry_after: float | None = None) -> Fault:
    """429 RESOURCE_EXHAUSTED, with a Retry-After header when given; the request is not applied."""
    return Fault("rate_limited", status=429, retry_after=retry_after)


def server_error(status: int = 500) -> Fault:
    """A 5xx answer (500 INTERNAL, 503 UNAVAILABLE ...); the request is not applied."""
    return Fault("server_error", status=status)


def slow(seconds: float) -> Fault:
    """The answer comes after ``seconds``; the request is applied (late) as normal."""
    return Fault("slow", seconds=seconds)


def dropped_connection() -> Fault:
    """The connection closes before the request is applied: no answer."""
    return Fault("dropped_connection")


def answer_lost() -> Fault:
    """The request is applied, then the connection closes before the answer: a write done but not known."""
    return Fault("answer_lost")


ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)$"), "spreadsheets.get"),
    ("POST", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+):batchUpdate$"), "spreadsheets.batchUpdate"),
    ("GET", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values:batchGet$"), "values.batchGet"),
    ("POST", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values:batchUpdate$"), "values.batchUpdate"),
    ("POST", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values:batchClear$"), "values.batchClear"),
    ("POST", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>[^/]+?):append$"), "values.append"),
    ("POST", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>[^/]+?):clear$"), "values.clear"),
    ("GET", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>[^/]+)$"), "values.get"),
    ("PUT", re.compile(r"^/v4/spreadsheets/(?P<key>[^/:]+)/values/(?P<range>[^/]+)$"), "values.update"),
    ("GET", re.compile(r"^/drive/v3/files/(?P<key>[^/:]+)$"), "drive.files.get"),
]


class FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: SheetsFake
    verbose = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timed out) is expected here; anything else is worth seeing."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the body ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _serve(self, method: str) -> None:
        fake = self.server.fake
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        if parts.path.startswith("/_fake/"):
            from tests.sync.sheets_fake_process import control

            status, answer = control(fake, method, parts.path, parse_qs(parts.query), raw_body)
            self._answer(status, answer)
            return
        route = next(
            ((kind, m) for verb, pattern, kind in ROUTES if verb == method and (m := pattern.match(parts.path))), None
        )
        if route is None:
            self._answer(404, SheetsApiError(404, f"The requested URL {parts.path} was not found.").body())
            return
        kind, match = route
        actions, fault = fake.take_pending(kind)
        fake.count(kind, method, parts.path, fault)
        for action in actions:
            action()
        if fault is not None and fault.kind in ("rate_limited", "server_error", "dropped_connection"):
            self._fail(fault)
            return
        if not kind.startswith("drive.") and fake.over_quota(kind):  # Drive's quota is its own, not Sheets'
            self._fail(rate_limited(), reading=kind in READING_KINDS)
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.seconds)
        if len(raw_body) > PAYLOAD_LIMIT:
            self._answer(400, invalid(f"Request payload size exceeds the limit: {PAYLOAD_LIMIT} bytes.").body())
            return
        try:
            body = json.loads(raw_body) if raw_body else None
            answer = fake.handle(kind, match, parse_qs(parts.query, keep_blank_values=True), body)
            status = 200
        except SheetsApiError as error:
            status, answer = error.code, error.body()
        except json.JSONDecodeError as error:
            status, answer = 400, invalid(f"Invalid JSON payload received. {error}").body()
        if fault is not None and fault.kind == "answer_lost":
            self.close_connection = True
            return
        self._answer(status, answer)

    def _fail(self, fault: Fault, *, reading: bool = False) -> None:
        if fault.kind == "dropped_connection":
            self.close_connection = True
            return
        if fault.status == 429:
            metric = "Read requests" if reading else "Write requests"
            error = SheetsApiError(
                429,
                f"Quota exceeded for quota metric '{metric}' and limit '{metric} "
                "per minute per user' of service 'sheets.googleapis.com'.",
            )
        else:
            error = SheetsApiError(
                fault.status,
                "Internal error encountered." if fault.status == 500 else "The service is currently unavailable.",
            )
        headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
        self._answer(error.code, error.body(), headers)

    def _answer(self, status: int, answer: Any, headers: dict[str, str] | None = None) -> None:
        content = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(content)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)
        except OSError:
            self.close_connection = True  # the client gave up waiting (a slow answer); nothing to tell it
