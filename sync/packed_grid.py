"""A large tab as read, held packed: its rows pickled and deflated a chunk at a time, unpacked at each look.

A cycle reads every tab it needs before it merges any (the merge runs in one store transaction, and
parsing in it would hold the kiosk's taps), so every tab's rows are held at once. As Python lists they
are about 500 bytes a row: the large demo's unarchived workbook held 290 MiB of them, the sync child's
peak. Packed, a tab is a tenth of that; the merge looks at its rows a few times (their IDs, the rows
that changed, the rows it writes to), each look unpacking one chunk at a time.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from sync.backend import CellValue, ReadGrid, Row, trimmed_row

CHUNK_ROWS = 1024
# A tab read with this many cells is held packed (the unarchived large demo's Charges tab has 4 million).
PACK_FROM_CELLS = 100_000


def rows_at(grid: ReadGrid, indices: Iterable[int]) -> dict[int, Row]:
    """The rows at these indices, taken in the grid's order: a packed grid unpacks each of its chunks once."""
    return {index: grid[index] for index in sorted(set(indices))}


def packed_if_large(rows: list[Row] | PackedGrid, from_cells: int = PACK_FROM_CELLS) -> ReadGrid:
    """The rows as read: packed (emptying ``rows``) if they hold ``from_cells`` cells or more, else as they are."""
    if isinstance(rows, PackedGrid) or sum(len(row) for row in rows) < from_cells:
        return rows
    return PackedGrid(rows)


def cell_count(grid: ReadGrid) -> int:
    """How many cells the grid's rows hold (a packed grid knows without unpacking)."""
    return grid.cells if isinstance(grid, PackedGrid) else sum(len(row) for row in grid)


def copy_of(grid: list[Row] | PackedGrid) -> list[Row] | PackedGrid:
    """A grid the caller may change without changing this one."""
    return grid.copy() if isinstance(grid, PackedGrid) else [list(row) for row in grid]


class GridInReadForm:
    """A tab's rows made into read form as they are read, packed as soon as they hold ``packed_from`` cells.

    A large tab's rows are never all held as lists: the largest tab's rows as lists were the read's peak.
    """

    def __init__(self, packed_from: int = PACK_FROM_CELLS) -> None:
        self._grid: list[Row] | PackedGrid = []
        self._cells, self._packed_from = 0, packed_from

    def extend(self, raw_rows: Iterable[Sequence[CellValue]]) -> None:
        """Add the next rows as read (empty strings, trailing empty cells), each trimmed into read form."""
        grid = self._grid
        for raw_row in raw_rows:
            row = trimmed_row(raw_row)
            grid.append(row)
            self._cells += len(row)
        self._pack_if_due()

    def finish(self) -> list[Row] | PackedGrid:
        """The grid in read form: without its trailing empty rows."""
        self._pack_if_due()
        grid = self._grid
        while grid and not grid[-1]:
            grid.pop()
        return grid

    def _pack_if_due(self) -> None:
        if isinstance(self._grid, list) and self._cells >= self._packed_from:
            self._grid = PackedGrid(self._grid)


def put_cells(grid: list[Row] | PackedGrid, cells: Iterable[tuple[int, int, CellValue]]) -> None:
    """Set these cells (0-based row, column) of a grid in read form, and keep it in read form.

    A packed grid unpacks and packs again only the chunks holding the rows set.
    """
    by_row: dict[int, list[tuple[int, CellValue]]] = {}
    for at_row, at_column, value in cells:
        by_row.setdefault(at_row, []).append((at_column, value))
    if not by_row:
        return
    while len(grid) <= max(by_row):
        grid.append([])
    new_rows: dict[int, Row] = {}
    for index, old_row in rows_at(grid, by_row).items():
        row = list(old_row)
        for column, value in by_row[index]:
            if len(row) <= column:
                row.extend([None] * (column + 1 - len(row)))
            row[column] = value
        new_rows[index] = trimmed_row(row)
    if isinstance(grid, PackedGrid):
        grid.replace_rows(new_rows)
    else:
        for index, row in new_rows.items():
            grid[index] = row
    while grid and not grid[-1]:
        grid.pop()


