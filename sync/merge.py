"""The merge of one tab: the sheet's rows against the store's records and the cells last agreed on.

Pure: it takes what was read (a grid, the store's rows) and returns a plan (cells to write, rows to
append, staff values to take, agreed cells to remember, problems to report). Rows are matched by ID
and columns by header, so staff may sort rows, reorder columns and add columns of their own.

Each cell is merged three ways, with A the last agreed text, S the store's and W the sheet's:

- W == S: they agree, nothing to do;
- no A (a new column, or a crash between a write and its bookkeeping): the sheet is taken to hold
  what lobbydesk wrote before, so S is written;
- only W changed: W is taken if it validates;
- only S changed: S is written;
- both changed: the column's owner wins (staff: W if it validates; kiosk: S).

A W that does not validate is never taken and never overwritten (staff can see what they typed): it
is reported, and the cell keeps its old agreed value, so it is checked again every cycle until fixed.
The ID column is never taken from the sheet, since rows are matched by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from desk.records import Owner, Record
from sync.backend import CellUpdate, CellValue, Grid, Row
from sync.mapping import TabLayout, cell_text, match_headers, plain_reason, read_cells, record_cells


@dataclass(frozen=True)
class SheetRow:
    """One data row of a tab: its 0-based index in the grid and its cells under our headers."""

    index: int
    cells: dict[str, CellValue]


@dataclass(frozen=True)
class SheetTab:
    """A tab as read, resolved against a record kind's layout."""

    layout: TabLayout
    exists: bool
    positions: dict[str, int]  # our header -> its column; put-back headers included
    restored_headers: tuple[str, ...]  # our headers the sheet lacked, to be put back at the end
    rows: dict[str, SheetRow]  # by ID, first occurrence
    width: int  # columns in use, put-back headers included
    blocked: str | None = None  # why the tab is left alone this cycle
    rows_without_id: int = 0
    repeated_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreRow:
    """A record as the merge needs it: body, current revision, and the cells last agreed (None: never)."""

    record: Record
    revision: int
    agreed: Mapping[str, str] | None


@dataclass(frozen=True)
class CellProblem:
    """A value staff typed that was not taken, and why, in plain words."""

    tab: str
    record_id: str
    header: str
    value: str
    reason: str

    def describe(self) -> str:
        """One line for a person, e.g. ``Queue SUNNY-T000001, Status: 'bogus' is not one of: …``."""
        return f"{self.tab} {self.record_id}, {self.header}: {self.reason}"


@dataclass(frozen=True)
class RowAgreement:
    """The cells store and sheet agree on once the write is done, at the record's revision.

    ``taken`` is the record with staff's values, to be put into the store first; its new revision
    then replaces ``revision``.
    """

    record_id: str
    revision: int
    cells: dict[str, str]
    taken: Record | None = None
    values_taken: int = 0


@dataclass
class TabPlan:
    """What one cycle does to one tab."""

    tab: str
    new_tab_headers: list[str] | None = None
    header_updates: list[CellUpdate] = field(default_factory=list)
    cell_updates: list[CellUpdate] = field(default_factory=list)
    appends: list[Row] = field(default_factory=list)
    agreements: list[RowAgreement] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    rows_appended: int = 0
    rows_restored: int = 0
    blocked: str | None = None
    rows_without_id: int = 0
    repeated_ids: tuple[str, ...] = ()

    @property
    def values_taken(self) -> int:
        """How many field values were taken from the sheet into the store."""
        return sum(agreement.values_taken for agreement in self.agreements)


def id_header(layout: TabLayout) -> str:
    """The header of the ID column."""
    return next(spec.header for spec in layout.columns if spec.field == "id")


def read_sheet(layout: TabLayout, grid: Grid | None) -> SheetTab:
    """Resolve a tab's grid (None when the tab does not exist) against the layout."""
    if grid is None:
        positions = {header: index for index, header in enumerate(layout.headers)}
        return SheetTab(layout, exists=False, positions=positions, restored_headers=(), rows={}, width=len(positions))
    positions = match_headers(layout, grid[0] if grid else [])
    in_use = max((len(row) for row in grid), default=0)
    restored = tuple(header for header in layout.headers if header not in positions)
    for offset, header in enumerate(restored):
        positions[header] = in_use + offset
    id_column = id_header(layout)
    if id_column in restored and len(grid) > 1:
        # Without IDs no row can be matched, and restoring the column would re-append every record.
        reason = f"it has no {id_column} column, so no row can be matched until the column is put back"
        return SheetTab(layout, True, positions, restored, rows={}, width=in_use, blocked=reason)
    rows: dict[str, SheetRow] = {}
    without_id = 0
    repeated: list[str] = []
    for index in range(1, len(grid)):
        row = grid[index]
        cells = {header: row[column] if column < len(row) else None for header, column in positions.items()}
        record_id = cell_text(cells[id_column]).strip()
        if not record_id:
            without_id += any(value is not None for value in row)
        elif record_id in rows:
            repeated.append(record_id)
        else:
            rows[record_id] = SheetRow(index, cells)
    return SheetTab(
        layout,
        exists=True,
        positions=positions,
        restored_headers=restored,
        rows=rows,
        width=in_use + len(restored),
        rows_without_id=without_id,
        repeated_ids=tuple(repeated),
    )


