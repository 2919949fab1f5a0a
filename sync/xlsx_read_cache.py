"""Tabs the fast reader parsed before, known by the bytes they came from: an unchanged tab is not parsed again.

Our own patch write (:mod:`sync.xlsx_patch`) copies every part of the package it does not change byte for
byte, so after the kiosk sends a repair only the Repairs tab's part is new: the read that follows parses
that tab and takes the others from here. A tab is known by a digest of the stored (compressed) bytes of its
own part and of every part its reading depends on (the workbook part with its sheet names and date system,
the styles, the shared strings): if any of them changed, it is parsed again. An office suite's save
rewrites all of them, so after a staff edit in Excel every tab is parsed, as before.

Only tabs without formulas are kept (a formula's shown value depends on the saved results, read apart),
and no more than ``cell_limit`` cells in all, so a workbook past it costs no memory held between cycles.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
from dataclasses import dataclass

from sync.packed_grid import cell_count
from sync.xlsx_cells import TabCells
from sync.xlsx_package import Package, stored_pieces

# About 12 MB of Python values. A tab left as it was is seldom read at all now (sync.settled): the
# cache serves the small tabs every cycle reads (Settings, Problems) and a context change's full read.
DEFAULT_CELL_LIMIT = 250_000


@dataclass(frozen=True)
class _Kept:
    key: bytes
    cells: TabCells | None  # None: only its used range is known (a tab not asked for)
    used: tuple[int, int]


class TabReadCache:
    """What the last reads parsed, by tab; ``parsed`` names the tabs the last read had to parse."""

    def __init__(self, cell_limit: int = DEFAULT_CELL_LIMIT) -> None:
        self.cell_limit = cell_limit
        self.parsed: list[str] = []
        self._kept: dict[str, _Kept] = {}

    def cells(self, tab: str, key: bytes) -> TabCells | None:
        """The tab's cells as read from these bytes before, or None."""
        kept = self._kept.get(tab)
        return kept.cells if kept is not None and kept.key == key else None

    def used(self, tab: str, key: bytes) -> tuple[int, int] | None:
        """The tab's used range as read from these bytes before, or None."""
        kept = self._kept.get(tab)
        return kept.used if kept is not None and kept.key == key else None

    def keep(self, keys: dict[str, bytes], read: dict[str, TabCells], used: dict[str, tuple[int, int]]) -> None:
        """Remember this read: every worksheet's used range, and the cells of tabs without formulas, up to the limit."""
        self._kept = {}
        room = self.cell_limit
        for tab, key in keys.items():
            cells = read.get(tab)
            size = cell_count(cells.rows) if cells is not None else 0
            if cells is not None and (cells.formulas or size > room):
                cells = None
            room -= size if cells is not None else 0
            self._kept[tab] = _Kept(key, cells, used[tab])

    def forget_changed(self, keys: dict[str, bytes]) -> None:
        """Let go of the tabs whose bytes are no longer these: before a read parses them again, not after it
        (after an office suite's save that is every tab kept, up to the cell limit, held through the read)."""
        self._kept = {tab: kept for tab, kept in self._kept.items() if keys.get(tab) == kept.key}

    def grown(self, tab: str, before: bytes, after: bytes, extent: tuple[int, int]) -> None:
        """Our write put values up to ``extent`` (last row, column) into the tab read from ``before``: its used
        range from ``after``'s bytes is known without a parse (calamine's range is that of the values)."""
        kept = self._kept.get(tab)
        if kept is not None and kept.key == before:
            used = (max(kept.used[0], extent[0]), max(kept.used[1], extent[1]))
            self._kept[tab] = _Kept(after, None, used)

    def clear(self) -> None:
        """Forget everything (a read that went another way)."""
        self._kept = {}


def part_keys(package: Package, archive: zipfile.ZipFile, parts: dict[str, str],
              shared: list[str]) -> dict[str, bytes]:
    """For each tab, a digest of its part's stored bytes and of the shared parts' (those absent count as absent)."""
    infos = {info.filename: info for info in archive.infolist()}
    common = hashlib.sha256()
    for name in shared:
        common.update(name.encode() + b"\0" + (_stored_digest(package, infos[name]) if name in infos else b"-"))
    keys = {}
    for tab, part in parts.items():
        key = common.copy()
        key.update(part.encode() + b"\0" + _stored_digest(package, infos[part]))
        keys[tab] = key.digest()
    return keys


def _stored_digest(package: Package, info: zipfile.ZipInfo) -> bytes:
    """The SHA-256 of a part's bytes as stored in the package (compressed): no need to inflate them."""
    digest = hashlib.sha256()
    for piece in stored_pieces(package, info):
        digest.update(piece)
    return digest.digest() + struct.pack("<IQ", info.CRC, info.file_size)