class PackedGrid(Sequence[Row]):
    """The rows of one tab, to look at or to add to; the last chunk looked at is kept unpacked.

    Rows after the last full chunk (fewer than ``chunk_rows``) are held as they are until it fills.
    """

    def __init__(self, rows: list[Row], chunk_rows: int = CHUNK_ROWS) -> None:
        """Pack ``rows``, emptying the list as it goes (so they are never held twice)."""
        self._length, self._chunk_rows = len(rows), chunk_rows
        self.cells = sum(len(row) for row in rows)  # how many cells its rows hold
        self._chunks: list[bytes] = []
        full = len(rows) - len(rows) % chunk_rows
        for start in range(0, full, chunk_rows):
            self._chunks.append(_packed(rows[start:start + chunk_rows]))
            rows[start:start + chunk_rows] = [[]] * chunk_rows
        self._tail: list[Row] = rows[full:]
        rows.clear()
        self._unpacked: tuple[int, list[Row]] = (-1, [])

    def append(self, row: Row) -> None:
        """Add a row at the end."""
        self._tail.append(row)
        self._length += 1
        self.cells += len(row)
        if len(self._tail) == self._chunk_rows:
            self._chunks.append(_packed(self._tail))
            self._tail = []

    def pop(self) -> Row:
        """Take the last row off (unpacking the last chunk when the rows after it are gone)."""
        if not self._length:
            raise IndexError("pop from an empty grid")
        if not self._tail:
            self._tail = self._unpack(len(self._chunks) - 1)
            self._chunks.pop()
            self._unpacked = (-1, [])
        row = self._tail.pop()
        self._length -= 1
        self.cells -= len(row)
        return row

    def replace_rows(self, rows: dict[int, Row]) -> None:
        """Put these rows in place of the rows at their indices (each chunk concerned unpacked and packed once)."""
        by_chunk: dict[int, list[int]] = {}
        for index in rows:
            if not 0 <= index < self._length:
                raise IndexError("grid row out of range")
            by_chunk.setdefault(index // self._chunk_rows, []).append(index)
        for chunk, indices in by_chunk.items():
            held = self._tail if chunk == len(self._chunks) else self._unpack(chunk)
            for index in indices:
                at = index - chunk * self._chunk_rows
                self.cells += len(rows[index]) - len(held[at])
                held[at] = rows[index]
            if held is not self._tail:
                self._chunks[chunk] = _packed(held)
        self._unpacked = (-1, [])

    def copy(self) -> PackedGrid:
        """Another grid of the same rows (the packed chunks are shared: they are never changed in place)."""
        copy = PackedGrid([], self._chunk_rows)
        copy._chunks, copy._tail = list(self._chunks), [list(row) for row in self._tail]
        copy._length, copy.cells = self._length, self.cells
        return copy

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_unpacked": (-1, [])}  # the chunk kept unpacked is not sent along

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("grid row out of range")
        chunk, at = divmod(index, self._chunk_rows)
        if chunk == len(self._chunks):
            return self._tail[at]
        if self._unpacked[0] != chunk:
            self._unpacked = (chunk, self._unpack(chunk))
        return self._unpacked[1][at]

    def __iter__(self) -> Iterator[Row]:
        for chunk in range(len(self._chunks)):
            yield from self._unpack(chunk)
        yield from self._tail

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # as a list's: equal to its rows, so not hashable

    def __repr__(self) -> str:
        return f"PackedGrid({list(self)!r})"

    def packed_bytes(self) -> int:
        """How many bytes the packed rows take."""
        return sum(len(chunk) for chunk in self._chunks)

    def _unpack(self, chunk: int) -> list[Row]:
        # Our own bytes, packed above in this process: never a file's or another program's.
        rows: list[Row] = pickle.loads(zlib.decompress(self._chunks[chunk]))  # noqa: S301
        return rows


def _packed(rows: list[Row]) -> bytes:
    return zlib.compress(pickle.dumps(rows, pickle.HIGHEST_PROTOCOL), 1)
