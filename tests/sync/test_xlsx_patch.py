"""The patch writer (only the changed tabs' XML rewritten) against openpyxl's write, and as office suites see it."""

from __future__ import annotations

import contextlib
import csv
import re
import shutil
import subprocess
import zipfile
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Protection

from admin.workbook import provision
from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service
from desk.site_settings import SiteSettings
from desk.store import Store
from sync.backend import CellUpdate, CellValue, WorkbookBusy, WorkbookUnavailable, WriteBatch
from sync.engine import SyncEngine
from sync.formats import ColumnFormat, TabFormat
from sync.xlsx import XlsxWorkbook, _put
from sync.xlsx_patch import CannotPatch

HEADERS = ["ID", "Number", "Status", "When", "Amount"]
# Provisioning protects the tab: ID and Status are lobbydesk's (locked), the other columns staff's (open).
QUEUE_FORMAT = TabFormat("Queue", (ColumnFormat("ID", 18, locked=True), ColumnFormat("Number", 8),
                                   ColumnFormat("Status", 12, ("waiting", "called"), locked=True),
                                   ColumnFormat("When", 19), ColumnFormat("Amount", 10)))

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
values = st.one_of(
    st.none(),
    texts,
    st.sampled_from(["=SUM(A1)", "+1", "-2", "@x", " padded ", "   ", "_x000D_", "a\r\nb", "<&>"]),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    # Not near the largest float: openpyxl's "%.16g" rounds it past it, so its own re-save turns it into
    # an empty cell where the patch keeps the file's bytes.
    st.floats(min_value=-1e300, max_value=1e300),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
)
rows = st.lists(st.lists(values, max_size=6), max_size=5)


PATHS_TAKEN: list[str] = []