def rows_to_examine(sheet: SheetTab, agreed: Mapping[str, tuple[int, Mapping[str, str]]]) -> set[str]:
    """IDs of agreed records whose row is gone from the sheet or differs from the agreed cells."""
    if sheet.blocked:
        return set()
    examine = set()
    for record_id, (_revision, cells) in agreed.items():
        row = sheet.rows.get(record_id)
        if row is None or sheet.restored_headers or _differs(row, cells, sheet.layout.headers):
            examine.add(record_id)
    return examine


def _differs(row: SheetRow, agreed: Mapping[str, str], headers: list[str]) -> bool:
    return any(cell_text(row.cells[header]) != agreed.get(header) for header in headers)


def merge_tab(sheet: SheetTab, store_rows: Mapping[str, StoreRow], tz: ZoneInfo) -> TabPlan:
    """Plan one tab: store rows missing from the sheet are appended, the others merged cell by cell."""
    tab = sheet.layout.tab
    plan = TabPlan(tab, blocked=sheet.blocked, rows_without_id=sheet.rows_without_id, repeated_ids=sheet.repeated_ids)
    if sheet.blocked:
        return plan
    if not sheet.exists:
        plan.new_tab_headers = sheet.layout.headers
    for header in sheet.restored_headers:
        plan.header_updates.append(CellUpdate(tab, 0, sheet.positions[header], header))
    for record_id, store_row in store_rows.items():
        sheet_row = sheet.rows.get(record_id)
        if sheet_row is None:
            _append(sheet, store_row, tz, plan)
        else:
            _merge_row(sheet, sheet_row, store_row, tz, plan)
    return plan


def _append(sheet: SheetTab, store_row: StoreRow, tz: ZoneInfo, plan: TabPlan) -> None:
    cells = record_cells(store_row.record, tz)
    row: Row = [None] * sheet.width
    for header, value in cells.items():
        row[sheet.positions[header]] = value
    plan.appends.append(row)
    if store_row.agreed is None:
        plan.rows_appended += 1
    else:
        plan.rows_restored += 1  # it was in the sheet once: staff deleted it
    agreed = {header: cell_text(value) for header, value in cells.items()}
    plan.agreements.append(RowAgreement(store_row.record.id, store_row.revision, agreed))


def _merge_row(sheet: SheetTab, sheet_row: SheetRow, store_row: StoreRow, tz: ZoneInfo, plan: TabPlan) -> None:
    layout, record = sheet.layout, store_row.record
    store_cells = record_cells(record, tz)
    last_agreed = store_row.agreed or {}
    agreed: dict[str, str] = {}
    to_write: dict[str, CellValue] = {}
    from_sheet: dict[str, CellValue] = {}
    for spec in layout.columns:
        header = spec.header
        put_back = header in sheet.restored_headers
        sheet_value = None if put_back else sheet_row.cells[header]
        sheet_text, store_text = cell_text(sheet_value), cell_text(store_cells[header])
        if sheet_text == store_text:
            agreed[header] = store_text
            continue
        agreed_text = last_agreed.get(header)
        sheet_changed = not put_back and spec.field != "id" and agreed_text is not None and sheet_text != agreed_text
        store_changed = store_text != agreed_text
        if sheet_changed and (not store_changed or spec.owner is Owner.STAFF):
            from_sheet[header] = sheet_value
        else:
            to_write[header] = store_cells[header]
            agreed[header] = store_text
    taken, values_taken = None, 0
    if from_sheet:
        taken = _take(sheet, record, from_sheet, last_agreed, agreed, to_write, tz, plan)
        values_taken = sum(getattr(taken, f) != getattr(record, f) for f in type(record).model_fields) if taken else 0
    for header, value in to_write.items():
        plan.cell_updates.append(CellUpdate(layout.tab, sheet_row.index, sheet.positions[header], value))
    plan.agreements.append(RowAgreement(record.id, store_row.revision, agreed, taken, values_taken))


def _take(
    sheet: SheetTab,
    record: Record,
    from_sheet: dict[str, CellValue],
    last_agreed: Mapping[str, str],
    agreed: dict[str, str],
    to_write: dict[str, CellValue],
    tz: ZoneInfo,
    plan: TabPlan,
) -> Record | None:
    """Take staff's values that validate; fills ``agreed`` and ``to_write``; returns the changed record."""
    kind = type(record)
    reading = read_cells(kind, from_sheet, tz)
    rejected = dict(reading.problems)
    updated = record
    if reading.values:
        try:
            updated = kind.model_validate({**record.model_dump(), **reading.values})
        except ValidationError as invalid:
            # A rule spanning several fields failed: none of this row's values is taken.
            reason = plain_reason(invalid)
            rejected.update({header: reason for header in from_sheet if header not in rejected})
    for header, reason in rejected.items():
        plan.problems.append(CellProblem(sheet.layout.tab, record.id, header, cell_text(from_sheet[header]), reason))
        agreed[header] = last_agreed[header]  # still unagreed: looked at again next cycle
    updated_cells = record_cells(updated, tz)
    for header, typed in from_sheet.items():
        if header in rejected:
            continue
        agreed[header] = cell_text(updated_cells[header])
        if agreed[header] != cell_text(typed):
            to_write[header] = updated_cells[header]  # "Called" becomes "called": the sheet shows the stored form
    return updated if updated != record else None
