"""The fast reader reads every workbook exactly as openpyxl does: the same grids, cell for cell and type for type.

Workbooks are made up by Hypothesis straight as SpreadsheetML (every kind of cell an office suite
writes: shared and inline text in any script, numbers as Excel, LibreOffice and openpyxl spell them,
dates, times and durations in built-in and custom formats, yes/no, errors, formulas with and without a
saved result, shared and array formulas, merged cells), then read both ways and compared; so are a
workbook saved by openpyxl from Python values, and the demo's workbook saved again by LibreOffice.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from sync.backend import Grid, trim_grid
from sync.packed_grid import PACK_FROM_CELLS, PackedGrid
from sync.xlsx import XlsxWorkbook
from sync.xlsx_cells import WorkbookCells, show_formulas
from sync.xlsx_formulas import saved_results
from sync.xlsx_openpyxl_read import read_with_openpyxl
from sync.xlsx_read import read_fast
from tests.sync.test_office_suites import SOFFICE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# Cell styles by index: General, built-in date, date-time, time, duration, custom date-time, 0.00,
# a custom plain format, text, a Chinese date, a red number, and a CJK built-in (31) openpyxl does not know.
FORMATS = [(0, ""), (14, ""), (22, ""), (21, ""), (46, ""), (164, "yyyy-mm-dd hh:mm"), (2, ""), (165, "0.000"),
           (49, ""), (166, "yyyy年m月d日"), (167, "[Red]0.00"), (31, "")]
STYLES_XML = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="4">'
    + "".join(f"<numFmt numFmtId=\"{number}\" formatCode={quoteattr(code)}/>" for number, code in FORMATS if code)
    + '</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    f'<cellXfs count="{len(FORMATS)}">'
    + "".join(f'<xf numFmtId="{number}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for number, _ in FORMATS)
    + "</cellXfs></styleSheet>"
)

# --- what a cell may be, as the XML an office suite writes -----------------------------------------------

texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=12
).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)).filter(
    # Left to openpyxl on purpose (see the fallback test below): _xHHHH_ escapes, texts of only whitespace.
    lambda text: not re.search(r"_x[0-9A-Fa-f]{4}_", text) and (text.strip(" \t\r\n") or not text)
)
some_texts = st.one_of(
    texts, st.sampled_from(["=SUM(A1)", "+1", "王小红", "3-1202 🏠", "  padded  ", "a\nb", "TRUE", ""])
)
number_texts = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(0, 80_000, allow_nan=False).map(repr),  # dates and times as serials
    st.sampled_from(["2.0", "1E+20", "1e-5", "007", "-0", ".5", "45418", "45418.5", "0.25", "12345678901234567",
                     "1.5e1", "60", "59.99", "1.0000000000000002"]),
)
formula_texts = st.sampled_from(["TRUE()", "FALSE()", "true", "B2*2", 'A1&amp;"-x"', "SUM(A1:A3)", "1&lt;2", "NOW()"])
results = st.one_of(
    st.just(""),  # saved without a result, as openpyxl saves
    st.just("<v/>"),
    number_texts.map(lambda text: f"<v>{text}</v>"),
    texts.map(lambda text: f"\0str<v>{escape(text)}</v>"),
    st.sampled_from(["\0b<v>1</v>", "\0b<v>0</v>", "\0e<v>#N/A</v>", "\0e<v>#DIV/0!</v>"]),
)


@st.composite
def cells(draw: st.DrawFn, strings: list[str]) -> str:
    """The inside of a <c> element after its coordinate: attributes, then children (\\0 marks the type)."""
    style = draw(st.sampled_from(range(len(FORMATS))))
    styled = f' s="{style}"' if style or draw(st.booleans()) else ""
    kind = draw(st.sampled_from(["shared", "inline", "rich", "number", "bool", "error", "str", "iso", "empty",
                                 "formula"]))
    if kind == "shared":
        strings.append(draw(some_texts))
        return f'{styled} t="s"><v>{len(strings) - 1}</v>'
    if kind == "inline":
        return f'{styled} t="inlineStr"><is><t xml:space="preserve">{escape(draw(some_texts))}</t></is>'
    if kind == "rich":
        run = escape(draw(texts))  # office suites mark a run's edge spaces as kept
        return f'{styled} t="inlineStr"><is><r><t xml:space="preserve">{run}</t></r><r><rPr><b/></rPr><t>x</t></r></is>'
    if kind == "number":
        typed_as = draw(st.sampled_from(["", ' t="n"']))
        return f"{styled}{typed_as}><v>{draw(number_texts)}</v>"
    if kind == "bool":
        return f'{styled} t="b"><v>{draw(st.sampled_from(["0", "1"]))}</v>'
    if kind == "error":
        return f'{styled} t="e"><v>{draw(st.sampled_from(["#N/A", "#REF!", "#VALUE!"]))}</v>'
    if kind == "str":
        return f'{styled} t="str"><v>{escape(draw(texts))}</v>'
    if kind == "iso":
        return f'{styled} t="d"><v>{draw(st.datetimes(datetime(1901, 1, 1), datetime(2100, 1, 1))).isoformat()}</v>'
    if kind == "empty":
        return f"{styled}/"
    result = draw(results)
    result_type = ""
    if result.startswith("\0"):
        result_type, result = result[1:].split("<", 1)
        result_type, result = f' t="{result_type}"', "<" + result
    return f"{styled}{result_type}><f>{draw(formula_texts)}</f>{result}"


@st.composite
def worksheets(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A worksheet's XML and its shared strings: a small grid with gaps, shared formulas and merged cells."""
    strings: list[str] = []
    rows = draw(st.integers(1, 7))
    columns = draw(st.integers(1, 6))
    lines = []
    for row in range(1, rows + 1):
        row_cells = []
        for column in range(1, columns + 1):
            if draw(st.integers(0, 4)) == 0:
                continue  # a cell not in the file at all
            inner = draw(cells(strings))
            coordinate = f"{get_column_letter(column)}{row}"
            closed = f'<c r="{coordinate}"{inner}>' if inner.endswith("/") else f'<c r="{coordinate}"{inner}</c>'
            row_cells.append(closed)
        lines.append(f'<row r="{row}">{"".join(row_cells)}</row>')
    # A shared formula down column H (its first cell holds the text) and an array formula in I1.
    if draw(st.booleans()):
        length = draw(st.integers(1, 4))
        shared = [f'<row r="{rows + 1}"><c r="H{rows + 1}"><f t="shared" ref="H{rows + 1}:H{rows + length}" si="0">'
                  f"A{rows + 1}*2+$B$1</f><v>3</v></c><c r=\"I{rows + 1}\"><f t=\"array\" ref=\"I{rows + 1}\">"
                  f"SUM(A1:A3*2)</f></c></row>"]
        shared += [f'<row r="{rows + 1 + step}"><c r="H{rows + 1 + step}"><f t="shared" si="0"/>'
                   f"{draw(st.sampled_from(['', '<v>4</v>']))}</c></row>" for step in range(1, length)]
        lines += shared
    merges = ""
    if rows > 2 and draw(st.booleans()):
        merges = '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells>'
    xml = f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(lines)}</sheetData>{merges}</worksheet>'
    return xml, strings


