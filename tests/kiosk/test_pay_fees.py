"""An owner pays fees at the kiosk: charges oldest first, a QR code, a live wait, the receipt on paper."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from nicegui.testing.user import User

from desk.ledger import Charge, Payment, PaymentStatus
from desk.payment_qr import parse_emv, parse_subfields
from lobbydesk.site import Site
from tests.fakes import FakeMonotonic, label_texts
from tests.kiosk.repair_stories import staff_type_settings
from tests.kiosk.test_owner_sessions import the_next_tap_on_pay_fees_asks_who_it_is
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode

PAYEE = {"payment_scheme": "emvco", "payment_payee": "Sunny Garden PM", "payment_city": "Beijing",
         "payment_merchant": "29 A000000677010111 01=0066812345678"}


@pytest.fixture
def billed(community: Site) -> Site:
    """The community with three property fee months for 3-1202: October is 43 days overdue (the clock: 11-27)."""
    now = community.clock.now()
    with community.store.transaction() as tx:
        for n, (period, due) in enumerate((("2026-12", date(2026, 12, 15)), ("2026-10", date(2026, 10, 15)),
                                           ("2026-11", date(2026, 11, 30))), start=1):
            tx.put(Charge(id=f"SUNNY-C{n}", unit="SUNNY-U1", unit_label="3-1202", fee="Property fee", period=period,
                          amount=Decimal("210.33"), due=due, late_percent_per_day=Decimal("0.05"),
                          late_cap_percent=Decimal("10"), created_at=now), actor="billing", at=now)
    return community


def _button_texts(owner: User, marker: str) -> list[str]:
    return [b.text for b in owner.find(marker=marker).elements]  # type: ignore[attr-defined]


def only_payment(site: Site) -> Payment:
    with site.store.transaction() as tx:
        payments = tx.find(Payment)
    assert len(payments) == 1
    return payments[0]


async def open_pay_fees(owner: User) -> None:
    """Sign in through the Pay fees tile, then switch to English (the owner's own language is Chinese)."""
    await owner.open("/")
    owner.find(marker="tile-pay").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="pay-title", retries=50)  # the PIN's hash takes a moment on a busy machine
    owner.find(marker="lang-en").click()
    await owner.should_see("Fees due for 3-1202")
    await owner.should_see(marker="pay-back", retries=20)  # the account is loaded


async def wait_for(condition: object, tries: int = 100) -> None:
    for _ in range(tries):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never became true")


async def test_the_owner_sees_open_charges_oldest_first_and_the_overdue_amount_said_politely(
    owner: User, billed: Site
) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)

    assert label_texts(owner, "pay-due") == ["To pay: ¥635.51"]  # 3 x 210.33 + 4.52 late fee
    assert label_texts(owner, "pay-overdue") == [
        "¥214.85 of it is past due — please settle it when convenient. Thank you."]
    assert label_texts(owner, "pay-late-fees") == [
        "The past-due part includes ¥4.52 in late fees (added daily after the due date)"]
    await owner.should_not_see(marker="pay-awaiting-total")  # nothing is waiting, so nothing says so
    await owner.should_not_see(marker="pay-paid-this-month")
    assert _button_texts(owner, "pay-charge-SUNNY-C2") == [
        "Property fee 2026-10 · ¥210.33 · late fee ¥4.52 · 43 days late"]
    assert _button_texts(owner, "pay-charge-SUNNY-C3") == ["Property fee 2026-11 · ¥210.33 · due 2026-11-30"]
    assert label_texts(owner, "pay-total") == ["Total ¥635.51"]

    owner.find(marker="pay-charge-SUNNY-C3").click()  # dropping November drops December too
    await owner.should_see("Total ¥214.85")
    owner.find(marker="pay-charge-SUNNY-C1").click()  # choosing December chooses November again
    await owner.should_see("Total ¥635.51")


async def test_paying_shows_a_qr_with_amount_and_reference_then_the_receipt_prints_once_confirmed(
    owner: User, billed: Site
) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)
    owner.find(marker="pay-charge-SUNNY-C3").click()
    await owner.should_see("Total ¥214.85")
    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr")

    payment_id = only_payment(billed).id
    # The one place a record's code shows: the reference an owner paying by transfer must type, said so.
    assert label_texts(owner, "pay-reference-hint") == [
        "Paying by bank transfer instead? Type this in the payment note:"]
    assert label_texts(owner, "pay-reference") == [f"Reference {payment_id}"]
    qr = owner.find(marker="pay-qr").elements.pop()
    assert qr.props["alt"] == payment_id
    stored = billed.fees.payments.payment(payment_id)
    assert stored is not None and (stored.amount, stored.charges) == (Decimal("214.85"), "SUNNY-C2")
    payload = billed.site_settings().payee().payload(stored.amount, payment_id)
    assert (parse_emv(payload)["54"], parse_subfields(parse_emv(payload)["62"])) == ("214.85", {"05": payment_id})

    billed.fees.payments.confirm(payment_id, by="wang")  # the money arrived; the screen is still waiting
    await owner.should_see(marker="pay-paid", retries=30)
    assert label_texts(owner, "pay-receipt-number") == ["Receipt 2026-000001 is printing"]
    printer = billed.settings.data_dir / "printer.bin"
    await wait_for(lambda: printer.exists() and b"2026-000001" in printer.read_bytes())
    printout = decode(printer.read_bytes())
    assert printout.value_of("Receipt no.") == "2026-000001"
    assert printout.value_of("Property fee 2026-10") == "210.33"
    assert printout.value_of("Late fee") == "4.52"
    assert "Payment receipt" in printout.texts