def staff_workbook(path: Path, grid: list[list[CellValue]]) -> None:
    """A workbook staff keep: a header, rows of every kind (through ``_put``, so its styles exist), formats."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Queue"
    for column, header in enumerate(HEADERS, start=1):
        _put(sheet.cell(row=1, column=column), header)
    for row, values_of_row in enumerate(grid, start=2):
        for column, value in enumerate(values_of_row, start=1):
            if value is not None:
                _put(sheet.cell(row=row, column=column), value)
    sheet["G2"] = "=LEN(B2)"
    untouched = book.create_sheet("Untouched")
    # Cells of every look _put gives (quote prefix, the default date formats): styles the patch writer reuses.
    for column, value in enumerate(["stays as it is", "=quoted", datetime(2024, 1, 2, 3), date(2024, 1, 2)], start=1):
        _put(untouched.cell(row=1, column=column), value)
    book.save(path)


def write_both(tmp_path: Path, base: list[list[CellValue]], batch: WriteBatch,
               protected: bool = False) -> tuple[XlsxWorkbook, XlsxWorkbook]:
    """The same batch written on two copies of a workbook, by the patch writer and by openpyxl.

    ``protected``: the workbook is first formatted by provisioning's own code, which protects the Queue tab.
    """
    original = tmp_path / "original.xlsx"
    staff_workbook(original, base)
    if protected:
        XlsxWorkbook(original).apply_formats([QUEUE_FORMAT])
    return write_both_on(original, tmp_path, batch)


def write_both_on(original: Path, tmp_path: Path, batch: WriteBatch) -> tuple[XlsxWorkbook, XlsxWorkbook]:
    """The batch written on two copies of this workbook, by the patch writer and by openpyxl."""
    by_patch = XlsxWorkbook(Path(shutil.copy(original, tmp_path / "patched.xlsx")))
    by_openpyxl = XlsxWorkbook(Path(shutil.copy(original, tmp_path / "loaded.xlsx")))
    for workbook, refusing in ((by_patch, nullcontext()), (by_openpyxl, no_patching())):
        with refusing:
            workbook.read(["Queue"])
            workbook.write(batch)
    return by_patch, by_openpyxl


def no_patching() -> AbstractContextManager[object]:
    return mock.patch("sync.xlsx.patch_workbook_into", side_effect=CannotPatch("the test writes with openpyxl"))


def protections(path: Path) -> dict[str, tuple[bool, bool]]:
    """Locked and hidden of every cell of the Queue tab, as openpyxl loads them."""
    sheet = openpyxl.load_workbook(path)["Queue"]
    return {cell.coordinate: (cell.protection.locked, cell.protection.hidden)
            for cell in sheet._cells.values()}


@pytest.mark.parametrize("protected", [False, True], ids=["open tab", "protected tab"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=rows,
    updates=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 6), values), max_size=6),
    appended=rows,
)
@example(base=[], updates=[(0, 0, date(2000, 1, 1)), (0, 0, 0)], appended=[])  # the date format stays on A1
def test_a_patched_workbook_reads_as_the_one_openpyxl_wrote(
    tmp_path_factory: pytest.TempPathFactory,
    protected: bool,
    base: list[list[CellValue]],
    updates: list[tuple[int, int, CellValue]],
    appended: list[list[CellValue]],
) -> None:
    batch = WriteBatch(updates=[CellUpdate("Queue", row, column, value) for row, column, value in updates],
                       appends={"Queue": appended})
    if batch.is_empty():
        return
    by_patch, by_openpyxl = write_both(tmp_path_factory.mktemp("differential"), base, batch, protected)

    assert by_openpyxl.last_write_path.startswith("openpyxl")
    PATHS_TAKEN.append(by_patch.last_write_path.split(":")[0])
    assert by_patch.read(["Queue", "Untouched"]) == by_openpyxl.read(["Queue", "Untouched"])
    fresh = [XlsxWorkbook(workbook.path).read(["Queue", "Untouched"]) for workbook in (by_patch, by_openpyxl)]
    assert fresh[0] == fresh[1]
    if protected:
        # Every cell either file has, the written ones among them, is as locked in both; a cell missing from
        # one file is a new cell of the default style to openpyxl.
        patched, loaded = protections(by_patch.path), protections(by_openpyxl.path)
        default = (True, False)
        for coordinate in patched.keys() | loaded.keys():
            assert patched.get(coordinate, default) == loaded.get(coordinate, default), coordinate


def test_a_common_batch_is_patched_and_every_other_part_is_copied_byte_for_byte(tmp_path: Path) -> None:
    batch = WriteBatch(
        updates=[CellUpdate("Queue", 1, 2, "called"), CellUpdate("Queue", 0, 5, "Counter")],
        appends={"Queue": [["SUNNY-T000009", "A009", "waiting", datetime(2024, 5, 6, 9, 30), 12.5]]},
    )
    base: list[list[CellValue]] = [["SUNNY-T000001", "A001", "waiting", datetime(2024, 5, 6, 8), 3]]
    staff_workbook(tmp_path / "before.xlsx", base)
    by_patch = XlsxWorkbook(Path(shutil.copy(tmp_path / "before.xlsx", tmp_path / "patched.xlsx")))

    by_patch.write(batch)

    assert by_patch.last_write_path == "patch"
    with zipfile.ZipFile(tmp_path / "before.xlsx") as before, zipfile.ZipFile(by_patch.path) as after:
        assert [info.filename for info in before.infolist()] == [info.filename for info in after.infolist()]
        differing = [name for name in before.namelist() if before.read(name) != after.read(name)]
    assert differing == ["xl/worksheets/sheet1.xml"]
    sheet = openpyxl.load_workbook(by_patch.path)["Queue"]
    assert [cell.value for cell in sheet[3]][:5] == ["SUNNY-T000009", "A009", "waiting", datetime(2024, 5, 6, 9, 30),
                                                      12.5]
    assert sheet["D3"].number_format == sheet["D2"].number_format  # the style of the cell above
    assert sheet["G2"].value == "=LEN(B2)"
    assert sheet.dimensions == "A1:G3"


@pytest.mark.parametrize(
    ("batch", "why"),
    [
        (WriteBatch(new_tabs={"Repairs": ["ID"]}), "new tabs (Repairs)"),
        (WriteBatch(updates=[CellUpdate("Repairs", 1, 1, "x")]), "no tab 'Repairs'"),
        (WriteBatch(updates=[CellUpdate("Queue", 1, 6, "over the formula")]), "formula"),
    ],
)
def test_what_the_patch_writer_does_not_handle_is_written_by_openpyxl_saying_why(
    tmp_path: Path, batch: WriteBatch, why: str
) -> None:
    path = tmp_path / "desk.xlsx"
    staff_workbook(path, [["SUNNY-T000001", "A001", "waiting"]])
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    # As Excel saves: a calculation chain lists the formula cells.
    parts["xl/calcChain.xml"] = (b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 b'<c r="G2" i="1"/></calcChain>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, content in parts.items():
            new.writestr(name, content)
    workbook = XlsxWorkbook(path)

    with contextlib.suppress(WorkbookUnavailable):  # openpyxl refusing a missing tab: the contract's business
        workbook.write(batch)

    assert workbook.last_write_path.startswith("openpyxl: ")
    assert why in workbook.last_write_path


def test_a_patch_write_is_refused_while_the_file_is_open_or_saved_since_the_read(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    staff_workbook(path, [["SUNNY-T000001", "A001", "waiting"]])
    workbook = XlsxWorkbook(path)
    before = path.read_bytes()
    lock = tmp_path / ".~lock.desk.xlsx#"
    lock.write_text("front desk")
    with pytest.raises(WorkbookBusy):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))
    lock.unlink()
    workbook.read(["Queue"])
    staff_workbook(path, [["SUNNY-T000001", "A001", "served"]])
    with pytest.raises(WorkbookBusy, match="saved by someone else"):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))
    assert path.read_bytes() != before  # staff's save stands
    assert workbook.read(["Queue"])["Queue"][1][2] == "served"


def test_a_kiosk_ticket_on_a_workbook_provisioned_protected_is_patched_as_locked_as_openpyxl_leaves_it(
    tmp_path: Path,
) -> None:
    paths = {}
    for way in ("patched", "loaded"):
        folder = tmp_path / way
        folder.mkdir()
        workbook = XlsxWorkbook(folder / "desk.xlsx")
        provision(workbook, (QueueTicket,), "SUNNY", SiteSettings(community_name="Sunny Garden"))
        store = Store(folder / "store.sqlite3")
        store.open()
        clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
        QueueDesk(store, clock, SequentialIds("SUNNY")).take_number(Service.REPAIR, unit="3-1202")
        with no_patching() if way == "loaded" else nullcontext():
            SyncEngine(store, workbook, (QueueTicket,), clock, ids=SequentialIds("SUNNY")).run_once()
        store.close()
        paths[way] = (workbook.path, workbook.last_write_path)

    assert paths["patched"][1] == "patch"
    assert paths["loaded"][1].startswith("openpyxl")
    patched, loaded = protections(paths["patched"][0]), protections(paths["loaded"][0])
    assert patched == loaded
    assert patched["E2"] == (False, False) and patched["A2"] == (True, False)  # Status is staff's, ID lobbydesk's


def test_a_new_cell_under_one_staff_opened_in_a_locked_column_stays_locked_as_openpyxl_leaves_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.xlsx"
    staff_workbook(path, [["SUNNY-T000001", "A001", "waiting"]])
    XlsxWorkbook(path).apply_formats([QUEUE_FORMAT])
    book = openpyxl.load_workbook(path)
    book["Queue"]["A2"].protection = Protection(locked=False)  # ID is lobbydesk's column
    book.save(path)
    batch = WriteBatch(appends={"Queue": [["SUNNY-T000002", "A002", "waiting"]]})
    by_patch, by_openpyxl = write_both_on(path, tmp_path, batch)

    assert by_patch.last_write_path == "patch"
    patched = protections(by_patch.path)
    assert patched == protections(by_openpyxl.path)
    assert patched["A3"] == (True, False) and patched["B3"] == (False, False)


def test_columns_one_col_range_covers_as_office_suites_save_them_are_as_locked_as_openpyxl_leaves_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "desk.xlsx"
    staff_workbook(path, [["SUNNY-T000001", "A001", "waiting"]])
    XlsxWorkbook(path).apply_formats([QUEUE_FORMAT])
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    # Excel and LibreOffice save alike neighbouring columns as one <col>: here F to AJ, staff's and open.
    sheet = parts["xl/worksheets/sheet1.xml"].replace(b'min="6" max="6"', b'min="6" max="36"')
    sheet, merged = re.subn(rb'<col [^>]*min="(?:[7-9]|[12]\d|3[0-6])" max="\d+" ?/>', b"", sheet)
    assert merged == 30
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, content in parts.items():
            new.writestr(name, content)
    batch = WriteBatch(appends={"Queue": [["SUNNY-T000002", "A002", "waiting", None, None, "F", "G", "H"]]})

    by_patch, by_openpyxl = write_both_on(path, tmp_path, batch)

    assert by_patch.last_write_path == "patch"
    patched = protections(by_patch.path)
    assert patched == protections(by_openpyxl.path)
    assert patched["F3"] == (False, False)  # openpyxl opens the range's first column only: G3 and H3 stay locked


def test_a_protected_tab_without_the_unlocked_style_a_cell_needs_is_written_by_openpyxl_once(tmp_path: Path) -> None:
    path = tmp_path / "desk.xlsx"
    staff_workbook(path, [["SUNNY-T000001", "A001", "waiting"]])
    XlsxWorkbook(path).apply_formats([QUEUE_FORMAT])
    workbook = XlsxWorkbook(path)
    # A date in a new cell of Number, a column staff write: no unlocked style with a date format exists yet.
    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 4, 1, date(2024, 5, 6))]))
    assert workbook.last_write_path.startswith("openpyxl: ")
    assert "'yyyy-mm-dd' and unlocked cells is not in the workbook yet" in workbook.last_write_path

    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 5, 1, date(2024, 5, 7))]))

    assert workbook.last_write_path == "patch"  # openpyxl's write added the style
    sheet = openpyxl.load_workbook(path)["Queue"]
    assert (sheet["B6"].value, sheet["B6"].protection.locked) == (datetime(2024, 5, 7), False)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_a_patched_workbook_and_shows_its_values(tmp_path: Path) -> None:
    batch = WriteBatch(
        updates=[CellUpdate("Queue", 1, 2, "called 三号楼")],
        appends={"Queue": [["SUNNY-T000002", "=not a formula", True, date(2024, 5, 6), Decimal("1250.50")]]},
    )
    base: list[list[CellValue]] = [["SUNNY-T000001", "A001", "waiting", date(2024, 5, 1), 7], ["SUNNY-T000000", "+1"]]
    by_patch, _by_openpyxl = write_both(tmp_path, base, batch)
    assert by_patch.last_write_path == "patch"
    profile = tmp_path / "profile"

    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir",
                    str(tmp_path / "csv"), str(by_patch.path)], check=True, capture_output=True, timeout=120)

    with open(tmp_path / "csv" / "patched-Queue.csv", encoding="utf-8") as shown:
        grid = list(csv.reader(shown))
    assert grid[1][:3] == ["SUNNY-T000001", "A001", "called 三号楼"]
    assert grid[3][:5] == ["SUNNY-T000002", "=not a formula", "TRUE", "2024-05-06", "1250.5"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(appended=rows, header_update=st.one_of(st.none(), texts))
def test_a_first_write_makes_the_tabs_with_openpyxl_and_patches_in_the_rows_as_openpyxl_would_write_them(
    tmp_path_factory: pytest.TempPathFactory, appended: list[list[CellValue]], header_update: str | None
) -> None:
    folder = tmp_path_factory.mktemp("first-write")
    updates = [] if header_update is None else [CellUpdate("Queue", 0, 6, header_update)]
    batch = WriteBatch(new_tabs={"Queue": HEADERS, "Empty": ["ID"]}, updates=updates, appends={"Queue": appended})
    in_two_saves, by_openpyxl = XlsxWorkbook(folder / "two-saves.xlsx"), XlsxWorkbook(folder / "openpyxl.xlsx")

    in_two_saves.write(batch)
    with no_patching():
        by_openpyxl.write(batch)

    if any(value is not None for row in appended for value in row) or updates:
        assert in_two_saves.last_write_path.startswith("openpyxl for the new tabs, then ")
    assert in_two_saves.read(["Queue", "Empty"]) == by_openpyxl.read(["Queue", "Empty"])
    assert openpyxl.load_workbook(in_two_saves.path).sheetnames == ["Queue", "Empty"]


def test_a_first_sync_of_many_rows_goes_in_by_the_patch_writer(tmp_path: Path) -> None:
    store = Store(tmp_path / "desk.sqlite3")
    store.open()
    clock = FixedClock(datetime(2026, 5, 6, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    desk = QueueDesk(store, clock, SequentialIds("SUNNY"))
    tickets = [desk.take_number(Service.INQUIRY, print_ticket=False) for _ in range(300)]
    workbook = XlsxWorkbook(tmp_path / "desk.xlsx")

    report = SyncEngine(store, workbook, [QueueTicket], clock, ids=SequentialIds("SUNNY")).run_once()

    assert report.ok
    assert workbook.last_write_path == "openpyxl for the new tabs, then patch"
    queue = openpyxl.load_workbook(workbook.path)["Queue"]
    assert queue.max_row == 301
    assert [row[0] for row in queue.iter_rows(min_row=2, values_only=True)] == [issued.ticket.id for issued in tickets]
    store.close()
