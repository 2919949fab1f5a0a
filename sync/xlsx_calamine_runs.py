"""calamine's values of a tab read a run of rows at a time, each run handed to it as a workbook of its own.

python-calamine reads a sheet only whole, and its grid of a tab is about 40 bytes a cell: the large
demo's unarchived Charges tab (4 million cells) was 330 MiB in Rust, the read's peak. So each run of
rows the scan cuts (:mod:`sync.xlsx_sheet_regions`) goes to calamine as a small workbook: the file's
parts but its worksheets (the workbook, its relationships, styles, shared strings, theme) and this one
worksheet holding the sheet's head, the run and the closing tags. The head's ``<dimension>`` is left
out: calamine reserves the whole range it names.

Each small workbook makes calamine parse the shared strings again, so a file with many runs the size
of them would cost as much again in that parse: runs are then at least twice as long as that part.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import cast

from python_calamine import CalamineSheet, CalamineWorkbook

from sync.backend import CellValue, Row
from sync.xlsx_package import inflated_pieces
from sync.xlsx_sheet_regions import ROOT_TAG, ROWS_PIECE, Region, sheet_regions

CALAMINE_DATES = frozenset({date, datetime, time, timedelta})
# Parts no cell value depends on, some as large as the data (a pivot table's cache): left out of each run's workbook.
NOT_FOR_VALUES = re.compile(
    r"(?:docProps|customXml|xl/(?:worksheets|media|drawings|charts|printerSettings|externalLinks|pivotCache"
    r"|pivotTables|embeddings|threadedComments|persons)/|xl/comments)"
)


class RowsOutOfOrderError(ValueError):
    """A run of rows starts above a row an earlier run held: calamine's whole grid would have sorted them."""


class CalamineRuns:
    """Small workbooks of one run of rows each, made from the parts of one package (read once, kept)."""

    def __init__(self, archive: zipfile.ZipFile, worksheets: set[str], shared_strings: str | None,
                 rows_piece: int | None = None) -> None:
        """``rows_piece``: how long a run is (by default, at least twice the shared strings)."""
        self._parts = [(name, archive.read(name)) for name in archive.namelist()
                       if name not in worksheets and not NOT_FOR_VALUES.match(name)]
        strings = 0 if shared_strings is None else archive.getinfo(shared_strings).file_size
        self.rows_piece = rows_piece or max(ROWS_PIECE, 2 * strings)

    def part(self, name: str) -> bytes:
        """One of the parts each run's workbook holds (the shared strings, say), as the file has it."""
        return next(content for part_name, content in self._parts if part_name == name)

    def run(self, part: str, head: bytes, rows: bytes | bytearray, prefix: bytes) -> bytes:
        """A workbook whose worksheet ``part`` holds only this run of rows."""
        sheet = _without_dimension(head, prefix) + rows + b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
        made = io.BytesIO()
        with zipfile.ZipFile(made, "w", zipfile.ZIP_STORED) as workbook:
            for part_name, content in self._parts:
                workbook.writestr(part_name, content)
            workbook.writestr(part, sheet)
        return made.getvalue()


def _without_dimension(head: bytes, prefix: bytes) -> bytes:
    return re.sub(rb"<" + re.escape(prefix) + rb"dimension\b[^>]*>", b"", head)


class CalamineGrid:
    """calamine's values of one tab from A1, a run of rows at a time (file order, as calamine reads).

    Each run is added, has the scan's cells put in, and is then taken: only one run's rows are held here.
    ``height`` and ``width`` grow into the tab's used range as calamine finds it.
    """

    def __init__(self) -> None:
        self.run: list[Row] = []  # the rows of the run added last, from row ``taken`` (0-based)
        self.dates: list[tuple[int, int]] = []  # 0-based (row, column) of each value in the run calamine read as a date
        self.taken = 0  # rows of earlier runs, taken already
        self.width = 0
        self._texts: dict[str, str] = {}

    @property
    def height(self) -> int:
        """Rows so far, taken or not."""
        return self.taken + len(self.run)

    def add(self, sheet: CalamineSheet) -> None:
        """Add the run calamine read; its rows must follow those added before (else the scan's order is wrong)."""
        start, end = sheet.start, sheet.end
        if start is None or end is None:
            return
        first_row, first_column = start
        if first_row < self.height:
            raise RowsOutOfOrderError("a worksheet's rows are not in order")
        self.width = max(self.width, end[1] + 1)
        rows, dates = self.run, self.dates
        rows.extend([] for _ in range(first_row - self.height))
        one_copy = self._texts.setdefault  # a run says the same few texts over and over: keep one of each
        for row in sheet.to_python(skip_empty_area=True):
            classes = {value.__class__ for value in row}
            if float in classes or str in classes:
                row = [
                    one_copy(value, value) if value.__class__ is str
                    else int(value) if value.__class__ is float and value.is_integer() else value
                    for value in row
                ]
            if first_column:
                row[:0] = [""] * first_column
            if not classes.isdisjoint(CALAMINE_DATES):
                at = self.height
                dates.extend((at, column) for column, value in enumerate(row) if value.__class__ in CALAMINE_DATES)
            rows.append(cast(Row, row))

    def put(self, row: int, column: int, value: CellValue) -> None:
        """Set a cell of the run (0-based), growing it if calamine's rows ended before (a formula without a result)."""
        if row < self.taken:
            raise RowsOutOfOrderError("a worksheet's rows are not in order")
        while self.height <= row:
            self.run.append([])
        cells = self.run[row - self.taken]
        if len(cells) <= column:
            cells.extend([None] * (column + 1 - len(cells)))
        cells[column] = value
        self.width = max(self.width, column + 1)

    def take_run(self) -> list[Row]:
        """The run's rows (empty cells ``""``, rows as long as their last cell), let go of here."""
        run, self.run, self.dates, self._texts = self.run, [], [], {}
        self.taken += len(run)
        return run


def calamine_used_range(archive: zipfile.ZipFile, part: str, name: str, runs: CalamineRuns) -> tuple[int, int]:
    """The tab's used range as calamine finds it (rows, columns from A1), a run of rows at a time."""
    head, prefix, height, width = b"", b"", 0, 0
    for region, xml in sheet_regions(inflated_pieces(archive, part), runs.rows_piece):
        if region is Region.HEAD:
            head, prefix = bytes(xml), _prefix(xml)
        elif region is Region.ROWS:
            with calamine_sheet(runs.run(part, head, xml, prefix), name) as sheet:
                if sheet.end is not None:
                    height, width = max(height, sheet.end[0] + 1), max(width, sheet.end[1] + 1)
    return height, width


def _prefix(head: bytearray | bytes) -> bytes:
    found = ROOT_TAG.search(head)
    return found["prefix"] or b"" if found else b""


@contextmanager
def calamine_sheet(workbook: bytes, name: str) -> Iterator[CalamineSheet]:
    """The tab ``name`` of a small workbook, as calamine reads it; the workbook is closed on leaving."""
    with CalamineWorkbook.from_filelike(io.BytesIO(workbook)) as calamine:
        yield calamine.get_sheet_by_name(name)
