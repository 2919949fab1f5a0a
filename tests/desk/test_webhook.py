"""A provider's payment notice is believed only when signed with our secret and sent in the last 5 minutes."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from desk.webhook import NotificationRefusedError, read_notification, sign

SECRET = "whsec-test-2026"
NOW = datetime(2026, 11, 27, 1, 30, tzinfo=UTC)


def notice(**changes: object) -> bytes:
    fields = {"transaction_id": "PSP-1", "reference": "SUNNY-Y000001", "amount": "482.35",
              "timestamp": int(NOW.timestamp()), **changes}
    return json.dumps(fields).encode()


def test_a_signed_recent_notice_is_read() -> None:
    body = notice()
    read = read_notification(body, sign(body, SECRET), SECRET, NOW + timedelta(seconds=20))
    assert (read.transaction_id, read.reference, read.amount) == ("PSP-1", "SUNNY-Y000001", Decimal("482.35"))


def test_a_body_changed_after_signing_is_refused() -> None:
    signature = sign(notice(), SECRET)
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(notice(amount="1.00"), signature, SECRET, NOW)
    assert refused.value.reason == "bad-signature"


def test_a_notice_signed_with_another_secret_is_refused() -> None:
    body = notice()
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(body, sign(body, "guessed"), SECRET, NOW)
    assert refused.value.reason == "bad-signature"


@pytest.mark.parametrize("offset", [timedelta(minutes=5, seconds=1), -timedelta(minutes=6)])
def test_a_notice_from_more_than_five_minutes_away_is_refused(offset: timedelta) -> None:
    body = notice()
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(body, sign(body, SECRET), SECRET, NOW + offset)
    assert refused.value.reason == "stale"


def test_a_signed_body_that_is_not_a_notice_is_refused() -> None:
    body = json.dumps({"reference": "SUNNY-Y000001"}).encode()
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(body, sign(body, SECRET), SECRET, NOW)
    assert refused.value.reason == "malformed"


def test_without_a_secret_nothing_is_accepted() -> None:
    body = notice()
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(body, sign(body, ""), "", NOW)
    assert refused.value.reason == "no-secret"


def test_an_amount_sent_as_a_json_number_is_read_exactly() -> None:
    body = b'{"transaction_id": "PSP-2", "reference": "SUNNY-Y000001", "amount": 0.30, "timestamp": %d}' % int(
        NOW.timestamp())
    assert read_notification(body, sign(body, SECRET), SECRET, NOW).amount == Decimal("0.30")


@pytest.mark.parametrize(("amount", "said"), [
    ("1e999999", "is not a sum of money above 0 and below 1,000,000,000"),  # finite, but no cent can hold it
    ("-482.35", "is not a sum of money above 0"),  # a refund is not a payment arriving
    ("0", "is not a sum of money above 0"),
    ("NaN", "is not a number"),
    ("Infinity", "is not a number"),
    ("four hundred", "is not a number"),
    (True, "is not a number"),
    ({"value": "482.35"}, "is not a number"),
])
def test_an_amount_that_is_no_sum_of_money_is_refused_with_the_reason(amount: object, said: str) -> None:
    body = notice(amount=amount)
    with pytest.raises(NotificationRefusedError, match=said) as refused:
        read_notification(body, sign(body, SECRET), SECRET, NOW)
    assert refused.value.reason == "malformed"


def test_absurd_json_numbers_are_refused_at_once() -> None:
    started = time.monotonic()
    for amount, timestamp, said in [(b"1e999999", b"%d" % NOW.timestamp(), "not a sum of money"),
                                    (b"482.35", b"1e999999", "not a Unix time in seconds"),
                                    (b"482.35", b"1" * 1000, "not a Unix time in seconds")]:
        body = b'{"transaction_id": "PSP-3", "reference": "SUNNY-Y000001", "amount": %s, "timestamp": %s}' % (
            amount, timestamp)
        with pytest.raises(NotificationRefusedError, match=said) as refused:
            read_notification(body, sign(body, SECRET), SECRET, NOW)
        assert refused.value.reason == "malformed"
    # int(Decimal("1e999999")) builds a million-digit number: half a minute of the server's time.
    assert time.monotonic() - started < 5


def test_a_deeply_nested_body_is_malformed_not_a_crash() -> None:
    body = b"[" * 60_000 + b"]" * 60_000
    with pytest.raises(NotificationRefusedError) as refused:
        read_notification(body, sign(body, SECRET), SECRET, NOW)
    assert refused.value.reason == "malformed"
