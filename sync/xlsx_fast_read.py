"""The everyday read of an .xlsx tab: python-calamine for the values, a scan of the sheet XML for the rest.

The rule is that it reads every workbook exactly as :mod:`sync.xlsx_openpyxl_read` (openpyxl loading the
whole file) does, cell for cell and type for type, at a fraction of the cost. calamine decodes the cells
in Rust, but not as openpyxl does: every number is a float, a date follows calamine's idea of a date
format, an error reads as empty, ``_x000D_`` is unescaped, and a formula cell is only its saved result.
So calamine's value is taken as it is only for the plain cells (text, yes/no, whole numbers up to 15
digits, decimals up to 15 digits, all in a cell whose number format is not a date's); literal searches
over the sheet's XML find every other cell (formulas, any number format that is not plain, errors, ISO
dates, number text calamine might round), and openpyxl's own cell parser (``WorkSheetParser.parse_cell``,
shared formulas translated by its ``Translator``; for a plain number, its ``_cast_number`` and
``from_excel``) reads each of those from its XML. Walking the whole sheet with ``iterparse`` instead
would cost 4.4 s of CPU on 1.4 million cells, three times calamine's whole read.

The package's small parts (which part is which tab, the styles and their number formats, the 1904 date
system) are read by openpyxl's own readers. A file this reader does not handle exactly (cells without
their coordinate or not first, attributes not spelled ``name="value"`` one space apart, CDATA or comments
in a sheet, ``_xHHHH_`` escapes, texts of only whitespace or with edge spaces not marked to keep, data
tables, a style index past the styles, a tab name used twice, a formula where the scan does not expect
one, a value calamine fails or panics on) raises :class:`NotExact`, and :mod:`sync.xlsx_read` has openpyxl
read it instead, saying why in ``fallback``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element, ParseError, SubElement

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, VALUE_TAG, WorkSheetParser, _cast_number
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.formula import DataTableFormula
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import fromstring  # defused, as openpyxl parses the rest of the file
from python_calamine import CalamineError

from sync.backend import CellValue
from sync.packed_grid import PACK_FROM_CELLS, GridInReadForm, put_cells
from sync.xlsx_calamine_runs import CalamineGrid, CalamineRuns, RowsOutOfOrderError, calamine_sheet
from sync.xlsx_cells import FormulaCell, TabCells, readable
from sync.xlsx_package import inflated_pieces
from sync.xlsx_sheet_regions import ROOT_TAG, IrregularSheetError, Region, sheet_regions, whole_rows

# Number formats that are no date to openpyxl nor to calamine: General, numbers, percents, fractions,
# scientific, accounting, text. A cell in any other format is read from its XML.
PLAIN_FORMAT_IDS = frozenset({*range(14), *range(37, 45), 48, 49})
# Number text calamine's float gives back exactly once whole values are made ints: at most 15 digits,
# and a fraction only if it is not all zeros (openpyxl reads "2.0" as a float, "2" as an int).
SIMPLE_NUMBER = rb"-?\d{1,15}|-?(?=[\d.]{3,16}<)\d+\.\d*[1-9]"
ESCAPED_CHARACTER = re.compile(rb"_x[0-9A-Fa-f]{4}_")
# Inside a tag: a tab, line break or single quote (text may hold them, but not before a ">"); so is a spaced "=".
UNUSUAL_CHARACTERS = (b"\t", b"\n", b"\r", b"'")
UNUSUAL_CHARACTER_IN_TAG = re.compile(rb"[\t\n\r'][^<>]*>")
SPACED_EQUALS = (b" =", b"= ")
# calamine drops a text run that is only whitespace (a line break between two bold words); openpyxl keeps it.
# (Found from each ">": far fewer tries than from each "<"; a ">" in text may refuse a file, never miss one.)
BLANK_TEXT = re.compile(rb">[ \t\r\n]+</(?:[\w.-]+:)?t>")
PREFIX = re.compile(rb"<([\w.-]+:)?(?:worksheet|sst)\b")
ATTRIBUTE = re.compile(rb"(?<=\s)([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
XmlBytes = bytes | bytearray  # a sheet's XML is inflated into bytearrays, a region at a time
# What calamine raises on values past its range (a huge serial in a duration format), and a broken file.
CALAMINE_LIMITS = (CalamineError, OverflowError)
BROKEN = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, IndexError, ParseError, OSError, TypeError)


class NotExact(Exception):  # noqa: N818 - a reason, not a failure: the openpyxl reader takes over
    """Something in the file this reader would not read exactly as openpyxl does."""


class _KeepCalamine:
    """Stands in for openpyxl's shared-string table: a shared string is calamine's, already in the grid."""

    def __getitem__(self, index: int) -> _KeepCalamine:
        return self


KEEP = _KeepCalamine()


class Styles:
    """The workbook's cell styles as openpyxl numbers them: which show dates, durations, plain numbers."""

    def __init__(self, workbook: Any) -> None:
        self.count = len(workbook._cell_styles)
        self.date_formats = workbook._date_formats
        self.timedelta_formats = workbook._timedelta_formats
        self._formats = [style.numFmtId for style in workbook._cell_styles]
        self._custom = workbook._number_formats
        self.plain = [
            index for index, format_id in enumerate(self._formats)
            if format_id in PLAIN_FORMAT_IDS and index not in self.date_formats
        ]
        if 0 not in self.plain:
            raise NotExact("its default cell style has a date or custom number format")

    def number_format(self, style: int) -> str:
        """The number format of a cell of this style, as openpyxl's ``cell.number_format`` gives it."""
        format_id = self._formats[style]
        if format_id < BUILTIN_FORMATS_MAX_SIZE:
            return str(BUILTIN_FORMATS.get(format_id, "General"))
        return str(self._custom[format_id - BUILTIN_FORMATS_MAX_SIZE])


