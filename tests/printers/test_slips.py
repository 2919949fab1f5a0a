"""A slip refuses data that would print wrongly: money that is not exact, times without a zone, bad PINs."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from printers.slips import Charge
from tests.printers.slip_samples import AT, EVENT_PASS, PIN, QUEUE_TICKET, RECEIPT, VISITOR_PASS, replace


def test_a_receipt_totals_its_charges_exactly() -> None:
    charges = (Charge("a", Decimal("0.10")), Charge("b", Decimal("0.20")), Charge("c", Decimal("-0.05")))

    assert replace(RECEIPT, charges=charges).total == Decimal("0.25")


def test_money_must_be_an_exact_decimal_of_whole_cents() -> None:
    with pytest.raises(ValueError, match="must be a finite Decimal"):
        Charge("property fee", 356.4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite Decimal"):
        Charge("property fee", Decimal("NaN"))
    with pytest.raises(ValueError, match="fractions of a cent"):
        Charge("property fee", Decimal("356.405"))
    assert Charge("property fee", Decimal("356.400")).amount == Decimal("356.4")


def test_a_receipt_lists_something_and_is_either_paid_or_pending() -> None:
    with pytest.raises(ValueError, match="at least one charge"):
        replace(RECEIPT, charges=())
    with pytest.raises(ValueError, match="paid or pending"):
        replace(RECEIPT, state="refunded")


def test_every_time_on_a_slip_carries_its_zone() -> None:
    naive = datetime(2026, 11, 27, 9, 15)
    with pytest.raises(ValueError, match="issued at must carry its time zone"):
        replace(QUEUE_TICKET, issued_at=naive)
    with pytest.raises(ValueError, match="valid until must carry its time zone"):
        replace(PIN, valid_until=naive)


def test_a_slip_speaks_chinese_or_english() -> None:
    with pytest.raises(ValueError, match="language must be one of zh, en"):
        replace(RECEIPT, language="fr")


def test_passes_must_make_sense_in_time_and_number() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        replace(EVENT_PASS, ends_at=EVENT_PASS.starts_at - timedelta(hours=1))
    with pytest.raises(ValueError, match="at least one person"):
        replace(EVENT_PASS, people=0)
    with pytest.raises(ValueError, match="valid for some time after issue"):
        replace(VISITOR_PASS, valid_until=AT)


@pytest.mark.parametrize("pin", ["123", "12 34", "abcd", "1234567890123"])
def test_a_pin_is_4_to_12_digits_or_capitals_and_never_repeated_in_the_complaint(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits or capital letters") as refusal:
        replace(PIN, pin=pin)
    assert pin not in str(refusal.value)