async def test_pay_later_keeps_the_payment_pending_and_its_receipt_prints_at_the_kiosk_later(
    new_browser: object, owner: User, billed: Site
) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)
    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr")
    owner.find(marker="pay-later").click()
    payment = only_payment(billed)
    await owner.should_see(marker=f"pay-show-qr-{payment.id}")
    await owner.should_see(marker="pay-nothing-due")
    assert payment.status is PaymentStatus.PENDING
    printer = billed.settings.data_dir / "printer.bin"
    assert not printer.exists() or payment.id.encode() not in printer.read_bytes()

    billed.fees.payments.confirm(payment.id, by="wang")
    await open_pay_fees(owner)
    owner.find(marker=f"pay-print-{payment.id}").click()
    await owner.should_see("Printing receipt 2026-000001")
    await wait_for(lambda: printer.exists() and b"2026-000001" in printer.read_bytes())


async def test_a_payment_waiting_for_confirmation_is_shown_as_waiting_never_as_owed_or_overdue(
    owner: User, billed: Site
) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)
    owner.find(marker="pay-charge-SUNNY-C3").click()  # October alone, the overdue one
    await owner.should_see("Total ¥214.85")
    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr")
    owner.find(marker="pay-later").click()  # paid on the phone; the bank has not said so yet
    payment = only_payment(billed)
    await owner.should_see(marker=f"pay-awaiting-{payment.id}")

    assert label_texts(owner, "pay-due") == ["To pay: ¥420.66"]  # November and December, nothing of October
    await owner.should_not_see(marker="pay-overdue")
    await owner.should_not_see(marker="pay-late-fees")
    assert label_texts(owner, "pay-awaiting-total") == [
        "Waiting for confirmation: ¥214.85 — not owed; your receipt comes once the office sees the money"]
    assert label_texts(owner, f"pay-awaiting-{payment.id}") == [
        "¥214.85 · Property fee 2026-10, late fee ¥4.52 · started 2026-11-27"]
    await owner.should_not_see("SUNNY-")  # no record's ID or code on the owner's screen

    owner.find(marker="lang-zh").click()  # the reported screen, in the owner's own language
    await owner.should_see(marker="pay-awaiting-total")
    assert label_texts(owner, "pay-awaiting-total") == ["等待确认 ¥214.85 — 款项到账、物业确认后生成收据，不计入应缴"]
    assert label_texts(owner, "pay-due") == ["应缴 ¥420.66"]
    await owner.should_not_see("已过缴费期")
    await owner.should_not_see("Waiting for confirmation")  # one language at a time


async def test_with_everything_waiting_the_screen_says_nothing_is_due_and_what_is_waiting(
    owner: User, billed: Site
) -> None:
    await staff_type_settings(billed, **PAYEE)
    payment = billed.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C2", "SUNNY-C3", "SUNNY-C1"], "emvco")
    await open_pay_fees(owner)

    assert label_texts(owner, "pay-nothing-due") == ["Nothing to pay right now — thank you!"]
    assert label_texts(owner, "pay-awaiting-total")[0].startswith("Waiting for confirmation: ¥635.51")
    await owner.should_not_see(marker="pay-overdue")
    await owner.should_not_see(marker="pay-due")
    await owner.should_see(marker=f"pay-show-qr-{payment.id}")


