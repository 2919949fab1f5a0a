"""Stories of rows staff add, delete and copy in the sheet, and of the Problems tab that explains."""

from __future__ import annotations

from datetime import date

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from sync.engine import SyncEngine
from sync.memory import MemoryWorkbook
from tests.fakes import ScriptedIds
from tests.sync.conftest import DiesAfterWriting, ProcessKilledError
from tests.sync.kinds import Bulletin

KINDS = (QueueTicket, Bulletin)


def engine_for(store: Store, sheet: object, clock: FixedClock) -> SyncEngine:
    # The kiosk's desk fixture numbers tickets with its own SequentialIds; this one numbers bulletins.
    return SyncEngine(store, sheet, KINDS, clock, ids=SequentialIds("SUNNY"))  # type: ignore[arg-type]


@pytest.fixture
def engine(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    engine = engine_for(store, sheet, clock)
    engine.run_once()  # the tabs exist, as staff find them on their first morning
    return engine


def bulletins(store: Store) -> list[Bulletin]:
    with store.transaction() as tx:
        return tx.find(Bulletin)


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"]) for row in sheet.rows_by_header("Problems")
            if row["Site"]]


def test_a_row_staff_add_gets_an_id_and_then_reaches_the_store(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    typed = {"Title": "Lift maintenance Tuesday", "Starts": "2024-05-07", "Status": "Published"}
    row = sheet.add_row("Bulletins", typed)

    numbered = engine.run_once()

    assert numbered.ids_given == 1
    assert sheet.rows_by_header("Bulletins")[row - 1]["ID"] == "SUNNY-N000001"
    assert bulletins(store) == []  # the ID is only claimed; a later cycle takes the row

    taken = engine.run_once()

    assert taken.rows_adopted == 1
    assert bulletins(store) == [
        Bulletin(id="SUNNY-N000001", title="Lift maintenance Tuesday", starts=date(2024, 5, 7), status="published")
    ]
    assert sheet.rows_by_header("Bulletins")[row - 1]["Status"] == "published"  # shown back in the stored form
    with store.transaction() as tx:
        assert [entry.actor for entry in tx.history_entries("SUNNY-N000001")] == ["staff (new row in the sheet)"]
    assert "gave 1 new row an ID" in numbered.summary() and "took 1 row staff added" in taken.summary()
    assert engine.run_once().writes == 0


def test_an_incomplete_new_row_is_explained_and_numbered_once_fixed(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    row = sheet.add_row("Bulletins", {"Title": "", "Starts": "next Tuesday"})

    report = engine.run_once()

    assert report.ids_given == 0
    assert problems(sheet) == [
        ("Bulletins", f"new row {row + 1}", "Title", None,
         "it is empty but needs a value; the row gets an ID once fixed"),
        ("Bulletins", f"new row {row + 1}", "Starts", "next Tuesday",
         "'next Tuesday' is not a date like 2024-05-01; the row gets an ID once fixed"),
    ]
    assert sheet.rows_by_header("Bulletins")[row - 1]["ID"] is None

    sheet.type_at("Bulletins", row, "Title", "Water off 10:00-12:00")
    sheet.type_at("Bulletins", row, "Starts", "2024/05/08")
    engine.run_once()
    engine.run_once()

    assert problems(sheet) == []
    assert [(b.title, b.starts) for b in bulletins(store)] == [("Water off 10:00-12:00", date(2024, 5, 8))]


def test_a_deleted_row_comes_back_and_problems_says_how_to_close_it_instead(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.delete_row("Queue", 1)
    report = engine.run_once()

    assert report.rows_restored == 1
    assert [row["ID"] for row in sheet.rows_by_header("Queue")] == [ticket.id]
    assert problems(sheet) == [
        ("Queue", ticket.id, None, None,
         "the row was deleted in the sheet and is back at the bottom, because lobbydesk keeps every record; "
         "to close it, set Status to cancelled instead of deleting the row"),
    ]

    clock.advance(hours=25)  # a notice stays listed for a day
    engine.run_once()
    assert problems(sheet) == []


def test_a_row_without_an_id_in_a_kiosk_tab_is_left_alone_and_explained(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine, store: Store
) -> None:
    desk.take_number(Service.INQUIRY)
    engine.run_once()
    row = sheet.add_row("Queue", {"Number": "A999", "Service": "inquiry"})

    engine.run_once()

    assert sheet.rows_by_header("Queue")[row - 1]["ID"] is None
    assert problems(sheet) == [
        ("Queue", f"new row {row + 1}", "ID", None,
         "rows in Queue come from lobbydesk, so this row without an ID is left alone; you may delete it"),
    ]
    with store.transaction() as tx:
        assert len(tx.find(QueueTicket)) == 1


def test_a_copied_row_is_ignored_and_reported_until_the_copy_goes(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()
    copy = sheet.add_row("Queue", {**sheet.rows_by_header("Queue")[0], "Status": "served"})

    engine.run_once()

    assert problems(sheet) == [
        ("Queue", ticket.id, "ID", ticket.id,
         f"this ID is on row 2 and again on row {copy + 1}; lobbydesk uses row 2 and ignores row {copy + 1}: "
         "delete the copy, or clear its ID to make it a new row"),
    ]
    sheet.delete_row("Queue", copy)
    engine.run_once()
    assert problems(sheet) == []


def test_an_id_staff_made_up_is_not_taken(store: Store, sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    sheet.add_row("Bulletins", {"ID": "SUNNY-hello", "Title": "Hello", "Starts": "2024-05-07"})

    engine.run_once()

    assert bulletins(store) == []
    assert problems(sheet) == [
        ("Bulletins", "SUNNY-hello", "ID", "SUNNY-hello",
         "this is not an ID lobbydesk gave a Bulletins row; clear it and the row gets a proper one"),
    ]


def test_a_crash_after_numbering_a_row_never_numbers_it_twice(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    sheet.add_row("Bulletins", {"Title": "Fire drill", "Starts": "2024-05-09"})

    with pytest.raises(ProcessKilledError):
        engine_for(store, DiesAfterWriting(sheet, ProcessKilledError()), clock).run_once()
    restarted = engine_for(store, sheet, clock)
    restarted.run_once()
    restarted.run_once()

    assert [row["ID"] for row in sheet.rows_by_header("Bulletins")] == ["SUNNY-N000001"]
    assert [b.id for b in bulletins(store)] == ["SUNNY-N000001"]


def test_a_bad_value_is_listed_in_problems_and_its_row_goes_once_fixed(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine, store: Store
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="=HYPERLINK(\"x\")")
    engine.run_once()

    assert problems(sheet) == [
        ("Queue", ticket.id, "Status", '=HYPERLINK("x")',
         "'=HYPERLINK(\"x\")' is not one of: waiting, called, served, no-show, cancelled"),
    ]
    with store.transaction() as tx:
        assert [(p.record, p.header) for p in tx.sync_problems()] == [(ticket.id, "Status")]

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="served")
    engine.run_once()
    assert problems(sheet) == []
    with store.transaction() as tx:
        stored = tx.get(QueueTicket, ticket.id)
        assert stored is not None and stored.status is TicketStatus.SERVED
        assert tx.sync_problems() == []


def test_an_edit_the_records_rules_refuse_is_not_taken_and_is_explained(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    row = sheet.add_row("Bulletins", {"Title": "Pool closed", "Starts": "2024-05-07", "Status": "withdrawn"})
    engine.run_once()
    engine.run_once()
    assert [b.status for b in bulletins(store)] == ["withdrawn"]

    sheet.type_at("Bulletins", row, "Status", "published")
    sheet.type_at("Bulletins", row, "Title", "Pool open again")
    engine.run_once()

    assert [(b.status, b.title) for b in bulletins(store)] == [("withdrawn", "Pool open again")]
    assert problems(sheet) == [("Bulletins", "SUNNY-N000001", "Status", "published",
                                "a withdrawn bulletin cannot be published again; add a new row instead")]
    assert sheet.rows_by_header("Bulletins")[row - 1]["Status"] == "published"  # what staff typed stays visible


def test_a_row_staff_add_never_gets_the_id_of_a_stored_record(
    store: Store, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    sheet.add_row("Bulletins", {"Title": "Lift maintenance", "Starts": "2024-05-07"})
    engine.run_once()
    engine.run_once()
    assert [b.id for b in bulletins(store)] == ["SUNNY-N000001"]
    repeating = SyncEngine(store, sheet, KINDS, clock, ids=ScriptedIds(["SUNNY-N000001", "SUNNY-N7K3M9P"]))

    row = sheet.add_row("Bulletins", {"Title": "Boiler check", "Starts": "2024-05-08"})
    repeating.run_once()
    repeating.run_once()

    assert sheet.rows_by_header("Bulletins")[row - 1]["ID"] == "SUNNY-N7K3M9P"
    assert sorted((b.id, b.title) for b in bulletins(store)) == [
        ("SUNNY-N000001", "Lift maintenance"), ("SUNNY-N7K3M9P", "Boiler check")]
