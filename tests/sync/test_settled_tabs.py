"""Stories of tabs left unread: a cycle reads only the tabs that changed or have something to send.

On the large demo a queue number used to make the sync parse five years of charges. Now a tab whose
version is the one its last merge left, and whose kind has nothing new in the store, is not read:
its problems stay listed, a staff edit in it moves its version and is taken, a unit staff add or
another process's sync makes every tab read again, and so do ten minutes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import openpyxl
import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.notices import Notice
from desk.queue import QueueDesk, Service, TicketStatus
from desk.store import Store
from sync.backend import Grid, TabVersionedWorkbook, WorkbookBackend
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.idle import FULL_CYCLE_AT_LEAST_EVERY
from sync.memory import MemoryWorkbook
from sync.settled import EXACT_VERSIONS_TRUSTED_FOR
from sync.xlsx import XlsxWorkbook
from tests.sync.conftest import PassThroughWorkbook
from tests.sync.queue_stories import stored
from tests.sync.sheets_fake_view import SpreadsheetView

EVERY_RECORD_TAB = [kind.TAB for kind in SYNCED_KINDS]


class TabsAsked(PassThroughWorkbook):
    """Hands every call on, and remembers which tabs each read asked for."""

    def __init__(self, inner: WorkbookBackend) -> None:
        super().__init__(inner)
        self.asked: list[list[str]] = []

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        self.asked.append(list(tabs))
        return self.inner.read(tabs)

    def version(self) -> str:
        return self.inner.version()  # type: ignore[attr-defined]

    def tab_versions(self) -> dict[str, str]:
        return self.inner.tab_versions()  # type: ignore[attr-defined]

    def last_tab_versions(self) -> dict[str, str]:
        return self.inner.last_tab_versions()  # type: ignore[attr-defined]

    def tab_versions_are_exact(self) -> bool:
        return self.inner.tab_versions_are_exact()  # type: ignore[attr-defined]

    def record_tabs_last_read(self) -> list[str]:
        return [tab for tab in self.asked[-1] if tab not in ("Settings", "Problems")]


@pytest.fixture
def watched(sheet: MemoryWorkbook) -> TabsAsked:
    return TabsAsked(sheet)


@pytest.fixture
def engine(store: Store, watched: TabsAsked, clock: FixedClock) -> SyncEngine:
    return SyncEngine(store, watched, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))


def watched_engine(store: Store, workbook: WorkbookBackend, clock: FixedClock) -> tuple[TabsAsked, SyncEngine]:
    """An engine on the workbook, with the tabs each read asks for written down."""
    watched = TabsAsked(workbook)
    return watched, SyncEngine(store, watched, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))


def settle(engine: SyncEngine) -> None:
    """Cycles until one reads every tab it needs and writes nothing."""
    for _ in range(3):
        report = engine.run_once()
        assert report.ok, report.summary()
    assert report.writes == 0


def test_the_memory_and_xlsx_workbooks_tell_their_tabs_versions_apart(tmp_path: Path) -> None:
    assert isinstance(MemoryWorkbook(), TabVersionedWorkbook)
    assert isinstance(XlsxWorkbook(tmp_path / "w.xlsx"), TabVersionedWorkbook)
    assert isinstance(TabsAsked(MemoryWorkbook()), TabVersionedWorkbook)
    assert isinstance(GoogleSheetsWorkbook("key"), TabVersionedWorkbook)


def test_a_number_taken_reads_no_record_tab_its_row_goes_under_the_header_as_last_merged(
    desk: QueueDesk, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    settle(engine)
    assert watched.asked[0] == ["Settings", *EVERY_RECORD_TAB, "Problems"]

    ticket = desk.take_number(Service.REPAIR).ticket
    report = engine.run_once()

    assert report.ok and report.writes == 1
    assert watched.record_tabs_last_read() == []
    assert sheet.rows_by_header("Queue")[-1]["ID"] == ticket.id
    assert sheet.rows_by_header("Queue")[-1]["Service"] == "repair"
    assert engine.run_once().writes == 0  # and the next cycle, reading nothing, finds it agreed


def test_a_number_called_reads_the_queue_tab_to_find_its_row(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    desk.take_number(Service.INQUIRY)
    settle(engine)

    desk.call_next(counter="1")
    engine.run_once()

    assert watched.record_tabs_last_read() == ["Queue"]
    row = sheet.find_row("Queue", "ID", first.id)
    assert sheet.rows_by_header("Queue")[row - 1]["Status"] == "called"


def test_a_row_staff_put_in_a_tab_since_is_read_before_anything_is_appended(
    desk: QueueDesk, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    settle(engine)
    sheet.add_row("Queue", {"Service": "inquiry", "Status": "waiting"})  # by hand, no ID yet

    ticket = desk.take_number(Service.INQUIRY).ticket
    engine.run_once()

    assert watched.record_tabs_last_read() == ["Queue"]
    assert [row["ID"] for row in sheet.rows_by_header("Queue")].count(ticket.id) == 1


def test_a_staff_edit_in_a_tab_left_unread_is_taken(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    settle(engine)
    sheet.add_row("Notices", {"Title (en)": "Lift service on Friday"})
    settle(engine)
    desk.take_number(Service.INQUIRY)
    engine.run_once()  # the Notices tab is left unread: nothing changed in it

    assert "Notices" not in watched.record_tabs_last_read()
    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="served")
    sheet.type_into("Notices", row_id="SUNNY-N000001", header="Title (en)", value="Lift service on Monday")
    engine.run_once()

    assert set(watched.record_tabs_last_read()) == {"Queue", "Notices"}
    assert stored(store, ticket.id).status is TicketStatus.SERVED
    with store.transaction() as tx:
        assert [notice.title_en for notice in tx.find(Notice)] == ["Lift service on Monday"]


def test_a_problem_in_a_tab_left_unread_stays_listed(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    settle(engine)
    sheet.add_row("Notices", {"Title (en)": "Water off", "Starts": "next Tuesday-ish"})
    settle(engine)
    listed = [row["Value"] for row in sheet.rows_by_header("Problems")]
    assert "next Tuesday-ish" in listed

    desk.take_number(Service.INQUIRY)
    engine.run_once()
    engine.run_once()

    assert "Notices" not in watched.record_tabs_last_read()
    assert [row["Value"] for row in sheet.rows_by_header("Problems")] == listed
    with store.transaction() as tx:
        assert [problem.value for problem in tx.sync_problems()] == ["next Tuesday-ish"]


def test_a_unit_staff_add_has_every_tab_read_again(
    desk: QueueDesk, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    settle(engine)

    sheet.add_row("Units", {"Building": "2", "Room": "501"})
    for _ in range(3):
        engine.run_once()

    assert any(tabs == ["Settings", *EVERY_RECORD_TAB, "Problems"] for tabs in watched.asked[-3:])


def test_a_digest_of_the_cells_is_trusted_for_hours_then_every_tab_is_read_again(
    desk: QueueDesk, clock: FixedClock, watched: TabsAsked, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    settle(engine)

    clock.advance(seconds=FULL_CYCLE_AT_LEAST_EVERY.total_seconds() + 1)
    desk.take_number(Service.INQUIRY)
    engine.run_once()
    assert watched.record_tabs_last_read() == []  # the memory workbook's versions are digests: exact

    clock.advance(seconds=EXACT_VERSIONS_TRUSTED_FOR.total_seconds())
    desk.take_number(Service.INQUIRY)
    engine.run_once()
    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB


def test_another_process_syncing_has_every_tab_read_again(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine, clock: FixedClock
) -> None:
    desk.take_number(Service.INQUIRY)
    settle(engine)
    other = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    desk.take_number(Service.INQUIRY)
    other.run_once()  # e.g. `lobbydesk sync --once` while the server runs

    desk.take_number(Service.INQUIRY)
    engine.run_once()

    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB


def test_a_row_staff_put_in_between_the_look_and_the_read_is_not_missed(
    desk: QueueDesk, sheet: MemoryWorkbook, watched: TabsAsked, engine: SyncEngine
) -> None:
    first = desk.take_number(Service.INQUIRY).ticket
    settle(engine)
    ticket = desk.take_number(Service.INQUIRY).ticket
    real_read = watched.read

    def staff_first(tabs: Sequence[str]) -> dict[str, Grid]:
        watched.read = real_read  # type: ignore[method-assign]
        sheet.add_row("Queue", {"Service": "inquiry", "Status": "waiting"})  # saved just before the read
        return real_read(tabs)

    watched.read = staff_first  # type: ignore[method-assign]
    engine.run_once()

    assert watched.asked[-1] == ["Settings", *EVERY_RECORD_TAB, "Problems"]  # read again, every tab
    assert [row["ID"] for row in sheet.rows_by_header("Queue")] == [first.id, None, ticket.id]


# --- the .xlsx file: a tab's version is a digest of its part's stored bytes and the parts it depends on ---


@pytest.fixture
def xlsx(tmp_path: Path) -> Iterator[XlsxWorkbook]:
    workbook = XlsxWorkbook(tmp_path / "desk.xlsx")
    workbook.open()
    yield workbook
    workbook.close()


def test_on_xlsx_a_number_taken_is_appended_without_parsing_a_tab(
    desk: QueueDesk, store: Store, xlsx: XlsxWorkbook, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, xlsx, clock)
    desk.take_number(Service.INQUIRY)
    settle(engine)

    ticket = desk.take_number(Service.REPAIR).ticket
    engine.run_once()

    assert watched.record_tabs_last_read() == []
    assert xlsx.last_write_path == "patch"
    queue = openpyxl.load_workbook(xlsx.path)["Queue"]
    assert [row[0] for row in queue.iter_rows(values_only=True)][-1] == ticket.id
    # The patch left every other tab's bytes as they were, and this one is as our write left it.
    desk.call_next(counter="1")
    engine.run_once()
    assert watched.record_tabs_last_read() == ["Queue"]
    assert xlsx.read_cache.parsed == ["Queue"]
    assert engine.run_once().writes == 0


def staff_mark_done(path: Path, ticket_id: str) -> None:
    """Staff set a ticket's Status in the file and save it with openpyxl."""
    staff = openpyxl.load_workbook(path)
    queue = staff["Queue"]
    headers = [cell.value for cell in queue[1]]
    row = next(r for r in queue.iter_rows(min_row=2) if r[headers.index("ID")].value == ticket_id)
    row[headers.index("Status")].value = "served"
    staff.save(path)


