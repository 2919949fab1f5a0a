"""A worksheet's XML as the patch writer needs it: its head and tail, where each row is, and the rows it reads.

The patch writer (:mod:`sync.xlsx_patch_sheet`) changes a few rows of a sheet and keeps every other byte.
:class:`StreamedSheet` never holds the sheet: it inflates the part once to find where each row is,
keeping only the head (up to ``<sheetData>``), the tail (from ``</sheetData>``), the rows asked for, and
the last rows holding values and those after them (where rows are appended), and once more to write the new XML,
copying the unchanged spans as they are inflated. The large demo's Queue tab is 38 MB of XML (190 MB
unarchived), which a kiosk write held whole. A row it did not keep raises :class:`NeedsWholeSheet`, and
the writer takes the sheet whole, as :class:`WholeSheet`, which is also what tests and small tabs use.

The XML is scanned literally (see :mod:`sync.xlsx_patch_sheet`); a chunk is scanned up to its last ``<``,
since in well-formed XML every tag opened before it is closed before it.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Protocol

from sync.xlsx_package import INFLATED_PIECE, inflated_pieces

ROW_TAG = re.compile(rb"<row\b([^>]*?)(/?)>")
ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
PREFIXED_ROOT = re.compile(rb"<[\w.-]+:worksheet\b")
ENCODING = re.compile(rb'^<\?xml[^>]*encoding="(?!utf-8")', re.I)
DATA_START, DATA_END, ROW_END = b"<sheetData>", b"</sheetData>", b"</row>"
VALUE_TAG = re.compile(rb"<(?:v|f|is)\b")
# The last rows holding values that StreamedSheet keeps: the row to append after is the last holding a value
# once the updates are made, and updates that empty the last rows send it further back.
LAST_ROWS = 16
Span = tuple[int, int]  # bytes of the sheet as it was, from and to
Piece = bytes | Span


class CannotPatch(Exception):  # noqa: N818 - a reason, not a failure: the openpyxl write takes over
    """This batch or this sheet is not one the patch writer handles exactly; the message says why."""


class NeedsWholeSheet(Exception):  # noqa: N818 - a signal: the writer takes the sheet whole instead
    """The streamed sheet did not keep a row the patch needs."""


class SheetSource(Protocol):
    """Where a sheet's rows are, its head and tail, and the XML of the rows the patch reads."""

    head: bytes  # up to and with ``<sheetData>``
    tail: bytes  # from ``</sheetData>`` to the end
    data_end: int
    numbers: array[int]
    starts: array[int]
    tag_ends: array[int]
    closed: bytearray  # 1: ``<row .../>``, no cells

    def row_xml(self, index: int) -> bytes:
        """Row ``index``'s XML from its tag to its end tag (its tag alone if closed)."""

    def may_hold_values(self, index: int) -> bool:
        """False when row ``index`` has no value, formula or inline text in it at all."""

    def write_pieces(self, pieces: Iterable[Piece], out: BinaryIO) -> None:
        """Write the new XML: literal pieces as they are, spans as the sheet had them."""


def size_of(pieces: Iterable[Piece]) -> int:
    """How many bytes the pieces write."""
    return sum(piece[1] - piece[0] if isinstance(piece, tuple) else len(piece) for piece in pieces)


class _Index:
    """The rows found so far: number, where the tag starts and ends, closed or not."""

    def __init__(self, tab: str) -> None:
        self.tab = tab
        self.numbers, self.starts, self.tag_ends, self.closed = array("q"), array("q"), array("q"), bytearray()

    def add_rows(self, xml: bytes | bytearray | memoryview, start: int, end: int, offset: int) -> None:
        """Add the row tags in ``xml[start:end]``, which starts at ``offset`` of the sheet."""
        numbers, last = self.numbers, self.numbers[-1] if self.numbers else 0
        for tag in ROW_TAG.finditer(xml, start, end):
            found = ROW_NUMBER.search(tag[1])
            if found is None:
                raise CannotPatch(f"a row of the tab {self.tab} has no row number written out")
            number = int(found[1])
            if number <= last:
                raise CannotPatch(f"the rows of the tab {self.tab} are not in order")
            numbers.append(number)
            self.starts.append(offset + tag.start())
            self.tag_ends.append(offset + tag.end())
            self.closed.append(tag[2] == b"/")
            last = number


