"""An in-memory workbook: the ``memory://`` backend, and the workbook tests type into like staff do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sync.backend import CellValue, Grid, Row, WorkbookBusy, WorkbookUnavailable, WriteBatch, trim_grid


class MemoryWorkbook:
    """A workbook held in a dict of grids; counts its requests and can pretend to be busy."""

    def __init__(self, tabs: Mapping[str, Sequence[Sequence[CellValue]]] | None = None) -> None:
        self._tabs: dict[str, Grid] = {name: [list(row) for row in grid] for name, grid in (tabs or {}).items()}
        self._open = False
        self.reads = 0
        self.writes = 0
        # When set, writes raise WorkbookBusy with this message, as if the file were open in Excel.
        self.busy_reason: str | None = None

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

    def read(self, tabs: Sequence[str]) -> dict[str, Grid]:
        """Copies of the named tabs that exist."""
        self._require_open()
        self.reads += 1
        return {name: trim_grid(self._tabs[name]) for name in tabs if name in self._tabs}

    def write(self, batch: WriteBatch) -> None:
        """Apply the batch: new tabs, then cell updates, then appended rows."""
        self._require_open()
        if batch.is_empty():
            return
        if self.busy_reason is not None:
            raise WorkbookBusy(self.busy_reason)
        missing = {u.tab for u in batch.updates} | set(batch.appends)
        missing -= set(self._tabs) | set(batch.new_tabs)
        if missing:
            raise WorkbookUnavailable(f"the in-memory workbook has no tab {sorted(missing)[0]!r}")
        self.writes += 1
        for name, headers in batch.new_tabs.items():
            self._tabs.setdefault(name, [list(headers)])
        for update in batch.updates:
            self.set_cell(update.tab, update.row, update.column, update.value)
        for name, rows in batch.appends.items():
            grid = self._tabs[name]
            del grid[len(trim_grid(grid)) :]  # appended rows go right after the last row with anything in it
            grid.extend(list(row) for row in rows)

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
        del self._tabs[name][row]

    def insert_column(self, name: str, column: int, header: str, values: Sequence[CellValue] = ()) -> None:
        """Insert a column at a 0-based position with a header and optional values for the rows below."""
        grid = self._tabs[name]
        for index, row in enumerate(grid):
            while len(row) < column:
                row.append(None)
            value: CellValue = header if index == 0 else (values[index - 1] if index - 1 < len(values) else None)
            row.insert(column, value)

    def delete_column(self, name: str, header: str) -> None:
        """Delete the column headed ``header``; the columns to its right move left."""
        column = self._column_of(name, header)
        for row in self._tabs[name]:
            if column < len(row):
                del row[column]

    def move_column(self, name: str, header: str, to: int) -> None:
        """Cut the column headed ``header`` and insert it at 0-based position ``to``."""
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
