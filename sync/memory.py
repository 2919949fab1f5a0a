"""An in-memory workbook: the ``memory://`` backend, and the workbook tests type into like staff do."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sync.backend import CellValue, Grid, ReadGrid, Row, WorkbookBusy, WorkbookUnavailable, WriteBatch, trim_grid
from sync.formats import FoundFormat, TabFormat
from sync.mapping import cell_text
from sync.size import WorkbookSize, size_of_grids


class MemoryWorkbook:
    """A workbook held in a dict of grids; counts its requests and can pretend to be busy.

    ``changes`` counts every change of the contents (a write, anything staff do); it is the version
    the engine compares to skip reading a workbook nothing changed in.
    """

    def __init__(self, tabs: Mapping[str, Sequence[Sequence[CellValue]]] | None = None) -> None:
        self._tabs: dict[str, Grid] = {name: [list(row) for row in grid] for name, grid in (tabs or {}).items()}
        self._open = False
        self.reads = 0
        self.writes = 0
        self.changes = 0
        # When set, writes raise WorkbookBusy with this message, as if the file were open in Excel.
        self.busy_reason: str | None = None
        # How each tab looks, as provisioning left it (and staff changed it since): see sync.formats.
        self.formats: dict[str, FoundFormat] = {}
        # Two sites' sync threads may share one in-memory workbook; each request is atomic.
        self._lock = threading.RLock()
        # The tab versions each thread's last read or write saw (two sites sharing the workbook each have theirs).
        self._seen = threading.local()

    # --- the backend protocol ---

    def open(self) -> None:
        """Nothing to connect to; only remembers that it was opened."""
        self._open = True

    def close(self) -> None:
        """Forget that it was opened; the tabs are kept."""
        self._open = False

    def describe(self) -> str:
        """In words for a person."""
        return "the in-memory workbook"

    def version(self) -> str:
        """The change counter: it moves with every write and every edit."""
        self._require_open()
        return str(self.changes)

    def read(self, tabs: Sequence[str]) -> dict[str, ReadGrid]:
        """Copies of the named tabs that exist."""
        self._require_open()
        with self._lock:
            self.reads += 1
            grids: dict[str, ReadGrid] = {name: trim_grid(self._tabs[name]) for name in tabs if name in self._tabs}
            # Every tab's, the ones not read too: what a write after this read may vouch for (see write).
            self._seen.versions = {name: _digest(grids[name] if name in grids else trim_grid(grid))
                                   for name, grid in self._tabs.items()}
            return grids

    def tab_versions(self) -> dict[str, str]:
        """A digest of each tab's cells as a read gives them, types included."""
        self._require_open()
        with self._lock:
            return {name: _digest(trim_grid(grid)) for name, grid in self._tabs.items()}

    def tab_versions_are_exact(self) -> bool:
        """True: a digest of the cells."""
        return True

    def last_tab_versions(self) -> dict[str, str]:
        """The versions of every tab at this thread's last read, and those its last write left in the tabs it changed.

        A tab someone else changed between that read and the write is left out: the write did not make it what it is.
        """
        return dict(getattr(self._seen, "versions", {}))

    def size(self) -> WorkbookSize:
        """Every tab's rows x its widest row."""
        with self._lock:
            return size_of_grids(self._tabs)

    def write(self, batch: WriteBatch) -> None:
        """Apply the batch: new tabs, then cell updates, then appended rows."""
        self._require_open()
        if batch.is_empty():
            return
        if self.busy_reason is not None:
            raise WorkbookBusy(self.busy_reason)
        with self._lock:
            missing = {u.tab for u in batch.updates} | set(batch.appends)
            missing -= set(self._tabs) | set(batch.new_tabs)
            if missing:
                raise WorkbookUnavailable(f"the in-memory workbook has no tab {sorted(missing)[0]!r}")
            self.writes += 1
            self.changes += 1
            seen: dict[str, str] = getattr(self._seen, "versions", {})
            touched = set(batch.new_tabs) | {update.tab for update in batch.updates} | set(batch.appends)
            as_read = {name for name in touched
                       if (name not in self._tabs and name in batch.new_tabs)
                       or (name in self._tabs and seen.get(name) == _digest(trim_grid(self._tabs[name])))}
            for name, headers in batch.new_tabs.items():
                self._tabs.setdefault(name, [list(headers)])
            for update in batch.updates:
                self.set_cell(update.tab, update.row, update.column, update.value)
            for name, rows in batch.appends.items():
                grid = self._tabs[name]
                del grid[len(trim_grid(grid)) :]  # appended rows go right after the last row with anything in it
                grid.extend(list(row) for row in rows)
            self._seen.versions = {name: version for name, version in seen.items() if name not in touched}
            self._seen.versions.update((name, _digest(trim_grid(self._tabs[name]))) for name in as_read)

    def apply_formats(self, formats: Sequence[TabFormat]) -> None:
        """Remember how each tab looks now, as a spreadsheet program would after provisioning."""
        self._require_open()
        if self.busy_reason is not None:
            raise WorkbookBusy(self.busy_reason)
        with self._lock:
            for wanted in formats:
                if wanted.tab not in self._tabs:
                    raise WorkbookUnavailable(f"the in-memory workbook has no tab {wanted.tab!r} to format")
                self.writes += 1
                self.formats[wanted.tab] = FoundFormat(
                    wanted.tab,
                    exists=True,
                    frozen_header=True,
                    filter_on=True,
                    protected=wanted.protected,
                    dropdowns={column.header: column.choices for column in wanted.columns if column.choices},
                    locked={column.header for column in wanted.columns if column.locked},
                    shaded={column.header for column in wanted.columns if column.locked},
                    highlights=set(wanted.highlights),
                )

    def read_formats(self, formats: Sequence[TabFormat]) -> dict[str, FoundFormat]:
        """How each tab looks, with the headers it has now."""
        self._require_open()
        with self._lock:
            self.reads += 1
            found = {}
            for wanted in formats:
                if wanted.tab not in self._tabs:
                    found[wanted.tab] = FoundFormat(wanted.tab, exists=False)
                    continue
                header_row = self._tabs[wanted.tab][0] if self._tabs[wanted.tab] else []
                headers = [cell_text(cell) for cell in header_row if cell is not None]
                look = self.formats.get(wanted.tab, FoundFormat(wanted.tab, exists=True))
                found[wanted.tab] = replace(look, headers=headers)
            return found

    # --- what staff (and tests) do to the sheet ---

    def tab(self, name: str) -> Grid:
        """A copy of one tab as a read would return it; KeyError if there is no such tab."""
        return trim_grid(self._tabs[name])

    def tab_names(self) -> list[str]:
        """The tabs, in the order they were created."""
        return list(self._tabs)

    def rows_by_header(self, name: str) -> list[dict[str, CellValue]]:
        """The data rows of a tab as dicts keyed by the header row's text."""
        grid = self.tab(name)
        headers = [str(h) if h is not None else "" for h in grid[0]] if grid else []
        return [{h: row[i] if i < len(row) else None for i, h in enumerate(headers) if h} for row in grid[1:]]

    def set_cell(self, name: str, row: int, column: int, value: CellValue) -> None:
        """Put a value into a cell by 0-based position, growing the grid as needed."""
        self.changes += 1
        grid = self._tabs[name]
        while len(grid) <= row:
            grid.append([])
        cells = grid[row]
        while len(cells) <= column:
            cells.append(None)
        cells[column] = value

    def type_into(self, name: str, *, row_id: str, header: str, value: CellValue) -> None:
        """Type a value into the row whose ``ID`` cell is ``row_id``, in the column headed ``header``."""
        grid = self._tabs[name]
        column = self._column_of(name, header)
        id_column = self._column_of(name, "ID")
        for index, row in enumerate(grid):
            if index > 0 and id_column < len(row) and row[id_column] == row_id:
                self.set_cell(name, index, column, value)
                return
        raise KeyError(f"no row with ID {row_id!r} in tab {name!r}")

    def delete_row(self, name: str, row: int) -> None:
        """Delete a row; the rows below move up, as in a spreadsheet."""
        self.changes += 1
        del self._tabs[name][row]

    def insert_row(self, name: str, row: int, values: Sequence[CellValue] = ()) -> None:
        """Insert a row (blank unless given values) at a 0-based position; the rows below move down."""
        self.changes += 1
        grid = self._tabs[name]
        while len(grid) < row:
            grid.append([])
        grid.insert(row, list(values))

    def move_row(self, name: str, row: int, to: int) -> None:
        """Cut a data row and insert it at another 0-based position."""
        self.changes += 1
        grid = self._tabs[name]
        grid.insert(to, grid.pop(row))

    def sort_rows(self, name: str, header: str, *, descending: bool = False) -> None:
        """Sort the data rows by one column, as text, blank cells last (what a spreadsheet's sort does)."""
        self.changes += 1
        grid = self._tabs[name]
        column = self._column_of(name, header)

        def key(row: Row) -> tuple[bool, str]:
            text = cell_text(row[column]) if column < len(row) else ""
            return (not text) != descending, text

        grid[1:] = sorted(grid[1:], key=key, reverse=descending)

    def add_row(self, name: str, values: Mapping[str, CellValue]) -> int:
        """Type a new row under the last one, by header; returns its 0-based index."""
        index = len(trim_grid(self._tabs[name]))
        for header, value in values.items():
            self.set_cell(name, index, self._column_of(name, header), value)
        return index

    def find_row(self, name: str, header: str, value: CellValue) -> int:
        """The 0-based index of the first data row whose cell under ``header`` reads as ``value``."""
        column = self._column_of(name, header)
        for index, row in enumerate(self._tabs[name]):
            if index > 0 and column < len(row) and cell_text(row[column]) == cell_text(value):
                return index
        raise KeyError(f"no row with {header} {value!r} in tab {name!r}")

    def type_at(self, name: str, row: int, header: str, value: CellValue) -> None:
        """Type a value into a row, by its 0-based index, in the column headed ``header``."""
        self.set_cell(name, row, self._column_of(name, header), value)

    def insert_column(self, name: str, column: int, header: str, values: Sequence[CellValue] = ()) -> None:
        """Insert a column at a 0-based position with a header and optional values for the rows below."""
        self.changes += 1
        grid = self._tabs[name]
        for index, row in enumerate(grid):
            while len(row) < column:
                row.append(None)
            value: CellValue = header if index == 0 else (values[index - 1] if index - 1 < len(values) else None)
            row.insert(column, value)

    def delete_column(self, name: str, header: str) -> None:
        """Delete the column headed ``header``; the columns to its right move left."""
        self.changes += 1
        column = self._column_of(name, header)
        for row in self._tabs[name]:
            if column < len(row):
                del row[column]

    def move_column(self, name: str, header: str, to: int) -> None:
        """Cut the column headed ``header`` and insert it at 0-based position ``to``."""
        self.changes += 1
        grid = self._tabs[name]
        width = max(len(row) for row in grid)
        source = self._column_of(name, header)
        for row in grid:
            row.extend([None] * (width - len(row)))
            row.insert(to, row.pop(source))

    def _column_of(self, name: str, header: str) -> int:
        wanted = header.strip().casefold()
        header_row: Row = self._tabs[name][0] if self._tabs[name] else []
        for index, cell in enumerate(header_row):
            if isinstance(cell, str) and cell.strip().casefold() == wanted:
                return index
        raise KeyError(f"no column {header!r} in tab {name!r}")

    def _require_open(self) -> None:
        if not self._open:
            raise WorkbookUnavailable("the in-memory workbook was not opened")


def _digest(grid: ReadGrid) -> str:
    """A tab's cells, types included (1, 1.0 and True are different cells), as a short digest."""
    return hashlib.sha256(repr(list(grid)).encode()).hexdigest()
