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

from sync.backend import ReadGrid, Row

CHUNK_ROWS = 1024
# A tab read with this many cells is held packed (the unarchived large demo's Charges tab has 4 million).
PACK_FROM_CELLS = 100_000


def rows_at(grid: ReadGrid, indices: Iterable[int]) -> dict[int, Row]:
    """The rows at these indices, taken in the grid's order: a packed grid unpacks each of its chunks once."""
    return {index: grid[index] for index in sorted(set(indices))}


def packed_if_large(rows: list[Row], from_cells: int = PACK_FROM_CELLS) -> ReadGrid:
    """The rows as read: packed (emptying ``rows``) if they hold ``from_cells`` cells or more, else as they are."""
    return PackedGrid(rows) if sum(len(row) for row in rows) >= from_cells else rows


class PackedGrid(Sequence[Row]):
    """The rows of one tab, to look at or to add to; the last chunk looked at is kept unpacked.

    Rows after the last full chunk (fewer than ``chunk_rows``) are held as they are until it fills.
    """

    def __init__(self, rows: list[Row], chunk_rows: int = CHUNK_ROWS) -> None:
        """Pack ``rows``, emptying the list as it goes (so they are never held twice)."""
        self._length, self._chunk_rows = len(rows), chunk_rows
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
        if len(self._tail) == self._chunk_rows:
            self._chunks.append(_packed(self._tail))
            self._tail = []

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
