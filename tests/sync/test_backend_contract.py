"""The contract every workbook backend keeps, checked on each of them the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest

from sync.backend import CellUpdate, CellValue, WorkbookBackend, WriteBatch
from sync.mapping import cell_text
from sync.memory import MemoryWorkbook
from sync.xlsx import XlsxWorkbook
from tests.sync.sheets_fake import SheetsFake

StaffTyping = Callable[[str, int, int, CellValue], None]


@dataclass
class Workbook:
    """A backend under test, and a way for staff to type into it with their own spreadsheet program."""

    backend: WorkbookBackend
    staff_types: StaffTyping  # tab, 0-based row, 0-based column, value


def _memory(_request: pytest.FixtureRequest) -> Workbook:
    memory = MemoryWorkbook()
    return Workbook(memory, memory.set_cell)


def _xlsx(request: pytest.FixtureRequest) -> Workbook:
    path = request.getfixturevalue("tmp_path") / "desk workbook.xlsx"

    def staff_types(tab: str, row: int, column: int, value: CellValue) -> None:
        # Staff save the file from their spreadsheet program; openpyxl plays that program here.
        workbook = openpyxl.load_workbook(path)
        workbook[tab].cell(row=row + 1, column=column + 1).value = value
        workbook.save(path)

    return Workbook(XlsxWorkbook(path), staff_types)


def _xlsx_packed(request: pytest.FixtureRequest) -> Workbook:
    """The .xlsx backend holding every tab it reads packed, as it holds a large tab (sync/packed_grid.py)."""
    plain = _xlsx(request)
    assert isinstance(plain.backend, XlsxWorkbook)
    return Workbook(XlsxWorkbook(plain.backend.path, packed_from=0), plain.staff_types)


def _google(request: pytest.FixtureRequest) -> Workbook:
    # A fresh spreadsheet on the Sheets v4 fake; staff type in their browser (``=...`` becomes a formula).
    fake: SheetsFake = request.getfixturevalue("sheets_fake")
    key = f"contract-{len(fake.books)}"
    spreadsheet = fake.add_spreadsheet(key)
    return Workbook(fake.backend(key), spreadsheet.type_cell)


def _google_packed(request: pytest.FixtureRequest) -> Workbook:
    """The Google backend holding every tab it reads packed, as it holds a large tab (sync/packed_grid.py)."""
    fake: SheetsFake = request.getfixturevalue("sheets_fake")
    key = f"contract-{len(fake.books)}"
    spreadsheet = fake.add_spreadsheet(key)
    return Workbook(fake.backend(key, packed_from=0), spreadsheet.type_cell)


@pytest.fixture(scope="module")
def sheets_fake() -> Iterator[SheetsFake]:
    with SheetsFake.running() as fake:
        yield fake


@pytest.fixture(params=[_memory, _xlsx, _xlsx_packed, _google, _google_packed],
                ids=["memory", "xlsx", "xlsx-packed", "google", "google-packed"])
def workbook(request: pytest.FixtureRequest) -> Iterator[Workbook]:
    under_test: Workbook = request.param(request)
    under_test.backend.open()
    yield under_test
    under_test.backend.close()


def queue_tab(*rows: list[CellValue]) -> WriteBatch:
    return WriteBatch(new_tabs={"Queue": ["ID", "Number", "Status"]}, appends={"Queue": [list(row) for row in rows]})


def test_an_empty_workbook_has_no_tabs(workbook: Workbook) -> None:
    assert workbook.backend.read(["Queue", "Repairs"]) == {}


def test_a_created_tab_reads_back_with_its_header_row_and_rows(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))

    tabs = workbook.backend.read(["Queue", "Repairs"])

    assert tabs == {"Queue": [["ID", "Number", "Status"], ["SUNNY-T000001", "A001", "waiting"]]}


def test_cell_updates_change_only_the_cells_they_address(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"], ["SUNNY-T000002", "A002", "waiting"]))

    workbook.backend.write(
        WriteBatch(updates=[CellUpdate("Queue", 2, 2, "called"), CellUpdate("Queue", 0, 3, "Counter")])
    )

    assert workbook.backend.read(["Queue"])["Queue"] == [
        ["ID", "Number", "Status", "Counter"],
        ["SUNNY-T000001", "A001", "waiting"],
        ["SUNNY-T000002", "A002", "called"],
    ]


def test_appended_rows_go_after_the_last_row_with_anything_in_it(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"], ["SUNNY-T000002", "A002", "waiting"]))
    for column in range(3):
        workbook.staff_types("Queue", 2, column, None)  # staff clear the last row's contents

    workbook.backend.write(WriteBatch(appends={"Queue": [["SUNNY-T000003", "A003", "waiting"]]}))

    assert workbook.backend.read(["Queue"])["Queue"] == [
        ["ID", "Number", "Status"],
        ["SUNNY-T000001", "A001", "waiting"],
        ["SUNNY-T000003", "A003", "waiting"],
    ]


def test_creating_a_tab_that_exists_leaves_it_as_it_is(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))

    workbook.backend.write(WriteBatch(new_tabs={"Queue": ["Something", "Else"]}))

    assert workbook.backend.read(["Queue"])["Queue"][0] == ["ID", "Number", "Status"]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "@x", "-2", "=1+1", '=HYPERLINK("http://evil")'])
def test_text_that_looks_like_a_formula_stays_text(workbook: Workbook, text: str) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", text, "waiting"]))
    workbook.backend.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, text)]))

    row = workbook.backend.read(["Queue"])["Queue"][1]

    assert row == ["SUNNY-T000001", text, text]


def test_chinese_and_emoji_round_trip(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "三号楼 2单元 漏水 💧", "等待中 ✅"]))

    assert workbook.backend.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "三号楼 2单元 漏水 💧", "等待中 ✅"]


def test_money_comes_back_as_the_same_number(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", Decimal("1250.50"), 3]))

    row = workbook.backend.read(["Queue"])["Queue"][1]

    assert [cell_text(value) for value in row] == ["SUNNY-T000001", "1250.5", "3"]


def test_columns_staff_added_survive_our_writes(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))
    workbook.staff_types("Queue", 0, 3, "Note")
    workbook.staff_types("Queue", 1, 3, "VIP, offer tea")

    workbook.backend.write(
        WriteBatch(
            updates=[CellUpdate("Queue", 1, 2, "called")],
            appends={"Queue": [["SUNNY-T000002", "A002", "waiting"]]},
        )
    )

    assert workbook.backend.read(["Queue"])["Queue"] == [
        ["ID", "Number", "Status", "Note"],
        ["SUNNY-T000001", "A001", "called", "VIP, offer tea"],
        ["SUNNY-T000002", "A002", "waiting"],
    ]


def test_formulas_in_staff_columns_survive_our_writes(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))
    workbook.staff_types("Queue", 0, 3, "Waiting count")
    workbook.staff_types("Queue", 1, 3, "=COUNTA(A:A)")  # its value does not move with our write
    shown = workbook.backend.read(["Queue"])["Queue"][1][3]  # its result where the program saved one, else its text

    workbook.backend.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert shown not in (None, "")
    assert workbook.backend.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "called", shown]


def test_a_read_changes_nothing(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))

    first = workbook.backend.read(["Queue"])
    second = workbook.backend.read(["Queue"])

    assert first == second


def test_a_read_sees_what_staff_saved_since_the_last_read(workbook: Workbook) -> None:
    workbook.backend.write(queue_tab(["SUNNY-T000001", "A001", "waiting"]))
    workbook.backend.read(["Queue"])

    workbook.staff_types("Queue", 1, 2, "served")

    assert workbook.backend.read(["Queue"])["Queue"][1][2] == "served"
