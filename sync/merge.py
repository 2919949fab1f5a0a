"""The merge of one tab: the sheet's rows against the store's records and the cells last agreed on.

Pure: it takes what was read (a resolved tab, the store's rows) and returns a plan (cells to write,
rows to append, staff values to take, agreed cells to remember, problems to report). Rows are
matched by ID and columns by header, so staff may sort rows, reorder columns and add their own.
Only rows whose ID carries this site's code are merged here; new rows, rows of other sites and
rows this site does not know yet are handled in :mod:`sync.newrows`.

Each cell is merged three ways, with A the last agreed text, S the store's and W the sheet's:

- W == S: they agree, nothing to do;
- no A (a new column, or a crash between a write and its bookkeeping): the sheet is taken to hold
  what lobbydesk wrote before, so S is written;
- only W changed: W is taken if it validates;
- only S changed: S is written;
- both changed: the column's owner wins (staff: W if it validates; kiosk: S), and it is logged.

A W that does not validate is never taken and never overwritten (staff can see what they typed): it
is reported, and the cell keeps its old agreed value, so it is checked again every cycle until fixed.
The ID column is never taken from the sheet, since rows are matched by it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from desk.records import Owner, Record
from desk.sync_state import AgreedJson, Unsynced
from desk.units import UnitIndex
from sync.backend import CellUpdate, CellValue, Row
from sync.mapping import cell_text, plain_reason, read_cells, record_cells, to_cell
from sync.packed_grid import PACK_FROM_CELLS, PackedGrid
from sync.sheet import Ownership, SheetTab

log = logging.getLogger(__name__)

# Choices that end a record's life; a Problems row suggests one instead of deleting the row.
CLOSING_CHOICES = ("cancelled", "closed", "void", "withdrawn", "inactive", "archived", "retired", "ended")


@dataclass(frozen=True)
class StoreRow:
    """A record as the merge needs it: body, current revision, and the cells last agreed (None: never)."""

    record: Record
    revision: int
    agreed: Mapping[str, str] | None


class StoreRows(Mapping[str, StoreRow]):
    """A tab's records to merge, by ID; those given as stored are parsed at each look, not held as models."""

    def __init__(self, pending: Iterable[Unsynced] = ()) -> None:
        self._rows: dict[str, Unsynced | StoreRow] = {row.record_id: row for row in pending}

    def __getitem__(self, record_id: str) -> StoreRow:
        row = self._rows[record_id]
        return StoreRow(row.record(), row.revision, row.agreed()) if isinstance(row, Unsynced) else row

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, record_id: str, row: StoreRow) -> None:
        """Merge this record too (after those given)."""
        self._rows[record_id] = row


@dataclass(frozen=True)
class CellProblem:
    """Something staff should know about a row or a cell, in plain words; a row of the Problems tab."""

    tab: str
    record_id: str
    header: str
    value: str
    reason: str

    def describe(self) -> str:
        """One line for a person, e.g. ``Queue SUNNY-T000001, Status: 'bogus' is not one of: …``."""
        where = ", ".join(part for part in (f"{self.tab} {self.record_id}".strip(), self.header) if part)
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class RowAgreement:
    """The cells store and sheet agree on once the write is done, at the record's revision.

    ``taken`` is the record as it should be stored (staff's values taken, or a row new to the store),
    to be put into the store first; its new revision then replaces ``revision``.
    """

    record_id: str
    revision: int
    cells: Mapping[str, str]  # an appended row's as AgreedJson
    taken: Record | None = None
    values_taken: int = 0
    source: str = "sheet"  # where ``taken`` comes from: "sheet" (a value typed), "new row", "shared row"


@dataclass(frozen=True)
class Conflict:
    """A cell both sides changed since they last agreed; the column's owner won."""

    tab: str
    record_id: str
    header: str
    store_text: str
    sheet_text: str
    winner: Owner