def read_tab(archive: zipfile.ZipFile, part: str, runs: CalamineRuns, name: str, styles: Styles,
             epoch: datetime, packed_from: int = PACK_FROM_CELLS) -> TabCells:
    """One tab in read form: calamine's grid, every cell it would not read as openpyxl does read again from the XML.

    The XML is inflated, scanned and given to calamine a run of rows at a time, and each run's rows are
    put into read form (packed once the tab holds ``packed_from`` cells) before the next is read: the
    whole XML, calamine's whole grid, then the whole tab's rows as lists were each the read's peak in
    turn (the large demo's unarchived Charges tab: 190 MB of XML, 4 million cells).
    """
    scan, calamine, grid, head = SheetScan(styles, epoch), CalamineGrid(), GridInReadForm(packed_from), b""
    try:
        for region, xml in sheet_regions(inflated_pieces(archive, part), runs.rows_piece):
            scan.add(region, xml)  # first: a run calamine would read otherwise is refused before it does
            if region is Region.HEAD:
                head = bytes(xml)
            elif region is Region.ROWS:
                with calamine_sheet(runs.run(part, head, xml, scan.prefix), name) as sheet:
                    calamine.add(sheet)
                _put_found(scan.take_values(), calamine)
                grid.extend(calamine.take_run())
    except (IrregularSheetError, RowsOutOfOrderError) as irregular:
        raise NotExact(str(irregular)) from None
    found = scan.result()
    cells = TabCells(grid.finish(), found.formulas, (calamine.height, calamine.width))
    _unmerge(found.merged, cells)
    return cells


def _put_found(values: list[tuple[int, int, CellValue | _KeepCalamine]], calamine: CalamineGrid) -> None:
    """Put the scan's values of a run into calamine's run; every date calamine read must be one of them."""
    taken: set[tuple[int, int]] = set()
    for at_row, at_column, value in values:
        if not isinstance(value, _KeepCalamine):
            calamine.put(at_row, at_column, value)
        taken.add((at_row, at_column))
    if not taken.issuperset(calamine.dates):
        raise NotExact("calamine read a date where openpyxl would not")


@dataclass(frozen=True)
class ScannedSheet:
    """What a sheet's XML adds to calamine's grid besides the values given run by run: formulas, merged ranges."""

    formulas: list[FormulaCell]
    merged: list[str]  # the ranges' references, "A1:C2"


