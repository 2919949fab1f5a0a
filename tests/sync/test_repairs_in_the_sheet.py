"""Staff work repairs, feedback, service levels and routing in the workbook; the sync brings it back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from desk.clock import FixedClock
from desk.feedback import Department, Feedback, FeedbackCategory, FeedbackDesk, FeedbackKind
from desk.ids import SequentialIds
from desk.repairs import Repair, RepairCategory, RepairDesk, RepairReport, RepairStatus
from desk.service_levels import seed_service_levels
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine, sync_once
from sync.formats import format_of
from sync.memory import MemoryWorkbook
from sync.urls import backend_from_url


@pytest.fixture
def ids() -> SequentialIds:
    """One numbering for the kiosk's rows and the rows staff add."""
    return SequentialIds("SUNNY")


def engine_for(store: Store, sheet: MemoryWorkbook, clock: FixedClock, ids: SequentialIds) -> SyncEngine:
    return SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)


def report(store: Store, clock: FixedClock, ids: SequentialIds, text: str = "Leaking pipe") -> Repair:
    desk = RepairDesk(store, clock, ids)
    return desk.report(RepairReport(unit_id="SUNNY-U1", unit_label="3-1202", category=RepairCategory.PLUMBING,
                                    free_text=text), print_slip=False)


def stored(store: Store, repair: Repair) -> Repair:
    with store.transaction() as tx:
        found = tx.get(Repair, repair.id)
    assert found is not None
    return found


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"])
            for row in sheet.rows_by_header("Problems") if row["Site"]]


def test_staff_assign_and_finish_a_repair_in_the_sheet_and_cannot_make_it_new_again(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock, ids: SequentialIds
) -> None:
    repair = report(store, clock, ids)
    engine = engine_for(store, sheet, clock, ids)
    engine.run_once()
    row = sheet.find_row("Repairs", "ID", repair.id)
    assert sheet.rows_by_header("Repairs")[row - 1]["Status"] == "new"

    sheet.type_at("Repairs", row, "Status", "assigned")
    sheet.type_at("Repairs", row, "Assignee", "师傅 Li")
    sheet.type_at("Repairs", row, "Note to owner", "Li comes Friday 10:00")
    sheet.type_at("Repairs", row, "Scheduled", "2024-05-10 10:00")
    engine.run_once()
    assigned = stored(store, repair)
    assert (assigned.status, assigned.assignee, assigned.note_to_owner) == (
        RepairStatus.ASSIGNED, "师傅 Li", "Li comes Friday 10:00")
    assert assigned.scheduled_at is not None and assigned.scheduled_at.isoformat() == "2024-05-10T10:00:00+08:00"

    sheet.type_at("Repairs", row, "Status", "done")
    engine.run_once()
    assert stored(store, repair).status is RepairStatus.DONE

    sheet.type_at("Repairs", row, "Status", "new")
    engine.run_once()
    assert stored(store, repair).status is RepairStatus.DONE
    assert problems(sheet) == [("Repairs", repair.id, "Status", "new",
                                "a done repair cannot become new; it may become: reopened")]


def test_a_description_that_looks_like_a_formula_stays_text_in_the_file(
    store: Store, clock: FixedClock, tmp_path: Path, ids: SequentialIds
) -> None:
    repair = report(store, clock, ids, text='=HYPERLINK("http://evil.test","漏水 💧")')
    path = tmp_path / "desk.xlsx"

    outcome = sync_once(store, backend_from_url(f"xlsx://{path.as_posix()}"), clock)

    assert outcome.ok, outcome.summary()
    sheet = openpyxl.load_workbook(path)["Repairs"]
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Description") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://evil.test","漏水 💧")', "s", True)
    assert sheet.cell(row=2, column=1).value == repair.id


def test_service_levels_and_routing_are_rows_staff_edit(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock, ids: SequentialIds
) -> None:
    seed_service_levels(store, clock, ids)
    feedback = FeedbackDesk(store, clock, ids)
    feedback.seed_routing()
    engine = engine_for(store, sheet, clock, ids)
    engine.run_once()
    assert [(r["Category"], r["Urgency"], r["Target hours"]) for r in sheet.rows_by_header("ServiceLevels")] == [
        ("any", "emergency", 2), ("any", "urgent", 24), ("any", "normal", 72)]

    sheet.type_at("ServiceLevels", sheet.find_row("ServiceLevels", "Urgency", "normal"), "Target hours", 48)
    sheet.type_at("Routing", sheet.find_row("Routing", "Category", "fees"), "Department", "center")
    engine.run_once()

    assert report(store, clock, ids).due_at == clock.now() + timedelta(hours=48)
    filed = feedback.file(kind=FeedbackKind.INQUIRY, category=FeedbackCategory.FEES, text="Heating fee?",
                          unit_id="SUNNY-U1", unit_label="3-1202")
    assert filed.department is Department.CENTER

    engine.run_once()
    row = sheet.find_row("Feedback", "ID", filed.id)
    sheet.type_at("Feedback", row, "Status", "answered")
    sheet.type_at("Feedback", row, "Response", "Due 31 Dec")
    engine.run_once()
    with store.transaction() as tx:
        answered = tx.get(Feedback, filed.id)
    assert answered is not None and (answered.status.value, answered.response) == ("answered", "Due 31 Dec")


def test_the_repairs_tab_gives_staff_dropdowns_and_highlights_emergencies_and_overdue_rows() -> None:
    wanted = format_of(Repair)
    columns = {column.header: column for column in wanted.columns}

    assert columns["Status"].choices == ("new", "assigned", "in progress", "on hold", "done", "cancelled", "reopened")
    assert columns["Department"].choices == (
        "center", "security", "engineering", "cleaning and greening", "customer service")
    assert [header for header, column in columns.items() if not column.locked] == [
        "Status", "Department", "Assignee", "Scheduled", "Note to owner", "Internal note"]
    assert [(rule.header, rule.equals) for rule in wanted.highlights] == [
        ("Urgency", ("emergency",)), ("Overdue", ("TRUE",))]
