"""A large read shares its tabs with a helper process, and reads exactly as one process does, whatever it finds."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from sync.packed_grid import PackedGrid
from sync.xlsx import XlsxWorkbook
from sync.xlsx_package import file_digest
from sync.xlsx_read import TabByTab
from sync.xlsx_read_helper import HelperOffer, HelperTask, ParseHelper, split_for_helper, usable_cores
from tests.lobbydesk.test_sync_child import _alive
from tests.sync.test_xlsx_read import with_a_comment_in

TABS = ["Charges", "Queue", "Repairs", "Totals"]
NO_HELPER = 2**62


def community_workbook() -> bytes:
    """Tabs of texts, numbers, yes/no, dates, Chinese and a formula, of different sizes."""
    book = Workbook()
    book.remove(book.active)
    for tab, count in (("Charges", 900), ("Queue", 600), ("Repairs", 400)):
        sheet = book.create_sheet(tab)
        sheet.append(["ID", "Amount", "Paid", "Due", "Note"])
        for number in range(1, count + 1):
            sheet.append([f"SUNNY-{tab[0]}{number:05d}", number * 1.25, number % 3 == 0,
                          datetime(2025, 1 + number % 12, 1 + number % 28), f"维修 {number} ✓"])
    totals = book.create_sheet("Totals")
    totals.append(["Tab", "Rows"])
    totals.append(["Charges", "=COUNTA(Charges!A:A)-1"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def offer(path: Path, *, digest: bytes | None = None) -> HelperOffer:
    """A helper offered for any read, however small, its start counted as nothing."""
    if digest is None:
        with path.open("rb") as file:
            digest = file_digest(file)
    return HelperOffer(str(path), digest, packed_from=100, from_bytes=0, start_bytes=0, cores=2)


def read_tabs(path: Path, helper: HelperOffer | None) -> tuple[TabByTab, dict[str, Any]]:
    with path.open("rb") as file:
        reading = TabByTab(file, TABS, helper=helper)
        return reading, dict(reading)


def as_read(tabs: dict[str, Any]) -> dict[str, list[list[tuple[str, Any]]]]:
    """Each tab's rows with each value's type, whether a helper or the reader parsed it."""
    return {name: [[(type(value).__name__, value) for value in row] for row in cells.rows]
            for name, cells in tabs.items()}


def test_the_tabs_are_split_largest_first_and_a_small_read_is_not_split() -> None:
    sizes = {"Charges": 191, "Queue": 86, "Payments": 82, "Repairs": 51, "Visitors": 11, "Settings": 1}

    handed = split_for_helper(sizes, from_bytes=100, start_bytes=8)

    assert handed == ["Queue", "Payments", "Repairs"]  # 219 of 422 bytes; Charges and the small tabs stay
    assert split_for_helper(sizes, from_bytes=1000, start_bytes=8) == []  # under the threshold: one process
    assert split_for_helper({"Charges": 500}, from_bytes=0) == []  # one tab cannot be shared


def test_a_machine_with_one_core_reads_in_one_process(tmp_path: Path) -> None:
    sizes = {"Charges": 300 * 2**20, "Queue": 200 * 2**20}
    two = HelperOffer(str(tmp_path / "desk.xlsx"), b"", packed_from=100, cores=2)
    one = HelperOffer(str(tmp_path / "desk.xlsx"), b"", packed_from=100, cores=1)

    task = two.task(sizes, rows_piece=None)

    assert task is not None and task.tabs == ["Queue"]
    assert one.task(sizes, rows_piece=None) is None


def test_a_read_shared_with_a_helper_gives_every_tab_as_one_process_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    path.write_bytes(community_workbook())

    alone, by_itself = read_tabs(path, None)
    shared, with_helper = read_tabs(path, offer(path))

    assert shared.helped.startswith("Queue, Repairs: ") and "s CPU, peak" in shared.helped
    assert alone.helped == ""
    assert as_read(with_helper) == {name: [list(row) for row in grid] for name, grid in as_read(by_itself).items()}
    assert isinstance(with_helper["Queue"].rows, PackedGrid)  # packed in the helper, as the reader holds it
    assert shared.used == alone.used and shared.fallback == alone.fallback == ""


@pytest.mark.skipif(usable_cores() < 2, reason="a machine with one core reads in one process")
def test_a_workbook_read_with_a_helper_shows_its_formulas_and_dates_as_without(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    path.write_bytes(community_workbook())

    shared = XlsxWorkbook(path, helper_from=0, packed_from=100)
    alone = XlsxWorkbook(path, helper_from=NO_HELPER, packed_from=100)
    grids, reference = shared.read(TABS), alone.read(TABS)

    assert shared.last_helped and not alone.last_helped
    assert {name: list(grid) for name, grid in grids.items()} == {name: list(grid) for name, grid in reference.items()}
    assert grids["Repairs"][1][3] == datetime(2025, 2, 2)
    assert shared.size() == alone.size()


def test_a_helper_that_finds_another_file_declines_and_the_reader_parses_its_tabs(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    path.write_bytes(community_workbook())

    _alone, by_itself = read_tabs(path, None)
    declined, read = read_tabs(path, offer(path, digest=b"the file staff saved since"))

    assert declined.helped == ""
    assert as_read(read) == as_read(by_itself)


def test_a_tab_in_the_helpers_share_the_fast_reader_leaves_to_openpyxl_falls_back_as_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    path.write_bytes(with_a_comment_in(community_workbook(), "xl/worksheets/sheet2.xml"))  # Queue: the helper's

    alone, by_itself = read_tabs(path, None)
    shared, with_helper = read_tabs(path, offer(path))

    assert "comments" in alone.fallback
    assert shared.fallback == alone.fallback
    assert as_read(with_helper) == as_read(by_itself)
    assert shared.used == alone.used


def test_a_helper_that_cannot_open_the_file_gives_nothing_and_the_read_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    path.write_bytes(community_workbook())
    gone = HelperOffer(str(tmp_path / "moved.xlsx"), b"", packed_from=100, from_bytes=0, start_bytes=0, cores=2)

    _alone, by_itself = read_tabs(path, None)
    reading, read = read_tabs(path, gone)

    assert reading.helped == ""
    assert as_read(read) == as_read(by_itself)


READER_THAT_WILL_BE_KILLED = """
import os, sys, time
from sync.xlsx_read_helper import HelperTask, ParseHelper

