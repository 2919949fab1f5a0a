"""One worksheet's XML with some cells replaced and rows added, every other byte as it was.

The sheet comes from a :mod:`sync.xlsx_sheet_source`, which found its rows by a literal scan of the
``<row>`` tags (no parse of the whole sheet: a tab of 100,000 rows is 66 MB of XML) and gives the XML of the
rows this writer reads; only the rows written to, and the row above the first appended one, are taken apart
into cells, and the new XML is new pieces between spans of the old. A written cell is what openpyxl's write
(``sync.xlsx._put``) would save, value for value and type for type: text as an inline string
(``sharedStrings.xml`` is left as it is), numbers and yes/no as themselves, dates as serial numbers in a
date style (see :mod:`sync.xlsx_patch_styles`). A new cell in an appended row takes the style of the cell
above it, so the column's look holds, unless a number would then read as a date; in every other new cell the
default style, as openpyxl gives. On a protected tab a cell written below the header ends with the
protection openpyxl's write gives it: unlocked in a column whose style is unlocked
(``sync.xlsx_formats.unlock_like_column``), else the protection it had (the default style's, for a new
cell). A sheet or a cell this writer does not handle exactly raises :class:`CannotPatch` with the reason.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel

from sync.backend import CellValue, Row
from sync.xlsx_patch_styles import UNLOCKED, CellStyles, NoFittingStyle, Protection, openpyxl_bool
from sync.xlsx_sheet_source import CannotPatch, Piece, SheetSource

CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
ATTRIBUTE = re.compile(rb'\s([\w:.-]+)="([^"]*)"')
COORDINATE = re.compile(r"([A-Z]{1,3})(\d+)")
DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
SHEET_PROTECTION = re.compile(rb'<sheetProtection\b[^>]*\ssheet="([^"]*)"')
COLUMN = re.compile(rb"<col\b([^>]*?)/?>")
FILLED_TEXT = re.compile(rb"<t\b[^>]*>[^<]")
FILLED_VALUE = re.compile(rb"<v>([^<]+)</v>")
SPANS = re.compile(rb'\sspans="(\d+):(\d+)"')
FIRST_DATA_ROW = 2  # row 1 is the header: appended rows never take its (bold) style


@dataclass
class _Cell:
    """A cell as the file has it: its ``s`` and ``t`` and its inner XML (``b""`` for ``<c .../>``)."""

    style: int
    kind: str
    inner: bytes


@dataclass(frozen=True)
class _RowAt:
    """Where one ``<row>`` is in the sheet's XML (its tag, and its end), and its XML."""

    number: int
    start: int
    tag_end: int
    closed: bool  # ``<row .../>``: no cells
    end: int
    xml: bytes


