"""Stories of the sync cycle: tickets from the kiosk reach the Queue tab, staff edits come back."""

from __future__ import annotations

import json

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from sync.backend import WorkbookUnavailable
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook
from tests.fakes import EVERY_TAB
from tests.sync.conftest import DiesAfterWriting, ProcessKilledError
from tests.sync.queue_stories import console_changes, stored

# The cells of the columns an anonymous ticket fills only once it is called and served.
UNSET_NEW_COLUMNS = {
    "Priority": False, "Unit": None, "Called": None, "Served": None, "Wait min": None, "Service min": None,
}
QUEUE_HEADERS = [
    "ID", "Number", "Service", "Issued", "Status", "Counter",
    "Priority", "Unit", "Called", "Served", "Wait min", "Service min",
]


def engine_for(store: Store, sheet: object, clock: FixedClock) -> SyncEngine:
    return SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))  # type: ignore[arg-type]


@pytest.fixture
def engine(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    return engine_for(store, sheet, clock)


def actors(store: Store, ticket_id: str) -> list[str]:
    with store.transaction() as tx:
        return [actor for _revision, _at, actor, _body in tx.history(ticket_id)]


def ids_in(sheet: MemoryWorkbook) -> list[object]:
    return [row["ID"] for row in sheet.rows_by_header("Queue")]


def test_a_ticket_taken_at_the_kiosk_reaches_a_new_queue_tab(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    taken = desk.take_number(Service.INQUIRY).ticket

    report = engine.run_once()

    assert sheet.tab("Queue") == [
        QUEUE_HEADERS, [taken.id, "A001", "inquiry", "2024-05-06 09:30:15", "waiting", None, False]
    ]
    assert sheet.tab_names() == EVERY_TAB
    assert (report.rows_appended, report.reads, report.writes) == (1, 1, 1)
    assert report.ok
    assert report.summary().startswith("Synced the in-memory workbook in ")
    assert (
        f"(1 read, 1 write): created {len(EVERY_TAB)} tabs ({', '.join(EVERY_TAB)}); appended 1 new row."
        in report.summary()
    )


def test_a_second_cycle_with_nothing_new_writes_nothing(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    engine.run_once()

    idle = engine.run_once()

    assert (idle.reads, idle.writes, sheet.writes) == (1, 0, 1)
    assert "(1 read, no write): nothing to change." in idle.summary()


def test_a_ticket_changed_in_the_store_updates_just_its_cells(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    second = desk.take_number(Service.REPAIR).ticket
    engine.run_once()

    console_changes(store, clock, first.id, status=TicketStatus.SERVED, counter="3")
    report = engine.run_once()

    assert (report.cells_updated, report.rows_appended) == (2, 0)
    rows = sheet.rows_by_header("Queue")
    assert [(row["ID"], row["Status"], row["Counter"]) for row in rows] == [
        (first.id, "served", "3"),
        (second.id, "waiting", None),
    ]


def test_new_tickets_land_right_after_staff_reorder_columns_and_add_their_own(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()
    sheet.move_column("Queue", "Status", 0)
    sheet.insert_column("Queue", 2, "Note", ["regular, prefers counter 2"])

    second = desk.take_number(Service.PAYMENT).ticket
    report = engine.run_once()

    assert report.rows_appended == 1
    assert sheet.tab("Queue")[0] == [
        "Status", "ID", "Note", "Number", "Service", "Issued", "Counter",
        "Priority", "Unit", "Called", "Served", "Wait min", "Service min",
    ]
    assert sheet.rows_by_header("Queue") == [
        {
            "Status": "waiting",
            "ID": first.id,
            "Note": "regular, prefers counter 2",
            "Number": "A001",
            "Service": "inquiry",
            "Issued": "2024-05-06 09:30:15",
            "Counter": None,
            **UNSET_NEW_COLUMNS,
        },
        {
            "Status": "waiting",
            "ID": second.id,
            "Note": None,
            "Number": "C001",
            "Service": "payment",
            "Issued": "2024-05-06 09:30:15",
            "Counter": None,
            **UNSET_NEW_COLUMNS,
        },
    ]


def test_staff_calling_a_ticket_in_the_sheet_reaches_the_store(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="called")
    sheet.type_into("Queue", row_id=ticket.id, header="Counter", value=2)  # Excel keeps a typed 2 as a number
    report = engine.run_once()

    assert report.values_taken == 2
    assert (stored(store, ticket.id).status, stored(store, ticket.id).counter) == (TicketStatus.CALLED, "2")
    assert actors(store, ticket.id) == ["kiosk", "staff"]
    assert "took 2 values typed in the sheet" in report.summary()
    assert engine.run_once().writes == 0


def test_what_staff_typed_is_shown_back_in_the_stored_form(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value=" Served")
    engine.run_once()

    assert stored(store, ticket.id).status is TicketStatus.SERVED
    assert sheet.rows_by_header("Queue")[0]["Status"] == "served"


def test_a_bogus_status_is_not_taken_but_reported_until_staff_fix_it(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="gone home")
    report = engine.run_once()

    assert stored(store, ticket.id).status is TicketStatus.WAITING
    assert actors(store, ticket.id) == ["kiosk"]
    assert [(p.record_id, p.header, p.value) for p in report.rejected] == [(ticket.id, "Status", "gone home")]
    assert report.rejected[0].reason == "'gone home' is not one of: waiting, called, served, no-show, cancelled"
    assert f"Not taken: Queue {ticket.id}, Status: 'gone home' is not one of" in report.summary()
    assert sheet.rows_by_header("Queue")[0]["Status"] == "gone home"  # what staff typed stays for them to fix

    again = engine.run_once()
    assert (len(again.rejected), again.writes) == (1, 0)

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="no-show")
    fixed = engine.run_once()
    assert (fixed.rejected, fixed.values_taken) == ([], 1)
    assert stored(store, ticket.id).status is TicketStatus.NO_SHOW


def test_when_both_sides_changed_the_column_owner_wins(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    console_changes(store, clock, ticket.id, counter="3", service=Service.REPAIR)
    sheet.type_into("Queue", row_id=ticket.id, header="Counter", value="5")  # staff own Counter
    sheet.type_into("Queue", row_id=ticket.id, header="Service", value="complaint")  # the kiosk owns Service
    report = engine.run_once()

    assert (stored(store, ticket.id).counter, stored(store, ticket.id).service) == ("5", Service.REPAIR)
    assert [(c.header, c.store_text, c.sheet_text, c.winner.value) for c in report.conflicts] == [
        ("Service", "repair", "complaint", "kiosk"),
        ("Counter", "3", "5", "staff"),
    ]
    assert "settled 2 conflicts (the column's owner won)" in report.summary()
    row = sheet.rows_by_header("Queue")[0]
    assert (row["Counter"], row["Service"]) == ("5", "repair")


def test_a_row_deleted_in_the_sheet_comes_back(desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    second = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.delete_row("Queue", 1)
    report = engine.run_once()

    assert (report.rows_restored, report.rows_appended) == (1, 0)
    assert ids_in(sheet) == [second.id, first.id]
    assert "restored 1 deleted row" in report.summary()


def test_a_deleted_column_is_put_back_at_the_end_with_its_values(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    console_changes(store, clock, ticket.id, counter="2")
    engine.run_once()

    sheet.delete_column("Queue", "Status")
    report = engine.run_once()

    assert report.headers_restored == ["Queue: Status"]
    assert sheet.tab("Queue")[0] == ["ID", "Number", "Service", "Issued", "Counter",
        "Priority", "Unit", "Called", "Served", "Wait min", "Service min", "Status"]
    assert sheet.rows_by_header("Queue")[0]["Status"] == "waiting"
    assert stored(store, ticket.id).status is TicketStatus.WAITING


def test_without_an_id_column_the_tab_is_left_alone(desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    desk.take_number(Service.INQUIRY)
    engine.run_once()
    sheet.delete_column("Queue", "ID")
    before = sheet.tab("Queue")

    desk.take_number(Service.INQUIRY)
    report = engine.run_once()

    assert sheet.tab("Queue") == before
    assert "left tab Queue alone (it has no ID column" in report.summary()
    assert sheet.rows_by_header("Problems") == [
        {"Site": "SUNNY", "Tab": "Queue", "ID": None, "Column": "ID", "Value": None,
         "Why": "tab left alone: it has no ID column, so no row can be matched until the column is put back"}
    ]


def test_a_busy_workbook_loses_nothing_and_is_written_next_cycle(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    sheet.busy_reason = "desk.xlsx is open in Excel"

    busy = engine.run_once()

    assert busy.busy == "desk.xlsx is open in Excel"
    assert not busy.ok
    assert sheet.tab_names() == []
    assert "Could not write to the in-memory workbook" in busy.summary()
    assert "Nothing is lost: 1 change will be written on the next cycle." in busy.summary()

    sheet.busy_reason = None
    later = engine.run_once()
    assert later.ok
    assert ids_in(sheet) == [ticket.id]


def test_a_crash_after_the_write_never_appends_a_row_twice(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    with pytest.raises(ProcessKilledError):
        engine_for(store, DiesAfterWriting(sheet, ProcessKilledError()), clock).run_once()
    assert ids_in(sheet) == [ticket.id]
    with store.transaction() as tx:
        assert tx.agreed(QueueTicket) == {}  # the bookkeeping never happened

    console_changes(store, clock, ticket.id, status=TicketStatus.CALLED)
    restarted = engine_for(store, sheet, clock)
    report = restarted.run_once()

    assert (report.rows_appended, report.cells_updated) == (0, 1)
    assert ids_in(sheet) == [ticket.id]
    assert sheet.rows_by_header("Queue")[0]["Status"] == "called"
    assert restarted.run_once().writes == 0


def test_a_write_whose_answer_was_lost_is_reported_and_not_repeated(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    lost = WorkbookUnavailable("the connection dropped before the answer came")

    report = engine_for(store, DiesAfterWriting(sheet, lost), clock).run_once()
    assert report.error == "the connection dropped before the answer came"
    assert "Could not sync with the in-memory workbook" in report.summary()

    engine_for(store, sheet, clock).run_once()
    assert ids_in(sheet) == [ticket.id]


def test_staff_values_taken_before_a_failed_write_are_kept(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()
    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="Called")  # needs a write back as "called"
    sheet.busy_reason = "open in Excel"

    busy = engine.run_once()

    assert stored(store, ticket.id).status is TicketStatus.CALLED
    assert "Before that, lobbydesk took 1 value typed in the sheet." in busy.summary()
    sheet.busy_reason = None
    assert engine.run_once().cells_updated == 1
    assert sheet.rows_by_header("Queue")[0]["Status"] == "called"
    assert actors(store, ticket.id) == ["kiosk", "staff"]


def test_what_is_agreed_is_remembered_per_header(desk: QueueDesk, store: Store, engine: SyncEngine) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    with store.transaction() as tx:
        revision, agreed = tx.agreed(QueueTicket)[ticket.id]
        assert revision == tx.revision_of(QueueTicket, ticket.id)
    assert json.loads(json.dumps(agreed)) == {
        "ID": ticket.id,
        "Number": "A001",
        "Service": "inquiry",
        "Issued": "2024-05-06 09:30:15",
        "Status": "waiting",
        "Counter": "",
        "Priority": "FALSE",
        "Unit": "",
        "Called": "",
        "Served": "",
        "Wait min": "",
        "Service min": "",
    }
