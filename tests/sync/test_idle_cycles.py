"""Stories of idle cycles: a workbook nothing changed in, and a store with nothing to send, is not read.

Every few seconds all day the sync asks the workbook only for its version (a counter in memory, the
file's stat on .xlsx, Drive's version on Google); it reads the tabs when the version moved, when the
store has something to send, when a notice in the Problems tab expires, and every ten minutes anyway.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, Service, TicketStatus
from desk.store import Store
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.google_http import RetryPolicy
from sync.idle import FULL_CYCLE_AT_LEAST_EVERY
from sync.memory import MemoryWorkbook
from sync.status import sync_status
from sync.xlsx import RACY_NANOSECONDS, XlsxWorkbook
from tests.sync.conftest import PassThroughWorkbook
from tests.sync.queue_stories import stored
from tests.sync.sheets_fake import SheetsFake, server_error
from tests.sync.sheets_fake_view import SpreadsheetView

SECOND = 1_000_000_000


def engine_for(store: Store, workbook: object, clock: FixedClock, **options: timedelta) -> SyncEngine:
    return SyncEngine(store, workbook, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"), **options)  # type: ignore[arg-type]


def settled(engine: SyncEngine) -> None:
    """The first cycle writes what the kiosk did; the second reads it back and finds nothing to do."""
    engine.run_once()
    second = engine.run_once()
    assert second.ok and second.writes == 0 and not second.unchanged, second.summary()


# --- the in-memory workbook: its version is a change counter ---


@pytest.fixture
def engine(store: Store, sheet: MemoryWorkbook, clock: FixedClock) -> SyncEngine:
    return engine_for(store, sheet, clock)


def test_an_unchanged_workbook_with_nothing_to_send_is_not_read(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    desk.take_number(Service.INQUIRY)
    settled(engine)
    reads = sheet.reads

    quiet = [engine.run_once() for _ in range(3)]

    assert sheet.reads == reads
    assert all(report.ok and report.unchanged and report.reads == 0 for report in quiet)
    assert "(unchanged: nothing read, no write): nothing to change." in quiet[-1].summary()
    status = sync_status(store, SYNCED_KINDS, "SUNNY").describe()
    assert "unchanged: nothing read" in status
    assert "Last read:" not in status  # the same clock: the last read was at the time shown above


def test_a_staff_edit_is_read_on_the_next_cycle(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, engine: SyncEngine
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="called")
    report = engine.run_once()

    assert (report.unchanged, report.reads, report.values_taken) == (False, 1, 1)
    assert stored(store, ticket.id).status is TicketStatus.CALLED


def test_a_kiosk_change_is_sent_on_the_next_cycle(desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine) -> None:
    desk.take_number(Service.INQUIRY)
    settled(engine)

    later = desk.take_number(Service.INQUIRY).ticket
    report = engine.run_once()

    assert (report.unchanged, report.rows_appended) == (False, 1)
    assert [row["ID"] for row in sheet.rows_by_header("Queue")][-1] == later.id


def test_the_workbook_is_read_anyway_once_the_safety_interval_is_up(
    desk: QueueDesk, sheet: MemoryWorkbook, engine: SyncEngine, clock: FixedClock
) -> None:
    desk.take_number(Service.INQUIRY)
    settled(engine)

    clock.advance(seconds=FULL_CYCLE_AT_LEAST_EVERY.total_seconds() - 1)
    assert engine.run_once().unchanged
    clock.advance(seconds=1)
    full = engine.run_once()

    assert (full.unchanged, full.reads) == (False, 1)
    assert engine.run_once().unchanged  # and quiet again from there


class VersionThatMissesChanges(PassThroughWorkbook):
    """A workbook whose version never moves: what a missed change looks like to the engine."""

    def version(self) -> str:
        return "always the same"


def test_a_change_the_version_missed_waits_for_the_safety_cycle_not_forever(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    engine = engine_for(store, VersionThatMissesChanges(sheet), clock)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)

    sheet.type_into("Queue", row_id=ticket.id, header="Status", value="called")
    missed = engine.run_once()
    clock.advance(minutes=10)
    found = engine.run_once()

    assert missed.unchanged and not found.unchanged
    assert found.values_taken == 1
    assert stored(store, ticket.id).status is TicketStatus.CALLED


def test_a_notice_that_expires_is_taken_off_the_problems_tab_on_time(
    desk: QueueDesk, store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    engine = engine_for(store, sheet, clock, full_cycle_every=timedelta(days=30))
    desk.take_number(Service.INQUIRY)
    settled(engine)
    sheet.delete_row("Queue", 1)  # put back, with a notice for a day
    engine.run_once()
    assert engine.run_once().writes == 0
    assert len(sheet.rows_by_header("Problems")) == 1

    clock.advance(hours=23, minutes=59)
    assert engine.run_once().unchanged
    clock.advance(minutes=1)
    expired = engine.run_once()

    assert not expired.unchanged
    assert sheet.rows_by_header("Problems") == []


# --- the .xlsx file: its stat and lock files, and its content while its timestamp is too recent ---


@pytest.fixture
def xlsx_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.xlsx"


def xlsx_engine(store: Store, clock: FixedClock, path: Path, now_ns: int) -> tuple[XlsxWorkbook, SyncEngine]:
    workbook = XlsxWorkbook(path, now_ns=lambda: now_ns)
    workbook.open()
    return workbook, engine_for(store, workbook, clock)


def staff_save(path: Path, ticket_id: str, status: str) -> None:
    """A member of staff sets a ticket's status in the file and saves it."""
    book = openpyxl.load_workbook(path)
    queue = book["Queue"]
    row = next(cells for cells in queue.iter_rows() if cells[0].value == ticket_id)
    row[4].value = status
    book.save(path)


