"""A payment provider's notice that money arrived, checked before anything is believed. Pure.

The provider POSTs a JSON body and signs it: header ``X-Lobbydesk-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body under the site's shared secret. The body says::

    {"transaction_id": "PSP-123", "reference": "SUNNY-Y3K9M2Q", "amount": "482.35", "timestamp": 1795750000}

``timestamp`` is Unix seconds; a notice more than five minutes away from our clock is refused (a
replayed old notice, or a clock badly wrong). Whether the reference and amount match a pending
payment, and whether the transaction was seen before, is the payments rules' part
(:meth:`desk.payments.PaymentDesk.confirm_by_provider`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

SIGNATURE_HEADER = "X-Lobbydesk-Signature"
WINDOW = timedelta(minutes=5)


class NotificationRefusedError(ValueError):
    """A notice that is not taken; ``reason`` is a short code, the message says why in words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Notification:
    """What a checked notice says: which payment, how much, the provider's own transaction ID."""

    transaction_id: str
    reference: str
    amount: Decimal
    sent_at: datetime


def sign(body: bytes, secret: str) -> str:
    """The signature header's value for a body: ``sha256=`` and the hex HMAC-SHA256."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def read_notification(
    body: bytes, signature: str, secret: str, now: datetime, window: timedelta = WINDOW
) -> Notification:
    """The notice in ``body`` if its signature is right and it is recent; NotificationRefusedError otherwise."""
    if not secret:
        raise NotificationRefusedError("no-secret", "the site has no payment_webhook_secret; notices are not accepted")
    if not hmac.compare_digest(sign(body, secret), signature.strip()):
        raise NotificationRefusedError("bad-signature", "the signature does not match the body")
    try:
        fields = json.loads(body, parse_float=Decimal)  # 482.35 as a JSON number stays exact
        transaction_id = str(fields["transaction_id"]).strip()
        reference = str(fields["reference"]).strip()
        amount = Decimal(str(fields["amount"]))
        sent_at = datetime.fromtimestamp(int(fields["timestamp"]), UTC)
    except (ValueError, KeyError, TypeError, InvalidOperation, OverflowError) as error:
        raise NotificationRefusedError("malformed", f"the body is not a payment notice ({error})") from None
    if not transaction_id or not reference or not amount.is_finite():
        raise NotificationRefusedError("malformed", "the notice lacks a transaction ID, a reference or an amount")
    if abs(now - sent_at) > window:
        sent = f"{sent_at:%Y-%m-%d %H:%M:%S} UTC"
        raise NotificationRefusedError("stale", f"the notice was sent at {sent}, more than 5 minutes from now")
    return Notification(transaction_id, reference, amount, sent_at)
