"""The state of a fake Google spreadsheet: its sheets, their cells, and what staff do to them.

Not thread-safe by itself: :class:`tests.sync.sheets_fake.SheetsFake` holds one lock around every
request and every staff action. Everything here is plain Python over lists, fast enough for a
workbook of 50,000 rows x 15 columns.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.sync.sheets_fake_cells import (
    A1Range,
    CellValue,
    Formula,
    SheetsApiError,
    a1_text,
    invalid,
    parse_a1,
    raw_value,
    render,
    user_entered,
)

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26


@dataclass
class FakeSheet:
    """One tab: its properties (as the API returns them), its cells, and what provisioning set on it."""

    properties: dict[str, Any]
    rows: list[list[CellValue]] = field(default_factory=list)
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)
    validations: list[tuple[dict[str, Any], dict[str, Any] | None]] = field(default_factory=list)
    formats: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    row_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    column_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The tab's name."""
        return str(self.properties["title"])

    @property
    def sheet_id(self) -> int:
        """The tab's numeric id (``gid``)."""
        return int(self.properties["sheetId"])

    @property
    def row_count(self) -> int:
        """Rows in the grid (not only the ones holding data)."""
        return int(self.properties["gridProperties"]["rowCount"])

    @property
    def column_count(self) -> int:
        """Columns in the grid."""
        return int(self.properties["gridProperties"]["columnCount"])

    def resize(self, rows: int | None = None, columns: int | None = None) -> None:
        """Set the grid size; cells that fall outside are dropped, as in Google Sheets."""
        grid = self.properties["gridProperties"]
        if rows is not None:
            grid["rowCount"] = rows
            del self.rows[rows:]
        if columns is not None:
            grid["columnCount"] = columns
            for row in self.rows:
                del row[columns:]

    def clone(self) -> FakeSheet:
        """A copy to apply an all-or-nothing batch to; rows are copied, cell values are immutable."""
        twin = copy.copy(self)
        twin.properties = copy.deepcopy(self.properties)
        twin.rows = [list(row) for row in self.rows]
        for name in ("protected_ranges", "validations", "formats", "conditional_formats"):
            setattr(twin, name, list(getattr(self, name)))
        twin.row_metadata = dict(self.row_metadata)
        twin.column_metadata = dict(self.column_metadata)
        return twin

    # --- cells ---

    def get(self, row: int, column: int) -> CellValue:
        """The value at a 0-based position (None when empty or outside the data)."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return None

    def put(self, row: int, column: int, value: CellValue) -> None:
        """Store a value at a 0-based position inside the grid; a 400 outside it, as Google answers."""
        if row >= self.row_count or column >= self.column_count:
            raise invalid(
                f"Range ({a1_text(self.title, row, row + 1, column, column + 1)}) exceeds grid limits. "
                f"Max rows: {self.row_count}, max columns: {self.column_count}"
            )
        if value is None and (row >= len(self.rows) or column >= len(self.rows[row])):
            return
        while len(self.rows) <= row:
            self.rows.append([])
        cells = self.rows[row]
        if len(cells) <= column:
            cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = value

    def put_row(self, row: int, left: int, values: list[CellValue]) -> None:
        """Store side-by-side values from ``(row, left)``; the caller has checked they fit in the grid."""
        while len(self.rows) <= row:
            self.rows.append([])
        cells = self.rows[row]
        if len(cells) < left + len(values):
            cells.extend([None] * (left + len(values) - len(cells)))
        cells[left : left + len(values)] = values

    def last_data_row(self, start_column: int = 0, end_column: int | None = None) -> int:
        """The 0-based index of the last row with anything in the given columns, or -1."""
        for index in range(len(self.rows) - 1, -1, -1):
            if any(value is not None for value in self.rows[index][start_column:end_column]):
                return index
        return -1

    def bounds(self, parsed: A1Range) -> tuple[int, int, int, int]:
        """A range's 0-based bounds clipped to the grid: start row, end row, start column, end column."""
        start_row = parsed.start_row or 0
        start_column = parsed.start_column or 0
        end_row = self.row_count if parsed.end_row is None else parsed.end_row
        end_column = self.column_count if parsed.end_column is None else parsed.end_column
        return start_row, end_row, start_column, end_column

    def values(self, parsed: A1Range, option: str, columns_major: bool = False) -> tuple[str, list[list[Any]]]:
        """The rendered values of a range, with no trailing empty rows or cells, and the range as text."""
        start_row, end_row, start_column, end_column = self.bounds(parsed)
        end_row_clipped = min(end_row, self.row_count)
        end_column_clipped = min(end_column, self.column_count)
        rendered: list[list[Any]] = []
        for row in self.rows[start_row:end_row_clipped]:
            cells = [render(value, option) for value in row[start_column:end_column_clipped]]
            while cells and cells[-1] == "":
                cells.pop()
            rendered.append(cells)
        while rendered and not rendered[-1]:
            rendered.pop()
        if columns_major:
            width = max((len(row) for row in rendered), default=0)
            rendered = [[row[c] if c < len(row) else "" for row in rendered] for c in range(width)]
            for column_values in rendered:
                while column_values and column_values[-1] == "":
                    column_values.pop()
        text = a1_text(self.title, start_row, end_row_clipped, start_column, end_column_clipped)
        return text, rendered

    def write(self, top: int, left: int, rows: Sequence[Sequence[Any]], entered: Callable[[Any], CellValue]) -> int:
        """Write rows of input values from a top-left corner; ``None`` inputs leave cells alone. Cells written.

        Every value is converted and the bounds checked before anything changes: all or nothing.
        """
        cells = [
            (top + row_offset, left + column_offset, entered(raw))
            for row_offset, values in enumerate(rows)
            for column_offset, raw in enumerate(values)
            if raw is not None
        ]
        if cells:
            self.put(max(row for row, _, _ in cells), max(column for _, column, _ in cells), None)  # bounds check
        for row, column, value in cells:
            self.put(row, column, value)
        return len(cells)

    # --- rows and columns ---

    def insert_rows(self, at: int, count: int) -> None:
        """Insert empty rows before the 0-based row ``at``; the grid grows."""
        self.properties["gridProperties"]["rowCount"] += count
        if at < len(self.rows):
            self.rows[at:at] = [[] for _ in range(count)]

    def delete_rows(self, start: int, end: int) -> None:
        """Delete rows ``start`` to ``end`` (exclusive); those below move up and the grid shrinks."""
        del self.rows[start:end]
        self.properties["gridProperties"]["rowCount"] -= end - start

    def move_rows(self, start: int, end: int, destination: int) -> None:
        """Move rows ``start:end`` so they begin before ``destination`` (counted before they are removed)."""
        self._pad_rows(max(end, destination))
        moving = self.rows[start:end]
        del self.rows[start:end]
        if destination > start:
            destination -= end - start
        self.rows[destination:destination] = moving

    def insert_columns(self, at: int, count: int) -> None:
        """Insert empty columns before the 0-based column ``at``."""
        self.properties["gridProperties"]["columnCount"] += count
        for row in self.rows:
            if at < len(row):
                row[at:at] = [None] * count

    def delete_columns(self, start: int, end: int) -> None:
        """Delete columns ``start`` to ``end`` (exclusive)."""
        for row in self.rows:
            del row[start:end]
        self.properties["gridProperties"]["columnCount"] -= end - start

    def move_columns(self, start: int, end: int, destination: int) -> None:
        """Move columns ``start:end`` so they begin before ``destination`` (counted before removal)."""
        width = max(end, destination)
        adjusted = destination - (end - start) if destination > start else destination
        for row in self.rows:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
            moving = row[start:end]
            del row[start:end]
            row[adjusted:adjusted] = moving

    def sort_rows(self, start: int, end: int, specs: Sequence[tuple[int, bool]]) -> None:
        """Sort rows ``start:end`` by (column, descending) keys; empty cells go last, as in Google Sheets."""
        self._pad_rows(end)
        block = self.rows[start:end]
        for column, descending in reversed(specs):
            filled = [row for row in block if _cell(row, column) is not None]
            empty = [row for row in block if _cell(row, column) is None]
            filled.sort(key=lambda row, c=column: _sort_key(_cell(row, c)), reverse=descending)  # type: ignore[misc]
            block = filled + empty
        self.rows[start:end] = block

    def _pad_rows(self, count: int) -> None:
        while len(self.rows) < min(count, self.row_count):
            self.rows.append([])

    # --- header helpers for staff actions ---

    def column_of(self, header: str) -> int:
        """The 0-based column whose header (row 1) is ``header``, trimmed and case-insensitive."""
        wanted = header.strip().casefold()
        for index, value in enumerate(self.rows[0] if self.rows else []):
            if isinstance(value, str) and value.strip().casefold() == wanted:
                return index
        raise KeyError(f"no column {header!r} in tab {self.title!r}")

    def row_with_id(self, row_id: str, header: str = "ID") -> int:
        """The 0-based row whose ``ID`` cell is ``row_id``."""
        column = self.column_of(header)
        for index, row in enumerate(self.rows):
            if index > 0 and _cell(row, column) == row_id:
                return index
        raise KeyError(f"no row with {header} {row_id!r} in tab {self.title!r}")