def _refuse_unusual(xml: bytes | bytearray | memoryview, tab: str) -> None:
    if b"<!--" in xml or b"<![CDATA[" in xml:
        raise CannotPatch(f"the tab {tab} has comments or CDATA in its XML")


def _refuse_unusual_head(head: bytes, tab: str) -> None:
    if PREFIXED_ROOT.search(head, 0, 2000) or ENCODING.search(head, 0, 200):
        raise CannotPatch(f"the tab {tab} is saved with prefixed tags or not in UTF-8")


class WholeSheet(_Index):
    """A sheet's XML held whole."""

    def __init__(self, xml: bytes | bytearray, tab: str) -> None:
        super().__init__(tab)
        self._xml = xml
        _refuse_unusual(xml, tab)
        start, end = xml.find(DATA_START), xml.find(DATA_END)
        if start < 0 or end < start:
            raise CannotPatch(f"the tab {tab} has no <sheetData> element this writer recognises")
        data_start = start + len(DATA_START)
        self.head, self.tail, self.data_end = bytes(xml[:data_start]), bytes(xml[end:]), end
        _refuse_unusual_head(self.head, tab)
        self.add_rows(xml, data_start, end, 0)

    def may_hold_values(self, index: int) -> bool:
        """False when row ``index`` has no value, formula or inline text in it at all."""
        if self.closed[index]:
            return False
        return VALUE_TAG.search(self._xml, self.tag_ends[index], self._end(index)) is not None

    def row_xml(self, index: int) -> bytes:
        """Row ``index``'s XML from its tag to its end tag (its tag alone if closed)."""
        return bytes(self._xml[self.starts[index]:self._end(index)])

    def write_pieces(self, pieces: Iterable[Piece], out: BinaryIO) -> None:
        """Write the new XML, the unchanged spans as views of the sheet (joined, they would be a second copy)."""
        xml = memoryview(self._xml)
        for piece in pieces:
            out.write(xml[piece[0]:piece[1]] if isinstance(piece, tuple) else piece)

    def _end(self, index: int) -> int:
        tag_end = self.tag_ends[index]
        return tag_end if self.closed[index] else self._xml.index(ROW_END, tag_end) + len(ROW_END)


