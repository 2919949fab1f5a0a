"""Stories of a site among many on one service account: what its cycles cost, how big the sheet is, what to archive.

The Google backend counts what it asks of Google (reads, writes, Drive's version checks, 429s) and knows
every tab's grid from its reads; ``lobbydesk sync --status`` shows both with the pace the loop runs at.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, Service
from desk.store import Store
from sync.backend import WriteBatch
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.memory import MemoryWorkbook
from sync.pace import CycleOutcome, Pace, PaceRules, QuotaShare, RequestTally
from sync.size import GOOGLE_CELL_LIMIT, WorkbookSize, size_of_grids
from sync.status import WORKBOOK_SIZE, remember_pace, sync_status
from sync.xlsx import XlsxWorkbook
from tests.sync.sheets_fake import SheetsFake, rate_limited
from tests.sync.sheets_fake_view import SpreadsheetView


def test_the_google_backend_counts_each_request_by_the_quota_it_uses(
    desk: QueueDesk, store: Store, clock: FixedClock, fake: SheetsFake, backend: GoogleSheetsWorkbook
) -> None:
    engine = SyncEngine(store, backend, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    desk.take_number(Service.INQUIRY)
    engine.run_once()  # the list of tabs, the new tabs and the ticket
    assert backend.take_tally() == RequestTally(reads=1, writes=1, checks=1)

    desk.take_number(Service.INQUIRY)
    fake.inject(rate_limited(retry_after=2), on="values.batchGet")
    assert engine.run_once().ok  # refused once, then read on the retry

    tally = backend.take_tally()
    # The refused read is not counted in the quota, by Google nor here.
    assert (tally.reads, tally.writes, tally.checks, tally.rate_limited, tally.retry_after) == (1, 1, 1, 1, 2.0)
    assert backend.take_tally() == RequestTally()  # counting starts afresh


def test_the_google_backend_knows_the_cells_every_tab_holds_empty_ones_too(
    desk: QueueDesk, store: Store, clock: FixedClock, book: SpreadsheetView, backend: GoogleSheetsWorkbook
) -> None:
    assert backend.size() is None  # nothing seen yet
    desk.take_number(Service.INQUIRY)
    engine = SyncEngine(store, backend, SYNCED_KINDS, clock, ids=SequentialIds("SUNNY"))
    engine.run_once()
    engine.run_once()

    size = backend.size()

    assert size is not None and size.cell_limit == GOOGLE_CELL_LIMIT
    grids = {name: book.sheet(name).properties["gridProperties"] for name in book.tab_names()}
    assert size.tabs == len(grids)
    assert size.cells == sum(grid["rowCount"] * grid["columnCount"] for grid in grids.values())
    assert f"cells of {GOOGLE_CELL_LIMIT:,}" in size.describe()


def test_the_fake_refuses_reads_beyond_the_minutes_quota_but_not_writes_or_drive(fake: SheetsFake) -> None:
    book = fake.add_spreadsheet("quota-key")
    sheet = fake.gspread_client().open_by_key("quota-key").sheet1
    now = [0.0]
    fake.quota_per_minute = 2
    fake.quota_clock = lambda: now[0]
    sheet.get_all_values()
    sheet.get_all_values()  # the second read of the minute
    with pytest.raises(Exception, match="Read requests per minute per user"):
        sheet.get_all_values()
    sheet.update_acell("A1", "still writable")  # writes have a quota of their own
    now[0] = 60.0  # a minute later the reads are back
    assert sheet.get_all_values() == [["still writable"]]
    assert fake.quota_refusals == 1
    assert book.tab("Sheet1") == [["still writable"]]


def test_memory_and_xlsx_workbooks_say_their_size_too(tmp_path: Path) -> None:
    memory = MemoryWorkbook({"Queue": [["ID", "Status"], ["S-1"], ["S-2", "waiting", "x"]]})
    assert memory.size() == size_of_grids({"Queue": [["ID", "Status"], ["S-1"], ["S-2", "waiting", "x"]]})
    assert (memory.size().rows, memory.size().cells) == (3, 9)

    xlsx = XlsxWorkbook(tmp_path / "desk.xlsx")
    xlsx.open()
    assert xlsx.size() is None
    xlsx.write(WriteBatch(new_tabs={"Queue": ["ID", "Status"]}, appends={"Queue": [["S-1", "waiting"]]}))
    xlsx.read(["Queue"])
    size = xlsx.size()
    assert size is not None and size.largest_tab == "Queue" and size.largest_tab_rows == 2
    assert "of 1,048,576 rows" in size.describe()


def test_status_shows_the_pace_the_quota_share_the_last_requests_and_the_size(store: Store) -> None:
    pace = Pace(PaceRules(fast=5.0, idle_ceiling=30.0, quota=QuotaShare(sites=50)))
    pace.after_cycle(CycleOutcome(changed=True, reads=1, writes=1), started_at=0.0, now=1.0)
    size = WorkbookSize(tabs=21, rows=2_100, cells=546_000, largest_tab="Queue", largest_tab_rows=1_000,
                        cell_limit=GOOGLE_CELL_LIMIT, per_tab=(("Queue", 1_000, 26),))
    with store.transaction() as tx:
        remember_pace(tx, pace.snapshot(now=1.0), RequestTally(reads=1, writes=1, checks=1), size)

    said = sync_status(store, SYNCED_KINDS, "SUNNY").describe()

    assert "Pace:            fast: 54.6 s to the next cycle (5 s after a change, up to 30 s when idle)" in said
    assert "Quota share:     1 read every 55.6 s, 1 write every 55.6 s (50 sites on 60 reads" in said
    assert "Last requests:   1 read, 1 write, 1 version check; no 429" in said
    assert "Workbook size:   546,000 cells of 10,000,000 (5.5%) in 21 tabs, 2,100 rows; largest Queue" in said


def test_status_suggests_archiving_a_closed_year_when_the_sheet_nears_googles_limit(
    store: Store, clock: FixedClock
) -> None:
    last_year = clock.now() - timedelta(days=400)
    QueueDesk(store, FixedClock(last_year), SequentialIds("SUNNY")).take_number(Service.INQUIRY)
    near = WorkbookSize(tabs=1, rows=350_001, cells=9_100_026, cell_limit=GOOGLE_CELL_LIMIT,
                        per_tab=(("Queue", 350_001, 26),))
    with store.transaction() as tx:
        tx.set_site_state({WORKBOOK_SIZE: json.dumps(asdict(near))})
    today = clock.now().date()

    status = sync_status(store, SYNCED_KINDS, "SUNNY", today)

    assert status.archive_suggestion is not None
    assert f"lobbydesk archive --year {last_year.year}" in status.archive_suggestion
    assert "Archive:         the workbook nears its limits" in status.describe()
    # Without today's date (or far from the limit) nothing is suggested.
    assert sync_status(store, SYNCED_KINDS, "SUNNY").archive_suggestion is None


def test_a_size_remembered_by_another_version_is_ignored(store: Store) -> None:
    with store.transaction() as tx:
        tx.set_site_state({WORKBOOK_SIZE: '{"tabs": 1, "what": "else"}'})
    assert sync_status(store, SYNCED_KINDS, "SUNNY", date(2024, 5, 6)).size is None