class SheetPatch:
    """One worksheet's XML, ready to take cell updates and appended rows."""

    def __init__(self, sheet: SheetSource, tab: str, styles: CellStyles, epoch: datetime,
                 empty_shared_string: Callable[[int], bool], keeps_calc_chain: bool) -> None:
        self._sheet, self._tab, self._styles, self._epoch = sheet, tab, styles, epoch
        self._empty_shared_string = empty_shared_string
        self._keeps_calc_chain = keeps_calc_chain
        self._data_start, self._data_end = len(sheet.head), sheet.data_end
        protection = SHEET_PROTECTION.search(sheet.tail)
        self._protected = protection is not None and openpyxl_bool(protection[1].decode())
        self._open_columns = self._unlocked_columns() if self._protected else frozenset()
        # Every row's number, where its tag starts and ends, and whether it is closed (``<row .../>``), in
        # arrays: an object per row cost 15 MB for the large demo's Queue tab; a row is made when needed.
        self._numbers, self._starts, self._tag_ends = sheet.numbers, sheet.starts, sheet.tag_ends
        # The last row and column :meth:`write` put a value in, or None if it emptied a cell (which may
        # shrink the used range): the read after our write knows the tab's range without parsing it.
        self.extent: tuple[int, int] | None = None

    def write(self, updates: list[tuple[tuple[int, int], CellValue]], appends: Sequence[Row]) -> list[Piece]:
        """The sheet with the updates ((1-based row, column), value), in order, made, then the rows appended.

        Its XML in pieces, to be written one after another: new XML, and spans of the sheet as it was (most
        of it), which the sheet source writes (see :mod:`sync.xlsx_sheet_source`).
        """
        made = [(place, _normalised(value)) for place, value in updates]
        rows: dict[int, dict[int, _Cell]] = {}  # every row touched, cells by column, as they will be
        for (row, column), value in made:
            cells = rows.setdefault(row, self._cells(row))
            style = cells[column].style if column in cells else 0
            self._put(cells, row, column, value, style)
        last = self._last_used_row(dict(made))  # a cell written twice holds its last value
        self.extent = _extent_written(made, last, appends)
        # Appended rows past every row of the file and every row touched are made into XML at once: a
        # first sync appends millions of cells, which as cell objects would cost gigabytes.
        beyond = max([*rows, self._numbers[-1] if self._numbers else 0])
        tail = _Tail()
        if appends:
            above: dict[int, _Cell] = {}
            if last >= FIRST_DATA_ROW:
                above = rows[last] if last in rows else self._cells(last)
            for offset, values in enumerate(appends):
                row = last + 1 + offset
                cells = rows.setdefault(row, self._cells(row)) if row <= beyond else {}
                for column, raw in enumerate(values, start=1):
                    if raw is None:
                        continue
                    value = _normalised(raw)
                    if column in cells:
                        self._put(cells, row, column, value, cells[column].style)
                    else:
                        self._put_new(cells, row, column, value, above.get(column))
                if row > beyond:
                    tail.add(row, cells)
        return self._rewritten(rows, tail)

    def _put(self, cells: dict[int, _Cell], row: int, column: int, value: CellValue, style: int) -> None:
        old = cells.get(column)
        if old is not None and b"<f" in old.inner:
            if re.search(rb'<f\b[^>]*\s(?:t|ref)="', old.inner):
                raise CannotPatch(f"{self._where(row, column)} holds a shared or array formula")
            if self._keeps_calc_chain:
                raise CannotPatch(f"{self._where(row, column)} holds a formula listed in the calculation chain")
        try:
            style = self._styles.for_value(value, style, self._written_protection(cells, row, column))
        except NoFittingStyle as why:
            raise CannotPatch(f"{self._where(row, column)}: {why}") from why
        cells[column] = _cell(value, style, self._epoch)

    def _put_new(self, cells: dict[int, _Cell], row: int, column: int, value: CellValue, above: _Cell | None) -> None:
        """A new cell in an appended row: the style of the cell above when it reads the value the same."""
        number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
        if above is not None and not (number and self._styles.is_date(above.style)):
            try:
                style = self._styles.for_value(value, above.style, self._written_protection(cells, row, column))
                cells[column] = _cell(value, style, self._epoch)
                return
            except NoFittingStyle:
                pass  # the default style, as openpyxl would give, may still fit
        self._put(cells, row, column, value, 0)

    def _written_protection(self, cells: dict[int, _Cell], row: int, column: int) -> Protection | None:
        """The protection openpyxl's write leaves this cell with, judged before it is written; None: its style's.

        On an unprotected tab protection does nothing, so a new cell may keep the protection of the style
        above it; on a protected one it is what ``unlock_like_column`` leaves: unlocked in an open column,
        else the cell's own, which for a new cell is the default style's (openpyxl's new cells have it).
        """
        if not self._protected or row < FIRST_DATA_ROW:
            return None
        if column in self._open_columns:
            return UNLOCKED
        return self._styles.protection(cells[column].style if column in cells else 0)

    def _unlocked_columns(self) -> frozenset[int]:
        """The columns openpyxl finds unlocked: a ``<col>`` whose style is unlocked opens the column it starts at.

        openpyxl keeps each ``<col>`` as the dimension of its first column (a later one of the same start
        replacing it), so a column further inside a ``<col min max>`` range is not open to its write either.
        """
        styles: dict[int, int | None] = {}  # None: no style, which openpyxl reads as locked (not the default style)
        for column in COLUMN.finditer(self._sheet.head):
            attributes = _attributes(column[1], f"a <col> of the tab {self._tab}")
            start, style = attributes.get("min", ""), attributes.get("style")
            if not start.isdigit() or not (style is None or style.isdigit()):
                raise CannotPatch(f"a <col> of the tab {self._tab} has the start {start!r} and the style {style!r}")
            styles[int(start)] = None if style is None else int(style)
        try:
            return frozenset(start for start, style in styles.items()
                             if style is not None and not self._styles.protection(style).locked)
        except NoFittingStyle as why:
            raise CannotPatch(f"a <col> of the tab {self._tab}: {why}") from why

    def _last_used_row(self, updates: dict[tuple[int, int], CellValue]) -> int:
        """The last row holding a value once the updates are made, as ``sync.xlsx._last_used_row`` finds it."""
        last = max((row for (row, _column), value in updates.items() if value not in (None, "")), default=0)
        for index in range(len(self._numbers) - 1, -1, -1):
            number = self._numbers[index]
            if number <= last:
                break
            if not self._may_hold_values(number):
                continue  # rows of styled empty cells (an archive blanks the rows it moves) cost a search each
            cells = self._cells(number)
            if any(self._holds_value(cell) for column, cell in cells.items() if (number, column) not in updates):
                return number
        return last

    def _may_hold_values(self, number: int) -> bool:
        """False when the row has no value, formula or inline text in it at all: none of its cells holds a value."""
        index = bisect.bisect_left(self._numbers, number)
        return index < len(self._numbers) and self._numbers[index] == number and self._sheet.may_hold_values(index)

    def _holds_value(self, cell: _Cell) -> bool:
        if b"<f" in cell.inner:
            return True
        if cell.kind == "inlineStr":
            return bool(FILLED_TEXT.search(cell.inner))
        value = FILLED_VALUE.search(cell.inner)
        if value is None:
            return False
        return not (cell.kind == "s" and self._empty_shared_string(int(value[1])))

    def _row(self, number: int) -> _RowAt | None:
        index = bisect.bisect_left(self._numbers, number)
        if index == len(self._numbers) or self._numbers[index] != number:
            return None
        xml, start = self._sheet.row_xml(index), self._starts[index]
        return _RowAt(number, start, self._tag_ends[index], bool(self._sheet.closed[index]), start + len(xml), xml)

    def _cells(self, number: int) -> dict[int, _Cell]:
        row = self._row(number)
        if row is None or row.closed:
            return {}
        cells: dict[int, _Cell] = {}
        xml = row.xml
        position, inner_end = row.tag_end - row.start, len(xml) - len(b"</row>")
        for match in CELL.finditer(xml, position, inner_end):
            if xml[position:match.start()].strip():
                raise CannotPatch(f"row {number} of the tab {self._tab} holds more than cells")
            position = match.end()
            attributes = _attributes(match[1], f"a cell in row {number} of the tab {self._tab}")
            coordinate = COORDINATE.fullmatch(attributes.get("r", ""))
            if coordinate is None or int(coordinate[2]) != number:
                raise CannotPatch(f"a cell in row {number} of the tab {self._tab} has no coordinate of its row")
            style = attributes.get("s", "0")
            if not style.isdigit():
                raise CannotPatch(f"a cell in row {number} of the tab {self._tab} has the style {style!r}")
            cells[column_index_from_string(coordinate[1])] = _Cell(int(style), attributes.get("t", "n"),
                                                                   match[2] or b"")
        if xml[position:inner_end].strip():
            raise CannotPatch(f"row {number} of the tab {self._tab} holds more than cells")
        return cells

    def _rewritten(self, rows: dict[int, dict[int, _Cell]], tail: _Tail) -> list[Piece]:
        pieces: list[Piece] = []
        position = self._data_start
        columns: list[int] = []
        for number in sorted(rows):
            cells = rows[number]
            row = self._row(number)
            if row is None:
                if not cells:
                    continue
                after = bisect.bisect_left(self._numbers, number)
                at = self._starts[after] if after < len(self._starts) else self._data_end
                pieces += [(position, at), b'<row r="%d">' % number]
                position = at
            else:
                pieces += [(position, row.start), _row_tag(row.xml[:row.tag_end - row.start], cells)]
                position = row.end
            pieces.append(_cells_xml(number, cells))
            pieces.append(b"</row>")
            columns += cells
        last_row = max((number for number, cells in rows.items() if cells), default=1)
        head = _dimension(self._sheet.head, max(last_row, tail.last_row), max(*columns, tail.last_column, 1))
        return [head, *pieces, (position, self._data_end), *tail.rows, self._sheet.tail]

    def _where(self, row: int, column: int) -> str:
        return f"{get_column_letter(column)}{row} of the tab {self._tab}"


