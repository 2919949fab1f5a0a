"""What a read of an .xlsx tab yields, whichever reader made it, and how formula cells are then shown.

Both readers (:mod:`sync.xlsx_fast_read`, the everyday one, and :mod:`sync.xlsx_openpyxl_read`, the
reference it is checked against and falls back to) give each tab's values row by row from A1 in read form
(:func:`sync.backend.trim_grid`; the fast reader packs a large tab as it reads it), a formula cell as its
text for now, and a list of the formula cells; :func:`show_formulas` then puts in the value each formula shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.styles.numbers import is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.formula import ArrayFormula

from sync.backend import CellValue, Row, UnreadFormula
from sync.packed_grid import PackedGrid, put_cells
from sync.xlsx_formulas import constant_boolean


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell: where it is (1-based), its text, and the number format its result is shown in."""

    row: int
    column: int
    formula: CellValue
    number_format: str

    @property
    def coordinate(self) -> str:
        """The cell's name, ``"G2"``."""
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class TabCells:
    """One tab's values from A1 in read form (formula cells as their text), its formula cells in the file's
    order, and its used range (rows, columns) as the reader found it, empty cells and rows included."""

    rows: list[Row] | PackedGrid
    formulas: list[FormulaCell] = field(default_factory=list)
    used: tuple[int, int] = (0, 0)


@dataclass
class WorkbookCells:
    """The tabs read, every worksheet's used range (rows, columns), and the workbook's date epoch.

    ``fallback`` says why the openpyxl reader did the read instead of the fast one (empty when it did not).
    """

    tabs: dict[str, TabCells]
    used: dict[str, tuple[int, int]]
    epoch: datetime
    fallback: str = ""


def readable(value: Any) -> CellValue:
    """A cell as the sync sees it: formulas as their text, anything exotic (times, durations) as text."""
    if isinstance(value, ArrayFormula):
        return str(value.text)
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)


def show_formulas(
    rows: list[Row] | PackedGrid, formulas: Sequence[FormulaCell], results: dict[str, CellValue], epoch: datetime
) -> dict[str, CellValue]:
    """Put the value each formula cell shows into the rows (in read form); returns the saved results used by coordinate.

    ``=TRUE()`` and ``=FALSE()`` (LibreOffice's yes and no) are read as yes and no, saved result or not;
    another formula as its saved result. A formula saved without one is its text marked
    :class:`~sync.backend.UnreadFormula`, which no column takes: the Problems tab lists it until an
    office suite saves the file.
    """
    used: dict[str, CellValue] = {}
    shown_cells: list[tuple[int, int, CellValue]] = []
    for cell in formulas:
        formula = cell.formula
        constant = constant_boolean(formula) if isinstance(formula, str) else None
        coordinate = cell.coordinate
        if constant is not None:
            shown: CellValue = constant
        elif coordinate in results:
            used[coordinate] = results[coordinate]
            shown = as_formatted(results[coordinate], cell.number_format, epoch)
        else:
            shown = UnreadFormula(formula) if isinstance(formula, str) else formula
        shown_cells.append((cell.row - 1, cell.column - 1, shown))
    put_cells(rows, shown_cells)
    return used


def as_formatted(result: CellValue, number_format: str, epoch: datetime) -> CellValue:
    """A saved number as the date or duration its cell's format shows it as; any other result as it is."""
    if result.__class__ not in (int, float) or not is_date_format(number_format):
        return result
    try:
        return readable(from_excel(result, epoch, timedelta=is_timedelta_format(number_format)))
    except (OverflowError, ValueError):
        return result
