"""A confirmed payment prints as a receipt whose lines add up to the money paid; a later copy says REPRINT and
is marked 补打 COPY."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.ledger import Charge
from desk.payments import RECEIPT, PaymentDesk
from desk.store import Store
from printers.profile import profile_named
from printers.receipt_renderer import ReceiptRenderer
from printers.renderers import RenderError
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import decode


@pytest.fixture
def payments(store: Store) -> PaymentDesk:
    clock = FixedClock(datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI))
    now = clock.now()
    with store.transaction() as tx:
        for n, (fee, period, due) in enumerate((("Property fee", "2026-10", date(2026, 10, 15)),
                                                ("Water", "2026-11", date(2026, 12, 20))), start=1):
            tx.put(Charge(id=f"SUNNY-C{n}", unit="SUNNY-U1", unit_label="3-1202", fee=fee, period=period,
                          amount=Decimal("210.33"), due=due, late_percent_per_day=Decimal("0.05"),
                          late_cap_percent=Decimal("10"), created_at=now), actor="billing", at=now)
    return PaymentDesk(store, clock, SequentialIds("SUNNY"))


def render(store: Store, profile: str = "default") -> ReceiptRenderer:
    return ReceiptRenderer(store, community_name=lambda: "Sunny Garden", profile=profile_named(profile),
                           status_url=lambda payment_id: f"https://desk.example.org/p/{payment_id}", tz=SHANGHAI)


def test_a_receipt_lists_each_charge_less_its_waiver_and_the_late_fee_and_adds_up(
    payments: PaymentDesk, store: Store
) -> None:
    payments.waive("SUNNY-C2", Decimal("10.33"), by="manager", note="meter fault")
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1", "SUNNY-C2"], "emvco")
    payments.confirm(payment.id, by="wang")
    payments.print_receipt(payment.id, "en", payment.unit)
    with store.transaction() as tx:
        job = tx.print_jobs("queued")[0]

    printout = decode(render(store)(job))

    assert printout.value_of("Receipt no.") == "2026-000001"
    assert printout.value_of("Unit") == "3-1202"
    assert printout.value_of("Property fee 2026-10") == "210.33"
    assert printout.value_of("Water 2026-11") == "200.00"
    assert printout.value_of("Late fee") == "4.52"  # 210.33 x 0.05 % x 43 days = 4.522
    assert payment.amount == Decimal("414.85")
    assert "414.85" in " ".join(printout.texts)
    # The phone page opens in the receipt's language (it used to open in the site's default).
    assert [qr.payload for qr in printout.qr_codes] == [f"https://desk.example.org/p/{payment.id}?lang=en"]
    assert "REPRINT" not in " ".join(printout.texts)


def test_a_second_copy_says_reprint_and_is_marked_as_a_copy_of_the_same_payment(
    payments: PaymentDesk, store: Store
) -> None:
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    payments.confirm(payment.id, by="wang")
    payments.print_receipt(payment.id, "en", payment.unit)
    payments.print_receipt(payment.id, "en", payment.unit)
    with store.transaction() as tx:
        first, second = tx.print_jobs("queued")

    copy = decode(render(store)(second))

    top = [text for text in copy.texts if text][:4]
    assert top == ["** REPRINT **", "Sunny Garden", "Payment receipt", "补打 COPY"]
    assert "Same number as the original receipt: not a second payment" in " ".join(copy.texts)
    assert copy.value_of("Receipt no.") == "2026-000001"
    assert "COPY" not in " ".join(decode(render(store)(first)).texts)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_copy_fits_narrow_paper(payments: PaymentDesk, store: Store, language: str) -> None:
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    payments.confirm(payment.id, by="wang")
    payments.print_receipt(payment.id, language, payment.unit)
    payments.print_receipt(payment.id, language, payment.unit)
    with store.transaction() as tx:
        second = tx.print_jobs("queued")[1]
    narrow = profile_named("58mm")

    copy = decode(render(store, "58mm")(second))

    assert "补打 COPY" in copy.texts
    assert copy.overflowing(narrow.width_chars, narrow.width_dots) == []


def test_a_chinese_copy_explains_itself_in_chinese(payments: PaymentDesk, store: Store) -> None:
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    payments.confirm(payment.id, by="wang")
    payments.print_receipt(payment.id, "zh", payment.unit)
    payments.print_receipt(payment.id, "zh", payment.unit)
    with store.transaction() as tx:
        second = tx.print_jobs("queued")[1]

    copy = decode(render(store)(second))

    assert [text for text in copy.texts if text][:4] == ["** 补打 **", "Sunny Garden", "缴费收据", "补打 COPY"]
    assert "与原收据同号，不是另一笔付款" in copy.texts


def test_a_job_for_a_missing_payment_cannot_print(store: Store) -> None:
    from desk.store import PrintJob

    with pytest.raises(RenderError, match="payment SUNNY-Y9 of print job 7 is not in the store"):
        render(store)(PrintJob(7, RECEIPT, "SUNNY-Y9", {"lang": "en"}, "queued", 0, ""))


def test_a_chinese_receipt_is_chinese_from_top_to_bottom_and_names_no_record(
    payments: PaymentDesk, store: Store
) -> None:
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    payments.confirm(payment.id, by="wang")
    payments.print_receipt(payment.id, "zh", payment.unit)
    with store.transaction() as tx:
        job = tx.print_jobs("queued")[0]

    printout = decode(render(store)(job))

    assert printout.value_of("收据号") == "2026-000001"
    assert printout.value_of("支付方式") == "扫码支付"  # it printed "QR"
    assert [qr.payload for qr in printout.qr_codes] == [f"https://desk.example.org/p/{payment.id}?lang=zh"]
    address = f"https://desk.example.org/p/{payment.id}"  # under the code, to type: the language left off
    assert [text for text in printout.texts if payment.id in text] == [address]
    words = " ".join(text for text in printout.texts if text != address)
    assert not re.search(r"[A-Za-z]", words.replace("Sunny Garden", "")), words
    assert "¥" not in words and words.count("￥") == 1  # the printer fonts' yen, once, on the total


def test_a_slip_still_waiting_for_the_money_shows_the_payment_reference_labelled_and_no_receipt_number(
    payments: PaymentDesk, store: Store
) -> None:
    from desk.store import PrintJob

    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "epc")

    slip = decode(render(store)(PrintJob(7, RECEIPT, payment.id, {"lang": "en"}, "queued", 0, "")))

    assert "Payment slip" in slip.texts
    assert slip.value_of("Payment reference") == payment.id
    assert slip.value_of("Paid by") == "Bank transfer by QR code"
    assert not any(text.startswith("Receipt no.") for text in slip.texts)
