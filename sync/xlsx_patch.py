"""The everyday write of an .xlsx file: only the changed tabs' sheet XML rewritten, no openpyxl load.

The common batch (cell updates and rows appended on tabs that exist) changes a few cells of a few tabs.
openpyxl's write loads and saves the whole workbook (91-121 s of CPU and 1.5 GB on the large demo, see
bench/sync/README.md); this one copies every part of the package as it is but the sheets written to, which
:mod:`sync.xlsx_patch_sheet` rewrites in one pass each: a large sheet (the Queue tab, 38 MB of XML archived)
streamed, never held (:mod:`sync.xlsx_sheet_source`), a small one whole. Styles, shared strings, formulas
with their saved results, tables, filters, conditional formats, data validations and whatever else staff's
office suite saved stay byte for byte. Nothing needs to grow with the rows: lobbydesk's formats
(:mod:`sync.xlsx_formats`) cover whole columns down to row 1,048,576, and openpyxl's write did not grow
staff's tables either.

No library found patches sheet XML in place inside an .xlsx (openpyxl, XlsxWriter and pyexcelerate write
whole workbooks; python-calamine only reads), so the rewrite is the scan in :mod:`sync.xlsx_patch_sheet`.
The package's small parts (which part is which tab, the date system) are read by openpyxl's own readers. A
batch or file it does not handle exactly (a new tab, a protected tab, a style the workbook lacks, ...)
raises :class:`CannotPatch` saying why, and the caller writes with openpyxl instead.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, cast

from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS

from sync.backend import CellValue, Row, WriteBatch
from sync.xlsx_package import INFLATED_PIECE, Package, inflated_part, opened, stored_pieces
from sync.xlsx_patch_sheet import SheetPatch
from sync.xlsx_patch_styles import CellStyles
from sync.xlsx_sheet_source import (
    LAST_ROWS,
    CannotPatch,
    NeedsWholeSheet,
    Piece,
    SheetSource,
    StreamedSheet,
    WholeSheet,
    size_of,
)

log = logging.getLogger(__name__)

STYLES_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CALC_CHAIN_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
SHARED_STRING = re.compile(rb"<si\b[^>]*?(/>|>(.*?)</si>)", re.S)
FILLED_TEXT = re.compile(rb"<t\b[^>]*>[^<]")
ENCRYPTED, DATA_DESCRIPTOR = 0x1, 0x8  # general purpose bit flags of a zip entry
BROKEN = (zipfile.BadZipFile, KeyError, ValueError, IndexError, TypeError, SyntaxError)

__all__ = ["CannotPatch", "patch_workbook"]


def patch_workbook(
    package: Package, batch: WriteBatch, extents: dict[str, tuple[int, int] | None] | None = None,
    streaming: Streaming | None = None,
) -> bytes:
    """The workbook with the batch written into the sheets it touches, as bytes; CannotPatch if not possible."""
    target = io.BytesIO()
    patch_workbook_into(package, target, batch, extents, streaming)
    return target.getvalue()


def patch_workbook_into(package: Package, target: BinaryIO, batch: WriteBatch,
                        extents: dict[str, tuple[int, int] | None] | None = None,
                        streaming: Streaming | None = None) -> None:
    """Write the workbook into ``target`` with the batch written into the sheets it touches; CannotPatch if not
    possible (``target`` then holds a part of it).

    ``extents`` gets each tab written and the last row and column it put a value in (None: it emptied a cell).
    """
    try:
        _patch(package, target, batch, {} if extents is None else extents, streaming or Streaming())
    except CannotPatch:
        raise
    except BROKEN as error:
        raise CannotPatch(f"the package could not be taken apart ({error.__class__.__name__}: {error})") from error


def _patch(source: Package, target: BinaryIO, batch: WriteBatch, extents: dict[str, tuple[int, int] | None],
           streaming: Streaming) -> None:
    package = ExcelReader(opened(source))
    package.read_manifest()
    package.read_workbook()
    parts: dict[str, str] = {}
    for sheet, relationship in package.parser.find_sheets():
        if "chartsheet" not in relationship.Type:
            parts.setdefault(sheet.name, relationship.target)
    if new := [tab for tab in batch.new_tabs if tab not in parts]:
        raise CannotPatch(f"the batch makes new tabs ({', '.join(new)})")
    # In the batch's order: a cell written twice keeps the date format the first value gave it, as in openpyxl.
    updates: dict[str, list[tuple[tuple[int, int], CellValue]]] = defaultdict(list)
    for update in batch.updates:
        updates[update.tab].append(((update.row + 1, update.column + 1), update.value))
    tabs = [*updates, *(tab for tab, rows in batch.appends.items() if rows and tab not in updates)]
    if missing := [tab for tab in tabs if tab not in parts]:
        raise CannotPatch(f"the workbook has no tab {missing[0]!r}")
    archive = package.archive
    related = {relationship.Type: relationship.target for relationship in package.parser.rels.values()}
    styles_part = related.get(STYLES_RELATIONSHIP)
    styles = CellStyles(archive.read(styles_part) if styles_part in archive.namelist() else None)
    strings = package.package.find(SHARED_STRINGS)
    empty_shared_string = _EmptySharedStrings(archive, strings.PartName[1:] if strings is not None else None)
    changed: dict[str, tuple[SheetSource, list[Piece]]] = {}
    for tab in tabs:
        def patch(sheet: SheetSource, tab: str = tab) -> SheetPatch:
            return SheetPatch(sheet, tab, styles, package.wb.epoch, empty_shared_string,
                              keeps_calc_chain=CALC_CHAIN_RELATIONSHIP in related)
        sheet, patched, pieces = _patched_sheet(archive, parts[tab], tab, updates.get(tab, []),
                                                batch.appends.get(tab, []), patch, streaming)
        changed[parts[tab]] = (sheet, pieces)
        extents[tab] = patched.extent
    _repack(source, archive, changed, target)


def _patched_sheet(archive: zipfile.ZipFile, part: str, tab: str, updates: list[tuple[tuple[int, int], CellValue]],
                   appends: Sequence[Row], patch: Callable[[SheetSource], SheetPatch],
                   streaming: Streaming) -> tuple[SheetSource, SheetPatch, list[Piece]]:
    """One sheet with its updates and appended rows: streamed if it is large and the rows kept serve, else whole."""
    if archive.getinfo(part).file_size >= streaming.whole_below:
        streamed = StreamedSheet(archive, part, tab, {row for (row, _column), _value in updates},
                                 appended=len(appends), last_rows=streaming.last_rows, piece=streaming.piece)
        try:
            patched = patch(streamed)
            return streamed, patched, patched.write(updates, appends)
        except NeedsWholeSheet:
            log.info("the patch reads the tab %s whole: it looks at rows before its last ones", tab)
    whole = WholeSheet(inflated_part(archive, part), tab)
    patched = patch(whole)
    return whole, patched, patched.write(updates, appends)


@dataclass(frozen=True)
class Streaming:
    """How the patch writer reads a sheet: whole if its XML is smaller than ``whole_below``, else streamed,
    ``piece`` bytes at a time, keeping the last ``last_rows`` rows holding values (see
    :mod:`sync.xlsx_sheet_source`)."""

    whole_below: int = 4 << 20
    last_rows: int = LAST_ROWS
    piece: int = INFLATED_PIECE


class _EmptySharedStrings:
    """Whether shared string N is empty text; the part is scanned only if a row's emptiness hangs on it."""

    def __init__(self, archive: zipfile.ZipFile, part: str | None) -> None:
        self._archive, self._part = archive, part
        self._empty: frozenset[int] | None = None

    def __call__(self, index: int) -> bool:
        if self._empty is None:
            strings = self._archive.read(self._part) if self._part is not None else b""
            self._empty = frozenset(index for index, item in enumerate(SHARED_STRING.finditer(strings))
                                    if not (item[2] and FILLED_TEXT.search(item[2])))
        return index in self._empty


