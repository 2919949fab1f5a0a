"""How big the workbook has grown against the limit its kind of file sets, for ``lobbydesk sync --status``.

Google Sheets allows 10,000,000 cells per spreadsheet, counting every cell of every tab's grid, empty
ones too (a tab's rows x columns, not only the filled part). An .xlsx file has no cell limit, but a tab
holds at most 1,048,576 rows, and the office suites slow down long before that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from sync.backend import CellValue

GOOGLE_CELL_LIMIT = 10_000_000
XLSX_ROW_LIMIT = 1_048_576  # per tab


@dataclass(frozen=True)
class WorkbookSize:
    """The workbook's tabs, rows and cells as its backend counts them, and the limit that applies."""

    tabs: int
    rows: int  # all tabs together, header rows included
    cells: int  # all tabs together: the grids' rows x columns on Google, the used range elsewhere
    largest_tab: str = ""
    largest_tab_rows: int = 0
    cell_limit: int | None = None  # Google's limit on the whole spreadsheet
    row_limit: int | None = None  # a limit per tab (.xlsx)
    per_tab: tuple[tuple[str, int, int], ...] = ()  # (tab, rows with the header, columns)

    def used(self) -> float | None:
        """The fraction of the limit used: cells against the cell limit, or the largest tab's rows."""
        if self.cell_limit:
            return self.cells / self.cell_limit
        if self.row_limit:
            return self.largest_tab_rows / self.row_limit
        return None

    def describe(self) -> str:
        """``412,000 cells of 10,000,000 (4.1 %) in 21 tabs, 20,500 rows; largest Queue (18,000 rows)``."""
        largest = f"; largest {self.largest_tab} ({self.largest_tab_rows:,} rows)" if self.largest_tab else ""
        where = f"in {self.tabs} tabs, {self.rows:,} rows{largest}"
        used = self.used()
        if self.cell_limit:
            return f"{self.cells:,} cells of {self.cell_limit:,} ({used:.1%}) {where}"
        if self.row_limit:
            return f"{self.cells:,} cells {where}; the largest tab uses {used:.1%} of {self.row_limit:,} rows"
        return f"{self.cells:,} cells {where}"


@runtime_checkable
class SizedWorkbook(Protocol):
    """A backend that can tell its size without a request of its own (from what it last read or wrote)."""

    def size(self) -> WorkbookSize | None:
        """The workbook's size as last seen; None before the first read."""


def size_of_grids(
    grids: Mapping[str, Sequence[Sequence[CellValue]]], *, cell_limit: int | None = None, row_limit: int | None = None
) -> WorkbookSize:
    """The size of tabs given as grids: each tab's rows x its widest row."""
    return size_of_tabs(
        {name: (len(grid), max((len(row) for row in grid), default=0)) for name, grid in grids.items()},
        cell_limit=cell_limit, row_limit=row_limit,
    )


def size_of_tabs(
    tabs: Mapping[str, tuple[int, int]], *, cell_limit: int | None = None, row_limit: int | None = None
) -> WorkbookSize:
    """The size of tabs given as (rows, columns) by name."""
    largest = max(tabs.items(), key=lambda item: item[1][0], default=("", (0, 0)))
    return WorkbookSize(
        tabs=len(tabs),
        rows=sum(rows for rows, _columns in tabs.values()),
        cells=sum(rows * columns for rows, columns in tabs.values()),
        largest_tab=largest[0],
        largest_tab_rows=largest[1][0],
        cell_limit=cell_limit,
        row_limit=row_limit,
        per_tab=tuple((name, rows, columns) for name, (rows, columns) in tabs.items()),
    )


def size_from_json(fields: dict[str, Any]) -> WorkbookSize:
    """A size as ``dataclasses.asdict`` and JSON left it (its tuples as lists); raises TypeError/ValueError."""
    per_tab = tuple((str(name), int(rows), int(columns)) for name, rows, columns in fields.get("per_tab", []))
    return WorkbookSize(**(fields | {"per_tab": per_tab}))
