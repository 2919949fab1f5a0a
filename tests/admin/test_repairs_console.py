"""Staff see emergencies at once, urgent and overdue repairs on their own page, and a caller's open repairs."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.queue import Service
from desk.repairs import Location, RepairCategory, RepairReport, Urgency
from lobbydesk.site import Site
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_into_repair


def report(site: Site, category: RepairCategory, phrase: str, urgency: Urgency = Urgency.NORMAL,
           **where: str) -> str:
    repair = site.repairs.repairs.report(RepairReport(
        unit_id="SUNNY-U1", unit_label="3-1202", category=category, phrases=[phrase], urgency=urgency,
        location=Location.PUBLIC if where else Location.UNIT, **where), print_slip=False)
    return repair.id


def table_numbers(staff: User, marker: str) -> list[str]:
    (table,) = staff.find(marker=marker).elements
    assert isinstance(table, ui.table)
    return [row["number"] for row in table.rows]


async def test_an_emergency_shows_on_every_console_page_until_staff_take_it(
    new_browser: Callable[[], User], community: Site
) -> None:
    staff = new_browser()
    await _log_in(staff)
    emergency = report(community, RepairCategory.ELEVATOR, "Someone trapped", Urgency.EMERGENCY,
                       building="3", floor="1")

    alert = "EMERGENCY repair R0001: elevator at public area, building 3 floor 1 紧急报修"
    await staff.should_see(alert, retries=40)  # on the front desk console, without reloading
    await staff.open("/staff/repairs")
    assert label_texts(staff, "alert") == [alert]
    assert table_numbers(staff, "repairs-pressing") == ["R0001"]

    await staff_type_into_repair(community, emergency, Status="assigned", Assignee="Li")
    await staff.should_not_see(marker="alert", retries=80)


async def test_overdue_repairs_are_listed_with_the_urgent_ones(
    new_browser: Callable[[], User], community: Site, site_clock: FixedClock
) -> None:
    report(community, RepairCategory.PLUMBING, "Dripping tap")
    report(community, RepairCategory.HEATING, "Radiator cold", Urgency.URGENT)
    report(community, RepairCategory.DOORS, "Lock broken")
    site_clock.advance(hours=73)
    community.after_sync()  # what the sync loop does after each cycle

    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/repairs")
    await staff.should_see(marker="repairs-open", retries=20)

    assert table_numbers(staff, "repairs-pressing") == ["R0002", "R0001", "R0003"]
    assert table_numbers(staff, "repairs-open") == ["R0002", "R0001", "R0003"]
    (table,) = staff.find(marker="repairs-open").elements
    assert isinstance(table, ui.table)
    assert [row["overdue"] for row in table.rows] == ["OVERDUE", "OVERDUE", "OVERDUE"]


async def test_the_called_owners_open_repairs_show_beside_the_ticket(
    new_browser: Callable[[], User], community: Site
) -> None:
    report(community, RepairCategory.PLUMBING, "Dripping tap")
    community.queue.take_number(Service.REPAIR, unit="SUNNY-U1", print_ticket=False)
    staff = new_browser()
    await _log_in(staff)
    staff.find(marker="call-next").click()
    await staff.should_see(marker="unit-context", retries=20)
    assert label_texts(staff, "unit-fact") == ["Open repairs: 1 (R0001 new)"]