@dataclass
class TabPlan:
    """What one cycle does to one tab."""

    tab: str
    new_tab_headers: list[str] | None = None
    header_updates: list[CellUpdate] = field(default_factory=list)
    cell_updates: list[CellUpdate] = field(default_factory=list)
    appends: list[Row] | PackedGrid = field(default_factory=list)  # a PackedGrid once it is large (append)
    agreements: list[RowAgreement] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)  # open until staff fix them
    notices: list[CellProblem] = field(default_factory=list)  # done already; staff should know why
    conflicts: list[Conflict] = field(default_factory=list)
    rows_appended: int = 0
    rows_restored: int = 0
    ids_given: int = 0
    rows_adopted: int = 0
    rows_mirrored: int = 0
    rows_left_alone: int = 0  # rows without an ID another site (or nobody) gives an ID to
    blocked: str | None = None
    _cells_appended: int = field(default=0, repr=False, compare=False)

    def append(self, row: Row) -> None:
        """Add a row to append; a large append is held packed (a first sync appends every row of every tab)."""
        self._cells_appended += len(row)
        if isinstance(self.appends, list) and self._cells_appended >= PACK_FROM_CELLS:
            self.appends = PackedGrid(self.appends)
        self.appends.append(row)

    @property
    def values_taken(self) -> int:
        """How many field values were taken from the sheet into the store."""
        return sum(agreement.values_taken for agreement in self.agreements)


def merge_tab(
    sheet: SheetTab,
    store_rows: Mapping[str, StoreRow],
    tz: ZoneInfo,
    ownership: Ownership,
    *,
    units: UnitIndex | None = None,
) -> TabPlan:
    """Plan one tab: store rows missing from the sheet are appended, the others merged cell by cell.

    ``units`` reads what staff type in unit columns (:func:`sync.mapping.read_cells`).
    """
    tab = sheet.tab
    plan = TabPlan(tab, blocked=sheet.blocked)
    if sheet.blocked:
        plan.problems.append(CellProblem(tab, "", sheet.layout.header_of("id"), "", f"tab left alone: {sheet.blocked}"))
        return plan
    if not sheet.exists:
        plan.new_tab_headers = sheet.layout.headers
    for header in sheet.restored_headers:
        plan.header_updates.append(CellUpdate(tab, 0, sheet.positions[header], header))
        plan.notices.append(CellProblem(tab, "", header, "", COLUMN_PUT_BACK))
    for record_id, again in sheet.repeated:
        if ownership.owns(record_id):
            first = sheet.own_rows[record_id] + 1
            plan.problems.append(
                CellProblem(tab, record_id, sheet.layout.header_of("id"), record_id, _repeated(first, again + 1))
            )
    columns = _columns(sheet)
    if sheet.exists:
        sheet.look_at(index for record_id in store_rows if (index := sheet.own_rows.get(record_id)) is not None)
    for record_id, store_row in store_rows.items():
        index = sheet.own_rows.get(record_id)
        if index is None:
            _append(sheet, store_row, tz, plan)
        else:
            _merge_row(sheet, columns, index, store_row, tz, plan, units)
    return plan


COLUMN_PUT_BACK = (
    "the column was missing (deleted or renamed), so lobbydesk put it back at the end of the header row "
    "and filled in its values"
)


def _repeated(first: int, again: int) -> str:
    return (
        f"this ID is on row {first} and again on row {again}; lobbydesk uses row {first} and ignores row {again}: "
        f"delete the copy, or clear its ID to make it a new row"
    )


def closing_hint(record: Record) -> str:
    """How staff end a record's life without deleting its row, worked out from its columns."""
    for spec in record.columns():
        if spec.owner is Owner.STAFF:
            closing = next((choice for choice in spec.choices if choice in CLOSING_CHOICES), None)
            if closing:
                return f"set {spec.header} to {closing} instead of deleting the row"
    return "leave the row in place (you may hide it with a filter) instead of deleting it"


def _append(sheet: SheetTab, store_row: StoreRow, tz: ZoneInfo, plan: TabPlan) -> None:
    cells = record_cells(store_row.record, tz)
    row: Row = [None] * sheet.width
    for header, value in cells.items():
        row[sheet.positions[header]] = value
    plan.append(row)
    if store_row.agreed is None:
        plan.rows_appended += 1
    else:
        plan.rows_restored += 1  # it was in the sheet once: staff deleted it
        reason = (
            f"the row was deleted in the sheet and is back at the bottom, because lobbydesk keeps every record; "
            f"to close it, {closing_hint(store_row.record)}"
        )
        plan.notices.append(CellProblem(sheet.tab, store_row.record.id, "", "", reason))
    agreed = AgreedJson({header: cell_text(value) for header, value in cells.items()})
    plan.agreements.append(RowAgreement(store_row.record.id, store_row.revision, agreed))


class _Column(NamedTuple):
    """What merging a cell needs to know about its column, worked out once per tab."""

    header: str
    field: str
    staff_owned: bool
    position: int
    put_back: bool  # the sheet lacks the column: it is put back this cycle, its cells are empty
    from_sheet: bool  # values may be taken from the sheet: not the ID (rows are matched by it), not put back