def _repack(source: Package, archive: zipfile.ZipFile, changed: dict[str, tuple[SheetSource, list[Piece]]],
            out: BinaryIO) -> None:
    """Write the package with the changed parts in place of theirs, every other part's stored bytes as they were,
    in order.

    A part not changed is copied as stored, compressed: inflating and deflating it again cost 2.4 s of
    the large demo's 6 s kiosk write, and a part an office suite compressed would come back other bytes,
    so every tab would read as changed (sync.xlsx_read_cache, sync.settled) after our first write.
    """
    with zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            if info.filename in changed:
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = zipfile.ZIP_DEFLATED
                copy.external_attr = info.external_attr
                sheet, pieces = changed[info.filename]
                large = size_of(pieces) > zipfile.ZIP64_LIMIT  # as writestr would know
                with target.open(copy, "w", force_zip64=large) as part:  # deflated as the pieces come: never joined
                    sheet.write_pieces(pieces, cast(BinaryIO, part))
            else:
                _copy_as_stored(target, info, stored_pieces(source, info))


def _copy_as_stored(target: zipfile.ZipFile, info: zipfile.ZipInfo, stored: Iterable[bytes | memoryview]) -> None:
    """Add a part to a package being written as its compressed bytes stand, with the header zipfile would write.

    zipfile has no call for this; it is what its own ``writestr`` does once the data is compressed: the
    local header, the data, the entry for the central directory, and where the next part starts.
    """
    if info.flag_bits & ENCRYPTED:
        raise CannotPatch(f"the part {info.filename} is encrypted")
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.flag_bits = info.flag_bits & ~DATA_DESCRIPTOR  # sizes and CRC go in the header, not after the data
    copy.CRC, copy.compress_size, copy.file_size = info.CRC, info.compress_size, info.file_size
    assert target.fp is not None
    copy.header_offset = target.fp.tell()
    target.fp.write(copy.FileHeader())
    for piece in stored:
        target.fp.write(piece)
    target.filelist.append(copy)
    target.NameToInfo[copy.filename] = copy
    target.start_dir = target.fp.tell()
    target._didModify = True  # type: ignore[attr-defined]
