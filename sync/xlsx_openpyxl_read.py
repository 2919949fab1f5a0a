"""The reference read of an .xlsx file: openpyxl loads all of it, and each tab is taken cell by cell.

This is how lobbydesk read the file before :mod:`sync.xlsx_fast_read`: exact by definition, but about
13 times slower and 4 times hungrier. It stays as the yardstick the fast reader is tested against cell
by cell, and as its fallback for the rare file the fast reader leaves alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import load_workbook

from sync.backend import Row, trim_grid_in_place
from sync.xlsx_cells import FormulaCell, TabCells, WorkbookCells, readable
from sync.xlsx_package import Package, opened


def read_with_openpyxl(package: Package, tabs: Sequence[str], *, fallback: str = "") -> WorkbookCells:
    """The named tabs of the workbook in this package (formulas as their text); raises as openpyxl does."""
    workbook = load_workbook(opened(package), data_only=False)
    try:
        return cells_of_workbook(workbook, tabs, fallback=fallback)
    finally:
        workbook.close()


def cells_of_workbook(workbook: Any, tabs: Sequence[str], *, fallback: str = "") -> WorkbookCells:
    """The named tabs of a workbook openpyxl loaded (not read-only), and every worksheet's used range."""
    used = {sheet.title: (sheet.max_row, sheet.max_column) for sheet in workbook.worksheets}
    cells = {name: _cells_of(workbook[name]) for name in tabs if name in workbook.sheetnames}
    return WorkbookCells(cells, used, workbook.epoch, fallback)


def _cells_of(sheet: Any) -> TabCells:
    rows: list[Row] = []
    formulas: list[FormulaCell] = []
    for cells in sheet.iter_rows():
        rows.append([readable(cell.value) for cell in cells])
        formulas.extend(
            FormulaCell(cell.row, cell.column, readable(cell.value), cell.number_format)
            for cell in cells
            if cell.data_type == "f"
        )
    return TabCells(trim_grid_in_place(rows), formulas, (sheet.max_row, sheet.max_column))