def package(sheet_xml: str, strings: Sequence[str], *, date1904: bool = False) -> bytes:
    """An .xlsx file around one worksheet "Data": openpyxl's package, our styles and shared strings."""
    template = Workbook()
    template.active.title = "Data"
    buffer = io.BytesIO()
    template.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            elif item.filename == "xl/styles.xml":
                data = STYLES_XML.encode()
            elif item.filename == "xl/workbook.xml" and date1904:
                data = re.sub(rb"<workbookPr[^>]*/>", b'<workbookPr date1904="1"/>', data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rIdStrings"/></Relationships>')
            target.writestr(item, data)
        items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
        target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>')
    return out.getvalue()


# --- the comparison ----------------------------------------------------------------------------------------


def shown(cells: WorkbookCells, content: bytes) -> dict[str, Grid]:
    """The grids the backend hands the sync: formulas shown by their saved results, trimmed."""
    results = saved_results(content, list(cells.tabs))
    grids = {}
    for name, tab in cells.tabs.items():
        rows = [list(row) for row in tab.rows]
        show_formulas(rows, tab.formulas, results.get(name, {}), cells.epoch)
        grids[name] = trim_grid(rows)
    return grids


def typed(grids: dict[str, Grid]) -> dict[str, list[list[tuple[str, Any]]]]:
    """Each cell with its type's name, so that 1 and 1.0, or a text and an unread formula, differ."""
    return {name: [[(type(value).__name__, value) for value in row] for row in grid] for name, grid in grids.items()}


def assert_read_alike(content: bytes, tabs: Sequence[str], *, fast_path: bool = True,
                      rows_piece: int | None = None, packed_from: int = PACK_FROM_CELLS) -> WorkbookCells:
    fast = read_fast(content, tabs, rows_piece=rows_piece, packed_from=packed_from)
    reference = read_with_openpyxl(content, tabs)
    if fast_path:
        # calamine fails on a huge serial in a date or duration format (past chrono's range): openpyxl reads those.
        assert fast.fallback == "" or fast.fallback.startswith("calamine"), fast.fallback
    assert typed(shown(fast, content)) == typed(shown(reference, content))
    for name in reference.tabs:
        assert fast.tabs[name].formulas == reference.tabs[name].formulas
    assert fast.epoch == reference.epoch
    return fast


# How long a run of rows calamine reads at a time is: each row its own run, a few rows, as the reader decides.
RUNS = st.sampled_from([1, 300, None])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(worksheets(), st.booleans(), RUNS, st.sampled_from([1, 8, PACK_FROM_CELLS]))
def test_any_workbook_reads_the_same_as_with_openpyxl(sheet: tuple[str, list[str]], date1904: bool,
                                                      rows_piece: int | None, packed_from: int) -> None:
    xml, strings = sheet
    assert_read_alike(package(xml, strings, date1904=date1904), ["Data", "Not there"], rows_piece=rows_piece,
                      packed_from=packed_from)


def test_a_long_tab_packed_as_it_is_read_shows_its_formulas_and_merged_cells_as_openpyxl_reads_them(
    tmp_path: Path,
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in range(1, 3001):
        sheet.append([f"row {row} 行", row, date(2026, 1, row % 28 + 1) if row % 7 == 0 else None])
    sheet["D3"] = "=B3*2"  # in the first rows packed
    sheet["D2990"] = "=TRUE()"  # in the rows still unpacked at the end
    sheet.merge_cells("A10:C12")  # cells emptied in a packed chunk
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    content = path.read_bytes()

    read = assert_read_alike(content, ["Data"], rows_piece=20_000, packed_from=500)
    grid = XlsxWorkbook(path, packed_from=500, helper_from=None).read(["Data"])["Data"]

    assert isinstance(read.tabs["Data"].rows, PackedGrid) and isinstance(grid, PackedGrid)
    assert read.tabs["Data"].used == (3000, 4)
    assert typed({"Data": list(grid)}) == typed(shown(read_with_openpyxl(content, ["Data"]), content))
    assert len(grid) == 3000 and grid[9] == ["row 10 行"] and grid[10] == [] and grid[2989][3] is True


@given(worksheets())
@settings(max_examples=40, deadline=None)
def test_a_worksheet_whose_elements_carry_a_prefix_reads_the_same(sheet: tuple[str, list[str]]) -> None:
    xml, strings = sheet
    prefixed = re.sub(r"<(/?)(?=[a-zA-Z])", r"<\1x:", xml).replace('xmlns="', 'xmlns:x="', 1)
    assert_read_alike(package(prefixed, strings), ["Data"], rows_piece=1)  # a run of rows at a time


TRICKY_NUMBERS = ["2.0", "1E+20", "1e-5", "007", "-0", ".5", "45418", "45418.5", "0.25", "12345678901234567",
                  "123456789012345678901", "1.5e1", "60", "59.99", "1.0000000000000002", "0", "-1", "2.",
                  "999999999999999", "0.1", "1234567890.12345", "2958465.9999999", "-693594"]


@pytest.mark.parametrize("style", range(len(FORMATS)))
def test_every_spelling_of_a_number_in_every_format_reads_the_same(style: int) -> None:
    row = "".join(
        f'<c r="{get_column_letter(column)}1" s="{style}"><v>{text}</v></c>'
        for column, text in enumerate(TRICKY_NUMBERS, start=1)
    )
    content = package(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{row}</row></sheetData></worksheet>', [])

    assert_read_alike(content, ["Data"])


def test_values_openpyxl_wrote_from_python_read_the_same(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Queue"
    values: list[Any] = ["SUNNY-T000001", "王小红", "😀", 1, 1.0, 2.5, 2**70, 1e20, -3, 0.1, True, False, None,
                         datetime(2024, 5, 6), datetime(2024, 5, 6, 9, 30, 1, 500_000), date(2024, 5, 6),
                         time(9, 30), timedelta(days=1, hours=2), "=B2*2", "=TRUE()"]
    for column, value in enumerate(values, start=1):
        sheet.cell(1, column).value = value
        sheet.cell(2, column).value = value
    sheet["A3"] = "=SUM(1)"
    sheet["A3"].data_type = "s"  # text that looks like a formula, as the sync writes it
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert_read_alike(buffer.getvalue(), ["Queue"])


@pytest.mark.parametrize(
    ("sheet_xml", "why"),
    [
        ('<c r="A1" t="inlineStr"><is><t>line_x000D_break</t></is></c>', "_xHHHH_"),
        ('<c r="A1" t="inlineStr"><is><r><t>\n</t></r><r><rPr><b/></rPr><t>x</t></r></is></c>', "only whitespace"),
        ('<c r="A1" s = "1"><v>45418</v></c>', "one space apart"),
        ('<c r="A1" t="inlineStr"><is><r><t>0\n</t></r><r><t>x</t></r></is></c>', "without xml:space"),
        ('<c s="1" r="A1"><v>45418</v></c>', "not as its first attribute"),
        ('<c t="b"><v>1</v></c><c t="n"><v>2</v></c>', "no coordinate"),
        ('<c r="A1"><f t="dataTable" ref="A1" dt2D="0" dtr="0" r1="B1"/><v>1</v></c>', "data table"),
        ('<c r="A1"><!-- a note --><v>1</v></c>', "comments"),
    ],
)
def test_what_the_fast_reader_leaves_to_openpyxl_reads_the_same_and_says_why(sheet_xml: str, why: str) -> None:
    content = package(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{sheet_xml}</row></sheetData></worksheet>', [])

    fast = read_fast(content, ["Data"])

    assert why in fast.fallback
    assert typed(shown(fast, content)) == typed(shown(read_with_openpyxl(content, ["Data"]), content))


def test_a_number_calamine_panics_on_is_read_by_openpyxl() -> None:
    duration = '<c r="A1" s="4"><v>-2.386286617828312e+16</v></c>'
    content = package(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{duration}</row></sheetData></worksheet>', [])

    fast = read_fast(content, ["Data"])

    assert fast.fallback.startswith("calamine panicked")
    assert typed(shown(fast, content)) == typed(shown(read_with_openpyxl(content, ["Data"]), content))


def test_a_file_that_is_no_workbook_fails_as_it_does_with_openpyxl() -> None:
    with pytest.raises(zipfile.BadZipFile):
        read_fast(b"this is not a spreadsheet", ["Queue"])


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_demo_workbook_saved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    from lobbydesk.demo import seed_demo, write_demo_config
    from lobbydesk.settings import load_settings
    from lobbydesk.site import Site
    from tests.sync.test_office_suites import save_in_libreoffice

    data = tmp_path / "demo"
    write_demo_config(data)
    demo = Site(load_settings(data_dir=data))
    demo.open()
    try:
        seed_demo(demo)
        assert demo.sync.run_once().ok
    finally:
        demo.close()
    path = data / "workbook.xlsx"
    tabs = zipfile.ZipFile(path).namelist()  # any name: the tab list comes from the reference read below
    assert tabs
    saved_by_lobbydesk = path.read_bytes()
    names = list(read_with_openpyxl(saved_by_lobbydesk, []).used)
    assert_read_alike(saved_by_lobbydesk, names)

    save_in_libreoffice(path, tmp_path)

    read = assert_read_alike(path.read_bytes(), names)
    assert any(tab.formulas for tab in read.tabs.values()), "LibreOffice saves yes/no cells as =TRUE() and =FALSE()"


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(1, 9), st.integers(1, 7)),
                       st.one_of(st.integers(-5, 5), st.text("ab 中", min_size=1, max_size=3), st.booleans(),
                                 st.floats(-9, 9, allow_nan=False), st.dates(date(2000, 1, 1), date(2030, 1, 1))),
                       max_size=12), st.sampled_from([1, 200, 1 << 20]))
def test_calamine_s_grid_made_a_run_of_rows_at_a_time_is_its_whole_grid_from_a1(
    cells: dict[tuple[int, int], Any], rows_piece: int
) -> None:
    from python_calamine import CalamineWorkbook

    from sync.xlsx_calamine_runs import CalamineGrid, CalamineRuns, calamine_sheet
    from sync.xlsx_sheet_regions import Region, sheet_regions

    book = Workbook()
    for (row, column), value in cells.items():
        book.active.cell(row, column, value)
    saved = io.BytesIO()
    book.save(saved)
    with CalamineWorkbook.from_filelike(io.BytesIO(saved.getvalue())) as calamine:
        whole = calamine.get_sheet_by_name(book.active.title).to_python(skip_empty_area=False)
    archive, part, grid, head = zipfile.ZipFile(saved), "xl/worksheets/sheet1.xml", CalamineGrid(), b""
    runs = CalamineRuns(archive, {part}, None, rows_piece)
    rows, dates = [], []
    for region, xml in sheet_regions([archive.read(part)], rows_piece):
        if region is Region.HEAD:
            head = bytes(xml)
        elif region is Region.ROWS:
            with calamine_sheet(runs.run(part, head, xml, b""), book.active.title) as sheet:
                grid.add(sheet)
            dates += grid.dates
            rows += grid.take_run()
    assert (grid.height, grid.width) == (len(whole), len(whole[0]) if whole else 0)
    as_wide = [row + [""] * (grid.width - len(row)) for row in rows]
    assert as_wide == [[int(v) if isinstance(v, float) and v.is_integer() else v for v in row] for row in whole]
    assert dates == [(r, c) for r, row in enumerate(whole) for c, v in enumerate(row) if isinstance(v, date | time)]
