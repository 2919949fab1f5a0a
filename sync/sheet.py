"""A tab as read, resolved against a record kind: where our columns are and whose each row is.

Pure. Rows are sorted into four heaps by their ID cell: rows this site owns (their ID carries its
site code), rows of other sites, rows staff added without an ID, and repeats of an ID already seen.
Cells are looked at lazily, by position, because a tab may hold tens of thousands of rows and most
of them have not changed since the last cycle.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from sync.agreed import AgreedTab, picker, seen_as_agreed, seen_digest, unchanged
from sync.backend import CellValue, ReadGrid, Row
from sync.mapping import TabLayout, cell_text, header_key, match_headers
from sync.packed_grid import rows_at


@dataclass(frozen=True)
class Ownership:
    """Which rows of a possibly shared workbook one site looks after.

    ``site_code`` None means a lone site that owns every ID it meets and gives IDs to no row (the
    engine was given no ID factory). ``numbers_unclaimed_rows`` is True for the one site that gives
    IDs to rows staff add without naming a site (see the Settings key ``primary_site``).
    """

    site_code: str | None
    numbers_unclaimed_rows: bool = True

    def owns(self, record_id: str) -> bool:
        """True when the ID carries this site's code."""
        return self.site_code is None or record_id.startswith(f"{self.site_code}-")

    def is_for_us(self, site_cell: str) -> bool:
        """True when a row's Site cell names this site, or no site (a row for every site)."""
        named = site_cell.strip().upper()
        return not named or named == (self.site_code or "")

    def claims(self, site_cell: str) -> bool:
        """True when this site gives an ID to a new row with this Site cell."""
        if self.site_code is None:
            return False
        named = site_cell.strip().upper()
        return named == self.site_code if named else self.numbers_unclaimed_rows


@dataclass(frozen=True)
class SheetTab:
    """A tab as read, with our columns located and its rows sorted by whose they are."""

    layout: TabLayout
    exists: bool
    grid: ReadGrid
    positions: dict[str, int]  # our header -> its column; put-back headers included
    restored_headers: tuple[str, ...]  # our headers the sheet lacked, to be put back at the end
    width: int  # columns in use, put-back headers included
    own_rows: dict[str, int] = field(default_factory=dict)  # ID -> row index, first occurrence
    other_rows: dict[str, int] = field(default_factory=dict)  # other sites' IDs -> row index
    new_rows: tuple[int, ...] = ()  # rows with something in them but no ID
    repeated: tuple[tuple[str, int], ...] = ()  # (ID, row index) of rows repeating an ID above them
    blocked: str | None = None  # why the tab is left alone this cycle
    # Each row's cells under our headers as read (agreed.seen_digest), by row index; empty: not worked out.
    seen: Sequence[int] = field(default=(), compare=False, repr=False)
    looked_at: dict[int, Row] = field(default_factory=dict, compare=False, repr=False)  # rows kept at hand

    @property
    def tab(self) -> str:
        """The tab's name."""
        return self.layout.tab

    def cell(self, row: int, header: str) -> CellValue:
        """The value under one of our headers in a row (None past the row's end or in a put-back column)."""
        if header in self.restored_headers:
            return None
        cells = self.row(row)
        column = self.positions[header]
        return cells[column] if column < len(cells) else None

    def look_at(self, rows: Iterable[int]) -> None:
        """Keep these rows at hand, taken in the sheet's order: a packed grid unpacks each of its chunks once."""
        self.looked_at.update(rows_at(self.grid, set(rows) - self.looked_at.keys()))

    def row(self, row: int) -> Row:
        """A row as read (one kept at hand, if it is)."""
        kept = self.looked_at.get(row)
        return self.grid[row] if kept is None else kept

    def cells(self, row: int) -> dict[str, CellValue]:
        """A row's values under each of our headers."""
        return {header: self.cell(row, header) for header in self.layout.headers}

    def texts(self, row: int) -> dict[str, str]:
        """A row's canonical cell texts under each of our headers."""
        return {header: cell_text(self.cell(row, header)) for header in self.layout.headers}

    def site_of(self, row: int) -> str:
        """The row's Site cell as text ("" when the kind has no site column)."""
        header = self.layout.site_header
        return cell_text(self.cell(row, header)).strip() if header else ""