class SheetScan:
    """The scan of one sheet, given its regions in order; raises :class:`NotExact` where it would not be exact."""

    def __init__(self, styles: Styles, epoch: datetime) -> None:
        self._styles, self._epoch = styles, epoch
        self._scan: _Scan | None = None
        self._merged: list[str] = []

    @property
    def prefix(self) -> bytes:
        """The sheet's namespace prefix (known once the head was added)."""
        return b"" if self._scan is None else self._scan.prefix

    def add(self, region: Region, xml: XmlBytes) -> None:
        """Scan the next region of the sheet."""
        if b"<![CDATA[" in xml or b"<!--" in xml:
            raise NotExact("a worksheet holds CDATA or comments")
        scan = self._scan
        if scan is None:
            root = ROOT_TAG.search(xml)
            if region is not Region.HEAD or root is None or SHEET_MAIN_NS.encode() not in root[0]:
                raise NotExact("a worksheet is not in the SpreadsheetML namespace openpyxl reads")
            scan = self._scan = _Scan(root[0], root["prefix"] or b"", self._styles, self._epoch)
        refuse_texts_calamine_reads_otherwise(xml, "a worksheet", scan.prefix)
        self._merged += _merged_ranges(xml, scan.prefix)
        if region is Region.ROWS:
            if not whole_rows(xml, scan.prefix):
                raise NotExact("a worksheet's rows are not where the scan expects them")
            scan.rows(xml)

    def take_values(self) -> list[tuple[int, int, CellValue | _KeepCalamine]]:
        """The values openpyxl reads otherwise, found since the last take (0-based; KEEP: calamine's is openpyxl's)."""
        if self._scan is None:
            return []
        values, self._scan.values = self._scan.values, []
        return values

    def result(self) -> ScannedSheet:
        """What the scan found in the whole sheet besides its values."""
        if self._scan is None:
            raise NotExact("a worksheet is empty")
        return ScannedSheet(self._scan.formulas, self._merged)


def refuse_texts_calamine_reads_otherwise(xml: XmlBytes, where: str, prefix: bytes | None = None) -> None:
    """Refuse texts calamine reads otherwise than openpyxl; ``prefix``: the namespace prefix, if not from the root."""
    if ESCAPED_CHARACTER.search(xml):
        raise NotExact(f"_xHHHH_ escapes in {where}")
    # Byte searches (memchr) first: rows whose texts are all shared strings hold no <t> to look into.
    if b"t>" in xml and BLANK_TEXT.search(xml):
        raise NotExact(f"a text of only whitespace in {where}")
    if prefix is None:
        found = PREFIX.search(xml)
        prefix = found[1] or b"" if found else b""
    if b"<" + prefix + b"t" in xml and _unpreserved_edge_space(prefix).search(xml):
        raise NotExact(f"a text starting or ending with whitespace without xml:space in {where}")


@lru_cache(maxsize=4)
def _unpreserved_edge_space(prefix: bytes) -> re.Pattern[bytes]:
    """A <t> without xml:space="preserve" whose text starts or ends with whitespace: calamine trims it."""
    return re.compile(
        rb"<" + re.escape(prefix) + rb"t(?:\s(?![^>]*preserve)[^>]*)?>(?:[ \t\r\n][^<]*|[^<]*[ \t\r\n])</"
    )


