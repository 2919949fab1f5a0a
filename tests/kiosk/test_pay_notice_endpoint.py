"""The provider's notice endpoint: a signed, fresh, exact notice confirms; anything else is refused and logged."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from fastapi import Request
from nicegui.testing.user import User

from desk.ledger import Charge, PaymentStatus
from desk.webhook import BODY_MAX_BYTES, SIGNATURE_HEADER, sign
from kiosk.payments_pages import bounded_body
from lobbydesk.site import Site

SECRET = "whsec-endpoint-test"


@pytest.fixture
def site_settings(site_settings):  # type: ignore[no-untyped-def]
    return site_settings.model_copy(update={"payment_webhook_secret": SECRET})


@pytest.fixture
def pending(community: Site) -> str:
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(Charge(id="SUNNY-C1", unit="SUNNY-U1", unit_label="3-1202", fee="Parking", period="2026-11",
                      amount=Decimal("150.00"), due=date(2026, 11, 30), created_at=now), actor="billing", at=now)
    return community.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco").id


async def post(owner: User, body: bytes, signature: str) -> tuple[int, dict[str, object]]:
    response = await owner.http_client.post("/api/payments/notify", content=body,
                                            headers={SIGNATURE_HEADER: signature})
    return response.status_code, response.json()


SENT_AT = int(datetime(2026, 11, 27, 9, 29, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp())  # the site clock: 09:30


def notice(reference: str, amount: str = "150.00", transaction: str = "PSP-9", age: int = 0) -> bytes:
    return json.dumps({"transaction_id": transaction, "reference": reference, "amount": amount,
                       "timestamp": SENT_AT - age}).encode()


async def test_a_signed_notice_confirms_the_payment_once(owner: User, community: Site, pending: str) -> None:
    body = notice(pending)
    assert await post(owner, body, sign(body, SECRET)) == (200, {
        "ok": True, "payment": pending, "receipt_number": "2026-000001", "already_confirmed": False})
    assert await post(owner, body, sign(body, SECRET)) == (200, {
        "ok": True, "payment": pending, "receipt_number": "2026-000001", "already_confirmed": True})


@pytest.mark.parametrize(
    ("tamper", "status", "reason"),
    [
        ("signature", 400, "bad-signature"),
        ("stale", 400, "stale"),
        ("amount", 409, "wrong-amount"),
        ("reference", 409, "unknown-reference"),
    ],
)
async def test_a_tampered_notice_is_refused_with_its_reason_logged(
    owner: User, community: Site, pending: str, tamper: str, status: int, reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {
        "signature": notice(pending),
        "stale": notice(pending, age=5 * 60),  # sent 09:24, six minutes before the site clock
        "amount": notice(pending, amount="15.00"),
        "reference": notice("SUNNY-Y999999"),
    }[tamper]
    signature = sign(body.replace(b"150.00", b"1.50"), SECRET) if tamper == "signature" else sign(body, SECRET)
    with caplog.at_level(logging.WARNING, logger="kiosk.payments_pages"):
        answer = await post(owner, body, signature)
    assert (answer[0], answer[1]["reason"]) == (status, reason)
    assert any(f"payment notice refused ({reason})" in record.getMessage() for record in caplog.records)
    assert community.fees.payments.payment(pending).status is PaymentStatus.PENDING  # type: ignore[union-attr]


async def test_a_replayed_transaction_cannot_confirm_another_payment(
    owner: User, community: Site, pending: str
) -> None:
    first = notice(pending)
    await post(owner, first, sign(first, SECRET))
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(Charge(id="SUNNY-C2", unit="SUNNY-U1", fee="Parking", period="2026-12", amount=Decimal("150.00"),
                      due=date(2026, 12, 31), created_at=now), actor="billing", at=now)
    second = community.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C2"], "emvco").id
    replay = notice(second)  # the same provider transaction PSP-9, now naming the other payment
    status, answer = await post(owner, replay, sign(replay, SECRET))
    assert (status, answer["reason"]) == (409, "replay")
    assert community.fees.payments.payment(second).status is PaymentStatus.PENDING  # type: ignore[union-attr]


async def test_a_phone_follows_the_payment_on_its_status_page(owner: User, community: Site, pending: str) -> None:
    await owner.open(f"/p/{pending}?lang=en")
    await owner.should_see("Waiting for the payment to arrive")
    await owner.should_not_see("3-1202")  # no unit, no name: anyone holding the slip may look
    body = notice(pending)
    await post(owner, body, sign(body, SECRET))
    await owner.should_see("Received, receipt 2026-000001", retries=80)  # the page looks every 3 s


@pytest.mark.parametrize("amount", ["1e999999", "NaN", "-150.00", "a lot"])
async def test_a_signed_notice_with_an_absurd_amount_is_refused_with_the_reason(
    owner: User, community: Site, pending: str, amount: str
) -> None:
    body = notice(pending, amount=amount)  # 1e999999 used to answer 500: no cent can hold it
    status, answer = await post(owner, body, sign(body, SECRET))
    assert (status, answer["reason"]) == (400, "malformed")
    assert f"the amount '{amount}' is not" in str(answer["message"])
    assert community.fees.payments.payment(pending).status is PaymentStatus.PENDING  # type: ignore[union-attr]


async def test_a_notice_over_64_kib_is_refused_before_it_is_read(owner: User, community: Site, pending: str) -> None:
    asked = 0

    async def two_hundred_megabytes() -> AsyncIterator[bytes]:  # streamed, so no Content-Length is sent
        nonlocal asked
        for _ in range(200 * 1024):
            asked += 1
            yield b" " * 1024

    response = await owner.http_client.post("/api/payments/notify", content=two_hundred_megabytes(),
                                            headers={SIGNATURE_HEADER: "sha256=00"})
    assert response.status_code == 413
    assert asked <= 65  # 64 KiB, and the chunk that went past it; the rest was never asked for

    response = await owner.http_client.post("/api/payments/notify", content=b"{}",
                                            headers={"Content-Length": str(200 * 1024 * 1024)})
    assert response.status_code == 413  # the declared length alone is enough


async def test_the_endpoint_itself_stops_reading_past_the_limit() -> None:
    # Behind the HTTP guard this never happens; without it, the endpoint still holds no more than 64 KiB.
    asked = 0

    async def receive() -> dict[str, object]:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": b" " * 1024, "more_body": True}

    request = Request({"type": "http", "method": "POST", "path": "/api/payments/notify", "headers": []}, receive)
    assert await bounded_body(request, BODY_MAX_BYTES) is None
    assert asked == 65
    declared = Request({"type": "http", "method": "POST", "headers": [(b"content-length", b"209715200")]}, receive)
    assert await bounded_body(declared, BODY_MAX_BYTES) is None
    assert asked == 65
