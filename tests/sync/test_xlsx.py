"""The .xlsx backend as Excel and LibreOffice will see the file, checked by opening it with openpyxl."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from sync.backend import CellUpdate, CellValue, WorkbookBusy, WorkbookUnavailable, WriteBatch
from sync.xlsx import XlsxWorkbook


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "desk.xlsx"


@pytest.fixture
def workbook(path: Path) -> XlsxWorkbook:
    opened = XlsxWorkbook(path)
    opened.open()
    return opened


def first_ticket() -> WriteBatch:
    return WriteBatch(
        new_tabs={"Queue": ["ID", "Number", "Status"]},
        appends={"Queue": [["SUNNY-T000001", "A001", "waiting"]]},
    )


def test_the_first_write_creates_the_file_with_a_bold_frozen_header(workbook: XlsxWorkbook, path: Path) -> None:
    assert not path.exists()

    workbook.write(first_ticket())

    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Queue"]
    sheet = book["Queue"]
    assert [cell.value for cell in sheet[1]] == ["ID", "Number", "Status"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[2]] == ["SUNNY-T000001", "A001", "waiting"]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "@x", "-2"])
def test_formula_looking_text_is_stored_as_text_that_excel_keeps_as_text(
    workbook: XlsxWorkbook, path: Path, text: str
) -> None:
    workbook.write(first_ticket())
    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, text)], appends={"Queue": [[text]]}))

    sheet = openpyxl.load_workbook(path)["Queue"]
    for cell in (sheet["C2"], sheet["A3"]):
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def test_plain_text_gets_no_quote_prefix(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())

    assert openpyxl.load_workbook(path)["Queue"]["C2"].quotePrefix is False


def test_a_staff_formula_is_still_a_formula_after_our_write(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    book = openpyxl.load_workbook(path)
    book["Queue"]["D2"] = "=LEN(B2)"
    book.save(path)

    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    cell = openpyxl.load_workbook(path)["Queue"]["D2"]
    assert cell.data_type == "f"
    assert cell.value == "=LEN(B2)"


@pytest.mark.parametrize("lock_name", ["~$desk.xlsx", ".~lock.desk.xlsx#"], ids=["excel", "libreoffice"])
def test_an_open_workbook_is_read_but_never_written(workbook: XlsxWorkbook, path: Path, lock_name: str) -> None:
    workbook.write(first_ticket())
    before = path.read_bytes()
    lock = path.parent / lock_name
    lock.write_text("someone at the front desk")

    with pytest.raises(WorkbookBusy, match=lock_name.replace("$", r"\$")):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert path.read_bytes() == before
    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "waiting"]
    lock.unlink()
    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))
    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "called"]


def test_a_write_leaves_no_temporary_file_behind(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert sorted(os.listdir(path.parent)) == ["desk.xlsx"]
    assert openpyxl.load_workbook(path)["Queue"]["C2"].value == "called"


def test_a_write_that_dies_before_the_rename_leaves_the_old_file_whole(
    workbook: XlsxWorkbook, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook.write(first_ticket())

    def power_cut(source: str, destination: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(WorkbookUnavailable, match="power cut"):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert sorted(os.listdir(path.parent)) == ["desk.xlsx"]
    assert openpyxl.load_workbook(path)["Queue"]["C2"].value == "waiting"


def test_a_file_windows_holds_open_means_busy(
    workbook: XlsxWorkbook, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook.write(first_ticket())

    def sharing_violation(source: str, destination: str) -> None:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", sharing_violation)
    with pytest.raises(WorkbookBusy):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))
    assert sorted(os.listdir(path.parent)) == ["desk.xlsx"]


def test_a_file_that_is_not_a_workbook_is_reported_unavailable(workbook: XlsxWorkbook, path: Path) -> None:
    path.write_text("this is not a spreadsheet")

    with pytest.raises(WorkbookUnavailable, match=r"not a readable \.xlsx workbook"):
        workbook.read(["Queue"])


def test_a_missing_folder_is_reported_when_opening(tmp_path: Path) -> None:
    with pytest.raises(WorkbookUnavailable, match="does not exist"):
        XlsxWorkbook(tmp_path / "no such folder" / "desk.xlsx").open()


def test_writing_to_a_tab_that_is_not_there_is_refused_and_leaves_the_file(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    before = path.read_bytes()

    with pytest.raises(WorkbookUnavailable, match="Repairs"):
        workbook.write(WriteBatch(updates=[CellUpdate("Repairs", 1, 1, "x")]))

    assert path.read_bytes() == before


def test_describe_names_the_file(path: Path) -> None:
    assert str(path) in XlsxWorkbook(path).describe()


def test_temp_files_a_killed_save_left_are_cleared_once_they_are_old(path: Path) -> None:
    old = path.parent / f".{path.stem}.k1ll3d.lobbydesk-tmp"
    recent = path.parent / f".{path.stem}.s4v1ng.lobbydesk-tmp"
    for leftover in (old, recent):
        leftover.write_bytes(b"half a zip")
    os.utime(old, (0, 0))

    XlsxWorkbook(path).open()

    assert not old.exists()
    assert recent.exists()  # perhaps another lobbydesk is saving right now


def test_a_write_planned_on_a_read_is_refused_when_staff_saved_since(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    workbook.read(["Queue"])
    staff = openpyxl.load_workbook(path)
    staff["Queue"].insert_rows(2)  # staff insert a row: the planned row numbers are off by one
    staff.save(path)

    with pytest.raises(WorkbookBusy, match="was saved by someone else since lobbydesk read it"):
        workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    assert workbook.read(["Queue"])["Queue"][2] == ["SUNNY-T000001", "A001", "waiting"]
    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 2, 2, "called")]))  # planned on the new read
    assert workbook.read(["Queue"])["Queue"][2] == ["SUNNY-T000001", "A001", "called"]


def staff_type_formulas(path: Path, formulas: dict[str, str], number_format: str = "General") -> None:
    """Staff put formulas into the Queue tab with a program that, like openpyxl, saves no results."""
    book = openpyxl.load_workbook(path)
    for coordinate, formula in formulas.items():
        book["Queue"][coordinate] = formula
        book["Queue"][coordinate].number_format = number_format
    book.save(path)


# A formula cell as openpyxl saves it: no result, an empty <v/>.
OPENPYXL_FORMULA_CELL = re.compile(rb'<c r="(?P<r>[A-Z]+[0-9]+)"(?P<attributes>[^>]*)><f>(?P<f>.*?)</f><v\s*/></c>')


def save_as_an_office_suite(path: Path, results: dict[str, tuple[str, str]], prefix: str = "") -> None:
    """Save the file as Excel or LibreOffice would: each formula with its result (type, text), optionally
    with every XML element prefixed (``<x:c>``) as some other writers do."""

    def with_result(cell: re.Match[bytes]) -> bytes:
        coordinate = cell["r"].decode()
        if coordinate not in results:
            return cell[0]
        kind, text = results[coordinate]
        return b'<c r="%b"%b t="%b"><f>%b</f><v>%b</v></c>' % (
            cell["r"], cell["attributes"], kind.encode(), cell["f"], escape(text).encode())

    with zipfile.ZipFile(path) as saved:
        parts = {info.filename: saved.read(info) for info in saved.infolist()}
    for name in [name for name in parts if name.startswith("xl/worksheets/sheet")]:
        xml = re.sub(OPENPYXL_FORMULA_CELL, with_result, parts[name])
        if prefix:
            xml = re.sub(rb"<(/?)(?=[a-zA-Z])", b"<\\1" + prefix.encode() + b":", xml)
            xml = xml.replace(b'xmlns="', b'xmlns:' + prefix.encode() + b'="', 1)
        parts[name] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as resaved:
        for name, content in parts.items():
            resaved.writestr(name, content)


@pytest.mark.parametrize("formula", ["=TRUE()", "=FALSE()", "=true", "=False()", "= TRUE ( )"])
def test_libreoffice_yes_and_no_formulas_read_as_yes_and_no_even_without_a_saved_result(
    workbook: XlsxWorkbook, path: Path, formula: str
) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"D2": formula})

    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "waiting", "TRUE" in formula.upper()]


@pytest.mark.parametrize(
    ("formula", "saved", "shown"),
    [
        ('=B2&"-x"', ("str", "A001-x"), "A001-x"),
        ("=2+2", ("n", "4"), 4),
        ("=5/2", ("n", "2.5"), 2.5),
        ('=B2="A001"', ("b", "1"), True),
        ("=1/0", ("e", "#DIV/0!"), "#DIV/0!"),
        ('=IF(B2="","","<&>")', ("str", "<&>"), "<&>"),
    ],
)
@pytest.mark.parametrize("prefix", ["", "x"], ids=["plain XML", "prefixed XML"])
def test_a_formula_reads_as_the_result_the_office_suite_saved_with_it(
    workbook: XlsxWorkbook, path: Path, formula: str, saved: tuple[str, str], shown: CellValue, prefix: str
) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"D2": formula})
    save_as_an_office_suite(path, {"D2": saved}, prefix)

    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "waiting", shown]


def test_a_formula_showing_empty_text_reads_as_an_empty_cell(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"C2": '=IF(B2="A001","","waiting")'})
    save_as_an_office_suite(path, {"C2": ("str", "")})

    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001"]


def test_a_saved_number_in_a_date_formatted_cell_reads_as_that_date(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"D2": "=DATE(2024,5,6)+0.5"}, number_format="yyyy-mm-dd hh:mm")
    serial = (datetime(2024, 5, 6, 12) - datetime(1899, 12, 30)).total_seconds() / 86400
    save_as_an_office_suite(path, {"D2": ("n", str(serial))})

    assert workbook.read(["Queue"])["Queue"][1][3] == datetime(2024, 5, 6, 12)


def test_a_formula_saved_without_its_result_reads_as_its_text_for_the_sync_to_report(
    workbook: XlsxWorkbook, path: Path
) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"C2": "=B2", "D2": "=TRUE()"})

    # Not empty and not a guess: no status or yes/no column takes "=B2", so Problems lists the cell.
    assert workbook.read(["Queue"])["Queue"][1] == ["SUNNY-T000001", "A001", "=B2", True]


def test_a_staff_formula_in_their_own_column_shows_its_result_and_stays_a_formula_after_our_write(
    workbook: XlsxWorkbook, path: Path
) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"D1": '="Code"', "D2": '=B2&"-x"'})
    save_as_an_office_suite(path, {"D1": ("str", "Code"), "D2": ("str", "A001-x")})
    assert workbook.read(["Queue"])["Queue"] == [["ID", "Number", "Status", "Code"],
                                                ["SUNNY-T000001", "A001", "waiting", "A001-x"]]

    workbook.write(WriteBatch(updates=[CellUpdate("Queue", 1, 2, "called")]))

    cell = openpyxl.load_workbook(path)["Queue"]["D2"]
    assert (cell.data_type, cell.value) == ("f", '=B2&"-x"')
    # openpyxl saved no results, but the file is the one lobbydesk saved: what the formulas showed stands.
    assert workbook.read(["Queue"])["Queue"] == [["ID", "Number", "Status", "Code"],
                                                ["SUNNY-T000001", "A001", "called", "A001-x"]]


def test_laying_the_workbook_out_keeps_what_its_formulas_show(workbook: XlsxWorkbook, path: Path) -> None:
    workbook.write(first_ticket())
    staff_type_formulas(path, {"D2": "=2+2"})
    save_as_an_office_suite(path, {"D2": ("n", "4")})

    workbook.apply_formats([])  # as `lobbydesk workbook init` does, before any read

    assert openpyxl.load_workbook(path)["Queue"]["D2"].value == "=2+2"
    assert workbook.read(["Queue"])["Queue"][1][3] == 4