class StreamedSheet(_Index):
    """A sheet inflated piece by piece: the rows asked for and the last ones kept, the others only indexed."""

    def __init__(self, archive: zipfile.ZipFile, part: str, tab: str, wanted: set[int], *, appended: int = 0,
                 last_rows: int = LAST_ROWS, piece: int = INFLATED_PIECE) -> None:
        super().__init__(tab)
        self._archive, self._part, self._piece = archive, part, piece
        self._wanted, self._after_last = wanted, appended + 1
        self._kept: dict[int, bytes] = {}  # row index -> its XML from its tag to the next row's (or the data's end)
        self._last_valued: deque[tuple[int, bytes]] = deque(maxlen=last_rows)
        self._following: list[tuple[int, bytes]] = []  # rows after the last that may hold values
        self._valued = bytearray()  # by row index: 1 if it may hold values
        self._stream = iter(self._chunks())  # read on by the head, then the rows, then the tail
        self.head, buffer, offset = self._read_head()
        self.tail, self.data_end = b"", -1
        self._read_rows(buffer, offset)
        self._kept.update(self._last_valued)
        self._kept.update(self._following)

    def _chunks(self) -> Iterator[bytes]:
        return inflated_pieces(self._archive, self._part, self._piece)

    def _read_head(self) -> tuple[bytes, bytearray, int]:
        buffer = bytearray()
        for chunk in self._stream:
            buffer += chunk
            found = buffer.find(DATA_START)
            if found >= 0:
                data_start = found + len(DATA_START)
                head = bytes(buffer[:data_start])
                _refuse_unusual(head, self.tab)
                _refuse_unusual_head(head, self.tab)
                return head, buffer[data_start:], data_start
        raise CannotPatch(f"the tab {self.tab} has no <sheetData> element this writer recognises")

    def _read_rows(self, buffer: bytearray, offset: int) -> None:
        """Index the rows from ``buffer`` (at ``offset`` of the sheet) and the chunks after it, to ``</sheetData>``.

        The buffer keeps the bytes from the last row found on: a row is looked at once the next one's tag
        (or the data's end) says where it ends.
        """
        while True:
            end = buffer.find(DATA_END)
            limit = end if end >= 0 else max(buffer.rfind(b"<"), 0)  # every tag before the last "<" is whole
            scanned = self.tag_ends[-1] - offset if self.numbers else 0  # the rows before it are indexed
            if buffer.find(b"<!--", 0, limit) >= 0 or buffer.find(b"<![CDATA[", 0, limit) >= 0:
                raise CannotPatch(f"the tab {self.tab} has comments or CDATA in its XML")
            self.add_rows(buffer, scanned, limit, offset)
            for index in range(len(self._valued), len(self.numbers) - 1):
                self._look_at(index, buffer, offset, self.starts[index + 1])
            if end >= 0:
                if self.numbers:
                    self._look_at(len(self.numbers) - 1, buffer, offset, offset + end)
                self.data_end = offset + end
                self.tail = bytes(buffer[end:]) + b"".join(self._stream)
                _refuse_unusual(self.tail, self.tab)
                return
            keep_from = self.starts[-1] - offset if self.numbers else limit  # the last row found is still open
            del buffer[:keep_from]
            offset += keep_from
            chunk = next(self._stream, None)
            if chunk is None:
                raise CannotPatch(f"the tab {self.tab} has no <sheetData> element this writer recognises")
            buffer += chunk

    def _look_at(self, index: int, buffer: bytearray, offset: int, end: int) -> None:
        """Keep row ``index`` (ending at ``end``) if it is asked for or among the last; note if it may hold values."""
        start, tag_end = self.starts[index] - offset, self.tag_ends[index] - offset
        valued = not self.closed[index] and VALUE_TAG.search(buffer, tag_end, end - offset) is not None
        self._valued.append(valued)
        if self.numbers[index] in self._wanted:
            self._kept[index] = bytes(buffer[start:end - offset])
        if valued:
            self._last_valued.append((index, bytes(buffer[start:end - offset])))
            self._following.clear()
        elif len(self._following) < self._after_last:
            self._following.append((index, bytes(buffer[start:end - offset])))

    def may_hold_values(self, index: int) -> bool:
        """False when row ``index`` has no value, formula or inline text in it at all."""
        return bool(self._valued[index])

    def row_xml(self, index: int) -> bytes:
        """Row ``index``'s XML from its tag to its end tag; NeedsWholeSheet if the row was not kept."""
        kept = self._kept.get(index)
        if kept is None:
            raise NeedsWholeSheet
        start, tag_end = self.starts[index], self.tag_ends[index]
        end = tag_end - start if self.closed[index] else kept.index(ROW_END, tag_end - start) + len(ROW_END)
        return kept[:end]

    def write_pieces(self, pieces: Iterable[Piece], out: BinaryIO) -> None:
        """Write the new XML: literal pieces as they are, spans copied from the sheet inflated again."""
        chunks = self._chunks()
        held, at = memoryview(b""), 0  # inflated bytes not yet passed, and where in the sheet they start
        for piece in pieces:
            if not isinstance(piece, tuple):
                out.write(piece)
                continue
            start, end = piece
            if start < at:
                raise ValueError(f"the spans of the sheet are not in order ({start} after {at})")
            while at < end:
                if not held:
                    held = memoryview(next(chunks))
                if at < start:  # bytes of rows replaced: passed over
                    skip = min(start - at, len(held))
                    held, at = held[skip:], at + skip
                    continue
                take = min(end - at, len(held))
                out.write(held[:take])
                held, at = held[take:], at + take
        for _rest in chunks:
            pass  # read to the end, where zipfile checks the part's CRC
