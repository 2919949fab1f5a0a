"""The sync killed with SIGKILL at random moments, 50 times, while staff keep editing the workbook:
nothing acknowledged is lost, nothing is written twice, and the workbook always opens. On the .xlsx
file and on the Sheets fake."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desk.store import Store
from tests.sync import crash_child
from tests.sync.crash_child import GOOGLE_KEY, KINDS, run_until_killed, site_engine
from tests.sync.kinds import Bulletin
from tests.sync.sheets_fake import SheetsFake

KILLS = 50

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and forkserver are POSIX")

StaffEdit = Callable[[random.Random, list[str]], None]


def kill_again_and_again(folder: Path, staff_edit: StaffEdit, google_api_base: str = "") -> list[str]:
    """Start the kiosk-and-sync process, kill it after a random moment, let staff edit; 50 times.

    Returns the titles of the bulletins staff added. The children are forked from a server that has
    imported everything already, so each one starts in milliseconds.
    """
    context = multiprocessing.get_context("forkserver")
    # pytest too: a child prepares itself by importing the parent's main module, which is pytest's.
    context.set_forkserver_preload(["__main__", "pytest", crash_child.__name__])
    warm_up = context.Process(target=crash_child.ready)  # the server itself takes a second or two to start
    warm_up.start()
    warm_up.join(timeout=30)
    rng = random.Random(20240506)
    added: list[str] = []
    started = time.monotonic()
    for kill in range(KILLS):
        child = context.Process(target=run_until_killed, args=(str(folder), kill, google_api_base))
        child.start()
        time.sleep(rng.uniform(0.05, 0.3))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(timeout=10)
        staff_edit(rng, added)
    assert time.monotonic() - started < 60
    return added


def settle_and_check(folder: Path, added: list[str], rows_of: Callable[[str], list[object]], api: str = "") -> None:
    """Two clean cycles after the last kill; then every acknowledged ticket is in, and nothing twice."""
    acknowledged = [line for line in (folder / "acks.txt").read_text().split("\n") if len(line) == 13]
    store = Store(folder / "desk.sqlite3")
    store.open()
    try:
        engine = site_engine(folder, store, api)
        engine.run_once()
        report = engine.run_once()
        assert report.ok, report.summary()
        with store.transaction() as tx:
            stored = {kind: {record.id for record in tx.find(kind)} for kind in KINDS}
            bulletins = tx.find(Bulletin)
    finally:
        store.close()
    assert len(acknowledged) > 20, "the children should have issued tickets before being killed"
    assert set(acknowledged) <= stored[KINDS[0]]  # nothing acknowledged to an owner is lost
    for kind in KINDS:
        in_sheet = Counter(record_id for record_id in rows_of(kind.TAB) if record_id)
        assert [record_id for record_id, count in in_sheet.items() if count > 1] == []  # nothing twice
        assert set(in_sheet) == stored[kind]  # every record in the sheet, and no stray ID
    assert sorted(bulletin.title for bulletin in bulletins) == sorted(added)  # each added row numbered once
    assert all(bulletin.starts == date(2024, 6, 1) for bulletin in bulletins)


def test_killed_fifty_times_on_xlsx_the_sync_loses_nothing_and_writes_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"

    def staff_edit(rng: random.Random, added: list[str]) -> None:
        """Staff open the file, change something, and save it (atomically, as Excel does)."""
        if not path.exists():
            return
        book = openpyxl.load_workbook(path)  # the workbook always opens
        queue = book["Queue"] if "Queue" in book.sheetnames else None
        if queue is not None and queue.max_row > 1:
            header = [cell.value for cell in queue[1]]
            row = rng.randint(2, queue.max_row)
            what = rng.choice(["call", "delete", "sort"])
            if what == "call":
                queue.cell(row=row, column=header.index("Status") + 1).value = "called"
            elif what == "delete":
                queue.delete_rows(row)
            else:
                rows = sorted(queue.iter_rows(min_row=2, values_only=True), key=lambda r: str(r[2] or ""))
                queue.delete_rows(2, queue.max_row)
                for values in rows:
                    queue.append(values)
        if "Bulletins" in book.sheetnames and rng.random() < 0.5:
            bulletins = book["Bulletins"]
            added.append(f"Notice {len(added) + 1}")
            typed = {"Title": added[-1], "Starts": "2024-06-01"}
            bulletins.append([typed.get(str(cell.value)) for cell in bulletins[1]])
        temp = path.with_name(f"~staff-{rng.random()}.xlsx")
        book.save(temp)
        os.replace(temp, path)

    added = kill_again_and_again(tmp_path, staff_edit)

    def ids_in(tab: str) -> list[object]:
        return [row[0] for row in openpyxl.load_workbook(path)[tab].iter_rows(min_row=2, values_only=True)]

    settle_and_check(tmp_path, added, ids_in)


@pytest.fixture
def sheets_fake() -> Iterator[SheetsFake]:
    with SheetsFake.running() as fake:
        fake.add_spreadsheet(GOOGLE_KEY)
        yield fake


def test_killed_fifty_times_on_google_the_sync_loses_nothing_and_writes_nothing_twice(
    tmp_path: Path, sheets_fake: SheetsFake
) -> None:
    book = sheets_fake.spreadsheet(GOOGLE_KEY)

    def staff_edit(rng: random.Random, added: list[str]) -> None:
        """Staff in their browser: call a ticket, delete or sort rows, add a bulletin at the bottom."""
        if "Queue" in book.tab_names() and len(book.tab("Queue")) > 1:
            rows = len(book.tab("Queue"))
            what = rng.choice(["call", "delete", "sort"])
            if what == "call":
                book.type_cell("Queue", rng.randint(1, rows - 1), book.tab("Queue")[0].index("Status"), "called")
            elif what == "delete":
                book.delete_row("Queue", rng.randint(1, rows - 1))
            else:
                book.sort_rows("Queue", "Service")
        if "Bulletins" in book.tab_names() and rng.random() < 0.5:
            header = book.tab("Bulletins")[0]
            added.append(f"Notice {len(added) + 1}")
            row = len(book.tab("Bulletins"))
            book.type_cell("Bulletins", row, header.index("Title"), added[-1])
            book.type_cell("Bulletins", row, header.index("Starts"), "2024-06-01")

    added = kill_again_and_again(tmp_path, staff_edit, sheets_fake.api_base)

    def ids_in(tab: str) -> list[object]:
        return [row.get("ID") for row in book.rows_by_header(tab)]

    settle_and_check(tmp_path, added, ids_in, sheets_fake.api_base)