class _Scan:
    """The cells of one sheet's XML that calamine does not read as openpyxl does, parsed by openpyxl.

    Fed the sheet's rows a run at a time; ``values`` and ``formulas`` grow in the file's order.
    """

    def __init__(self, root: bytes, prefix: bytes, styles: Styles, epoch: datetime) -> None:
        self.prefix, self.styles, self.epoch = prefix, styles, epoch
        self.wrap = (root, b"</" + prefix + b"worksheet>")
        self.parser = WorkSheetParser(
            None, KEEP, data_only=False, epoch=epoch,
            date_formats=styles.date_formats, timedelta_formats=styles.timedelta_formats,
        )
        self.values: list[tuple[int, int, CellValue | _KeepCalamine]] = []  # KEEP where it is calamine's
        self.formulas: list[FormulaCell] = []

    def rows(self, xml: XmlBytes) -> None:
        """Add openpyxl's value of every such cell in this run of whole rows: (row, column, 0-based)."""
        whole, simple = _cell_patterns(self.prefix)
        values, formulas_before = self.values, len(self.formulas)
        for cell_start in self._special_cells(xml):
            cell = whole.match(xml, cell_start)
            if cell is None:
                raise NotExact("a cell's XML is not where the scan expects it")
            simple_cell = simple.fullmatch(cell[0])
            number = None if simple_cell is None else self._number(simple_cell)
            if number is not None:
                row, column, value = number
                values.append((row - 1, column - 1, readable(value)))
                continue
            parsed = self.parser.parse_cell(self._element(cell[0], simple_cell))
            row, column, value = parsed["row"], parsed["column"], parsed["value"]
            if not isinstance(parsed["style_id"], int) or parsed["style_id"] >= self.styles.count:
                raise NotExact("a cell names a style the file does not have")
            if parsed["data_type"] == "f":
                if isinstance(value, DataTableFormula):
                    raise NotExact("a worksheet holds a data table")
                value = readable(value)
                self.formulas.append(FormulaCell(row, column, value, self.styles.number_format(parsed["style_id"])))
            elif value is KEEP:
                values.append((row - 1, column - 1, KEEP))
                continue
            values.append((row - 1, column - 1, readable(value)))
        formula = re.compile(b"<" + re.escape(self.prefix) + rb"f[\s/>]")
        if sum(1 for _ in formula.finditer(xml)) != len(self.formulas) - formulas_before:
            raise NotExact("a formula sits where the scan does not look for one")

    def _special_cells(self, xml: XmlBytes) -> list[int]:
        """Where each cell calamine would not read as openpyxl does starts, in the file's order.

        Literal searches (fast in C) for what makes a cell special: a style that is not plain, an unusual
        type, a formula, number text that is not simple. They rely on the tags spelling every attribute
        ``name="value"`` one space apart, coordinate first, as Excel, LibreOffice, WPS and openpyxl do;
        a file that does not is refused.
        """
        prefix = self.prefix
        if _unusual_tag(xml):
            raise NotExact("a tag spells its attributes other than name=\"value\" one space apart")
        cell_open = b"<" + prefix + b"c "
        cells = sum(xml.count(b"<" + prefix + b"c" + end_of_name) for end_of_name in (b" ", b">", b"/"))
        if cells != xml.count(cell_open + b'r="'):
            raise NotExact("a cell has no coordinate, or not as its first attribute")
        in_tags, in_cells = _special_patterns(prefix, tuple(self.styles.plain))
        found: set[int] = set()
        for hit in in_tags.finditer(xml):
            tag = xml.rfind(b"<", 0, hit.start())  # an attribute value holds no "<"
            if xml.startswith(cell_open, tag):
                found.add(tag)
        found.update(xml.rfind(cell_open, 0, hit.start()) for hit in in_cells.finditer(xml))
        return sorted(found)

    def _number(self, cell: re.Match[bytes]) -> tuple[int, int, Any] | None:
        """A plain number cell (most of those the scan finds are dates) read as ``parse_cell`` reads it.

        The same openpyxl functions in the same order, without building an element; None for any other cell.
        """
        if cell["formula"] is not None or not cell["value"]:
            return None
        attributes = _attributes(cell["attributes"])
        style_text = attributes.get("s", "0")
        if attributes.get("t", "n") != "n" or "r" not in attributes or not style_text.isdigit():
            return None
        style = int(style_text)
        if style >= self.styles.count:
            raise NotExact("a cell names a style the file does not have")
        row, column = coordinate_to_tuple(attributes["r"])
        value = _cast_number(cell["value"].decode())
        if style in self.styles.date_formats:
            try:
                value = from_excel(value, self.epoch, timedelta=style in self.styles.timedelta_formats)
            except (OverflowError, ValueError):
                value = "#VALUE!"  # as openpyxl: a serial past the dates is an error cell
        return row, column, value

    def _element(self, cell: bytes, simple: re.Match[bytes] | None) -> Element:
        """The cell as an element in openpyxl's terms; most cells are simple enough to build without a parse.

        Simple: no entity, no carriage return, nothing but a formula and a value (``<c …><f …>TEXT</f><v>1</v></c>``).
        """
        if simple is not None:
            element = Element(CELL_TAG, _attributes(simple["attributes"]))
            if element.get("r") is None:
                raise NotExact("a cell has no coordinate")
            if simple["formula"] is not None:
                formula = SubElement(element, FORMULA_TAG, _attributes(simple["formula_attributes"] or b""))
                formula.text = None if simple["formula_text"] is None else simple["formula_text"].decode()
            if simple["value"] is not None:
                SubElement(element, VALUE_TAG).text = simple["value"].decode() or None
            return element
        parsed: Element = fromstring(self.wrap[0] + cell + self.wrap[1])[0]
        if parsed.get("r") is None:
            raise NotExact("a cell has no coordinate")
        return parsed


