"""The payment routes: the provider's notice ``POST /api/payments/notify`` and the phone page ``/p/<ID>``.

Thin: the notice is checked by :mod:`desk.webhook` and matched by :class:`desk.payments.PaymentDesk`;
a refused notice is logged with its reason and answered 400 (not ours to take) or 409 (does not fit
a pending payment), so the provider's retries and our log agree. A body over
:data:`desk.webhook.BODY_MAX_BYTES` is answered 413 unread (``lobbydesk.http_guard`` refuses it first;
the endpoint does not rely on that).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from fastapi import Request
from fastapi.responses import JSONResponse
from nicegui import app, run, ui

from desk.catalog import say
from desk.ledger import PaymentStatus
from desk.money import money_text
from desk.payments import PaymentDesk
from desk.webhook import BODY_MAX_BYTES, SIGNATURE_HEADER, NotificationRefusedError, read_notification

log = logging.getLogger(__name__)
NOT_OURS = {"no-secret", "bad-signature", "stale", "malformed"}


def handle_notice(
    payments: PaymentDesk, secret: str, body: bytes, signature: str, now: datetime
) -> tuple[int, dict[str, object]]:
    """The HTTP status and JSON answer for one notice; refusals are logged with their reason."""
    try:
        notice = read_notification(body, signature, secret, now)
        confirmation = payments.confirm_by_provider(notice)
    except NotificationRefusedError as refused:
        log.warning("payment notice refused (%s): %s", refused.reason, refused)
        return (400 if refused.reason in NOT_OURS else 409), {"ok": False, "reason": refused.reason,
                                                              "message": str(refused)}
    payment = confirmation.payment
    log.info("payment %s confirmed by provider transaction %s", payment.id, payment.provider_transaction)
    return 200, {"ok": True, "payment": payment.id, "receipt_number": payment.receipt_number,
                 "already_confirmed": not confirmation.newly}


async def bounded_body(request: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it is known to be over ``limit`` bytes (the rest is not read)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def register_payment_pages(payments: PaymentDesk, secret: Callable[[], str], now: Callable[[], datetime]) -> None:
    """Add the notice endpoint and the payment status page to the app; ``now`` is the site's clock."""

    @app.post("/api/payments/notify")
    async def payment_notice(request: Request) -> JSONResponse:
        body = await bounded_body(request, BODY_MAX_BYTES)
        if body is None:
            log.warning("payment notice refused (too-large): over %d bytes", BODY_MAX_BYTES)
            return JSONResponse({"ok": False, "reason": "too-large",
                                 "message": f"a notice is at most {BODY_MAX_BYTES} bytes"}, status_code=413)
        signature = request.headers.get(SIGNATURE_HEADER, "")
        answer = await run.io_bound(handle_notice, payments, secret(), body, signature, now())
        if answer is None:
            return JSONResponse({"ok": False, "reason": "stopping"}, status_code=503)
        status, content = answer
        return JSONResponse(content, status_code=status)

    @ui.page("/p/{payment_id}")
    def payment_status(payment_id: str, lang: str = "zh") -> None:
        ui.query("body").style("font-size: 20px; background: #f4f6f8; color: #102a43")
        card = ui.column().classes("w-full max-w-md mx-auto p-6 gap-3 items-center bg-white rounded-xl shadow")

        def refresh() -> None:
            payment = payments.payment(payment_id)
            card.clear()
            with card:
                if payment is None:
                    ui.label(say("status_unknown", lang)).classes("text-2xl").mark("payment-status")
                    return
                ui.label(say("status_title", lang)).classes("text-xl")  # no record ID: anyone with the slip may look
                ui.label(f"¥{money_text(payment.amount)}").classes("text-5xl font-extrabold")
                if payment.status is PaymentStatus.CONFIRMED:
                    said = say("status_confirmed", lang, number=payment.receipt_number)
                else:
                    said = say(f"status_{payment.status.value}", lang)
                ui.label(said).classes("text-2xl font-bold").mark("payment-status")

        refresh()
        ui.timer(3.0, refresh)
