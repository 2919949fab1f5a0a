"""A payment provider's notice that money arrived, checked before anything is believed. Pure.

The provider POSTs a JSON body and signs it: header ``X-Lobbydesk-Signature: sha256=<hex>``, the
HMAC-SHA256 of the raw body under the site's shared secret. The body says::

    {"transaction_id": "PSP-123", "reference": "SUNNY-Y3K9M2Q", "amount": "482.35", "timestamp": 1795750000}

``timestamp`` is Unix seconds; a notice more than five minutes away from our clock is refused (a
replayed old notice, or a clock badly wrong). An amount that is not a finite sum above zero and below
:data:`LARGEST_AMOUNT`, or a timestamp that is not a plain number of seconds, is refused as malformed:
``Decimal("1e999999")`` is finite but cannot be rounded to the cent, and turning it into seconds would
take the server half a minute. A notice is a few hundred bytes; a body over :data:`BODY_MAX_BYTES` is
not read at all (the HTTP edge refuses it). Whether the reference and amount match a pending
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
BODY_MAX_BYTES = 64 * 1024
LARGEST_AMOUNT = Decimal("1000000000")  # no fee payment comes near a billion
LATEST_TIMESTAMP = 10**11  # the year 5138; anything larger is not a Unix time in seconds


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
        amount = _amount(fields["amount"])
        sent_at = datetime.fromtimestamp(_seconds(fields["timestamp"]), UTC)
    except (ValueError, KeyError, TypeError, InvalidOperation, OverflowError, RecursionError) as error:
        raise NotificationRefusedError("malformed", f"the body is not a payment notice ({error})") from None
    if not transaction_id or not reference:
        raise NotificationRefusedError("malformed", "the notice lacks a transaction ID or a reference")
    if abs(now - sent_at) > window:
        sent = f"{sent_at:%Y-%m-%d %H:%M:%S} UTC"
        raise NotificationRefusedError("stale", f"the notice was sent at {sent}, more than 5 minutes from now")
    return Notification(transaction_id, reference, amount, sent_at)


def _amount(value: object) -> Decimal:
    """The notice's amount: a finite sum above zero and below LARGEST_AMOUNT, as text or a JSON number."""
    amount = _number(value, "amount")
    if not 0 < amount < LARGEST_AMOUNT:
        raise ValueError(f"the amount {str(value)[:40]!r} is not a sum of money above 0 and below {LARGEST_AMOUNT:,}")
    return amount


def _seconds(value: object) -> int:
    """The notice's timestamp as whole Unix seconds, checked small before it becomes an int."""
    seconds = _number(value, "timestamp")
    if not 0 <= seconds < LATEST_TIMESTAMP:
        raise ValueError(f"the timestamp {str(value)[:40]!r} is not a Unix time in seconds")
    return int(seconds)


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise ValueError(f"the {what} {str(value)[:40]!r} is not a number")
