"""A closed year's rows move from the live workbook to an archive workbook; the store keeps every record.

The move is crash-safe because every step can be run again and each one only starts once the one
before it went through:

1. archive - write the year's records (as the store holds them) to the archive workbook, one row per
             ID: a row already there is brought up to date in place, never added twice;
2. mark    - in one store transaction, mark each record as archived at the revision written in 1, and
             forget the cells the sync last agreed on for it in the live workbook, so the sync neither
             sends it again nor takes its missing row for a staff deletion (a record that changes after
             its revision goes back to the live workbook like any change);
3. remove  - one write takes the rows of archived records out of the live workbook: the rows below move
             up, as when staff delete rows;
4. forget  - forget the agreed cells once more, in case a sync cycle agreed on one meanwhile.

Should the process die at any point, running the archive again finishes the move; until then a live
row of a record marked in 2 is left alone by the sync (``SyncEngine`` neither adopts nor reports it).
Which records move is decided in :mod:`desk.archive`.

Both backends must be open; nothing here opens or closes them. The workbook protocol has no way to
delete rows, so 3 writes the rows that stay over those that go and blanks the tail: on Google the
spreadsheet's grid keeps its size (cells counted against the limit) until staff delete the empty
rows at the bottom, and formulas staff typed in rows that moved up are kept as the values they showed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from desk.archive import ARCHIVED_KINDS, ArchivePlan, plan_archive
from desk.events import Event, Signup
from desk.feedback import Feedback
from desk.ledger import Charge, Payment
from desk.queue import QueueTicket
from desk.records import Record
from desk.repairs import Repair
from desk.store import Store, Transaction
from desk.visitors import Visitor
from sync.backend import CellUpdate, CellValue, ReadGrid, Row, WorkbookBackend, WriteBatch
from sync.mapping import TabLayout, cell_text, header_key, id_header_of, record_cells
from sync.packed_grid import rows_at

# Each archived kind's date, to read from the store only records of the year or before (the rules decide).
DATE_FIELDS: dict[type[Record], str | None] = {
    QueueTicket: "issued_at", Repair: "reported_at", Feedback: "filed_at", Charge: "created_at",
    Payment: "created_at", Event: None, Signup: None, Visitor: "arrived_at",
}

ARCHIVE_STEPS = ("archive", "mark", "remove", "forget")


@dataclass
class ArchiveOutcome:
    """What one run of the archive did (or, dry, would do)."""

    year: int
    archive: str
    dry_run: bool = False
    moving: dict[str, int] = field(default_factory=dict)  # records of the year that move, by tab
    added_to_archive: int = 0
    updated_in_archive: int = 0
    removed_from_live: int = 0

    def summary(self) -> str:
        """A paragraph for the terminal."""
        total = sum(self.moving.values())
        tabs = ", ".join(f"{tab} {count:,}" for tab, count in self.moving.items()) or "none"
        if self.dry_run:
            return (f"Archive of {self.year} (dry run, nothing written): {total:,} records would move to "
                    f"{self.archive} ({tabs}).")
        return (f"Archive of {self.year}: {total:,} records in {self.archive} ({tabs}); "
                f"{self.added_to_archive:,} rows added there, {self.updated_in_archive:,} brought up to date; "
                f"{self.removed_from_live:,} rows taken out of the live workbook. The store keeps every record: "
                f"lobbydesk history and the owner file still show them.")


def archive_year(
    store: Store,
    live: WorkbookBackend,
    archive: WorkbookBackend,
    now: datetime,
    year: int,
    *,
    dry_run: bool = False,
    after_step: Callable[[str], None] = lambda step: None,
) -> ArchiveOutcome:
    """Move ``year``'s closed rows from ``live`` to ``archive`` (both open), as the module says.

    ``now`` is the site's time, aware; ``after_step`` is told each step's name once it went through.
    Raises :class:`desk.archive.YearNotOverError`, and what the backends raise (WorkbookBusy...): run
    it again then.
    """
    tz = now.tzinfo
    assert isinstance(tz, ZoneInfo), "now must carry the site's ZoneInfo"
    outcome = ArchiveOutcome(year, archive.describe(), dry_run=dry_run)
    with store.transaction() as tx:
        plan, revisions = _plan(tx, year, now)
    outcome.moving = plan.counts()
    if dry_run:
        return outcome
    batch, outcome.added_to_archive, outcome.updated_in_archive = archive_batch(
        archive.read([kind.TAB for kind in ARCHIVED_KINDS]), plan, tz)
    archive.write(batch)
    after_step("archive")
    with store.transaction() as tx:
        for kind in ARCHIVED_KINDS:
            tx.mark_archived(kind, [(r.id, revisions[r.id]) for r in plan.of(kind)], year, now)
    after_step("mark")
    grids = live.read([kind.TAB for kind in ARCHIVED_KINDS])
    with store.transaction() as tx:
        leaving = {kind.TAB: tx.archived_among(kind, _ids_in(grids.get(kind.TAB), kind)) for kind in ARCHIVED_KINDS}
    removal = WriteBatch()
    for kind in ARCHIVED_KINDS:
        grid = grids.get(kind.TAB)
        id_column = _id_column(grid, kind)
        if grid and id_column is not None and leaving[kind.TAB]:
            updates, removed = rows_removed(kind.TAB, grid, id_column, leaving[kind.TAB])
            removal.updates.extend(updates)
            outcome.removed_from_live += removed
    live.write(removal)
    after_step("remove")
    with store.transaction() as tx:
        tx.forget_agreed_of_archived()
    after_step("forget")
    return outcome


def _plan(tx: Transaction, year: int, now: datetime) -> tuple[ArchivePlan, dict[str, int]]:
    """The year's plan from the store, with the revision of each record as read."""
    revisions: dict[str, int] = {}
    records: list[Record] = []
    archived_before: set[str] = set()
    for kind in ARCHIVED_KINDS:
        for record, revision in tx.with_revisions(kind, DATE_FIELDS[kind], year + 1):
            records.append(record)
            revisions[record.id] = revision
        archived_before.update(tx.archived_ids(kind))
    return plan_archive(year, records, now, archived_before), revisions


