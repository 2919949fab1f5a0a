"""Making sure a write landed where the engine meant it, though staff may sort rows at any moment.

The engine plans cell updates by position, on the grid it has just read. On Google Sheets staff edit
live, so a sort, an inserted or deleted row, or a moved column in the second between our read and
our write would send values into other people's rows, and the next cycle would take them for staff
edits. Google has no conditional write, but a batchUpdate can answer with the cells as they are just
after it was applied, in the same request. So the write asks for the header row and, for each row it
updated, that row's ID (or the whole row when it has no ID yet). If anything moved, the guard reads
the tabs again and returns the updates that put stray values back and write ours where they belong.
Appended rows need no check for order (they go after the last row), only for a moved column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sync.backend import CellUpdate, CellValue, ReadGrid, Row, WriteBatch
from sync.google_requests import a1_tab, column_letters
from sync.mapping import cell_text, header_key
from sync.packed_grid import rows_at

ID_KEY = header_key("ID")
ANSWER_FIELDS = (
    "spreadsheetId,replies,updatedSpreadsheet(sheets(properties(title),"
    "data(startRow,startColumn,rowData(values(userEnteredValue,formattedValue)))))"
)


@dataclass
class _TabCheck:
    """What one tab should look like right after the write, where the answer shows it."""

    title: str
    planned_on: ReadGrid
    header_after: Row
    cells: dict[tuple[int, int], CellValue] = field(default_factory=dict)  # (row, column) -> expected value
    ranges: list[str] = field(default_factory=list)


class Guard:
    """Checks one write against the grid it was planned on; does nothing for a write not planned on a read."""

    def __init__(self, batch: WriteBatch, planned_on: Mapping[str, ReadGrid], titles: Mapping[str, str]) -> None:
        """``titles`` spells each tab's name as the spreadsheet does (it may differ in case from the engine's)."""
        self._batch = batch
        self._checks: dict[str, _TabCheck] = {}
        for tab, grid in planned_on.items():
            updates = [u for u in batch.updates if u.tab == tab]
            if grid and (updates or batch.appends.get(tab)):
                self._checks[tab] = _plan_check(titles.get(tab, tab), grid, updates)

    def response_request(self) -> dict[str, Any]:
        """What to add to the batchUpdate body so its answer shows the cells to check."""
        if not self._checks:
            return {}
        ranges = [text for check in self._checks.values() for text in check.ranges]
        return {"includeSpreadsheetInResponse": True, "responseRanges": ranges, "responseIncludeGridData": True}

    def response_fields(self) -> str | None:
        """The fields of the answer worth sending back (only the cells' values)."""
        return ANSWER_FIELDS if self._checks else None

    def corrections(
        self, answer: Mapping[str, Any], read: Callable[[list[str]], dict[str, ReadGrid]]
    ) -> list[CellUpdate]:
        """Updates that move stray values back, or nothing when every cell landed where it was meant to."""
        seen = _cells_in_answer(answer)
        moved = [
            tab
            for tab, check in self._checks.items()
            if any(not _same(seen.get(check.title, {}).get(spot), value) for spot, value in check.cells.items())
        ]
        if not moved:
            return []
        fresh = read(moved)
        fixes: list[CellUpdate] = []
        for tab in moved:
            if fresh.get(tab):
                fixes.extend(relocate(self._checks[tab].planned_on, fresh[tab], self._batch, tab))
        return fixes


def _plan_check(title: str, grid: ReadGrid, updates: Sequence[CellUpdate]) -> _TabCheck:
    header = list(grid[0])
    for update in updates:
        if update.row == 0:
            header = _with(header, update.column, update.value)
    check = _TabCheck(title, grid, header)
    name = a1_tab(title)
    check.ranges.append(f"{name}!1:1")
    for column, value in enumerate(header):
        check.cells[(0, column)] = value
    id_column = _Grid(grid).id_column
    for row, in_row in sorted(_by_row(updates).items()):
        if row == 0:
            continue
        planned = list(grid[row]) if row < len(grid) else []
        row_id = planned[id_column] if id_column is not None and id_column < len(planned) else None
        if id_column is not None and row_id not in (None, "") and all(u.column != id_column for u in in_row):
            check.cells[(row, id_column)] = row_id  # the row is known by its ID
            check.ranges.append(f"{name}!{column_letters(id_column)}{row + 1}")
        else:
            for update in in_row:
                planned = _with(planned, update.column, update.value)
            for column, value in enumerate(planned):
                check.cells[(row, column)] = value
            check.ranges.append(f"{name}!{row + 1}:{row + 1}")
    return check


def _by_row(updates: Sequence[CellUpdate]) -> dict[int, list[CellUpdate]]:
    rows: dict[int, list[CellUpdate]] = {}
    for update in updates:
        rows.setdefault(update.row, []).append(update)
    return rows


def _with(row: Sequence[CellValue], column: int, value: CellValue) -> Row:
    changed = list(row) + [None] * (column + 1 - len(row))
    changed[column] = value
    return changed


def _cells_in_answer(answer: Mapping[str, Any]) -> dict[str, dict[tuple[int, int], dict[str, Any]]]:
    cells: dict[str, dict[tuple[int, int], dict[str, Any]]] = {}
    for sheet in answer.get("updatedSpreadsheet", {}).get("sheets", []):
        found = cells.setdefault(str(sheet.get("properties", {}).get("title")), {})
        for data in sheet.get("data", []):
            top, left = int(data.get("startRow", 0)), int(data.get("startColumn", 0))
            for row_offset, row in enumerate(data.get("rowData", [])):
                for column_offset, cell in enumerate(row.get("values", [])):
                    found[(top + row_offset, left + column_offset)] = cell
    return cells


def _same(cell: Mapping[str, Any] | None, expected: CellValue) -> bool:
    """Does a cell of the answer hold the value expected? Compared as the sync compares cells."""
    entered = (cell or {}).get("userEnteredValue", {})
    value = next(iter(entered.values()), None) if entered else None
    if cell_text(value) == cell_text(expected):
        return True
    # A date staff typed is a number underneath; the read saw it as the text it shows.
    return expected is not None and (cell or {}).get("formattedValue") == str(expected)


def relocate(planned_on: ReadGrid, fresh: ReadGrid, batch: WriteBatch, title: str) -> list[CellUpdate]:
    """Updates that undo a write's stray cells on ``fresh`` and redo them on the rows and columns meant.

    Rows are found by their ID, or by their content when they have none; columns by their header.
    A stray cell gets back the value its row had when the engine read it; a row that is gone is
    left to the next cycle (which restores it).
    """
    before, now = _Grid(planned_on), _Grid(fresh)
    updates = [u for u in batch.updates if u.tab == title and u.row > 0]
    rows = _by_row(updates)
    before.look_at(rows)
    now.look_at(rows)
    put_back: list[CellUpdate] = []
    redo: list[CellUpdate] = []
    for update in updates:
        key = before.header_at(update.column)
        if key is None:
            continue
        written_here = {before.header_at(u.column) for u in rows[update.row]}
        meant_row = before.find_in(now, update.row, ignore=written_here)
        meant_column = now.columns.get(key)
        if (meant_row, meant_column) == (update.row, update.column):
            continue
        if update.row < len(fresh) and cell_text(now.cell(update.row, update.column)) == cell_text(update.value):
            strays_here = {now.header_at(u.column) for u in rows[update.row]}  # what we wrote into that row
            known, original = _original(before, now, update, strays_here)
            if known:
                put_back.append(CellUpdate(title, update.row, update.column, original))
        if meant_row is not None and meant_column is not None:
            redo.append(CellUpdate(title, meant_row, meant_column, update.value))
    return put_back + redo + _realign_appends(before, now, batch.appends.get(title, []), title)


def _original(before: _Grid, now: _Grid, update: CellUpdate, strays: set[str | None]) -> tuple[bool, CellValue]:
    """What the cell we wrote by mistake held (the value its row had at the read), if that can be known."""
    header = now.header_at(update.column)
    # If we wrote into the ID cell, the ID there is ours: the row is known by the rest of its cells.
    row_then = now.find_in(before, update.row, ignore=strays, by_id=ID_KEY not in strays)
    if row_then is not None and header is not None and header in before.columns:
        return True, before.cell(row_then, before.columns[header])
    others = [value for column, value in enumerate(now.row(update.row)) if column != update.column]
    return all(value in (None, "") for value in others), None  # a blank row staff inserted held nothing


def _realign_appends(before: _Grid, now: _Grid, appended: Sequence[Row], title: str) -> list[CellUpdate]:
    """Rows we appended in the column order of the read, rewritten in the order the columns have now."""
    if not appended or all(now.columns.get(key) == column for key, column in before.columns.items()):
        return []
    fixes = []
    for values in appended:
        for row in range(len(now.grid) - 1, 0, -1):
            if _texts(now.row(row)) == _texts(values):
                width = max(len(now.header), len(now.row(row)))
                for column in range(width):
                    key = now.header_at(column)
                    source = before.columns.get(key) if key is not None else None
                    value = values[source] if source is not None and source < len(values) else None
                    fixes.append(CellUpdate(title, row, column, value))
                break
    return fixes


def _texts(row: Sequence[CellValue]) -> list[str]:
    texts = [cell_text(value) for value in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


class _Grid:
    """A grid with its columns by header key and its rows by ID."""

    def __init__(self, grid: ReadGrid) -> None:
        self.grid = grid
        self.header: Row = list(grid[0]) if grid else []
        self._at_hand: dict[int, Row] = {}
        self.columns: dict[str, int] = {}
        for column, value in enumerate(self.header):
            if header_key(value):
                self.columns.setdefault(header_key(value), column)
        self.id_column = self.columns.get(ID_KEY)
        self.rows_by_id: dict[str, int] = {}
        for row in range(1, len(grid)):
            row_id = self.id_of(row)
            if row_id:
                self.rows_by_id.setdefault(row_id, row)

    def look_at(self, rows: Iterable[int]) -> None:
        """Keep these rows at hand, taken in the grid's order: a packed grid unpacks each of its chunks once."""
        wanted = {row for row in rows if 0 < row < len(self.grid)} - self._at_hand.keys()
        self._at_hand.update(rows_at(self.grid, wanted))

    def row(self, row: int) -> Row:
        if row == 0:
            return self.header
        kept = self._at_hand.get(row)
        if kept is not None:
            return kept
        return self.grid[row] if row < len(self.grid) else []

    def cell(self, row: int, column: int) -> CellValue:
        cells = self.row(row)
        return cells[column] if column < len(cells) else None

    def header_at(self, column: int) -> str | None:
        key = header_key(self.cell(0, column))
        return key or None

    def id_of(self, row: int) -> str:
        return "" if self.id_column is None else cell_text(self.cell(row, self.id_column))

    def content(self, row: int, ignore: set[str | None]) -> dict[str, str]:
        return {
            key: cell_text(self.cell(row, column))
            for key, column in self.columns.items()
            if key != ID_KEY and key not in ignore
        }

    def find_in(self, other: _Grid, row: int, ignore: set[str | None], *, by_id: bool = True) -> int | None:
        """Where this grid's row is in ``other``: by its ID, or by its content when it has none (or it is ours)."""
        row_id = self.id_of(row)
        if row_id and by_id:
            return other.rows_by_id.get(row_id)
        wanted = self.content(row, ignore)
        if not any(wanted.values()):
            return None
        matches = [
            candidate
            for candidate in range(1, len(other.grid))
            if {key: value for key, value in other.content(candidate, ignore).items() if key in wanted} == wanted
        ]
        return matches[0] if len(matches) == 1 else None
