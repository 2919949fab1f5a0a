"""One fake spreadsheet as staff see it in their browser: look at tabs, type, sort, insert, move, delete.

Every method takes the fake's lock, so staff act between two requests, never in the middle of one.
Typing follows the browser's rules (USER_ENTERED): ``=1+1`` becomes a formula, ``42`` a number.
Rows and columns are 0-based, header row included, as in :class:`sync.memory.MemoryWorkbook`. Every
edit moves the spreadsheet's Drive version, as Google's does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sync.backend import Grid, trim_grid
from tests.sync.sheets_fake_cells import CellValue, a1_name, parse_a1, raw_value, user_entered
from tests.sync.sheets_fake_model import FakeSheet, FakeSpreadsheet

if TYPE_CHECKING:
    from tests.sync.sheets_fake import SheetsFake


class SpreadsheetView:
    """The staff's hands on one spreadsheet of a :class:`~tests.sync.sheets_fake.SheetsFake`."""

    def __init__(self, fake: SheetsFake, key: str) -> None:
        self._fake = fake
        self.key = key

    @property
    def _book(self) -> FakeSpreadsheet:
        return self._fake.books[self.key]

    # --- looking ---

    def tab_names(self) -> list[str]:
        """The tabs in their order."""
        with self._fake.lock:
            return [sheet.title for sheet in self._book.sheets]

    def sheet(self, name: str) -> FakeSheet:
        """The tab itself: properties, validations, protected ranges, formats, filter, sizes."""
        with self._fake.lock:
            return self._book.sheet(name)

    def tab(self, name: str) -> Grid:
        """The tab as lobbydesk reads it: formulas as their text, empty cells None, nothing trailing."""
        with self._fake.lock:
            _, rendered = self._book.sheet(name).values(parse_a1(a1_name(name)), "FORMULA")
        return trim_grid(rendered)

    def rows_by_header(self, name: str) -> list[dict[str, Any]]:
        """The data rows of a tab as dicts keyed by the header row's text."""
        grid = self.tab(name)
        headers = [str(h) if h is not None else "" for h in grid[0]] if grid else []
        return [{h: row[i] if i < len(row) else None for i, h in enumerate(headers) if h} for row in grid[1:]]

    def cell(self, name: str, row: int, column: int) -> CellValue:
        """What a cell holds: a value, or a ``Formula`` when it computes."""
        with self._fake.lock:
            return self._book.sheet(name).get(row, column)

    # --- typing ---

    def type_cell(self, name: str, row: int, column: int, value: Any) -> None:
        """Type into a cell by position, as in the browser; None empties it. The grid grows if needed."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            sheet = self._book.sheet(name)
            if row >= sheet.row_count:
                sheet.resize(rows=row + 1)
            if column >= sheet.column_count:
                sheet.resize(columns=column + 1)
            sheet.put(row, column, None if value is None else user_entered(value))

    def type_into(self, name: str, *, row_id: str, header: str, value: Any) -> None:
        """Type into the row whose ``ID`` is ``row_id``, in the column headed ``header``."""
        with self._fake.lock:
            sheet = self._book.sheet(name)
            self.type_cell(name, sheet.row_with_id(row_id), sheet.column_of(header), value)

    # --- rows ---

    def insert_row(self, name: str, row: int, count: int = 1) -> None:
        """Insert empty rows before a row; the rows below move down."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheet(name).insert_rows(row, count)

    def delete_row(self, name: str, row: int, count: int = 1) -> None:
        """Delete rows; the rows below move up."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheet(name).delete_rows(row, row + count)

    def move_rows(self, name: str, start: int, count: int, *, to: int) -> None:
        """Drag ``count`` rows from ``start`` so they land before row ``to`` (as counted before the drag)."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheet(name).move_rows(start, start + count, to)

    def sort_rows(self, name: str, header: str, *, descending: bool = False) -> None:
        """Sort the rows under the header row by one column, as "Sort sheet" with a frozen header does."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            sheet = self._book.sheet(name)
            sheet.sort_rows(1, sheet.last_data_row() + 1, [(sheet.column_of(header), descending)])

    def reverse_rows(self, name: str) -> None:
        """Put the rows under the header in the opposite order (a sort that surely moves every row)."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            sheet = self._book.sheet(name)
            last = sheet.last_data_row() + 1
            sheet.rows[1:last] = list(reversed(sheet.rows[1:last]))

    # --- columns ---

    def move_column(self, name: str, header: str, to: int) -> None:
        """Cut the column headed ``header`` and insert it at 0-based position ``to``."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            sheet = self._book.sheet(name)
            source = sheet.column_of(header)
            destination = to + 1 if to > source else to
            sheet.move_columns(source, source + 1, destination)

    def insert_column(self, name: str, column: int, header: str, values: Sequence[Any] = ()) -> None:
        """Insert a column with a header and values typed below it."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheet(name).insert_columns(column, 1)
            for row, value in enumerate([header, *values]):
                self.type_cell(name, row, column, value)

    def delete_column(self, name: str, header: str) -> None:
        """Delete the column headed ``header``."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            sheet = self._book.sheet(name)
            column = sheet.column_of(header)
            sheet.delete_columns(column, column + 1)

    # --- tabs ---

    def add_tab(self, name: str, rows: Sequence[Sequence[Any]] = ()) -> None:
        """Add a tab and type rows into it."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.add_sheet(name)
            for row_index, values in enumerate(rows):
                for column, value in enumerate(values):
                    self.type_cell(name, row_index, column, value)

    def load_tab(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        """Fill a tab (made if missing, grown to fit) with values as given (RAW): fast, for big workbooks."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            book = self._book
            if name not in [sheet.title for sheet in book.sheets]:
                book.add_sheet(name)
            sheet = book.sheet(name)
            width = max((len(row) for row in rows), default=0)
            sheet.resize(rows=max(sheet.row_count, len(rows)), columns=max(sheet.column_count, width))
            sheet.rows = [[raw_value(value) for value in row] for row in rows]

    def delete_tab(self, name: str) -> None:
        """Delete a tab and everything in it."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheets.remove(self._book.sheet(name))
            self._book.renumber()

    def rename_tab(self, name: str, new_name: str) -> None:
        """Rename a tab."""
        with self._fake.lock:
            self._fake.note_change(self.key)
            self._book.sheet(name).properties["title"] = new_name
