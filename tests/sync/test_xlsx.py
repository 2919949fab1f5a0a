"""The .xlsx backend as Excel and LibreOffice will see the file, checked by opening it with openpyxl."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from sync.backend import CellUpdate, WorkbookBusy, WorkbookUnavailable, WriteBatch
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
