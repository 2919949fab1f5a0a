"""Stories of whole sync cycles against the Sheets v4 fake: what a cycle costs, and staff and Google misbehaving."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.google_http import RetryPolicy
from sync.packed_grid import PACK_FROM_CELLS
from tests.fakes import EVERY_TAB
from tests.sync.kinds import Bulletin
from tests.sync.queue_stories import console_changes, stored
from tests.sync.sheets_fake import SheetsFake, answer_lost, rate_limited, server_error
from tests.sync.sheets_fake_view import SpreadsheetView


@pytest.fixture(params=[PACK_FROM_CELLS, 0], ids=["as-lists", "packed"])
def backend(request: pytest.FixtureRequest, fake: SheetsFake, book: SpreadsheetView) -> Iterator[GoogleSheetsWorkbook]:
    """The Google backend on ``desk-key``, its tabs held as lists (small as they are) or packed as a large tab is."""
    workbook = fake.backend("desk-key", retry=RetryPolicy(attempts=3, sleep=lambda _seconds: None),
                            packed_from=request.param)
    workbook.open()
    yield workbook
    workbook.close()


@pytest.fixture
def engine(store: Store, backend: GoogleSheetsWorkbook, clock: FixedClock) -> SyncEngine:
    return SyncEngine(store, backend, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))


def queue(book: SpreadsheetView) -> dict[object, dict[str, object]]:
    """The Queue tab's rows by ID; fails if an ID is there twice."""
    rows = book.rows_by_header("Queue")
    by_id = {row["ID"]: row for row in rows}
    assert len(by_id) == len(rows), f"a row is in the sheet twice: {[row['ID'] for row in rows]}"
    return by_id


# --- what a cycle costs ---