fifo = sys.argv[1]
os.mkfifo(fifo)  # opening it blocks until a writer comes, which never does: the helper waits in open()
helper = ParseHelper(HelperTask(fifo, b"", ["Charges"], None, 100))
print(helper.pid, flush=True)
time.sleep(600)
"""


def test_a_helper_ends_when_the_process_reading_is_killed(tmp_path: Path) -> None:
    reader = subprocess.Popen([sys.executable, "-c", READER_THAT_WILL_BE_KILLED, str(tmp_path / "workbook.xlsx")],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        assert reader.stdout is not None
        helper_pid = int(reader.stdout.readline())
        time.sleep(1.0)  # the helper has started and waits on the file
        assert _alive(helper_pid)
        os.kill(reader.pid, signal.SIGKILL)
        reader.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(helper_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(helper_pid), "the read helper outlived the killed reader"
    finally:
        reader.kill()


def test_a_helper_that_dies_gives_nothing_and_leaves_its_tabs_to_the_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "workbook.xlsx"
    os.mkfifo(fifo)  # the helper waits in open() until it is killed
    helper = ParseHelper(HelperTask(str(fifo), b"", ["Charges", "Queue"], None, 100))
    try:
        assert helper.pid is not None
        time.sleep(0.5)
        os.kill(helper.pid, signal.SIGKILL)

        given = list(helper.results())

        assert given == [] and helper.ended is None
        assert helper.left == ["Charges", "Queue"]
    finally:
        helper.stop()