def id_header(layout: TabLayout) -> str:
    """The header of the ID column."""
    return next(spec.header for spec in layout.columns if spec.field == "id")


def read_sheet(layout: TabLayout, grid: ReadGrid | None, ownership: Ownership) -> SheetTab:
    """Resolve a tab's grid (None when the tab does not exist) against the layout."""
    if grid is None:
        positions = {header: index for index, header in enumerate(layout.headers)}
        return SheetTab(layout, False, [], positions, (), len(positions))
    header_row = grid[0] if grid else []
    positions = match_headers(layout, header_row)
    restored = tuple(header for header in layout.headers if header not in positions)
    # The columns in use: found in the one pass over the rows below, unless a header is put back after them.
    in_use = max((len(row) for row in grid), default=0) if restored else len(header_row)
    for offset, header in enumerate(restored):
        positions[header] = in_use + offset
    id_column_header = id_header(layout)
    if id_column_header in restored and len(grid) > 1:
        # Without IDs no row can be matched, and restoring the column would re-append every record.
        reason = f"it has no {id_column_header} column, so no row can be matched until the column is put back"
        return SheetTab(layout, True, grid, positions, restored, in_use, blocked=reason)
    id_column = positions[id_column_header]
    own: dict[str, int] = {}
    others: dict[str, int] = {}
    new_rows: list[int] = []
    repeated: list[tuple[str, int]] = []
    prefix = f"{ownership.site_code}-" if ownership.site_code is not None else ""
    # Worked out in this one pass over the rows, so that changed_rows looks again only at rows that differ
    # (a large tab is packed: each pass unpacks all of it).
    seen = array("Q", [0])  # the header row's place
    columns = [positions[header] for header in layout.headers]
    pick, width = picker(columns), max(columns) + 1
    for index, row in enumerate(islice(grid, 1, None), start=1):
        if len(row) > in_use:
            in_use = len(row)
        seen.append(seen_digest(row, pick, width))
        raw = row[id_column] if id_column < len(row) else None
        record_id = (raw if raw.__class__ is str else cell_text(raw)).strip()
        if not record_id:
            if any(value is not None for value in row):
                new_rows.append(index)
        elif record_id in own or record_id in others:
            repeated.append((record_id, index))
        elif record_id.startswith(prefix):  # Ownership.owns, inlined: this loop runs for every row
            own[record_id] = index
        else:
            others[record_id] = index
    return SheetTab(
        layout, True, grid, positions, restored, in_use + len(restored), own, others, tuple(new_rows), tuple(repeated),
        seen=seen,
    )


def changed_rows(sheet: SheetTab, agreed: AgreedTab, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` whose row is gone from the sheet or no longer reads as the cells last agreed on."""
    if sheet.blocked:
        return set()
    if sheet.restored_headers:
        return set(ids)
    columns = [sheet.positions[header] for header in sheet.layout.headers]
    pick, width = picker(columns), max(columns) + 1
    own, others, grid = sheet.own_rows, sheet.other_rows, sheet.grid
    changed = set()
    found: list[tuple[int, str]] = []
    for record_id in ids:
        index = own.get(record_id)
        if index is None:
            index = others.get(record_id)
        if index is None:
            changed.add(record_id)
        else:
            found.append((index, record_id))
    found.sort()  # in the sheet's order: a packed grid unpacks each of its chunks once
    seen = sheet.seen
    for index, record_id in found:
        if seen and seen_as_agreed(seen[index], agreed, record_id):
            continue
        if not unchanged(grid[index], pick, width, agreed, record_id):
            changed.add(record_id)
    return changed


def header_positions(header_row: Sequence[CellValue]) -> dict[str, int]:
    """Where each header (by its trimmed, case-insensitive text) first sits in a header row."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        positions.setdefault(header_key(cell), index)
    return positions