def test_a_first_cycle_creates_every_tab_and_appends_in_one_request(
    desk: QueueDesk, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    tickets = [desk.take_number(Service.INQUIRY).ticket for _ in range(3)]
    fake.reset_counts()

    report = engine.run_once()

    assert report.ok, report.summary()
    # No tab to read yet; Drive said what version the spreadsheet is at.
    assert fake.requests == {"drive.files.get": 1, "spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
    assert book.tab_names() == ["Sheet1", *EVERY_TAB]
    assert list(queue(book)) == [ticket.id for ticket in tickets]


def test_an_idle_cycle_is_one_metadata_request_and_no_read(
    desk: QueueDesk, fake: SheetsFake, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    engine.run_once()
    engine.run_once()
    fake.reset_counts()

    for _ in range(5):
        assert engine.run_once().ok

    assert fake.requests == {"drive.files.get": 5}


def test_a_busy_cycle_is_one_read_and_one_write_however_many_changes(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    earlier = [desk.take_number(Service.REPAIR).ticket for _ in range(150)]
    engine.run_once()
    fake.reset_counts()

    for ticket in earlier[::3]:
        console_changes(store, clock, ticket.id, status=TicketStatus.CALLED, counter="2")
    [desk.take_number(Service.PAYMENT) for _ in range(120)]
    report = engine.run_once()

    assert (report.cells_updated, report.rows_appended) == (100, 120)
    assert fake.requests == {"drive.files.get": 1, "values.batchGet": 1, "spreadsheets.batchUpdate": 1}
    assert len(queue(book)) == 270


def test_text_that_looks_like_a_formula_stays_text_in_the_sheet(
    desk: QueueDesk, store: Store, clock: FixedClock, book: SpreadsheetView, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    console_changes(store, clock, ticket.id, counter="=1+1")
    engine.run_once()

    row = book.sheet("Queue").row_with_id(ticket.id)
    assert book.cell("Queue", row, book.sheet("Queue").column_of("Counter")) == "=1+1"


# --- staff at work in the sheet ---


def test_rows_staff_sorted_are_still_matched_by_id(
    desk: QueueDesk, store: Store, clock: FixedClock, book: SpreadsheetView, engine: SyncEngine
) -> None:
    first, second, third = (desk.take_number(Service.INQUIRY).ticket for _ in range(3))
    engine.run_once()
    book.sort_rows("Queue", "Number", descending=True)
    book.move_column("Queue", "Status", 0)
    book.type_into("Queue", row_id=third.id, header="Counter", value="4")

    console_changes(store, clock, first.id, status=TicketStatus.SERVED)
    report = engine.run_once()

    assert report.ok, report.summary()
    assert [row["ID"] for row in book.rows_by_header("Queue")] == [third.id, second.id, first.id]
    assert queue(book)[first.id]["Status"] == "served"
    assert stored(store, third.id).counter == "4"


def test_a_sort_between_our_read_and_our_write_does_not_put_values_in_the_wrong_rows(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    tickets = [desk.take_number(Service.INQUIRY).ticket for _ in range(4)]
    engine.run_once()
    console_changes(store, clock, tickets[0].id, status=TicketStatus.CALLED, counter="1")
    console_changes(store, clock, tickets[2].id, status=TicketStatus.NO_SHOW)
    fake.before("spreadsheets.batchUpdate", lambda: book.reverse_rows("Queue"))
    fake.reset_counts()

    report = engine.run_once()

    assert report.ok, report.summary()
    sheet = queue(book)
    assert [(sheet[t.id]["Status"], sheet[t.id]["Counter"]) for t in tickets] == [
        ("called", "1"),
        ("waiting", None),
        ("no-show", None),
        ("waiting", None),
    ]
    # The guard's extra read and write happen only when something moved.
    assert fake.requests == {"drive.files.get": 1, "values.batchGet": 2, "spreadsheets.batchUpdate": 2}
    assert engine.run_once().values_taken == 0
    assert [stored(store, t.id).status for t in tickets] == [
        TicketStatus.CALLED,
        TicketStatus.WAITING,
        TicketStatus.NO_SHOW,
        TicketStatus.WAITING,
    ]


def test_rows_inserted_and_a_column_moved_during_the_write_are_put_right(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    first, second = (desk.take_number(Service.INQUIRY).ticket for _ in range(2))
    engine.run_once()

    def staff_rearrange() -> None:
        book.insert_row("Queue", 1)
        book.move_column("Queue", "Status", 0)

    console_changes(store, clock, second.id, status=TicketStatus.SERVED)
    third = desk.take_number(Service.REPAIR).ticket
    fake.before("spreadsheets.batchUpdate", staff_rearrange)
    report = engine.run_once()

    assert report.ok, report.summary()
    sheet = queue(book)
    assert (sheet[first.id]["Status"], sheet[second.id]["Status"]) == ("waiting", "served")
    assert (sheet[third.id]["Number"], sheet[third.id]["Status"], sheet[third.id]["Service"]) == (
        "D001",
        "waiting",
        "repair",
    )
    assert book.tab("Queue")[1] == []  # the blank row staff inserted stays blank
    assert engine.run_once().values_taken == 0


# --- Google misbehaving ---


def test_a_rate_limited_cycle_loses_nothing_and_the_next_one_writes_once(
    desk: QueueDesk, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()
    second = desk.take_number(Service.INQUIRY).ticket
    fake.inject(rate_limited(), on="spreadsheets.batchUpdate", times=3)

    busy = engine.run_once()

    assert busy.busy is not None and "rate limiting" in busy.busy
    assert list(queue(book)) == [first.id]
    assert engine.run_once().ok
    assert list(queue(book)) == [first.id, second.id]


def test_a_write_whose_answer_was_lost_is_not_appended_twice(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView, engine: SyncEngine
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()
    second = desk.take_number(Service.INQUIRY).ticket
    console_changes(store, clock, first.id, status=TicketStatus.CALLED)
    fake.inject(answer_lost(), on="spreadsheets.batchUpdate")

    lost = engine.run_once()
    later = engine.run_once()

    assert lost.error is not None and "may have been applied" in lost.error
    assert later.ok and later.rows_appended == 0
    assert list(queue(book)) == [first.id, second.id]
    assert queue(book)[first.id]["Status"] == "called"
    assert engine.run_once().writes == 0


def test_a_first_sync_cut_short_between_its_requests_is_finished_by_the_next_cycle_without_a_row_twice(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView
) -> None:
    """A large first sync goes in several requests; when one fails, the next cycle sends only what did not land."""
    backend = fake.backend("desk-key", retry=RetryPolicy(attempts=3, sleep=lambda _seconds: None), body_limit=3_000)
    backend.open()
    engine = SyncEngine(store, backend, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    tickets = [desk.take_number(Service.INQUIRY).ticket for _ in range(60)]

    failed: list[bool] = []

    def fail_once_tickets_are_landing() -> None:
        if not failed and "Queue" in book.tab_names() and len(book.tab("Queue")) > 1:
            failed.append(True)
            fake.inject(server_error(), on="spreadsheets.batchUpdate")  # adds rows: not tried again

    fake.before("spreadsheets.batchUpdate", fail_once_tickets_are_landing, times=1_000)

    cut_short = engine.run_once()
    landed = list(queue(book))
    finished = engine.run_once()

    assert not cut_short.ok and 0 < len(landed) < 60
    assert finished.ok, finished.summary()
    assert finished.rows_appended == 60 - len(landed)
    assert list(queue(book)) == [ticket.id for ticket in tickets]
    assert engine.run_once().writes == 0


def test_ids_given_to_rows_staff_added_follow_those_rows_through_a_sort(
    store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    engine = SyncEngine(store, backend, (QueueTicket, Bulletin), clock, ids=SequentialIds("SUNNY"))
    engine.run_once()
    headers = book.tab("Bulletins")[0]
    for row, title in ((1, "Lift maintenance Tuesday"), (2, "Water off Wednesday")):
        book.type_cell("Bulletins", row, headers.index("Title"), title)
        book.type_cell("Bulletins", row, headers.index("Starts"), "2024-05-07")
    fake.before("spreadsheets.batchUpdate", lambda: book.reverse_rows("Bulletins"))

    numbered = engine.run_once()
    engine.run_once()

    assert numbered.ids_given == 2, numbered.summary()
    by_title = {row["Title"]: row["ID"] for row in book.rows_by_header("Bulletins")}
    assert by_title == {"Water off Wednesday": "SUNNY-N000002", "Lift maintenance Tuesday": "SUNNY-N000001"}
    with store.transaction() as tx:
        assert {b.id: b.title for b in tx.find(Bulletin)} == {
            "SUNNY-N000001": "Lift maintenance Tuesday",
            "SUNNY-N000002": "Water off Wednesday",
        }