def _extent_written(made: list[tuple[tuple[int, int], CellValue]], last: int,
                    appends: Sequence[Row]) -> tuple[int, int] | None:
    """The last row and column given a value by the updates and the rows appended after row ``last``; None
    when an update empties a cell."""
    if any(value is None or value == "" for _place, value in made):
        return None
    places = [place for place, _value in made]
    places += [(last + 1 + offset, column) for offset, values in enumerate(appends)
               for column, value in enumerate(values, start=1) if value is not None and value != ""]
    return max((row for row, _ in places), default=0), max((column for _, column in places), default=0)


def _attributes(text: bytes, where: str) -> dict[str, str]:
    found = ATTRIBUTE.findall(text)
    if ATTRIBUTE.sub(b"", text).strip():
        raise CannotPatch(f"{where} has attributes not spelled name=\"value\"")
    return {name.decode(): value.decode() for name, value in found}


def _normalised(value: CellValue) -> CellValue:
    """The value as ``_put`` stores it: no time zone, no characters XML cannot hold."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return str(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, float) and not math.isfinite(value):
        raise CannotPatch(f"the value {value!r} is no number a workbook holds")
    return value


def _cell(value: CellValue, style: int, epoch: datetime) -> _Cell:
    """A cell as openpyxl's writer saves it (``openpyxl.cell._writer``), text inline."""
    if value is None or value == "":
        return _Cell(style, "n", b"")
    if isinstance(value, str):
        space = b' xml:space="preserve"' if value.strip() and value != value.strip() else b""
        return _Cell(style, "inlineStr", b"<is><t%b>%b</t></is>" % (space, escape(value).encode()))
    if isinstance(value, bool):
        return _Cell(style, "b", b"<v>%d</v>" % value)
    if isinstance(value, date):
        return _Cell(style, "n", b"<v>%b</v>" % safe_string(to_excel(value, epoch)).encode())
    if isinstance(value, int | float | Decimal):
        return _Cell(style, "n", b"<v>%b</v>" % safe_string(value).encode())
    raise CannotPatch(f"a value of type {type(value).__name__} is not one the sync writes")


