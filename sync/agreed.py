"""What the store and the sheet last agreed on, kept in memory between cycles, and the test for "unchanged".

Loading every agreed row from SQLite and JSON costs most of a second per 50,000 rows, every cycle,
for rows that mostly did not change. The engine keeps them here instead and reloads them only when
another process synced in between: ``sync_rows`` is written only by a SyncEngine, which stamps the
store's site state with a new ``sync.generation`` in the same transaction, so a stamp it did not make
means someone else wrote.

Each row also remembers its cells as last seen in the sheet when they read as agreed, so an unchanged
row is recognised by comparing two tuples instead of converting each cell to text again.
"""

from __future__ import annotations

import operator
import uuid
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from desk.records import Record
from desk.store import Transaction
from desk.sync_state import as_dict
from sync.backend import CellValue
from sync.mapping import cell_text

GENERATION_KEY = "sync.generation"

AgreedCells = tuple[str, int, Mapping[str, str]]  # ID, revision, agreed text by header


# One tab's agreed rows by record ID, each as one int: enough to tell an unchanged row; the texts stay in
# the store (they took a kilobyte a row: the large demo's 1.9 million agreed cells took 125 MB). Held for
# every row of every tab between cycles, so it is kept small: a tab is held packed (``_PackedTab``, 33 bytes
# a row) except while a cycle merges it, when it is this dict (an ID string and an int a row). Its low
# 64 bits are the hash of the agreed texts in the layout's header order; once the row was seen reading
# as agreed, the next 64 bits are the hash of its cells as seen, with their types (1 == True in Python,
# but a cell holding 1 and one holding TRUE are not the same cell), and bit 128 says so. A hash is
# Python's, 64 bits: two different rows read as the same once in 2**64.
AgreedTab = dict[str, int]
DIGEST = (1 << 64) - 1
SEEN = 1 << 128


def _texts_digest(cells: Mapping[str, str], headers: Sequence[str]) -> int:
    return hash(tuple(cells.get(header) for header in headers)) & DIGEST


@dataclass(frozen=True)
class _PackedTab:
    """One tab's agreed rows as held between cycles: a few arrays instead of a string and an int object a row.

    A dict of 590,000 rows held 80 MB (a 64-byte string, a 48-byte int and 30 bytes of table a row), scattered
    over the interpreter's small-object arenas; packed, it is 33 bytes a row. Unpacked, it is the same dict,
    in the same order.
    """

    ids: str  # every record ID, one after another
    lengths: array[int]  # each ID's length
    low: array[int]  # each value's bits 0-63, 64-127 and 128
    high: array[int]
    seen: bytes

    @classmethod
    def of(cls, tab: AgreedTab) -> _PackedTab:
        values = tab.values()
        return cls("".join(tab), array("I", map(len, tab)), array("Q", [value & DIGEST for value in values]),
                   array("Q", [(value >> 64) & DIGEST for value in values]), bytes([value >> 128 for value in values]))

    def unpack(self) -> AgreedTab:
        ids = self.ids
        ids_at = [ids[end - length : end] for end, length in zip(accumulate(self.lengths), self.lengths, strict=True)]
        values = [low | (high << 64) | (seen << 128)
                  for low, high, seen in zip(self.low, self.high, self.seen, strict=True)]
        return dict(zip(ids_at, values, strict=True))


