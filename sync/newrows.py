"""Rows the store does not hold yet: rows staff added, rows numbered by an earlier cycle, other sites' rows.

Pure. A row staff add goes through three states: new (no ID) -> numbered (an ID of this site in the
sheet, not in the store) -> kept (in the store, agreed like any record). It takes two steps, so that
it gets exactly one ID even when the process dies, or when several sites sync at the same moment:

1. claim - a cycle checks the row against the record model; if it is valid, it writes a fresh ID
   into the row's ID cell, and nothing else (the store is not touched);
2. adopt - a later cycle finds a row whose ID carries this site's code but that the store does not
   hold: it checks the row again and puts it into the store.

If two sites claim the same row at once, the sheet keeps one ID (the last written) and only the site
whose ID stayed adopts the row; the other ID is never seen again. If the process dies between the two
steps, the ID is in the sheet and the next cycle adopts it. Which site claims a row is decided by
:class:`~sync.sheet.Ownership`: the site its Site cell names, else the primary site.

Rows of other sites in tabs staff add rows to (fee rules, notices) are mirrored: read into the store
so this site can use them, never written back; their own site keeps them and reports their problems.

Each step reads the row's unit columns through ``units`` when given (:func:`sync.mapping.read_cells`):
a row naming no unit is explained, not numbered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from zoneinfo import ZoneInfo

from desk.ids import is_id_of
from desk.records import Owner
from desk.units import UnitIndex
from sync.backend import CellUpdate
from sync.mapping import cell_text, read_record, record_cells
from sync.merge import CellProblem, RowAgreement, StoreRow, TabPlan
from sync.sheet import Ownership, SheetTab

# A stand-in ID to check a new row against the model before it is given a real one.
CHECKING_ID = "NEW-ROW"


def new_row_label(index: int) -> str:
    """How the Problems tab names a row that has no ID yet: by the row number staff see."""
    return f"new row {index + 1}"


def claim_new_rows(
    sheet: SheetTab,
    ownership: Ownership,
    tz: ZoneInfo,
    new_id: Callable[[], str] | None,
    plan: TabPlan,
    *,
    units: UnitIndex | None = None,
) -> None:
    """Write an ID into each valid row staff added that this site claims; report the invalid ones."""
    kind, tab = sheet.layout.kind, sheet.tab
    id_header = sheet.layout.header_of("id")
    for index in sheet.new_rows:
        if not ownership.claims(sheet.site_of(index)) or new_id is None:
            plan.rows_left_alone += 1
            continue
        label = new_row_label(index)
        if kind.ROWS_FROM is not Owner.STAFF:
            reason = f"rows in {tab} come from lobbydesk, so this row without an ID is left alone; you may delete it"
            plan.problems.append(CellProblem(tab, label, id_header, "", reason))
            continue
        reading = read_record(kind, sheet.cells(index), tz, CHECKING_ID, units=units)
        if reading.problems:
            for header, reason in reading.problems.items():
                typed = cell_text(sheet.cell(index, header)) if header else ""
                plan.problems.append(CellProblem(tab, label, header, typed, f"{reason}; the row gets an ID once fixed"))
            continue
        plan.cell_updates.append(CellUpdate(tab, index, sheet.positions[id_header], new_id()))
        plan.ids_given += 1


def adopt_rows(
    sheet: SheetTab,
    unknown_ids: Iterable[str],
    ownership: Ownership,
    tz: ZoneInfo,
    plan: TabPlan,
    *,
    units: UnitIndex | None = None,
) -> None:
    """Take into the store the rows that carry this site's IDs but that the store does not hold."""
    kind, tab = sheet.layout.kind, sheet.tab
    id_header = sheet.layout.header_of("id")
    sheet.look_at(sheet.own_rows[record_id] for record_id in unknown_ids)
    for record_id in sorted(unknown_ids):
        index = sheet.own_rows[record_id]
        if kind.ROWS_FROM is not Owner.STAFF:
            reason = (
                f"lobbydesk has no record with this ID, and rows in {tab} come from lobbydesk; "
                f"the row is left alone (you may delete it)"
            )
            plan.problems.append(CellProblem(tab, record_id, id_header, record_id, reason))
            continue
        if ownership.site_code and not is_id_of(record_id, ownership.site_code, kind.ID_KIND):
            reason = f"this is not an ID lobbydesk gave a {tab} row; clear it and the row gets a proper one"
            plan.problems.append(CellProblem(tab, record_id, id_header, record_id, reason))
            continue
        reading = read_record(kind, sheet.cells(index), tz, record_id, units=units)
        if reading.problems:
            for header, reason in reading.problems.items():
                typed = cell_text(sheet.cell(index, header)) if header else ""
                plan.problems.append(CellProblem(tab, record_id, header, typed, reason))
            continue
        record = reading.values["record"]
        cells = record_cells(record, tz)
        for header, stored in cells.items():
            if cell_text(stored) != cell_text(sheet.cell(index, header)):
                plan.cell_updates.append(CellUpdate(tab, index, sheet.positions[header], stored))
        agreed = {header: cell_text(value) for header, value in cells.items()}
        plan.agreements.append(RowAgreement(record_id, 0, agreed, taken=record, source="new row"))
        plan.rows_adopted += 1


def mirror_rows(
    sheet: SheetTab,
    candidates: Mapping[str, StoreRow | None],
    ownership: Ownership,
    tz: ZoneInfo,
    plan: TabPlan,
    *,
    units: UnitIndex | None = None,
) -> None:
    """Read other sites' rows meant for this site (or already mirrored) into the store; never write them."""
    kind = sheet.layout.kind
    sheet.look_at(sheet.other_rows[record_id] for record_id in candidates)
    for record_id in sorted(candidates):
        current = candidates[record_id]
        index = sheet.other_rows[record_id]
        if current is None and not ownership.is_for_us(sheet.site_of(index)):
            continue
        reading = read_record(kind, sheet.cells(index), tz, record_id, units=units)
        if reading.problems:
            continue  # the site that owns the row reports them
        record = reading.values["record"]
        changed = current is None or current.record != record
        # Agreed is what the sheet holds, so an unchanged row is not read again next cycle.
        revision = current.revision if current else 0
        taken = record if changed else None
        plan.agreements.append(RowAgreement(record_id, revision, sheet.texts(index), taken, source="shared row"))
        plan.rows_mirrored += changed