def archive_batch(grids: Mapping[str, ReadGrid], plan: ArchivePlan, tz: ZoneInfo) -> tuple[WriteBatch, int, int]:
    """What brings the archive workbook up to the plan: new tabs, rows by ID updated or appended.

    Returns the batch, how many rows it appends and how many rows it changes.
    """
    batch = WriteBatch()
    added = updated = 0
    for kind in ARCHIVED_KINDS:
        records = plan.of(kind)
        if not records:
            continue
        layout = TabLayout.of(kind)
        grid = grids.get(kind.TAB)
        header_row: Row = list(grid[0]) if grid else []
        if kind.TAB not in grids:
            batch.new_tabs[kind.TAB] = layout.headers
            header_row = list(layout.headers)
        positions = _positions(header_row)
        for header in layout.headers:  # a column staff deleted in the archive is put back at the end
            if header_key(header) not in positions:
                positions[header_key(header)] = len(header_row)
                batch.updates.append(CellUpdate(kind.TAB, 0, len(header_row), header))
                header_row.append(header)
        id_column = positions[header_key(id_header_of(kind))]
        rows_by_id = {cell_text(row[id_column]): index for index, row in enumerate(grid or [])
                      if index > 0 and id_column < len(row) and row[id_column]}
        appends: list[Row] = []
        in_archive = [rows_by_id[record.id] for record in records if record.id in rows_by_id]
        at_hand = rows_at(grid, in_archive) if grid is not None else {}
        for record in records:
            cells = record_cells(record, tz)
            index = rows_by_id.get(record.id)
            if index is None:
                row: Row = [None] * len(header_row)
                for header, value in cells.items():
                    row[positions[header_key(header)]] = value
                appends.append(row)
                continue
            existing = at_hand[index]
            changes = [
                CellUpdate(kind.TAB, index, positions[header_key(header)], value)
                for header, value in cells.items()
                if cell_text(_cell(existing, positions[header_key(header)])) != cell_text(value)
            ]
            batch.updates.extend(changes)
            updated += bool(changes)
        if appends:
            batch.appends[kind.TAB] = appends
            added += len(appends)
    return batch, added, updated


def rows_removed(tab: str, grid: ReadGrid, id_column: int, leaving: set[str]) -> tuple[list[CellUpdate], int]:
    """Cell updates that take the rows whose ID is in ``leaving`` out of a tab, the rows below moving up.

    Only cells that change are written: nothing above the first row that goes, and the tail blanked.
    Returns the updates and how many rows go.
    """
    rows = grid[1:]
    kept = [row for row in rows if _cell(row, id_column) not in leaving]
    removed = len(rows) - len(kept)
    if not removed:
        return [], 0
    first = next(index for index, row in enumerate(rows) if _cell(row, id_column) in leaving)
    updates: list[CellUpdate] = []
    for index in range(first, len(rows)):
        old = rows[index]
        new: Row = kept[index] if index < len(kept) else []
        for column in range(max(len(old), len(new))):
            before, after = _cell(old, column), _cell(new, column)
            if before != after or type(before) is not type(after):
                updates.append(CellUpdate(tab, index + 1, column, after))
    return updates, removed


def _cell(row: Sequence[CellValue], column: int) -> CellValue:
    return row[column] if column < len(row) else None


def _positions(header_row: Sequence[CellValue]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        positions.setdefault(header_key(cell), index)
    return positions


def _id_column(grid: ReadGrid | None, kind: type[Record]) -> int | None:
    """Where the tab's ID column is; None without one (staff deleted it: the sync puts it back first)."""
    return _positions(grid[0]).get(header_key(id_header_of(kind))) if grid else None


def _ids_in(grid: ReadGrid | None, kind: type[Record]) -> list[str]:
    column = _id_column(grid, kind)
    if grid is None or column is None:
        return []
    return [str(value) for row in grid[1:] if (value := _cell(row, column))]