async def test_the_history_lists_the_years_payments_and_prints_any_receipt_again_as_a_copy(
    owner: User, billed: Site
) -> None:
    payments = billed.fees.payments
    paid = payments.start_payment("SUNNY-U1", ["SUNNY-C2"], "emvco")
    payments.confirm(paid.id, by="wang")
    payments.print_receipt(paid.id, "zh", paid.unit)  # its receipt printed when it was paid
    waiting = payments.start_payment("SUNNY-U1", ["SUNNY-C3"], "emvco")
    printer = billed.settings.data_dir / "printer.bin"
    await wait_for(lambda: printer.exists() and b"2026-000001" in printer.read_bytes())
    await open_pay_fees(owner)
    assert label_texts(owner, "pay-paid-this-month") == ["Paid this month: ¥214.85 — thank you!"]

    owner.find(marker="pay-history").click()

    await owner.should_see(marker=f"pay-history-{paid.id}")
    assert sorted(label_texts(owner, f"pay-history-{paid.id}")) == [
        "2026-11-27 · ¥214.85", "For: Property fee 2026-10, late fee ¥4.52", "Paid · receipt no. 2026-000001"]
    assert sorted(label_texts(owner, f"pay-history-{waiting.id}")) == [
        "2026-11-27 · ¥210.33", "For: Property fee 2026-11",
        "Waiting for confirmation · the receipt comes once the money arrives"]
    await owner.should_not_see(marker=f"pay-reprint-{waiting.id}")  # no receipt until the money arrives
    await owner.should_not_see("SUNNY-")
    assert _button_texts(owner, f"pay-reprint-{paid.id}") == ["Print again"]

    owner.find(marker=f"pay-reprint-{paid.id}").click()

    await owner.should_see("Printing a copy of receipt 2026-000001", retries=30)  # the print is queued off the loop
    await wait_for(lambda: b"COPY" in printer.read_bytes())
    printout = decode(printer.read_bytes())
    assert [line for line in printout.texts if "COPY" in line or "REPRINT" in line] == ["** REPRINT **", "补打 COPY"]
    # The original in Chinese, its copy in the screen's English: one receipt number on both.
    assert ("缴费收据" in printout.texts, "Payment receipt" in printout.texts) == (True, True)
    assert (printout.value_of("收据号"), printout.value_of("Receipt no.")) == ("2026-000001", "2026-000001")
    owner.find(marker="pay-history-back").click()
    await owner.should_see(marker="pay-due")


async def test_the_phone_page_of_a_receipt_shows_its_state_and_number_but_no_record_id(
    owner: User, billed: Site
) -> None:
    payment = billed.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C2"], "emvco")
    billed.fees.payments.confirm(payment.id, by="wang")

    await owner.open(f"/p/{payment.id}?lang=en")

    await owner.should_see("Payment status")
    assert label_texts(owner, "payment-status") == ["Received, receipt 2026-000001"]
    await owner.should_not_see(payment.id)


async def test_an_owner_who_forgot_the_pin_is_told_where_to_reset_it(owner: User, billed: Site) -> None:
    await owner.open("/")
    owner.find(marker="tile-pay").click()
    await choose_unit(owner, "3", "1202")
    await owner.should_see(marker="pin-ok")

    assert label_texts(owner, "signin-forgot-pin") == ["忘记密码？请带身份证到服务台重置"]
    await owner.should_not_see("Forgot your PIN")


async def test_without_payee_details_the_kiosk_says_to_pay_at_the_desk(owner: User, billed: Site) -> None:
    await open_pay_fees(owner)
    await owner.should_see("Paying by QR is not set up yet — please pay at the desk")
    await owner.should_not_see(marker="pay-start")
    with billed.store.transaction() as tx:
        assert tx.find(Payment) == []


# An owner's session ends with the errand, and an idle payment QR hides whose it is.


async def test_done_after_paying_signs_the_owner_out(owner: User, billed: Site) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)
    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr")
    billed.fees.payments.confirm(only_payment(billed).id, by="wang")
    await owner.should_see(marker="pay-done", retries=30)

    owner.find(marker="pay-done").click()

    await the_next_tap_on_pay_fees_asks_who_it_is(owner)


async def test_back_from_the_fees_signs_the_owner_out(owner: User, billed: Site) -> None:
    await open_pay_fees(owner)

    owner.find(marker="pay-back").click()

    await the_next_tap_on_pay_fees_asks_who_it_is(owner)


async def test_an_idle_payment_qr_hides_the_unit_and_amount_asks_still_there_then_signs_out(
    owner: User, billed: Site, idle_clock: FakeMonotonic
) -> None:
    await staff_type_settings(billed, **PAYEE)
    await open_pay_fees(owner)
    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-amount")
    assert label_texts(owner, "greeting") == ["Hello, 张*明 (3-1202)"]

    idle_clock.advance(61)  # the owner looks at their phone; someone else walks up

    await owner.should_see("Still there?", retries=30)
    await owner.should_see(marker="pay-qr")
    await owner.should_not_see(marker="pay-amount")
    await owner.should_not_see(marker="pay-reference")
    await owner.should_not_see(marker="greeting")
    await owner.should_not_see("3-1202")
    await owner.should_not_see("635.51")

    owner.find(marker="pay-still-here").click()  # it was the owner after all
    await owner.should_see(marker="pay-amount")
    await owner.should_see(marker="greeting")

    idle_clock.advance(61)
    await owner.should_see("Still there?", retries=30)
    idle_clock.advance(300)  # nobody came back: the QR is gone with the owner

    await owner.should_see(marker="take-number", retries=30)
    await owner.should_not_see(marker="pay-qr")
    await the_next_tap_on_pay_fees_asks_who_it_is(owner)