def _cell(row: list[CellValue], column: int) -> CellValue:
    return row[column] if column < len(row) else None


def _sort_key(value: CellValue) -> tuple[int, Any]:
    """Numbers before text before booleans, as Sheets sorts mixed columns."""
    if isinstance(value, Formula):
        value = value.value()
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())


@dataclass
class FakeSpreadsheet:
    """One spreadsheet: properties and sheets in tab order."""

    spreadsheet_id: str
    properties: dict[str, Any]
    sheets: list[FakeSheet] = field(default_factory=list)
    next_sheet_id: int = 1

    def sheet(self, title: str | None) -> FakeSheet:
        """The sheet with this title (None: the first sheet); a 400 "Unable to parse range" if absent."""
        if title is None and self.sheets:
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise invalid(f"Unable to parse range: {title}")

    def sheet_by_id(self, sheet_id: int) -> FakeSheet:
        """The sheet with this numeric id; a 400 if absent."""
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise invalid(f"No grid with id: {sheet_id}")

    def add_sheet(
        self,
        title: str,
        *,
        sheet_id: int | None = None,
        index: int | None = None,
        rows: int = DEFAULT_ROWS,
        columns: int = DEFAULT_COLUMNS,
        grid: dict[str, Any] | None = None,
    ) -> FakeSheet:
        """Add an empty tab; a 400 when the title or the id is taken, as Google answers."""
        if any(sheet.title.casefold() == title.casefold() for sheet in self.sheets):
            raise invalid(f'A sheet with the name "{title}" already exists. Please enter another name.')
        if sheet_id is None:
            sheet_id = self.next_sheet_id
            while any(sheet.sheet_id == sheet_id for sheet in self.sheets):
                sheet_id += 1
        elif any(sheet.sheet_id == sheet_id for sheet in self.sheets):
            raise invalid(f"Invalid requests[0].addSheet: Sheet with id {sheet_id} already exists.")
        self.next_sheet_id = max(self.next_sheet_id, sheet_id + 1)
        grid_properties = {"rowCount": rows, "columnCount": columns} | (grid or {})
        position = len(self.sheets) if index is None else min(index, len(self.sheets))
        sheet = FakeSheet(
            {
                "sheetId": sheet_id,
                "title": title,
                "index": position,
                "sheetType": "GRID",
                "gridProperties": grid_properties,
            }
        )
        self.sheets.insert(position, sheet)
        self.renumber()
        return sheet

    def renumber(self) -> None:
        """Keep each sheet's ``index`` property equal to its place in the tab order."""
        for position, sheet in enumerate(self.sheets):
            sheet.properties["index"] = position

    def clone(self) -> FakeSpreadsheet:
        """A copy to apply an all-or-nothing batch to."""
        return FakeSpreadsheet(
            self.spreadsheet_id,
            copy.deepcopy(self.properties),
            [sheet.clone() for sheet in self.sheets],
            self.next_sheet_id,
        )

    def range_of(self, text: str) -> tuple[FakeSheet, A1Range]:
        """The sheet and bounds an A1 range names."""
        parsed = parse_a1(text)
        return self.sheet(parsed.sheet), parsed

    # --- values.* ---

    def values_get(self, range_text: str, option: str, columns_major: bool = False) -> dict[str, Any]:
        """A ValueRange as ``values.get`` returns it; ``values`` is absent when the range is empty."""
        sheet, parsed = self.range_of(range_text)
        text, rendered = sheet.values(parsed, option, columns_major)
        answer: dict[str, Any] = {"range": text, "majorDimension": "COLUMNS" if columns_major else "ROWS"}
        if rendered:
            answer["values"] = rendered
        return answer

    def values_update(
        self, range_text: str, rows: list[list[Any]], input_option: str, columns_major: bool = False
    ) -> dict[str, Any]:
        """Write values at a range's top-left corner (``values.update``); RAW or USER_ENTERED."""
        sheet, parsed = self.range_of(range_text)
        if columns_major:
            width = max((len(column) for column in rows), default=0)
            rows = [[column[r] if r < len(column) else None for column in rows] for r in range(width)]
        start_row, end_row, start_column, end_column = sheet.bounds(parsed)
        height, width = len(rows), max((len(row) for row in rows), default=0)
        single_cell = (end_row - start_row, end_column - start_column) == (1, 1)  # an anchor: data may spread
        if not single_cell and (
            (parsed.end_row is not None and height > end_row - start_row)
            or (parsed.end_column is not None and width > end_column - start_column)
        ):
            raise invalid(f"Requested writing within range [{range_text}], but tried writing more rows or columns")
        written = sheet.write(start_row, start_column, rows, entering(input_option))
        updated = a1_text(
            sheet.title, start_row, start_row + max(height, 1), start_column, start_column + max(width, 1)
        )
        return {
            "spreadsheetId": self.spreadsheet_id,
            "updatedRange": updated,
            "updatedRows": height,
            "updatedColumns": width,
            "updatedCells": written,
        }

    def values_append(self, range_text: str, rows: list[list[Any]], input_option: str, insert_rows: bool) -> dict:
        """``values.append``: after the last row with data in the range's columns; INSERT_ROWS or OVERWRITE."""
        sheet, parsed = self.range_of(range_text)
        _, _, start_column, end_column = sheet.bounds(parsed)
        table_end = sheet.last_data_row(start_column, None if parsed.end_column is None else end_column)
        table_start = max(parsed.start_row or 0, 0)
        top = max(table_end + 1, table_start)
        width = max((len(row) for row in rows), default=0)
        convert = entering(input_option)
        rows = [[None if raw is None else convert(raw) for raw in row] for row in rows]  # refuse before changing
        if insert_rows:
            sheet.insert_rows(top, len(rows))
        elif top + len(rows) > sheet.row_count:
            sheet.resize(rows=top + len(rows))
        if start_column + width > sheet.column_count:
            sheet.resize(columns=start_column + width)
        written = sheet.write(top, start_column, rows, lambda value: value)
        table = a1_text(sheet.title, table_start, max(table_end + 1, table_start + 1), start_column, start_column + 1)
        updated = a1_text(sheet.title, top, top + len(rows), start_column, start_column + max(width, 1))
        return {
            "spreadsheetId": self.spreadsheet_id,
            "tableRange": table,
            "updates": {
                "spreadsheetId": self.spreadsheet_id,
                "updatedRange": updated,
                "updatedRows": len(rows),
                "updatedColumns": width,
                "updatedCells": written,
            },
        }

    def values_clear(self, range_text: str) -> str:
        """Empty every cell of a range (``values.clear``); formats and validation stay."""
        sheet, parsed = self.range_of(range_text)
        start_row, end_row, start_column, end_column = sheet.bounds(parsed)
        for row in sheet.rows[start_row:end_row]:
            for column in range(start_column, min(end_column, len(row))):
                row[column] = None
        return a1_text(
            sheet.title, start_row, min(end_row, sheet.row_count), start_column, min(end_column, sheet.column_count)
        )


def entering(input_option: str | None) -> Callable[[Any], CellValue]:
    """How input values become cells for a valueInputOption; it is required, as in the real API."""
    if input_option == "RAW":
        return raw_value
    if input_option == "USER_ENTERED":
        return user_entered
    if not input_option:
        raise invalid("'valueInputOption' is required but not specified")
    raise SheetsApiError(400, f"Invalid value at 'value_input_option' ({input_option})")
