"""A worksheet's XML in whole regions: its head, runs of whole rows, its tail; never the whole sheet at once.

The scan of a sheet (:mod:`sync.xlsx_fast_read`) looks for what calamine reads otherwise with literal
searches. It can run over one run of rows at a time only if no search finds across the cut, or misses
across it, what it would find in the whole sheet. So every cut is made just after a ``>``: after the
``<sheetData>`` tag, after a ``</row>``, after the last row. A search that ends at a ``>`` or holds none
cannot straddle such a cut; the others (a ``>`` followed by text: a blank or edge-spaced text) would
need a run of rows to start with something other than a row or end with something other than a row's
end (:func:`whole_rows` says, for the scan to refuse such a sheet), or the tail with something other
than ``</sheetData>``.

The large demo's unarchived Charges tab is about 400 MB of XML: inflated whole for the scan, it was the
read's peak.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import Enum

ROWS_PIECE = 4 << 20  # a run of rows is cut once this much XML is waiting
ROOT_TAG = re.compile(rb"<(?P<prefix>[\w.-]+:)?worksheet\b[^>]*>")


class Region(Enum):
    """Which part of the sheet a piece of its XML is."""

    HEAD = "head"  # from the start to the end of the <sheetData> tag (the whole sheet if it has none)
    ROWS = "rows"  # whole rows
    TAIL = "tail"  # from </sheetData> to the end


class IrregularSheetError(ValueError):
    """The sheet's <sheetData> is not closed."""


def sheet_regions(pieces: Iterable[bytes], rows_piece: int = ROWS_PIECE) -> Iterator[tuple[Region, bytearray]]:
    """The sheet's XML, given in pieces of any size, as its head, runs of whole rows and its tail.

    States: looking for the root tag and the <sheetData> tag (head), then rows until </sheetData>, then
    the tail until the end. A run of rows is about ``rows_piece`` long (longer if one row is).
    """
    buffer = bytearray()
    pieces = iter(pieces)
    head_end, prefix = _head_end(buffer, pieces)
    head = buffer[:head_end]
    del buffer[:head_end]
    yield Region.HEAD, head
    if prefix is None:
        return
    row_end, data_end = b"</" + prefix + b"row>", b"</" + prefix + b"sheetData>"
    searched = 0  # the buffer before this holds no </sheetData>
    while True:
        closing = buffer.find(data_end, searched)
        searched = max(0, len(buffer) - len(data_end) + 1) if closing < 0 else closing
        rows_end = len(buffer) if closing < 0 else closing
        # The first row to end at or past rows_piece ends the run: a large piece holds several runs.
        if rows_end >= rows_piece and (cut := buffer.find(row_end, max(0, rows_piece - len(row_end)), rows_end)) >= 0:
            yield Region.ROWS, _taken(buffer, cut + len(row_end))
            searched = max(0, searched - cut - len(row_end))
            continue
        if closing >= 0:
            break
        piece = next(pieces, None)
        if piece is None:
            raise IrregularSheetError("a worksheet's sheetData is not closed")
        buffer += piece
    last = len(buffer[:closing].rstrip())
    if last:
        yield Region.ROWS, _taken(buffer, last)
    for piece in pieces:
        buffer += piece
    yield Region.TAIL, buffer


def _head_end(buffer: bytearray, pieces: Iterator[bytes]) -> tuple[int, bytes | None]:
    """Read into ``buffer`` until the end of the <sheetData> tag: where it ends, and the sheet's namespace prefix.

    ``<sheetData/>`` ends the head with no rows (prefix None, as for a sheet without sheetData): the rest is head.
    """
    while True:
        root = ROOT_TAG.search(buffer)
        if root is not None:
            prefix = root["prefix"] or b""
            data = re.compile(rb"<" + re.escape(prefix) + rb"sheetData\b[^>]*>").search(buffer, root.end())
            if data is not None and not data[0].endswith(b"/>"):
                return data.end(), prefix
        piece = next(pieces, None)
        if piece is None:
            return len(buffer), None
        buffer += piece


def _taken(buffer: bytearray, end: int) -> bytearray:
    """Take ``buffer[:end]`` out of the buffer."""
    taken = buffer[:end]
    del buffer[:end]
    return taken


def whole_rows(xml: bytes | bytearray, prefix: bytes) -> bool:
    """Whether a run of rows starts with a row and ends with one's end, as the cuts need of a regular sheet."""
    if not re.match(rb"\s*<" + re.escape(prefix) + rb"row[\s/>]", xml):
        return False
    if xml.endswith(b"</" + prefix + b"row>"):
        return True
    return re.compile(rb"<" + re.escape(prefix) + rb"row\b[^<>]*/>").fullmatch(xml, xml.rfind(b"<")) is not None
