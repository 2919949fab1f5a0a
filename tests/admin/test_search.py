"""One box in the staff header finds a unit, a resident, a ticket, a repair, a payment or a receipt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nicegui import ui
from nicegui.testing.user import User

from desk.queue import Service
from desk.repairs import RepairCategory, RepairReport
from desk.search import search
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.admin.test_payments_console import _charge
from tests.fakes import label_texts


def _kinds(site: Site, typed: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.path) for hit in search(site.store, typed, site.clock.now())]


def test_each_kind_is_found_the_way_a_clerk_types_it(community: Site) -> None:
    ticket = community.queue.take_number(Service.PAYMENT, print_ticket=False).ticket
    repair = community.repairs.repairs.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202",
                                                           category=RepairCategory.DOORS, phrases=["Lock broken"]),
                                              print_slip=False)
    _charge(community, "SUNNY-C1", "210.33", date(2026, 11, 15))
    payment = community.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    receipt = community.fees.payments.confirm(payment.id, by="wang").payment.receipt_number

    assert _kinds(community, "3-1202") == [("unit", "/staff/owners?unit=3-1202")]
    assert _kinds(community, "张三") == [("resident", "/staff/owners?unit=3-1202")]
    assert _kinds(community, "13800") == [("resident", "/staff/owners?unit=3-1202")]
    assert _kinds(community, ticket.number.lower()) == [("ticket", "/staff")]
    assert _kinds(community, "r0001") == [("repair", f"/staff/repairs?open={repair.id}")]
    assert _kinds(community, receipt) == [("payment", "/staff/owners?unit=3-1202")]
    assert _kinds(community, payment.id) == [("payment", "/staff/owners?unit=3-1202")]
    assert _kinds(community, "nobody here") == []
    assert _kinds(community, "   ") == []


async def test_the_header_box_finds_a_repair_and_opens_it(new_browser: Callable[[], User], community: Site) -> None:
    community.repairs.repairs.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202",
                                                  category=RepairCategory.DOORS, phrases=["Lock broken"]),
                                     print_slip=False)
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/search?q=R0001")
    await staff.should_see(marker="search-repair", retries=30)
    (link,) = staff.find(marker="search-repair").elements
    assert isinstance(link, ui.link) and link.text == "Repair 报修 R0001 · 3-1202 · new"

    await staff.open("/staff/repairs?open=SUNNY-R000001")  # where the hit's link goes
    await staff.should_see(marker="repair-detail", retries=30)
    assert label_texts(staff, "detail-description") == ["Lock broken"]