@lru_cache(maxsize=16)
def _special_patterns(prefix: bytes, plain_styles: tuple[int, ...]) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """What makes a cell special, inside its tag (style, type) and inside the cell (formula, number text)."""
    f, v = (re.escape(prefix + name) for name in (b"f", b"v"))
    plain = b"|".join(str(style).encode() for style in plain_styles)
    in_tags = re.compile(
        rb' s="(?!(?:' + plain + rb')")'  # a style that is not plain
        rb'| t="(?!(?:n|s|b|inlineStr)")'  # an error, an ISO date, formula text
    )
    in_cells = re.compile(
        rb"<" + f + rb"[ />]"  # a formula
        rb"|<" + v + rb">(?!(?:" + SIMPLE_NUMBER + rb")</" + v + rb">)"  # number text calamine would round
    )
    return in_tags, in_cells


@lru_cache(maxsize=16)
def _cell_patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """A whole cell from its start, and a cell simple enough to build without an XML parser."""
    c, f, v = (re.escape(prefix + name) for name in (b"c", b"f", b"v"))
    whole = re.compile(rb"<" + c + rb"(?=[\s/>])[^>]*?(?:/>|>.*?</" + c + rb">)", re.DOTALL)
    simple = re.compile(
        rb"<" + c + rb"(?P<attributes>\s[^>&]*)>"
        rb"(?P<formula><" + f + rb"(?P<formula_attributes>\s[^>&]*?)?(?:/>|>(?P<formula_text>[^<&\r]*)</" + f + rb">))?"
        rb"(?:<" + v + rb"\s*/>|<" + v + rb">(?P<value>[^<&\r]*)</" + v + rb">)?"
        rb"</" + c + rb">"
    )
    return whole, simple


def _unusual_tag(xml: XmlBytes) -> bool:
    """Whether a tag of this run of rows spells an attribute other than name="value" one space apart."""
    # A byte search (memchr) first: the regular expression tries every position of 190 MB of rows.
    if any(character in xml for character in UNUSUAL_CHARACTERS) and UNUSUAL_CHARACTER_IN_TAG.search(xml):
        return True
    for spaced in SPACED_EQUALS:
        at = xml.find(spaced)
        while at >= 0:
            closing, opening = xml.find(b">", at), xml.find(b"<", at)
            if closing >= 0 and (opening < 0 or closing < opening):
                return True  # in a tag, not in text
            at = xml.find(spaced, at + 1)
    return False


def _attributes(text: bytes) -> dict[str, str]:
    return {name.decode(): (double or single).decode() for name, double, single in ATTRIBUTE.findall(text)}


def _merged_ranges(xml: XmlBytes, prefix: bytes) -> list[str]:
    """The references of the sheet's merged ranges."""
    if b"mergeCell" not in xml:  # a byte search first: the expression would try every "<" of 430 MB of rows
        return []
    merged = re.finditer(
        rb"<" + re.escape(prefix + b"mergeCell") + rb"\b[^>]*?(?<=\s)ref\s*=\s*[\"']([^\"']*)[\"']", xml
    )
    return [found[1].decode() for found in merged]


def _unmerge(merged: list[str], cells: TabCells) -> None:
    """Empty all but the first cell of each merged range, as openpyxl does (its formulas too)."""
    emptied: set[tuple[int, int]] = set()
    for reference in merged:
        covered = CellRange(reference).cells
        next(covered)
        emptied.update(covered)
    if not emptied:
        return
    put_cells(cells.rows, ((row - 1, column - 1, None) for row, column in emptied if row <= len(cells.rows)))
    cells.formulas = [cell for cell in cells.formulas if (cell.row, cell.column) not in emptied]
