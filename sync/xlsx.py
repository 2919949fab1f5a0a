"""The .xlsx backend: a workbook file next to the kiosk, read with python-calamine, rewritten with openpyxl.

A read takes the values with :mod:`sync.xlsx_fast_read` (python-calamine, and openpyxl's own cell parser
for the cells calamine reads differently), exactly as openpyxl would, and each formula as the value it
shows (see :mod:`sync.xlsx_formulas`). Only a write loads the file into openpyxl, with
``data_only=False`` so staff's formats and formulas are saved back as they were. Writes are refused while Excel or
LibreOffice has the file open (they would overwrite our changes, or we theirs), and they replace the
file atomically. Reading an open file is fine: office suites save by replacing the file (a read never
sees half a save) or, if one writes in place and a read catches it, the file does not parse and the
next cycle reads it again.

The version (:meth:`XlsxWorkbook.version`) is the file's identity, size and timestamps and the lock
files present, so an idle cycle costs a ``stat`` of the file and a look for its two lock files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from sync import xlsx_formats
from sync.backend import (
    CellValue,
    ReadGrid,
    WorkbookBusy,
    WorkbookLocked,
    WorkbookUnavailable,
    WriteBatch,
)
from sync.formats import FoundFormat, TabFormat
from sync.packed_grid import PACK_FROM_CELLS, copy_of, packed_if_large
from sync.size import XLSX_ROW_LIMIT, WorkbookSize, size_of_tabs
from sync.xlsx_cells import show_formulas
from sync.xlsx_formulas import saved_results
from sync.xlsx_package import file_digest
from sync.xlsx_patch import CannotPatch, patch_workbook_into
from sync.xlsx_read import TabByTab, tab_keys
from sync.xlsx_read_cache import TabReadCache
from sync.xlsx_read_helper import HELPER_FROM_BYTES, HelperOffer

log = logging.getLogger(__name__)

# Text starting with these is a formula to Excel when typed; we keep it text (formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")
NO_FILE = b"no file"
STALE_TEMP_SECONDS = 600
# A file saved this recently may be saved again within the same timestamp tick (FAT and some network
# shares keep 2 s) at the same size, which its stat would not show: its version then names its content.
RACY_NANOSECONDS = 3_000_000_000


# A workbook this big is dropped after our save and loaded again for the next write (see _keeps).
KEEP_CELLS_LIMIT = 200_000
# What a broken file makes openpyxl or the fast reader raise.
UNREADABLE = (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError)


@dataclass
class _SavedWorkbook:
    """The openpyxl workbook our last save wrote, known by the SHA-256 of the bytes it saved."""

    digest: bytes
    workbook: Any


class XlsxWorkbook:
    """One .xlsx file; created on the first write if it does not exist.

    ``now_ns`` is the wall clock in nanoseconds, to tell a timestamp too recent to trust; ``reads``
    counts the reads asked of it.
    """

    def __init__(self, path: Path, *, now_ns: Callable[[], int] = time.time_ns,
                 packed_from: int = PACK_FROM_CELLS, helper_from: int | None = HELPER_FROM_BYTES) -> None:
        """``packed_from``: a tab read with at least this many cells is held packed (:mod:`sync.packed_grid`).

        ``helper_from``: a read parsing this many bytes of sheet XML or more shares them with a helper
        process (:mod:`sync.xlsx_read_helper`); None: never.
        """
        self.path = path
        self._packed_from = packed_from
        self._helper_from = helper_from
        self.reads = 0
        self.last_fallback = ""  # why the last read was openpyxl's, not the fast reader's (empty: it was not)
        self.last_helped = ""  # the tabs the last read's helper process parsed (empty: none)
        # How the last write was made: "patch" (only the changed tabs' XML, see sync.xlsx_patch), or
        # "openpyxl: <why the patch writer could not>".
        self.last_write_path = ""
        self._now_ns = now_ns
        # The workbook as our last save left it, while the file is still that save and the workbook small
        # enough to keep: the next write needs no load. A file saved by anyone else is loaded again.
        self._saved: _SavedWorkbook | None = None
        # The file as the last read saw it. A write planned from that read is refused if staff saved
        # the file since (a sort would send our cell updates to the wrong rows); the next cycle re-reads.
        self._read_digest: bytes | None = None
        # The file as our last save left it, and the saved formula results the last read showed, by tab
        # and coordinate. openpyxl saves no formula results, so in the file we saved those still stand
        # (our writes put values in cells and rows at the end: no formula moves).
        self._written_digest: bytes | None = None
        self._shown_results: dict[str, dict[str, CellValue]] = {}
        self._size: WorkbookSize | None = None  # every tab's used range, as the last read found the file
        # Tabs parsed before, by the bytes they came from: after our own patch write only the tabs it
        # changed are parsed again (see sync.xlsx_read_cache); ``read_cache.parsed`` names those.
        self.read_cache = TabReadCache()
        # Each tab's version (see tab_versions) as the last read or write left the file, and the last
        # file's versions worked out, by its SHA-256: the engine asks for them before and after a read.
        self._last_versions: dict[str, str] = {}
        self._versions_known: tuple[bytes, dict[str, str]] | None = None

    def open(self) -> None:
        """Check that the folder exists (the file may be created later); clear temp files a crash left."""
        if not self.path.parent.is_dir():
            raise WorkbookUnavailable(f"the folder {self.path.parent} for the workbook does not exist")
        # A save killed half-way leaves its temp file; an old one is nobody's save in progress any more.
        for leftover in self.path.parent.glob(f".{self.path.stem}.*.lobbydesk-tmp"):
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                    leftover.unlink()

    def close(self) -> None:
        """Drop the workbook kept from our last save and the tabs kept from the last read."""
        self._saved = None
        self.read_cache.clear()

    def describe(self) -> str:
        """In words for a person."""
        return f"the workbook file {self.path}"

    def lock_files(self) -> list[Path]:
        """The lock files Excel and LibreOffice keep next to a workbook they have open."""
        folder, name = self.path.parent, self.path.name
        return [folder / f"~${name}", folder / f".~lock.{name}#"]

    def version(self) -> str:
        """The file as its stat shows it, with the lock files present; its SHA-256 too while its timestamp is recent.

        The inode and ctime move when the file is replaced or its mtime put back (a copy, a restore);
        a lock file appearing or going moves it too, since it decides whether a write is refused.
        """
        stat, version = self._stat_and_look()
        if stat is not None and self._now_ns() - stat.st_mtime_ns < RACY_NANOSECONDS:
            # Never equal to a version without the hash: once the timestamp settles, the file is read again.
            try:
                with self.path.open("rb") as file:
                    version += " " + file_digest(file).hex()
            except OSError as error:
                raise WorkbookUnavailable(f"could not read {self.path}: {error}") from error
        return version

    def look(self) -> str:
        """The file as its stat shows it, with the lock files present: moves with every save (no byte read)."""
        return self._stat_and_look()[1]

    def _stat_and_look(self) -> tuple[os.stat_result | None, str]:
        locks = "".join("locked" if lock.exists() else "-" for lock in self.lock_files())
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None, f"no file {locks}"
        except OSError as error:
            raise WorkbookUnavailable(f"could not look at {self.path}: {error}") from error
        return stat, f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns} {locks}"

    def read(self, tabs: Sequence[str]) -> dict[str, ReadGrid]:
        """Read the named tabs in one pass over the file, formulas as the values they show; no file, no tabs.

        The tabs are parsed one at a time, largest first, each trimmed into read form where it was made
        (see :mod:`sync.xlsx_read`): the read's peak is the largest tab's parse, not every tab twice.
        """
        self.reads += 1
        file = self._opened()
        if file is None:
            self._read_digest, self._last_versions = NO_FILE, {}
            return {}
        with file:  # the file as it is now, read from as needed (a save replacing it meanwhile is not seen)
            try:
                self._read_digest = file_digest(file)
                self._last_versions = self._versions_of(file, self._read_digest)
                helper = None
                if self._helper_from is not None:
                    helper = HelperOffer(str(self.path), self._read_digest, self._packed_from, self._helper_from)
                reading = TabByTab(file, tabs, self.read_cache, helper=helper, packed_from=self._packed_from)
                grids = dict(self._shown(reading, file))
            except UNREADABLE as error:
                raise WorkbookUnavailable(f"{self.path} is not a readable .xlsx workbook: {error}") from error
        self.last_fallback = reading.fallback
        self.last_helped = reading.helped
        self._size = size_of_tabs(reading.used, row_limit=XLSX_ROW_LIMIT)
        return {name: grids[name] for name in tabs if name in grids}

    def _shown(self, reading: TabByTab, file: BinaryIO) -> Iterator[tuple[str, ReadGrid]]:
        """Each tab read, its formulas as the values they show, in read form."""
        for name, tab in reading:
            results = self._formula_results(file, [name]) if tab.formulas else {}
            grid = copy_of(tab.rows) if reading.kept(name) else tab.rows  # the read cache's own is not changed
            self._shown_results[name] = show_formulas(grid, tab.formulas, results.get(name, {}), reading.epoch)
            yield name, packed_if_large(grid, self._packed_from)

    def tab_versions(self) -> dict[str, str]:
        """Each tab's version: a digest of the stored bytes of its part and of every part its cells depend on.

        Our patch write copies the parts of the tabs it does not change byte for byte, so their versions
        stay; an office suite's save rewrites every part, and every version moves.
        """
        file = self._opened()
        if file is None:
            return {}
        with file:
            return self._versions_of(file, file_digest(file))

    def tab_versions_are_exact(self) -> bool:
        """True: a digest of the bytes the tab is read from."""
        return True

    def last_tab_versions(self) -> dict[str, str]:
        """The versions of the file as the last read found it or the last write left it."""
        return dict(self._last_versions)

    def _versions_of(self, file: BinaryIO, digest: bytes) -> dict[str, str]:
        known = self._versions_known
        if known is not None and known[0] == digest:
            return known[1]
        try:
            versions = {tab: key.hex() for tab, key in tab_keys(file).items()}
        except UNREADABLE:
            versions = {}  # the read says what is wrong with the file; no tab is left unread meanwhile
        self._versions_known = (digest, versions)
        return versions

    def size(self) -> WorkbookSize | None:
        """Every tab's used range (rows x columns) as the last read found it, against 1,048,576 rows a tab."""
        return self._size

    def write(self, batch: WriteBatch) -> None:
        """Apply the batch to the file and replace it atomically; WorkbookBusy while it is open elsewhere."""
        if batch.is_empty():
            return
        rows = WriteBatch(updates=batch.updates, appends=batch.appends)
        extents: dict[str, tuple[int, int] | None] = {}  # how far the patch put values in each tab
        if batch.new_tabs and not rows.is_empty():
            # openpyxl makes the new tabs with their header rows (a small save), and the rows go in through
            # the patch writer: through openpyxl, cell by cell, a first sync of the large demo took 468 s
            # and 3.8 GiB. The second save is checked against the first, as a write against its read.
            tabs = WriteBatch(new_tabs=batch.new_tabs)
            self._rewrite(lambda workbook: _apply(workbook, tabs))
            self._read_digest = self._written_digest
            self._rewrite(lambda workbook: _apply(workbook, rows),
                          patch=lambda file, target: patch_workbook_into(file, target, rows, extents), extents=extents)
            self.last_write_path = f"openpyxl for the new tabs, then {self.last_write_path}"
            return
        self._rewrite(lambda workbook: _apply(workbook, batch),
                      patch=lambda file, target: patch_workbook_into(file, target, batch, extents), extents=extents)

    def apply_formats(self, formats: Sequence[TabFormat]) -> None:
        """Format the tabs for staff (see :mod:`sync.xlsx_formats`) and replace the file atomically."""
        self._rewrite(lambda workbook: xlsx_formats.apply_formats(workbook, formats))
        self.last_write_path = "openpyxl: formats"

    def read_formats(self, formats: Sequence[TabFormat]) -> dict[str, FoundFormat]:
        """How each tab looks in the file now."""
        file = self._opened()
        if file is None:
            return {wanted.tab: FoundFormat(wanted.tab, exists=False) for wanted in formats}
        with file:
            digest = file_digest(file)
            saved = self._saved
            workbook = saved.workbook if saved is not None and saved.digest == digest else self._load(file)
        return xlsx_formats.read_formats(workbook, formats)

    def _formula_results(self, file: BinaryIO, tabs: Sequence[str]) -> dict[str, dict[str, CellValue]]:
        """The result saved with each formula of these tabs, by tab and coordinate (none: absent)."""
        if not tabs:
            return {}
        if self._read_digest == self._written_digest:
            # openpyxl saved this file, keeping no results; those shown before our save still stand.
            return {tab: self._shown_results.get(tab, {}) for tab in tabs}
        return saved_results(file, tabs)

    def _rewrite(self, change: Callable[[Any], None], patch: Callable[[BinaryIO, BinaryIO], None] | None = None,
                 extents: dict[str, tuple[int, int] | None] | None = None) -> None:
        """Change the file and save it atomically; refused while it is open elsewhere or changed since read.

        ``patch`` writes the file anew from the file without openpyxl (see :mod:`sync.xlsx_patch`) and fills
        ``extents``; when it cannot, or there is no file yet, the file is loaded into openpyxl and ``change``
        makes the change.
        """
        self._refuse_if_locked()
        # Taken out while it changes: if the change or the save fails, it holds half our edits.
        saved, self._saved = self._saved, None
        try:
            file = self._opened()
            with file if file is not None else contextlib.nullcontext():
                digest = NO_FILE if file is None else file_digest(file)
                if self._read_digest is not None and digest != self._read_digest:
                    raise WorkbookBusy(
                        f"{self.path.name} was saved by someone else since lobbydesk read it; "
                        f"lobbydesk reads it again and writes on the next cycle"
                    )
                if file is not None and patch is not None and self._patched(file, digest, patch, extents):
                    return
                if file is None:
                    self.last_write_path = "openpyxl: no file yet"
                    workbook = _new_workbook()
                elif saved is not None and saved.digest == digest:
                    workbook = saved.workbook  # the file is still our last save: no load
                else:
                    workbook = self._load(file)
                if file is not None and digest not in (self._read_digest, self._written_digest):
                    # Provisioning saves without a read: keep the saved results our save will drop.
                    self._shown_results = saved_results(file, workbook.sheetnames)
            change(workbook)
            self._written_digest = self._save_atomically(workbook.save)
            if _keeps(workbook):
                self._saved = _SavedWorkbook(self._written_digest, workbook)
        except (OSError, zipfile.BadZipFile) as error:
            raise WorkbookUnavailable(f"could not write {self.path}: {error}") from error
        finally:
            self._read_digest = None

    def _patched(self, file: BinaryIO, digest: bytes, patch: Callable[[BinaryIO, BinaryIO], None],
                 extents: dict[str, tuple[int, int] | None] | None) -> bool:
        """Save the file the patch writer writes if it can; False (and why, in last_write_path) if not.

        ``extents``, filled by the patch, says how far it put values in each tab it wrote: the read cache
        then knows the grown tabs' used range, and the read after our write does not parse them for it.
        """
        before = self._versions_of(file, digest)  # known from the read before: no work
        # The patch keeps the saved formula results the file had. If the file was our save, or the last read
        # showed its results, those shown still stand; otherwise the next read takes them from the file.
        known = digest in (self._read_digest, self._written_digest)
        try:
            written = self._save_atomically(lambda target: patch(file, target), source=file)
        except CannotPatch as why:
            self.last_write_path = f"openpyxl: {why}"
            log.info("writing the workbook with openpyxl: %s", why)
            return False
        self._written_digest = written if known else None
        self.last_write_path = "patch"
        after = self._last_versions
        for tab, extent in (extents or {}).items():  # filled by the patch just made
            if extent is not None and tab in before and tab in after:
                self.read_cache.grown(tab, bytes.fromhex(before[tab]), bytes.fromhex(after[tab]), extent)
        return True

    def _refuse_if_locked(self) -> None:
        for lock in self.lock_files():
            if lock.exists():
                raise WorkbookLocked(
                    f"{self.path.name} is open in Excel or LibreOffice (lock file {lock.name}); "
                    f"close it there, or delete the lock file if nobody has it open"
                )

    def _opened(self) -> BinaryIO | None:
        """The file as it is on disk now, open to read (a save replacing it since is not seen); None: no file yet.

        Read from as needed, never held in memory whole (see :mod:`sync.xlsx_package`).
        """
        try:
            return self.path.open("rb")
        except FileNotFoundError:
            return None
        except OSError as error:
            raise WorkbookUnavailable(f"could not read {self.path}: {error}") from error

    def _load(self, file: BinaryIO) -> Any:
        """The file as an openpyxl workbook, formulas and formats as they are (for a write)."""
        try:
            file.seek(0)
            return load_workbook(file, data_only=False)
        except UNREADABLE as error:
            raise WorkbookUnavailable(f"{self.path} is not a readable .xlsx workbook: {error}") from error

    def _save_atomically(self, write: Callable[[BinaryIO], None], source: BinaryIO | None = None) -> bytes:
        """Write the file anew through ``write`` beside it and put that in its place; returns its SHA-256.

        What ``write`` raises leaves the file as it was. ``source``, the file written from, is closed before
        the new one takes its place (Windows refuses to replace a file held open).
        """
        folder = self.path.parent
        handle, temp_name = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=".lobbydesk-tmp", dir=folder)
        temp_path = Path(temp_name)
        try:
            with os.fdopen(handle, "w+b") as temp_file:
                write(temp_file)
                temp_file.flush()
                os.fsync(temp_file.fileno())
                digest = file_digest(temp_file)
                versions = self._versions_of(temp_file, digest)
            if source is not None:
                source.close()
            if self.path.exists():
                shutil.copymode(self.path, temp_path)
            else:
                temp_path.chmod(0o644)  # mkstemp makes it owner-only; a workbook is meant to be shared
            # Excel may have opened the file while we were saving; its lock file would say so.
            self._refuse_if_locked()
            try:
                os.replace(temp_path, self.path)
            except PermissionError as error:
                # Windows refuses to replace a file another program holds open: as good as a lock file.
                raise WorkbookBusy(f"{self.path.name} is held open by another program") from error
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        _fsync_folder(folder)
        self._last_versions = versions
        return digest


