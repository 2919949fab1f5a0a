"""A sheet's XML is scanned a run of rows at a time, and finds exactly what one scan of the whole sheet finds."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet

from sync.xlsx_cells import FormulaCell
from sync.xlsx_fast_read import NotExact, SheetScan, Styles
from sync.xlsx_sheet_regions import IrregularSheetError, Region, sheet_regions, whole_rows
from tests.sync.test_xlsx_fast_read import MAIN, package, worksheets

WHOLE = 1 << 40  # a run of rows longer than any sheet here: the whole sheetData in one


def in_pieces(xml: bytes, size: int) -> Iterator[bytes]:
    """The XML as the inflater gives it: pieces of any size, cut anywhere."""
    return (xml[at:at + size] for at in range(0, len(xml), size))


def spread(xml: str) -> str:
    """The XML as an office suite may lay it out: a line break and indent before every tag."""
    return re.sub(r"(?<=>)<", "\n  <", xml)


@dataclass(frozen=True)
class Scanned:
    """What a scan of the whole sheet found: the values taken after each run, formulas and merged ranges."""

    values: list[tuple[int, int, Any]]
    formulas: list[FormulaCell]
    merged: list[str]


def scanned(xml: bytes, piece: int, rows_piece: int) -> Scanned | str:
    """What the scan finds, run by run as the reader scans, or why it leaves the sheet to openpyxl."""
    workbook = ExcelReader(io.BytesIO(package(f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>', [])))
    workbook.read_manifest()
    workbook.read_workbook()
    apply_stylesheet(workbook.archive, workbook.wb)
    scan, values = SheetScan(Styles(workbook.wb), workbook.wb.epoch), []
    try:
        for region, part in sheet_regions(in_pieces(xml, piece), rows_piece):
            scan.add(region, part)
            values += scan.take_values()
        found = scan.result()
    except IrregularSheetError as irregular:
        return str(irregular)
    except NotExact as refused:
        return str(refused)
    return Scanned(values, found.formulas, found.merged)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(worksheets(), st.booleans(), st.sampled_from([1, 2, 80]), st.sampled_from([1, 50, 400]))
def test_the_regions_are_the_sheet_cut_after_whole_rows(sheet: tuple[str, list[str]], spread_out: bool, piece: int,
                                                        rows_piece: int) -> None:
    xml = (spread(sheet[0]) if spread_out else sheet[0]).encode()

    regions = list(sheet_regions(in_pieces(xml, piece), rows_piece))

    assert b"".join(part for _, part in regions) == xml
    kinds = [region for region, _ in regions]
    assert kinds[0] is Region.HEAD and regions[0][1].endswith(b"<sheetData>")
    assert kinds[-1] is Region.TAIL and regions[-1][1].lstrip().startswith(b"</sheetData>")
    assert set(kinds[1:-1]) <= {Region.ROWS}
    assert all(whole_rows(part, b"") for region, part in regions if region is Region.ROWS)
    if piece == 1 and rows_piece == 1:  # cut after every row's end as it comes
        assert all(part.count(b"</row>") == 1 for region, part in regions[:-2] if region is Region.ROWS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(worksheets(), st.booleans(), st.integers(1, 80), st.integers(1, 400))
def test_a_scan_run_by_run_finds_what_one_whole_scan_finds(sheet: tuple[str, list[str]], spread_out: bool, piece: int,
                                                           rows_piece: int) -> None:
    xml = (spread(sheet[0]) if spread_out else sheet[0]).encode()

    assert scanned(xml, piece, rows_piece) == scanned(xml, len(xml), WHOLE)


ROW = '<row r="{0}"><c r="A{0}" s="1"><v>45418</v></c><c r="B{0}"><f>A{0}*2</f><v>2</v></c></row>'
SIXTY_ROWS = "".join(ROW.format(row) for row in range(1, 61))


@pytest.mark.parametrize(
    ("between_rows", "why"),
    [
        ("<!-- a note -->", "comments"),
        ("<![CDATA[</row>]]>", "CDATA"),
    ],
)
def test_what_lies_between_rows_is_refused_wherever_the_cuts_fall(between_rows: str, why: str) -> None:
    rows = SIXTY_ROWS.replace('<row r="31">', between_rows + '<row r="31">')
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()

    for rows_piece in (1, 100, 1000, WHOLE):
        assert why in str(scanned(xml, 7, rows_piece))


@pytest.mark.parametrize("between_rows", ["stray text", '<c r="Z9"><v>1</v></c>'])
def test_something_else_between_rows_is_refused_where_a_cut_meets_it_and_read_alike_elsewhere(
    between_rows: str,
) -> None:
    rows = SIXTY_ROWS.replace('<row r="31">', between_rows + '<row r="31">')
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    whole = scanned(xml, len(xml), WHOLE)

    found = [scanned(xml, 7, rows_piece) for rows_piece in range(1, 3000, 37)]

    assert "a worksheet's rows are not where the scan expects them" in found
    assert {str(each) for each in found} == {str(whole), "a worksheet's rows are not where the scan expects them"}


def test_a_sheet_whose_data_is_not_closed_is_refused() -> None:
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{SIXTY_ROWS}</worksheet>'.encode()

    assert "not closed" in str(scanned(xml, 50, 100))


@pytest.mark.parametrize("sheet_data", ["<sheetData/>", ""])
def test_a_sheet_without_rows_has_no_special_cells_and_keeps_its_merges(sheet_data: str) -> None:
    merges = '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>'
    xml = f'<worksheet xmlns="{MAIN}">{sheet_data}{merges}</worksheet>'.encode()

    found = scanned(xml, 5, 10)

    assert isinstance(found, Scanned)
    assert (found.values, found.formulas, found.merged) == ([], [], ["A2:B3"])


def test_a_long_sheet_is_scanned_in_runs_and_finds_every_date_and_formula() -> None:
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{SIXTY_ROWS}</sheetData></worksheet>'.encode()

    found = scanned(xml, 64, 500)

    assert isinstance(found, Scanned)
    every_date_and_formula = [(row, column) for row in range(60) for column in (0, 1)]
    assert [(row, column) for row, column, _ in found.values] == every_date_and_formula
    assert [(cell.row, cell.column, cell.formula) for cell in found.formulas] == [
        (row, 2, f"=A{row}*2") for row in range(1, 61)
    ]
    assert len(list(sheet_regions(in_pieces(xml, 64), 500))) > 10