def _columns(sheet: SheetTab) -> list[_Column]:
    return [
        _Column(
            spec.header,
            spec.field,
            spec.owner is Owner.STAFF,
            sheet.positions[spec.header],
            spec.header in sheet.restored_headers,
            spec.field != "id" and spec.header not in sheet.restored_headers,
        )
        for spec in sheet.layout.columns
    ]


def _merge_row(
    sheet: SheetTab,
    columns: list[_Column],
    index: int,
    store_row: StoreRow,
    tz: ZoneInfo,
    plan: TabPlan,
    units: UnitIndex | None,
) -> None:
    record = store_row.record
    cells = sheet.row(index) if sheet.exists else []
    width = len(cells)
    last_agreed = store_row.agreed or {}
    agreed: dict[str, str] = {}
    to_write: dict[str, CellValue] = {}
    from_sheet: dict[str, CellValue] = {}
    # Unpacked and bound locally: this loop runs for every cell of every row that changed.
    text_of, cell_of = cell_text, to_cell
    for header, field_name, staff_owned, position, put_back, takeable in columns:
        store_value = cell_of(getattr(record, field_name), tz)
        sheet_value = cells[position] if position < width and not put_back else None
        sheet_text, store_text = text_of(sheet_value), text_of(store_value)
        if sheet_text == store_text:
            agreed[header] = store_text
            continue
        agreed_text = last_agreed.get(header)
        sheet_changed = takeable and agreed_text is not None and sheet_text != agreed_text
        store_changed = store_text != agreed_text
        if sheet_changed and store_changed:
            winner = Owner.STAFF if staff_owned else Owner.KIOSK
            plan.conflicts.append(Conflict(sheet.tab, record.id, header, store_text, sheet_text, winner))
            log.info("conflict in %s %s, %s: store %r, sheet %r; %s wins",
                     sheet.tab, record.id, header, store_text, sheet_text, winner.value)
        if sheet_changed and (not store_changed or staff_owned):
            from_sheet[header] = sheet_value
        else:
            to_write[header] = store_value
            agreed[header] = store_text
    taken, values_taken = None, 0
    if from_sheet:
        taken = _take(sheet, record, from_sheet, last_agreed, agreed, to_write, tz, plan, units)
        values_taken = sum(getattr(taken, f) != getattr(record, f) for f in type(record).model_fields) if taken else 0
    for header, value in to_write.items():
        plan.cell_updates.append(CellUpdate(sheet.tab, index, sheet.positions[header], value))
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
    units: UnitIndex | None,
) -> Record | None:
    """Take staff's values that validate; fills ``agreed`` and ``to_write``; returns the changed record."""
    kind = type(record)
    reading = read_cells(kind, from_sheet, tz, units=units)
    rejected = dict(reading.problems)
    updated = record
    if reading.values:
        try:
            updated = kind.model_validate({**record.model_dump(), **reading.values})
        except ValidationError as invalid:
            # A rule spanning several fields failed: none of this row's values is taken.
            reason = plain_reason(invalid)
            rejected.update({header: reason for header in from_sheet if header not in rejected})
        updated = _refuse_changes(record, updated, rejected, sheet.layout.header_of)
    for header, reason in rejected.items():
        plan.problems.append(CellProblem(sheet.tab, record.id, header, cell_text(from_sheet[header]), reason))
        agreed[header] = last_agreed[header]  # still unagreed: looked at again next cycle
    updated_cells = record_cells(updated, tz)
    for header, typed in from_sheet.items():
        if header in rejected:
            continue
        agreed[header] = cell_text(updated_cells[header])
        if agreed[header] != cell_text(typed):
            to_write[header] = updated_cells[header]  # "Called" becomes "called": the sheet shows the stored form
    if updated is not record:
        # A value that follows one typed (a unit's label beside its ID) is written with it.
        for header, value in record_cells(record, tz).items():
            if header not in from_sheet and cell_text(updated_cells[header]) != cell_text(value):
                to_write[header] = updated_cells[header]
                agreed[header] = cell_text(updated_cells[header])
    return updated if updated != record else None


def _refuse_changes(
    record: Record, updated: Record, rejected: dict[str, str], header_of: Callable[[str], str]
) -> Record:
    """Undo the edits the record's own rules refuse (done -> new), noting why in ``rejected``."""
    if updated is record:
        return record
    refused = record.change_refused(updated)
    if not refused:
        return updated
    for field_name, reason in refused.items():
        rejected.setdefault(header_of(field_name), reason)
    kept = {field_name: getattr(record, field_name) for field_name in refused}
    return type(record).model_validate({**updated.model_dump(), **kept})