class AgreedRows:
    """The agreed rows of every synced tab, with the generation they were loaded or last written at.

    ``tabs`` holds the tabs a cycle uses, as dicts (:meth:`tab`); between cycles :meth:`pack` packs them.
    """

    def __init__(self) -> None:
        self.generation: str | None = None
        self.tabs: dict[str, AgreedTab] = {}
        self._packed: dict[str, _PackedTab] = {}

    def tab(self, name: str) -> AgreedTab:
        """One tab's agreed rows, to look up and update this cycle (unpacked if held packed)."""
        tab = self.tabs.get(name)
        if tab is None:
            packed = self._packed.pop(name, None)
            tab = self.tabs[name] = packed.unpack() if packed is not None else {}
        return tab

    def pack(self, name: str | None = None) -> None:
        """Hold one tab, or every tab, packed until it is asked for again."""
        for each in list(self.tabs) if name is None else [name]:
            tab = self.tabs.pop(each, None)
            if tab:
                self._packed[each] = _PackedTab.of(tab)

    def current(self, tx: Transaction) -> bool:
        """True when the store's agreed cells are the ones held here: this engine wrote the last generation."""
        stamp = tx.site_state().get(GENERATION_KEY)
        return stamp is not None and stamp == self.generation

    def refresh(self, tx: Transaction, kinds: Iterable[tuple[type[Record], Sequence[str]]]) -> bool:
        """Reload from the store unless this engine wrote the last generation itself; True when it reloaded."""
        if self.current(tx):
            return False
        stamp = tx.site_state().get(GENERATION_KEY)
        self.tabs, self._packed = {}, {}
        for kind, headers in kinds:
            tab = {
                record_id: _texts_digest(cells, headers)
                for record_id, _revision, cells in tx.each_agreed(kind)  # one row's texts at a time
            }
            if tab:
                self._packed[kind.TAB] = _PackedTab.of(tab)  # one tab unpacked at a time
        self.generation = stamp
        return True

    def keep(self, kind: type[Record], headers: Sequence[str], rows: Iterable[AgreedCells]) -> None:
        """Keep rows just written to the store as agreed (after their transaction committed)."""
        tab = None  # a tab with no rows to keep stays packed
        for record_id, _revision, cells in rows:
            if tab is None:
                tab = self.tab(kind.TAB)
            tab[record_id] = _texts_digest(as_dict(cells), headers)

    def stamp(self, tx: Transaction, loaded_at: str | None) -> None:
        """Stamp the store as written by this engine; if someone else wrote since ``loaded_at``, reload next time."""
        current = tx.site_state().get(GENERATION_KEY)
        stamp = uuid.uuid4().hex
        tx.set_site_state({GENERATION_KEY: stamp})
        self.generation = stamp if current == loaded_at else None


def seen_digest(row: list[CellValue], pick: operator.itemgetter[Any], width: int) -> int:
    """A row's cells under our headers exactly as read, types included (``pick`` takes them in header order)."""
    return _seen(_picked(row, pick, width))


def seen_as_agreed(seen: int, tab: AgreedTab, record_id: str) -> bool:
    """True when a row with this :func:`seen_digest` was already found to read as the cells agreed on."""
    agreed = tab[record_id]
    return bool(agreed & SEEN) and (agreed >> 64) & DIGEST == seen


def unchanged(row: list[CellValue], pick: operator.itemgetter[Any], width: int, tab: AgreedTab, record_id: str) -> bool:
    """True when a sheet row still reads as the record's cells agreed on (``pick`` takes our columns in header
    order); the row's cells are then remembered as seen."""
    values = _picked(row, pick, width)
    seen = _seen(values)
    if seen_as_agreed(seen, tab, record_id):
        return True
    agreed = tab[record_id]
    if hash(tuple(map(cell_text, values))) & DIGEST == agreed & DIGEST:
        tab[record_id] = (agreed & DIGEST) | (seen << 64) | SEEN
        return True
    return False


def _picked(row: list[CellValue], pick: operator.itemgetter[Any], width: int) -> tuple[CellValue, ...]:
    if len(row) < width:
        row = row + [None] * (width - len(row))
    return tuple(pick(row))


def _seen(values: tuple[CellValue, ...]) -> int:
    return hash((values, tuple(map(type, values)))) & DIGEST


def picker(columns: Sequence[int]) -> operator.itemgetter[Any]:
    """Takes the cells at these positions (at least two: the ID and one more) out of a row, as a tuple."""
    return operator.itemgetter(*columns)
