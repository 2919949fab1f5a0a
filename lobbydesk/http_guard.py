"""The HTTP edge: request bodies refused over a per-path limit before they are read, security headers on
every answer.

Without a limit a single POST holds as much memory as it sends (200 MB to the payment notice took the
server from 323 to 719 MB). A request whose Content-Length is over its path's limit is answered 413
before the app sees it; a body sent without one (chunked) is counted as it is streamed, by Starlette's
own :class:`RequestBodyLimitMiddleware`, and refused with 413 at the first chunk past the limit, so the
rest is never read. The limits: a payment notice is a few hundred bytes; a photo upload carries at most
3 photos of 5 MB; nothing else the pages send comes near 1 MiB.

The headers keep other sites from framing the pages (clickjacking a kiosk's PIN pad), from reading
URLs through the Referer, and browsers from guessing types. The Content-Security-Policy allows what
NiceGUI needs: Vue compiles templates in the browser ('unsafe-eval'), pages carry inline scripts and
styles, QR codes are data: images, the page talks to its own server over a websocket.
"""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk.photos import PHOTO_MAX_BYTES
from desk.repairs import PHOTOS_MAX
from desk.webhook import BODY_MAX_BYTES as NOTICE_MAX_BYTES

DEFAULT_BODY_MAX = 1024 * 1024
UPLOAD_BODY_MAX = PHOTOS_MAX * PHOTO_MAX_BYTES + 256 * 1024  # multipart headers and boundaries are small
BODY_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"/api/payments/notify"), NOTICE_MAX_BYTES),
    (re.compile(r"/_nicegui/client/[^/]+/upload/[^/]+"), UPLOAD_BODY_MAX),  # ui.upload's route
)
PLAIN_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def install_http_guard(app: Starlette) -> None:
    """Put the guard in front of the app's routes (a Starlette or FastAPI app, before it starts)."""
    installed: set[object] = {middleware.cls for middleware in app.user_middleware}
    if HttpGuard not in installed:
        app.add_middleware(HttpGuard)


def body_limit(path: str) -> int:
    """The most bytes a request body to ``path`` may have."""
    return next((limit for pattern, limit in BODY_LIMITS if pattern.fullmatch(path)), DEFAULT_BODY_MAX)


def content_security_policy(host: str) -> str:
    """The policy for a page served as ``host``; its websocket goes back to that same host.

    'self' covers ws: and wss: in today's browsers, but older Safari (kiosk tablets) needs them named.
    """
    connect = "connect-src 'self'"
    if PLAIN_HOST.fullmatch(host):
        connect += f" ws://{host} wss://{host}"
    return f"{CONTENT_SECURITY_POLICY}; {connect}"


class HttpGuard:
    """ASGI middleware: per-path body limits (413 before reading) and security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        policy = content_security_policy(headers.get("host", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    answer.setdefault(name, value)
                answer.setdefault("Content-Security-Policy", policy)
            await send(message)

        limit = body_limit(scope["path"])
        declared = headers.get("content-length")
        refusal = None if declared is None else length_refusal(declared, limit)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await RequestBodyLimitMiddleware(self.app, limit)(scope, receive, send_with_headers)


def length_refusal(declared: str, limit: int) -> PlainTextResponse | None:
    """413 for a Content-Length over ``limit``, 400 for one that is no length; None when the app may read on."""
    close = {"Connection": "close"}  # the unread body must not be taken for the next request
    if not (declared.isascii() and declared.isdigit()):
        return PlainTextResponse("Content-Length is not a length", status_code=400, headers=close)
    if len(declared) > 18 or int(declared) > limit:  # the length test first: int() refuses 4,300 digits
        return PlainTextResponse(f"Content Too Large: at most {limit} bytes here", status_code=413, headers=close)
    return None