def _keeps(workbook: Any) -> bool:
    """Whether to keep a workbook we saved for the next write: yes while it is small.

    A large workbook in openpyxl costs about 500 bytes a cell (bench/sync/README.md, "Writes"): kept, it
    would hold the sync child far above its memory budget between writes, so it is loaded again instead.
    """
    return bool(sum(sheet.max_row * sheet.max_column for sheet in workbook.worksheets) <= KEEP_CELLS_LIMIT)


def _new_workbook() -> Any:
    workbook = Workbook()
    # openpyxl starts with one empty sheet; it goes once our tabs exist (a workbook needs one sheet).
    workbook.active.title = "__lobbydesk_placeholder__"
    return workbook


def _apply(workbook: Any, batch: WriteBatch) -> None:
    for name, headers in batch.new_tabs.items():
        if name in workbook.sheetnames:
            continue
        sheet = workbook.create_sheet(name)
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=column)
            _put(cell, header)
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    if "__lobbydesk_placeholder__" in workbook.sheetnames and len(workbook.sheetnames) > 1:
        del workbook["__lobbydesk_placeholder__"]
    for update in batch.updates:
        sheet = _sheet(workbook, update.tab)
        cell = sheet.cell(row=update.row + 1, column=update.column + 1)
        _put(cell, update.value)
        xlsx_formats.unlock_like_column(sheet, cell)
    for name, rows in batch.appends.items():
        sheet = _sheet(workbook, name)
        next_row = _last_used_row(sheet) + 1
        for offset, values in enumerate(rows):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    cell = sheet.cell(row=next_row + offset, column=column)
                    _put(cell, value)
                    xlsx_formats.unlock_like_column(sheet, cell)


def _sheet(workbook: Any, name: str) -> Any:
    if name not in workbook.sheetnames:
        raise WorkbookUnavailable(f"the workbook has no tab {name!r} to write to")
    return workbook[name]


def _put(cell: Any, value: CellValue) -> None:
    """Write a value as literal data: text stays text even when it looks like a formula."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the sync writes site-local times
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl makes any text starting with "=" a formula; 's' keeps it a string in the file, and
        # quotePrefix keeps Excel from turning "=…", "+1", "-2" or "@x" into a formula when staff edit it.
        cell.data_type = "s"
        cell.quotePrefix = value.startswith(FORMULA_PREFIXES)
    elif cell.quotePrefix:
        cell.quotePrefix = False


def _last_used_row(sheet: Any) -> int:
    """The 1-based number of the last row holding any value (0 for an empty sheet)."""
    for row in range(sheet.max_row, 0, -1):
        if any(cell.value not in (None, "") for cell in sheet[row]):
            return row
    return 0


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on Windows."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
