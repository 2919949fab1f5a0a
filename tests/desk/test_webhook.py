"""A provider's payment notice is believed only when signed with our secret and sent in the last 5 minutes."""

from __future__ import annotations

import json
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
