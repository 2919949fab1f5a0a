"""Stories of a year's archive: closed rows leave the live workbook for an archive one, and the sync agrees."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.archive import DATED_FIELDS
from desk.clock import FixedClock
from desk.ledger import Charge
from desk.owner_file import OwnerFiles
from desk.store import Store
from sync.archive import archive_year, rows_removed
from sync.memory import MemoryWorkbook
from sync.xlsx import XlsxWorkbook
from tests.sync.archive_community import MOVES, NOW, STAYS, fill, ids_in, sync


@pytest.fixture
def live() -> Iterator[MemoryWorkbook]:
    workbook = MemoryWorkbook()
    workbook.open()
    yield workbook
    workbook.close()


@pytest.fixture
def archive_book() -> Iterator[MemoryWorkbook]:
    workbook = MemoryWorkbook()
    workbook.open()
    yield workbook
    workbook.close()


@pytest.fixture
def synced(store: Store, live: MemoryWorkbook) -> Store:
    fill(store)
    assert sync(store, live).ok
    assert set(ids_in(live)) == MOVES | STAYS
    return store


def test_closed_rows_of_2025_move_to_the_archive_and_open_ones_stay_live(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    outcome = archive_year(synced, live, archive_book, NOW, 2025)

    assert set(ids_in(archive_book)) == MOVES
    assert set(ids_in(live)) == STAYS
    assert outcome.added_to_archive == len(MOVES)
    assert outcome.removed_from_live == len(MOVES)
    assert "8 records" in outcome.summary()
    # Staff open the archive and find each tab laid out as they know it.
    assert archive_book.rows_by_header("Charges")[0]["Amount"] == live.rows_by_header("Charges")[0]["Amount"]


def test_the_next_sync_neither_puts_archived_rows_back_nor_calls_them_deleted(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    archive_year(synced, live, archive_book, NOW, 2025)

    report = sync(synced, live)

    assert report.ok
    assert set(ids_in(live)) == STAYS
    assert "deleted" not in str(live.tab("Problems") if "Problems" in live.tab_names() else "")
    assert sync(synced, live).ok and set(ids_in(live)) == STAYS  # and the cycle after it too


def test_the_store_keeps_every_archived_record_with_its_history_and_the_owner_file_is_unchanged(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    files = OwnerFiles(synced, FixedClock(NOW))
    before = files.file_of("SUNNY-U-1")

    archive_year(synced, live, archive_book, NOW, 2025)

    with synced.transaction() as tx:
        assert tx.get(Charge, "SUNNY-C-PAID") is not None
        assert [entry.actor for entry in tx.history_entries("SUNNY-C-PAID")] == ["kiosk"]
    assert files.file_of("SUNNY-U-1") == before


def test_running_the_archive_again_duplicates_nothing(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    archive_year(synced, live, archive_book, NOW, 2025)
    again = archive_year(synced, live, archive_book, NOW, 2025)

    assert again.added_to_archive == 0 and again.updated_in_archive == 0 and again.removed_from_live == 0
    assert ids_in(archive_book) == {record_id: 1 for record_id in MOVES}


def test_a_dry_run_writes_nothing(synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook) -> None:
    outcome = archive_year(synced, live, archive_book, NOW, 2025, dry_run=True)

    assert sum(outcome.moving.values()) == len(MOVES)
    assert "would move" in outcome.summary()
    assert archive_book.tab_names() == []
    assert set(ids_in(live)) == MOVES | STAYS


def test_an_archived_record_that_changes_comes_back_to_the_live_workbook(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    archive_year(synced, live, archive_book, NOW, 2025)
    with synced.transaction() as tx:
        paid = tx.get(Charge, "SUNNY-C-PAID")
        assert paid is not None
        tx.put(paid.model_copy(update={"note": "receipt reissued"}), actor="desk", at=NOW)

    sync(synced, live)

    assert live.rows_by_header("Charges")[-1]["Note"] == "receipt reissued"
    # Archived again, its archive row is brought up to date rather than added twice.
    again = archive_year(synced, live, archive_book, NOW, 2025)
    assert again.updated_in_archive == 1 and again.added_to_archive == 0
    assert ids_in(archive_book)["SUNNY-C-PAID"] == 1
    assert "SUNNY-C-PAID" not in ids_in(live)


def test_staff_rows_and_columns_keep_their_order_when_rows_go() -> None:
    grid = [["ID", "Note", "Staff's column"], ["A", "a", "x"], ["B", "b"], ["C", "c", "z"], ["D", "d"]]
    updates, removed = rows_removed("Queue", grid, 0, {"B"})
    sheet = MemoryWorkbook({"Queue": grid})
    sheet.open()
    sheet.set_cell("Queue", 0, 0, "ID")
    for update in updates:
        sheet.set_cell("Queue", update.row, update.column, update.value)

    assert removed == 1
    assert sheet.tab("Queue") == [["ID", "Note", "Staff's column"], ["A", "a", "x"], ["C", "c", "z"], ["D", "d"]]
    assert all(update.row >= 2 for update in updates)  # nothing above the first row that goes is written


def test_the_archive_is_an_xlsx_file_staff_can_open(
    synced: Store, live: MemoryWorkbook, tmp_path: Path
) -> None:
    path = tmp_path / "archive" / "2025.xlsx"
    path.parent.mkdir()
    book = XlsxWorkbook(path)
    book.open()
    archive_year(synced, live, book, NOW, 2025)
    reopened = XlsxWorkbook(path)
    reopened.open()

    grids = reopened.read(["Charges", "Queue", "Repairs"])

    assert [row[0] for row in grids["Charges"]] == ["ID", "SUNNY-C-PAID"]
    assert [row[0] for row in grids["Queue"]] == ["ID", "SUNNY-T-OLD"]
    assert len(grids["Repairs"]) == 2


def test_the_oldest_year_still_live_moves_on_once_its_year_is_archived(
    synced: Store, live: MemoryWorkbook, archive_book: MemoryWorkbook
) -> None:
    with synced.transaction() as tx:
        assert tx.oldest_live_year(DATED_FIELDS) == 2025

    archive_year(synced, live, archive_book, NOW, 2025)

    with synced.transaction() as tx:
        assert tx.oldest_live_year(DATED_FIELDS) == 2026
        assert tx.archived_years() == {2025: len(MOVES)}
