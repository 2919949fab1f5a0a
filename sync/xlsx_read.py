"""A read of some tabs of an .xlsx file, a tab at a time, largest first.

Each tab is parsed by :mod:`sync.xlsx_fast_read` when the iteration reaches it and let go by the reader
once given. The largest comes first: the tabs given before one is parsed are held by the caller while it
is, and a read after an office suite's save (every tab parsed) peaked in the Charges tab's parse, with
the tabs parsed before it still held. calamine reads a run of a tab's rows at a time
(:mod:`sync.xlsx_calamine_runs`), taken from the open file, never the whole file.

A tab the fast reader would not read exactly, and every tab after it, is read by openpyxl instead
(:mod:`sync.xlsx_openpyxl_read`), and ``fallback`` says why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import BinaryIO

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.xml.constants import SHARED_STRINGS

from sync.packed_grid import PACK_FROM_CELLS, cell_count
from sync.xlsx_calamine_runs import CalamineRuns, calamine_used_range
from sync.xlsx_cells import TabCells, WorkbookCells
from sync.xlsx_fast_read import (
    BROKEN,
    CALAMINE_LIMITS,
    NotExact,
    Styles,
    read_tab,
    refuse_texts_calamine_reads_otherwise,
)
from sync.xlsx_openpyxl_read import read_with_openpyxl
from sync.xlsx_package import Package, opened
from sync.xlsx_read_cache import TabReadCache, part_keys
from sync.xlsx_read_helper import HelperOffer, ParseHelper

log = logging.getLogger(__name__)


def read_fast(package: Package, tabs: Sequence[str], cache: TabReadCache | None = None,
              rows_piece: int | None = None, packed_from: int = PACK_FROM_CELLS) -> WorkbookCells:
    """The named tabs of the workbook in this package, as :func:`read_with_openpyxl` would give them, all at once.

    With a ``cache``, a tab whose parts are as a read through the same cache found them is not parsed again.
    ``rows_piece``: how long a run of rows calamine reads at a time is (:class:`CalamineRuns` decides by default);
    a tab of ``packed_from`` cells or more is given packed.
    """
    reading = TabByTab(package, tabs, cache, rows_piece, packed_from=packed_from)
    read = dict(reading)
    return WorkbookCells({name: read[name] for name in tabs if name in read}, reading.used, reading.epoch,
                         reading.fallback)


class TabByTab:
    """One read of the named tabs, given as (name, cells) largest first, each parsed when reached.

    ``package`` is the workbook's bytes or an open file of them; calamine reads a file by its descriptor. ``epoch`` is
    known from the start; ``used`` (every worksheet's used range) and ``fallback`` once the iteration ended.
    A tab absent from the workbook is left out. ``kept(name)`` tells whether the read cache keeps a tab's
    cells (the caller must not change them then).
    """

    def __init__(self, package: Package, tabs: Sequence[str], cache: TabReadCache | None = None,
                 rows_piece: int | None = None, helper: HelperOffer | None = None,
                 packed_from: int = PACK_FROM_CELLS) -> None:
        """``helper``: a large read may hand some tabs to a helper process (:mod:`sync.xlsx_read_helper`);
        a tab of ``packed_from`` cells or more is given packed."""
        self._source, self._tabs, self._rows_piece, self._helper = package, list(tabs), rows_piece, helper
        self._packed_from = packed_from
        self._cache = cache if cache is not None else TabReadCache(cell_limit=0)
        self.epoch: datetime
        self.used: dict[str, tuple[int, int]] = {}
        self.fallback = ""
        self.helped = ""  # the tabs a helper process parsed, and what it spent (empty: none did)
        self._package: ExcelReader | None = None
        self._kept: dict[str, TabCells] = {}
        try:
            self._package = ExcelReader(opened(package))
            self._parts, self._keys = package_keys(self._package, package)
            apply_stylesheet(self._package.archive, self._package.wb)
            self._styles, self.epoch = Styles(self._package.wb), self._package.wb.epoch
        except Exception as error:
            self._fall_back_from(error)
            self._cache.clear()
            self._cache.parsed = list(self._tabs)
            self._openpyxl = read_with_openpyxl(package, self._tabs, fallback=self.fallback)
            self.epoch = self._openpyxl.epoch

    def kept(self, name: str) -> bool:
        """True when the read cache keeps this tab's cells as given."""
        return name in self._kept

    def __iter__(self) -> Iterator[tuple[str, TabCells]]:
        if self.fallback:
            yield from self._from_openpyxl(self._openpyxl)
            return
        assert self._package is not None
        try:
            yield from self._fast()
        finally:
            self._package.archive.close()

    def _fast(self) -> Iterator[tuple[str, TabCells]]:
        assert self._package is not None
        parts, keys, cache, archive = self._parts, self._keys, self._cache, self._package.archive
        cache.forget_changed(keys)
        # Largest first: the tabs given before it are held by the caller while it is parsed.
        wanted = sorted((name for name in self._tabs if name in parts),
                        key=lambda name: archive.getinfo(parts[name]).file_size, reverse=True)
        cached = {name: cells for name in wanted if (cells := cache.cells(name, keys[name])) is not None}
        used = {name: found for name in parts
                if name not in wanted and (found := cache.used(name, keys[name])) is not None}
        room, parsed = cache.cell_limit, list[str]()
        try:
            runs = self._calamine_runs_if_needed(wanted, cached, used)
        except BaseException as error:
            yield from self._openpyxl_after(error, parsed, wanted)
            return
        helper = self._helper_for({name: archive.getinfo(parts[name]).file_size
                                   for name in wanted if name not in cached})
        # This process's share first, then the helper's tabs as it gives them, then any it did not give.
        todo = [name for name in wanted if helper is None or name not in helper.tabs]
        try:
            while todo or helper is not None:
                for at, name in enumerate(todo):
                    cells = cached.get(name)
                    if cells is None:
                        try:
                            assert runs is not None
                            cells = read_tab(archive, parts[name], runs, name, self._styles, self.epoch,
                                             self._packed_from)
                        except BaseException as error:
                            rest = todo[at:] + (helper.left if helper is not None else [])
                            if helper is not None:
                                helper.stop()  # openpyxl reads its tabs too: a read that falls back is one process's
                                helper = None
                            yield from self._openpyxl_after(error, parsed, rest)
                            return
                        parsed.append(name)
                    size = cell_count(cells.rows)
                    if not cells.formulas and size <= room:
                        room -= size
                        self._kept[name] = cells
                    used[name] = cells.used
                    yield name, cells
                todo = []
                if helper is not None:
                    yield from self._from_helper(helper, parsed, used)
                    todo = helper.left
                    helper.stop()
                    helper = None
        finally:
            if helper is not None:
                helper.stop()
        if runs is not None:
            for name in parts.keys() - used.keys():
                used[name] = calamine_used_range(archive, parts[name], name, runs)
        self.used = {name: used[name] for name in parts}
        cache.keep(keys, self._kept, self.used)
        cache.parsed = parsed

    def _calamine_runs_if_needed(self, wanted: list[str], cached: dict[str, TabCells],
                                 used: dict[str, tuple[int, int]]) -> CalamineRuns | None:
        """What calamine reads tabs' runs of rows with, if a tab is to be parsed or a used range is not known."""
        if len(cached) == len(wanted) and len(cached) + len(used) == len(self._parts):
            return None
        assert self._package is not None
        return calamine_runs(self._package, self._parts, self._rows_piece)

    def _helper_for(self, sizes: dict[str, int]) -> ParseHelper | None:
        """A helper process parsing its share of tabs of these sizes, if the read was offered one and it is worth it."""
        task = self._helper.task(sizes, self._rows_piece) if self._helper is not None else None
        return ParseHelper(task) if task is not None else None

    def _from_helper(self, helper: ParseHelper, parsed: list[str],
                     used: dict[str, tuple[int, int]]) -> Iterator[tuple[str, TabCells]]:
        """The tabs the helper gives, as it gives them; ``helped`` then names them and what the helper spent."""
        for tab in helper.results():
            parsed.append(tab.name)
            used[tab.name] = tab.cells.used
            yield tab.name, tab.cells
        if helper.given:
            spent = f": {helper.ended.describe()}" if helper.ended is not None else ""
            self.helped = ", ".join(helper.given) + spent

    def _openpyxl_after(self, error: BaseException, parsed: list[str],
                        rest: list[str]) -> Iterator[tuple[str, TabCells]]:
        """The tabs left, read by openpyxl since the fast reader stopped at this error (raised if no reason to)."""
        self._fall_back_from(error)
        self._cache.clear()
        self._cache.parsed = parsed + rest
        self._kept = {}
        yield from self._from_openpyxl(read_with_openpyxl(self._source, rest, fallback=self.fallback))

    def _from_openpyxl(self, cells: WorkbookCells) -> Iterator[tuple[str, TabCells]]:
        self.used = cells.used
        yield from cells.tabs.items()

    def _fall_back_from(self, error: BaseException) -> None:
        """Say why openpyxl reads the rest, or raise the error if it is no reason to."""
        self.fallback = _why_not_fast(error)
        log.info("reading the workbook with openpyxl: %s", self.fallback)


def _why_not_fast(error: BaseException) -> str:
    """Why this error sends the read to openpyxl; raises it again if it is not one that should."""
    if isinstance(error, NotExact):
        return str(error)
    if isinstance(error, CALAMINE_LIMITS):
        return f"calamine could not read it ({error.__class__.__name__}: {error})"
    if isinstance(error, BROKEN):
        # A broken file: openpyxl says what is wrong with it, as it did before this reader.
        return f"the fast reader could not read it ({error.__class__.__name__}: {error})"
    # calamine panics on some values (a huge number in a duration format): pyo3 raises its
    # PanicException, a BaseException so that ``except Exception`` lets it through; the cell is openpyxl's.
    if error.__class__.__name__ == "PanicException":
        return f"calamine panicked ({error})"
    raise error


def tab_keys(package: Package) -> dict[str, bytes]:
    """Each worksheet's key, as the read cache knows it: a digest of the bytes its reading depends on.

    Raises what a broken file makes openpyxl raise, or ValueError for a tab name used twice.
    """
    reader = ExcelReader(opened(package))
    try:
        _parts, keys = package_keys(reader, package)
    except NotExact as why:
        raise ValueError(str(why)) from why
    finally:
        reader.archive.close()
    return keys


def package_keys(reader: ExcelReader, package: Package) -> tuple[dict[str, str], dict[str, bytes]]:
    """Which part is each worksheet, and each worksheet's key (reads the package's manifest and workbook)."""
    parts = worksheet_parts(reader)
    # Every part but the worksheets (the workbook, styles, shared strings...) goes into each tab's key,
    # but for the document's properties (author, saved at), which no cell depends on.
    sheet_parts = set(parts.values())
    keys = part_keys(package, reader.archive, parts, [name for name in reader.archive.namelist()
                                                       if name not in sheet_parts and not name.startswith("docProps/")])
    return parts, keys


def worksheet_parts(reader: ExcelReader) -> dict[str, str]:
    """Which part is each worksheet, by tab name (reads the package's manifest and workbook)."""
    reader.read_manifest()
    reader.read_workbook()
    parts: dict[str, str] = {}
    for sheet, relationship in reader.parser.find_sheets():
        if relationship.target in reader.valid_files and "chartsheet" not in relationship.Type:
            if sheet.name in parts:
                raise NotExact(f"two worksheets are named {sheet.name!r}")
            parts[sheet.name] = relationship.target
    return parts


def calamine_runs(reader: ExcelReader, parts: dict[str, str], rows_piece: int | None) -> CalamineRuns:
    """What calamine reads tabs' runs of rows with; raises NotExact for shared strings it reads otherwise."""
    strings = reader.package.find(SHARED_STRINGS)
    shared = None if strings is None else strings.PartName[1:]
    runs = CalamineRuns(reader.archive, set(parts.values()), shared, rows_piece)
    if shared is not None:
        refuse_texts_calamine_reads_otherwise(runs.part(shared), "the shared strings")
    return runs


def parse_exactly(file: BinaryIO, tabs: Sequence[str], rows_piece: int | None,
                  packed_from: int = PACK_FROM_CELLS) -> Iterator[tuple[str, TabCells]]:
    """These tabs of the file as the fast reader parses them, one at a time; raises where it would give way
    to openpyxl (for the read helper, :mod:`sync.xlsx_read_helper`: the reading process decides what then)."""
    reader = ExcelReader(file)
    try:
        parts = worksheet_parts(reader)
        apply_stylesheet(reader.archive, reader.wb)
        styles, epoch = Styles(reader.wb), reader.wb.epoch
        runs = calamine_runs(reader, parts, rows_piece)
        for name in tabs:
            yield name, read_tab(reader.archive, parts[name], runs, name, styles, epoch, packed_from)
    finally:
        reader.archive.close()