def stored_again_at_another_level(path: Path) -> None:
    """Every part stored again at another compression level: as after an office suite's save, no part's bytes stay."""
    with zipfile.ZipFile(path) as old:
        parts = [(info.filename, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for name, content in parts:
            new.writestr(name, content)


def test_on_xlsx_a_staff_save_is_read_from_the_tabs_whose_bytes_changed(
    desk: QueueDesk, store: Store, xlsx: XlsxWorkbook, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, xlsx, clock)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settle(engine)

    staff_mark_done(xlsx.path, ticket.id)  # openpyxl writes the tabs it did not change byte for byte
    engine.run_once()

    assert watched.record_tabs_last_read() == ["Queue"]
    assert stored(store, ticket.id).status is TicketStatus.SERVED


def test_on_xlsx_a_save_that_rewrites_every_part_has_every_tab_read(
    desk: QueueDesk, store: Store, xlsx: XlsxWorkbook, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, xlsx, clock)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settle(engine)

    staff_mark_done(xlsx.path, ticket.id)
    stored_again_at_another_level(xlsx.path)
    engine.run_once()

    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB
    assert stored(store, ticket.id).status is TicketStatus.SERVED


def test_on_xlsx_our_write_after_an_office_save_keeps_the_other_parts_bytes(
    desk: QueueDesk, store: Store, xlsx: XlsxWorkbook, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, xlsx, clock)
    desk.take_number(Service.INQUIRY)
    settle(engine)
    stored_again_at_another_level(xlsx.path)  # parts compressed as another program compresses them
    engine.run_once()
    with zipfile.ZipFile(xlsx.path) as before:
        stored = {info.filename: (info.CRC, info.compress_size) for info in before.infolist()}

    desk.take_number(Service.INQUIRY)
    engine.run_once()

    assert xlsx.last_write_path == "patch"
    with zipfile.ZipFile(xlsx.path) as after:
        changed = {info.filename for info in after.infolist()
                   if stored[info.filename] != (info.CRC, info.compress_size)}
        assert after.testzip() is None
    assert changed == {"xl/worksheets/sheet2.xml"}  # the Queue tab's part
    desk.call_next(counter="1")
    engine.run_once()
    assert watched.record_tabs_last_read() == ["Queue"]
    assert xlsx.read_cache.parsed == ["Queue"]


# --- Google: Drive's version is the whole spreadsheet's, so it stands for every tab until anything changes ---


def test_on_google_a_number_taken_reads_no_record_tab_while_nobody_changed_the_spreadsheet(
    desk: QueueDesk, store: Store, backend: GoogleSheetsWorkbook, book: SpreadsheetView, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, backend, clock)
    first = desk.take_number(Service.INQUIRY).ticket
    settle(engine)

    desk.take_number(Service.INQUIRY)
    engine.run_once()
    assert watched.record_tabs_last_read() == []  # appended under the header row as last read
    engine.run_once()  # our own write moved Drive's version: nothing can be vouched for, every tab is read
    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB

    book.type_into("Queue", row_id=first.id, header="Status", value="served")
    desk.take_number(Service.INQUIRY)
    engine.run_once()

    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB  # staff changed something: read it all
    assert stored(store, first.id).status is TicketStatus.SERVED


def test_on_google_every_tab_is_read_again_after_ten_minutes(
    desk: QueueDesk, store: Store, backend: GoogleSheetsWorkbook, clock: FixedClock
) -> None:
    watched, engine = watched_engine(store, backend, clock)
    desk.take_number(Service.INQUIRY)
    settle(engine)

    clock.advance(seconds=FULL_CYCLE_AT_LEAST_EVERY.total_seconds() + 1)  # Drive's version may lag an edit
    desk.take_number(Service.INQUIRY)
    engine.run_once()

    assert watched.record_tabs_last_read() == EVERY_RECORD_TAB