class _Tail:
    """Rows appended past the end of the sheet, already as XML, and how far they reach."""

    def __init__(self) -> None:
        self.rows: list[bytes] = []
        self.last_row = self.last_column = 0

    def add(self, number: int, cells: dict[int, _Cell]) -> None:
        if cells:
            self.rows.append(b'<row r="%d">%b</row>' % (number, _cells_xml(number, cells)))
            self.last_row, self.last_column = number, max(self.last_column, *cells)


def _cells_xml(row: int, cells: dict[int, _Cell]) -> bytes:
    return b"".join(_cell_xml(get_column_letter(column), row, cells[column]) for column in sorted(cells))


def _cell_xml(letter: str, row: int, cell: _Cell) -> bytes:
    style = b' s="%d"' % cell.style if cell.style else b""
    if not cell.inner:
        return b'<c r="%b%d"%b/>' % (letter.encode(), row, style)
    return b'<c r="%b%d"%b t="%b">%b</c>' % (letter.encode(), row, style, cell.kind.encode(), cell.inner)


def _row_tag(tag: bytes, cells: dict[int, _Cell]) -> bytes:
    """The row's own tag, open (its cells follow), its spans widened to the cells it now has."""
    tag = tag[:-2] + b">" if tag.endswith(b"/>") else tag
    spans = SPANS.search(tag)
    if spans is None or not cells:
        return tag
    low, high = min(int(spans[1]), *cells), max(int(spans[2]), *cells)
    return tag[:spans.start()] + b' spans="%d:%d"' % (low, high) + tag[spans.end():]


def _dimension(head: bytes, last_row: int, last_column: int) -> bytes:
    """The sheet's head with its ``<dimension ref>`` grown to take the cells written."""
    found = DIMENSION.search(head)
    if found is None:
        return head
    try:
        min_col, min_row, max_col, max_row = range_boundaries(found[1].decode())
    except (ValueError, TypeError):
        return head
    if None in (min_col, min_row, max_col, max_row):
        return head
    grown = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max(max_col, last_column))}" \
            f"{max(max_row, last_row)}"
    return head[:found.start(1)] + grown.encode() + head[found.end(1):]
