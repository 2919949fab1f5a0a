"""calamine reads a tab a run of rows at a time, each run a small workbook of the parts values depend on."""

from __future__ import annotations

import io
import zipfile

from sync.xlsx_calamine_runs import CalamineRuns
from sync.xlsx_read import read_fast
from sync.xlsx_sheet_regions import ROWS_PIECE
from tests.sync.test_xlsx_fast_read import MAIN, assert_read_alike, package

SHEET = f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B900000"/><sheetData>{{rows}}</sheetData></worksheet>'


def _rows(numbers: list[int]) -> str:
    return "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}"><v>{n}</v></c></row>' for n in numbers)


def _with_parts(content: bytes, parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def test_a_tab_read_a_row_at_a_time_reads_as_openpyxl_reads_it_whole() -> None:
    content = package(SHEET.format(rows=_rows([2, 3, 7, 8, 40])), ["word 字"])

    read = assert_read_alike(content, ["Data"], rows_piece=1)

    assert read.tabs["Data"].rows[39] == ["word 字", 40]
    assert read.used["Data"] == (40, 2), "a dimension naming 900,000 rows is not the range"


def test_rows_out_of_order_are_read_by_openpyxl_which_puts_them_in_order() -> None:
    content = package(SHEET.format(rows=_rows([5, 2, 9])), ["word"])

    read = assert_read_alike(content, ["Data"], fast_path=False, rows_piece=1)

    assert "not in order" in read.fallback
    assert [row[1] for row in read.tabs["Data"].rows if row and row[1]] == [2, 5, 9]


def test_a_run_s_workbook_leaves_out_the_worksheets_pictures_and_a_pivot_table_s_cache() -> None:
    content = _with_parts(package(SHEET.format(rows=_rows([1])), ["word"]), {
        "xl/pivotCache/pivotCacheRecords1.xml": b"<pivotCacheRecords/>" * 1000,
        "xl/media/image1.png": b"\x89PNG",
        "xl/worksheets/sheet2.xml": b"<worksheet/>",
    })
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        runs = CalamineRuns(archive, {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}, "xl/sharedStrings.xml")
        made = runs.run("xl/worksheets/sheet1.xml", b"<worksheet>", b"<row/>", b"")

    names = set(zipfile.ZipFile(io.BytesIO(made)).namelist())
    assert {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"} <= names
    assert not names & {"xl/pivotCache/pivotCacheRecords1.xml", "xl/media/image1.png", "xl/worksheets/sheet2.xml"}
    assert read_fast(content, ["Data"]).tabs["Data"].rows == [["word", 1]]


def test_runs_are_at_least_twice_the_shared_strings_each_run_parses_again() -> None:
    strings = [f"text {n}" for n in range(300_000)]
    content = package(SHEET.format(rows=_rows([1])), strings)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        size = archive.getinfo("xl/sharedStrings.xml").file_size
        assert size > ROWS_PIECE // 2
        assert CalamineRuns(archive, set(), "xl/sharedStrings.xml").rows_piece == 2 * size
        assert CalamineRuns(archive, set(), None).rows_piece == ROWS_PIECE
