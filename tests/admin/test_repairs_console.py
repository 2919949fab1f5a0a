"""Staff see emergencies at once, urgent and overdue repairs on their own page, and a caller's open repairs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from nicegui.testing.user import User

from desk.clock import FixedClock
from desk.queue import Service
from desk.repairs import Location, RepairCategory, RepairReport, Urgency
from lobbydesk.site import Site
from sync.memory import MemoryWorkbook
from tests.admin.test_console_and_display import _log_in
from tests.fakes import label_texts
from tests.kiosk.repair_stories import staff_type_into_repair


def report(site: Site, category: RepairCategory, phrase: str, urgency: Urgency = Urgency.NORMAL,
           **where: str) -> str:
    repair = site.repairs.repairs.report(RepairReport(
        unit_id="SUNNY-U1", unit_label="3-1202", category=category, phrases=[phrase], urgency=urgency,
        location=Location.PUBLIC if where else Location.UNIT, **where), print_slip=False)
    return repair.id


def listed_numbers(staff: User) -> list[str]:
    """The repair numbers the page lists, top to bottom."""
    with staff as client:
        rows = [e for e in client.elements.values() for m in e._markers if m.startswith("repair-row-")]
        return [next(m for m in e._markers if m.startswith("repair-row-")).removeprefix("repair-row-")
                for e in sorted(rows, key=lambda e: e.id)]


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
    await staff.should_see(marker="repair-row-R0001")
    assert listed_numbers(staff) == ["R0001"]

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
    await staff.should_see(marker="repair-row-R0003", retries=20)

    assert listed_numbers(staff) == ["R0002", "R0001", "R0003"], "urgent first, then by due time"
    assert label_texts(staff, "repair-status-R0001") == ["已受理 Received"], "statuses in the clerk's words"
    await staff.should_see("OVERDUE 超时")
    staff.find(marker="filter-urgent").click()
    await staff.should_not_see(marker="repair-row-R0001", retries=20)
    assert listed_numbers(staff) == ["R0002"]


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


async def test_a_clerk_assigns_a_repair_works_it_to_done_and_the_owner_sees_the_note(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair_id = report(community, RepairCategory.PLUMBING, "Dripping tap")
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/repairs")
    staff.find(marker="open-R0001").click()
    await staff.should_see(marker="repair-detail")
    assert label_texts(staff, "detail-description") == ["Dripping tap"]
    assert label_texts(staff, "sla-clock") == ["Due in 72 h 0 min 剩余 72 h 0 min"]

    staff.find(marker="assign-person").type("Li Gong")
    staff.find(marker="assign").click()
    await staff.should_see("已派单 Assigned · 一般 Normal · reported 报修 11-27 09:30", retries=30)
    staff.find(marker="move-in-progress").click()
    await staff.should_see("维修中 In progress · 一般 Normal · reported 报修 11-27 09:30", retries=30)
    staff.find(marker="note-to-owner").type("Washer replaced; we will check again on Monday.")
    staff.find(marker="internal-note").type("Used part P-13")
    staff.find(marker="save-notes").click()
    await staff.should_see("Notes saved 备注已保存", retries=30)
    staff.find(marker="move-done").click()
    await staff.should_see("Done 已完成", retries=30)

    done = community.repairs.repairs.get(repair_id)
    assert done is not None
    assert (done.status.value, done.assignee, done.note_to_owner, done.internal_note) == (
        "done", "Li Gong", "Washer replaced; we will check again on Monday.", "Used part P-13")
    with community.store.transaction() as tx:
        actors = {entry.actor for entry in tx.history_entries(repair_id)[1:]}
    assert actors == {"desk wang"}, "every change is signed by the clerk"

    sheet = community.workbook
    assert isinstance(sheet, MemoryWorkbook)
    for _ in range(100):  # the next sync cycle writes the clerk's changes to the Repairs tab
        row = next((r for r in sheet.rows_by_header("Repairs") if r.get("ID") == repair_id), {})
        if row.get("Status") == "done":
            break
        await asyncio.sleep(0.05)
    assert (row.get("Status"), row.get("Assignee"), row.get("Note to owner")) == (
        "done", "Li Gong", "Washer replaced; we will check again on Monday.")

    owner_page = new_browser()
    await owner_page.open(f"/r/{repair_id}")
    await owner_page.should_see("Washer replaced; we will check again on Monday.", retries=20)
    await owner_page.should_not_see("Used part P-13")


async def test_a_change_the_repairs_life_does_not_allow_is_not_offered_and_the_sheet_agrees(
    new_browser: Callable[[], User], community: Site
) -> None:
    repair_id = report(community, RepairCategory.DOORS, "Lock broken")
    staff = new_browser()
    await _log_in(staff)
    await staff.open("/staff/repairs")
    staff.find(marker="open-R0001").click()
    await staff.should_see(marker="move-done")
    staff.find(marker="move-done").click()
    await staff.should_see(marker="move-reopened", retries=30)
    await staff.should_not_see(marker="move-new")  # a done repair may only be reopened

    await staff_type_into_repair(community, repair_id, Status="reopened")  # the same change typed in the sheet
    await staff.should_see("已重新打开 Reopened", retries=60)