def test_an_unchanged_file_is_not_opened(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path
) -> None:
    workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    desk.take_number(Service.INQUIRY)
    settled(engine)
    reads = workbook.reads

    quiet = [engine.run_once() for _ in range(3)]

    assert workbook.reads == reads
    assert all(report.ok and report.unchanged for report in quiet)


def test_a_staff_save_is_read_on_the_next_cycle(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path
) -> None:
    _workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)

    staff_save(xlsx_path, ticket.id, "called")
    report = engine.run_once()

    assert (report.unchanged, report.values_taken) == (False, 1)
    assert stored(store, ticket.id).status is TicketStatus.CALLED



def test_a_look_at_the_file_moves_with_a_save_and_a_lock_file_without_opening_it(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path
) -> None:
    workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    assert workbook.look().startswith("no file")
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)
    reads, synced = workbook.reads, workbook.look()

    assert workbook.look() == synced  # nothing happened: the same look
    staff_save(xlsx_path, ticket.id, "called")
    saved = workbook.look()
    (xlsx_path.parent / ".~lock.desk.xlsx#").write_text("LibreOffice")
    opened = workbook.look()

    assert len({synced, saved, opened}) == 3
    assert workbook.reads == reads

def stat_frozen_from_now(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """From now on the file system shows the file as it is now: a save in the same timestamp tick, at the same size."""
    frozen = path.stat()
    real_stat = Path.stat

    def stat(self: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        return frozen if self == path else real_stat(self, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(Path, "stat", stat)


def test_a_save_within_the_same_timestamp_tick_is_still_noticed(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    _workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    engine.run_once()
    # The next cycles run within a second of that save: its timestamp cannot be trusted yet.
    _workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=xlsx_path.stat().st_mtime_ns + SECOND)
    assert not engine.run_once().unchanged
    assert engine.run_once().unchanged

    stat_frozen_from_now(monkeypatch, xlsx_path)
    staff_save(xlsx_path, ticket.id, "called")
    report = engine.run_once()

    assert (report.unchanged, report.values_taken) == (False, 1)
    assert stored(store, ticket.id).status is TicketStatus.CALLED


def test_a_settled_timestamp_is_trusted_and_a_save_it_hides_waits_for_the_safety_cycle(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket = desk.take_number(Service.INQUIRY).ticket
    _workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    settled(engine)
    assert 2**62 - xlsx_path.stat().st_mtime_ns > RACY_NANOSECONDS

    stat_frozen_from_now(monkeypatch, xlsx_path)
    staff_save(xlsx_path, ticket.id, "called")
    hidden = engine.run_once()
    clock.advance(minutes=10)
    found = engine.run_once()

    assert hidden.unchanged and not found.unchanged
    assert stored(store, ticket.id).status is TicketStatus.CALLED


def test_while_the_file_is_open_in_an_office_suite_changes_wait_without_reading_it_again(
    desk: QueueDesk, store: Store, clock: FixedClock, xlsx_path: Path
) -> None:
    workbook, engine = xlsx_engine(store, clock, xlsx_path, now_ns=2**62)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)
    lock = xlsx_path.parent / "~$desk.xlsx"
    lock.write_bytes(b"front desk PC")
    reads = workbook.reads

    first = desk.take_number(Service.INQUIRY).ticket
    refused = engine.run_once()  # read, merged, and the write refused
    second = desk.take_number(Service.INQUIRY).ticket
    waiting = engine.run_once()  # the same file, still open: reading it again would change nothing

    assert workbook.reads == reads + 1
    assert refused.busy is not None and "lock file ~$desk.xlsx" in refused.busy
    assert waiting.unchanged and waiting.busy == refused.busy

    staff_save(xlsx_path, ticket.id, "called")  # staff save from the office suite, still open
    saved = engine.run_once()
    assert (saved.unchanged, saved.values_taken, saved.busy is not None) == (False, 1, True)

    lock.unlink()
    closed = engine.run_once()

    assert closed.ok and closed.rows_appended == 2
    ids = [row[0].value for row in openpyxl.load_workbook(xlsx_path)["Queue"].iter_rows(min_row=2)]
    assert ids == [ticket.id, first.id, second.id]


# --- Google: one Drive metadata request, no values ---


@pytest.fixture
def google(fake: SheetsFake, book: SpreadsheetView) -> Iterator[GoogleSheetsWorkbook]:
    workbook = fake.backend("desk-key", retry=RetryPolicy(attempts=1, sleep=lambda _seconds: None))
    workbook.open()
    yield workbook
    workbook.close()


def test_an_idle_cycle_on_google_is_one_metadata_request_and_no_values(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, google: GoogleSheetsWorkbook
) -> None:
    engine = engine_for(store, google, clock)
    desk.take_number(Service.INQUIRY)
    settled(engine)
    fake.reset_counts()

    quiet = [engine.run_once() for _ in range(3)]

    assert all(report.ok and report.unchanged for report in quiet)
    assert fake.requests == {"drive.files.get": 3}


def test_a_staff_edit_in_the_browser_moves_the_version_and_is_read(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView,
    google: GoogleSheetsWorkbook,
) -> None:
    engine = engine_for(store, google, clock)
    ticket = desk.take_number(Service.INQUIRY).ticket
    settled(engine)
    fake.reset_counts()

    book.type_into("Queue", row_id=ticket.id, header="Status", value="called")
    report = engine.run_once()

    assert (report.unchanged, report.values_taken) == (False, 1)
    assert fake.requests["drive.files.get"] == 1 and fake.requests["values.batchGet"] == 1
    assert stored(store, ticket.id).status is TicketStatus.CALLED


def test_when_drive_refuses_to_say_every_cycle_reads_and_drive_is_asked_again_later(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, book: SpreadsheetView
) -> None:
    now = [0.0]
    workbook = fake.backend("desk-key", retry=RetryPolicy(attempts=1, clock=lambda: now[0]))
    workbook.open()
    engine = engine_for(store, workbook, clock)
    desk.take_number(Service.INQUIRY)
    fake.inject(server_error(403), on="drive.files.get")  # the Drive API is not enabled in the project

    reports = [engine.run_once() for _ in range(3)]
    now[0] += 3600
    asked_again = [engine.run_once() for _ in range(2)]
    workbook.close()

    assert all(report.ok and not report.unchanged for report in reports)
    assert [report.unchanged for report in asked_again] == [False, True]
    assert fake.requests["drive.files.get"] == 3  # refused once, then only after the hour
