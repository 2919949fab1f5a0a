"""Owners read numbers (A001, R0001, receipt 2026-000001), never record IDs, on the main journeys' screens.

The one code shown is a payment's reference, labelled as what a bank transfer must carry. The address
printed under a slip's QR code holds an ID, as every link does; the rest of the slip holds none.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from nicegui import ui
from nicegui.testing.user import User

from desk.ledger import Charge, Payment
from desk.queue import QueueTicket
from desk.repairs import Repair
from lobbydesk.site import Site
from tests.fakes import label_texts
from tests.kiosk.repair_stories import open_signed_in, staff_type_settings
from tests.kiosk.test_repairs_at_the_kiosk import report_a_leak
from tests.kiosk.test_sign_in import _enter_pin, choose_unit
from tests.printers.escpos_decoder import decode

# A record's ID (SUNNY-R000001), or its tail as a screen once cut it (F000002).
RECORD_ID = re.compile(r"SUNNY-[A-Z]\w+|\b[A-Z]\d{6}\b")
PAYEE = {"payment_scheme": "emvco", "payment_payee": "Sunny Garden PM", "payment_city": "Beijing",
         "payment_merchant": "29 A000000677010111 01=0066812345678"}


def texts_on_screen(user: User) -> list[str]:
    """Every text the browser shows now, as NiceGUI's own ``should_see`` reads elements."""
    return [str(content) for element in user.find(kind=ui.element).elements
            for content in element._displayed_contents(only_visible=True) if content]


def ids_shown(user: User, *, allowed: tuple[str, ...] = ()) -> list[str]:
    return [text for text in texts_on_screen(user) if RECORD_ID.search(text) and text not in allowed]


async def test_a_ticket_on_the_kiosk_and_on_the_phone_shows_its_number_only(
    new_browser: Callable[[], User], site: Site
) -> None:
    owner = new_browser()
    await owner.open("/")
    owner.find(marker="take-number").click()
    owner.find(marker="service-payment").click()
    await owner.should_see("请取走小票", retries=40)
    assert label_texts(owner, "ticket-number") == ["C001"]
    assert ids_shown(owner) == []
    with site.store.transaction() as tx:
        (ticket,) = tx.find(QueueTicket)

    phone = new_browser()
    await phone.open(f"/t/{ticket.id}?lang=zh")
    await phone.should_see(marker="status-number")
    assert ids_shown(phone) == []


async def test_a_repair_a_complaint_and_my_requests_show_numbers_not_ids(
    new_browser: Callable[[], User], community: Site
) -> None:
    owner = new_browser()
    await open_signed_in(owner, "repair")
    await report_a_leak(owner)
    await owner.should_see("Please take your slip", retries=40)
    assert ids_shown(owner) == []
    owner.find(marker="repair-done").click()

    await open_signed_in(owner, "feedback")
    owner.find(marker="kind-complaint").click()
    owner.find(marker="topic-parking").click()
    await owner.should_see(marker="feedback-text", retries=20)
    owner.find(marker="feedback-text").type("Car blocks the fire lane")
    owner.find(marker="feedback-submit").click()
    await owner.should_see(marker="feedback-sent", retries=20)
    assert label_texts(owner, "feedback-sent") == ["Received — thank you!"]  # it said "number F000002"
    assert ids_shown(owner) == []
    owner.find(marker="feedback-done").click()

    await open_signed_in(owner, "mine")
    await owner.should_see(marker="mine-status-R0001", retries=20)
    assert ids_shown(owner) == []

    with community.store.transaction() as tx:
        (repair,) = tx.find(Repair)
    phone = new_browser()
    await phone.open(f"/r/{repair.id}?lang=en")
    await phone.should_see(marker="repair-page-number")
    assert ids_shown(phone) == []


async def test_paying_shows_only_the_labelled_reference_and_the_receipt_shows_its_number(
    new_browser: Callable[[], User], community: Site
) -> None:
    now = community.clock.now()
    with community.store.transaction() as tx:
        tx.put(Charge(id="SUNNY-C1", unit="SUNNY-U1", unit_label="3-1202", fee="Property fee", period="2026-11",
                      amount=Decimal("210.33"), due=date(2026, 11, 30), created_at=now), actor="billing", at=now)
    await staff_type_settings(community, **PAYEE)
    owner = new_browser()
    await owner.open("/")
    owner.find(marker="lang-en").click()
    owner.find(marker="tile-pay").click()
    await choose_unit(owner, "3", "1202")
    await _enter_pin(owner, "2468")
    await owner.should_see(marker="pay-start", retries=50)
    assert ids_shown(owner) == []

    owner.find(marker="pay-start").click()
    await owner.should_see(marker="pay-qr", retries=20)
    with community.store.transaction() as tx:
        (payment,) = tx.find(Payment)
    reference = f"Reference {payment.id}"
    assert label_texts(owner, "pay-reference") == [reference]  # to type into a bank transfer, said so
    assert reference in texts_on_screen(owner)  # the screen's texts are read, IDs and all
    assert ids_shown(owner, allowed=(reference,)) == []

    community.fees.payments.confirm(payment.id, by="wang")
    await owner.should_see(marker="pay-paid", retries=30)
    assert ids_shown(owner) == []
    printer = community.settings.data_dir / "printer.bin"
    for _ in range(100):
        if printer.exists() and b"2026-000001" in printer.read_bytes():
            break
        await asyncio.sleep(0.05)
    receipt = decode(printer.read_bytes())
    link = f"{community.fees.status_url(payment.id)}?lang=en"
    assert [qr.payload for qr in receipt.qr_codes] == [link]
    assert receipt.value_of("Receipt no.") == "2026-000001"
    assert receipt.value_of("Paid by") == "QR code"
    assert [text for text in receipt.texts if RECORD_ID.search(text)] == [community.fees.status_url(payment.id)]

    phone = new_browser()
    await phone.open(link.removeprefix(community.settings.base_url))
    await phone.should_see("Received, receipt 2026-000001")
    assert ids_shown(phone) == []
