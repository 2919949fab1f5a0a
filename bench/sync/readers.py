"""Reading .xlsx tabs: lobbydesk's fast reader against the openpyxl read it replaced and raw python-calamine.

Make the workbook once, then time each reader in a process of its own (the figures in
``bench/sync/README.md`` are whole-process CPU, start-up included, as ``/usr/bin/time -v`` gives it)::

    uv run python -m bench.sync.readers make /tmp/big.xlsx --rows 100000
    uv run python -m bench.sync.readers read fast /tmp/big.xlsx       # XlsxWorkbook.read today
    uv run python -m bench.sync.readers read openpyxl /tmp/big.xlsx   # the read before issue 16
    uv run python -m bench.sync.readers read calamine /tmp/big.xlsx
    uv run python -m bench.sync.readers startup         # the imports alone, to subtract
    uv run python -m bench.sync.readers compare /tmp/big.xlsx
    uv run python -m bench.sync.readers make-large /tmp/large.xlsx    # Charges, Repairs, Queue: 180,000 rows
    uv run python -m bench.sync.readers cycle /tmp/large.xlsx         # read + write a few cells, twice
    uv run python -m bench.sync.readers patch-writes /tmp/large.xlsx  # 3 cells, then 100 rows, patched

The tab holds what staff keep in a repair-like record (15 columns: text, whole numbers, decimals,
dates, date-times, yes/no), with a yes/no formula every 10th row and a formula of their own every 50th,
saved with their results as an office suite saves them. ``compare`` says cell by cell where calamine's
raw grid and the fast reader's differ from the openpyxl read (the fast reader must not differ at all).
``cycle`` is the .xlsx side of a changed cycle: read every tab, write three cells (the merge between is
in ``cycle_cost``), then again once the file is our own save.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

TAB = "Repairs"
HEADERS = ["ID", "Unit", "Building", "Reported", "Category", "Description", "Phone (last 4)", "Area m2",
           "Status", "Assignee", "Scheduled", "Urgent", "Visits", "Cost", "Staff note"]


def make(path: Path, rows: int) -> None:
    """Write the workbook with openpyxl, then add the formula results an office suite would have saved."""
    from openpyxl import Workbook

    workbook = Workbook()  # not write-only: text goes to shared strings, as office suites save it
    sheet = workbook.active
    sheet.title = TAB
    sheet.append(HEADERS)
    start = datetime(2024, 5, 6, 9, 0)
    for number in range(1, rows + 1):
        urgent: Any = "=TRUE()" if number % 10 == 0 else number % 3 == 0
        note: Any = f"=M{number + 1}*2" if number % 50 == 0 else (None if number % 4 else f"call back {number}")
        sheet.append([
            f"BENCH-R{number:06d}", f"{number % 30 + 1}-{number % 1800 + 101}", f"B{number % 30 + 1}",
            start + timedelta(minutes=number), ("water", "power", "door", "lift")[number % 4],
            f"Kitchen tap drips, unit {number}; please call before coming", f"{number % 10_000:04d}",
            60 + number % 90 + 0.5, ("open", "assigned", "done")[number % 3], f"Wang {number % 7}",
            date(2024, 6, 1) + timedelta(days=number % 60) if number % 2 else None, urgent, number % 5,
            round(number % 300 * 1.25, 2), note,
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_as_an_office_suite_saves(buffer.getvalue()))


def _as_an_office_suite_saves(content: bytes) -> bytes:
    """Text in shared strings and a cached result in every formula cell, as Excel, LibreOffice or WPS save."""
    source = zipfile.ZipFile(io.BytesIO(content))
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(3), len(strings))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{index}</v></c>'

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                text = re.sub(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, text)
                text = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>TRUE\(\)</f>(?:<v\s*/>|<v></v>)</c>',
                              r'<c r="\1" t="b"\2><f>TRUE()</f><v>1</v></c>', text)
                text = re.sub(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)</c>',
                              r'<c r="\1"\2><f>\3</f><v>8</v></c>', text)
                data = text.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rIdShared" /></Relationships>')
            target.writestr(item, data)
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                        f' count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    return out.getvalue()


def read_fast(path: Path) -> list[list[Any]]:
    """The grid lobbydesk's .xlsx backend reads today (python-calamine and a scan of the XML)."""
    from sync.xlsx import XlsxWorkbook

    workbook = XlsxWorkbook(path)
    grid = workbook.read([TAB])[TAB]
    assert not workbook.last_fallback, workbook.last_fallback
    return grid


def read_openpyxl(path: Path) -> list[list[Any]]:
    """The grid the backend read before issue 16: openpyxl loads the whole file."""
    from sync.backend import trim_grid
    from sync.xlsx_cells import show_formulas
    from sync.xlsx_formulas import saved_results
    from sync.xlsx_openpyxl_read import read_with_openpyxl

    content = path.read_bytes()
    cells = read_with_openpyxl(content, [TAB])
    tab = cells.tabs[TAB]
    show_formulas(tab.rows, tab.formulas, saved_results(content, [TAB]).get(TAB, {}), cells.epoch)
    return trim_grid(tab.rows)


def read_calamine(path: Path) -> list[list[Any]]:
    """calamine's grid of the tab, from A1 (no empty area skipped), trimmed as the backends trim."""
    from python_calamine import CalamineWorkbook

    from sync.backend import trim_grid

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(TAB)
    return trim_grid(sheet.to_python(skip_empty_area=False))


def compare(path: Path) -> int:
    """Print where calamine's and the fast reader's grids differ from openpyxl's; returns how many cells differ."""
    reference = read_openpyxl(path)
    print("python-calamine as it is:")
    _differences(reference, read_calamine(path))
    print("lobbydesk's fast reader:")
    return _differences(reference, read_fast(path))


def _differences(ours: list[list[Any]], theirs: list[list[Any]]) -> int:
    differ = 0
    kinds: dict[tuple[str, str, str], int] = {}
    for row in range(max(len(ours), len(theirs))):
        mine = ours[row] if row < len(ours) else []
        other = theirs[row] if row < len(theirs) else []
        for column in range(max(len(mine), len(other))):
            a = mine[column] if column < len(mine) else None
            b = other[column] if column < len(other) else None
            if a != b or type(a) is not type(b):
                differ += 1
                key = (HEADERS[column] if column < len(HEADERS) else str(column), type(a).__name__, type(b).__name__)
                if key not in kinds:
                    print(f"row {row + 1} {key[0]}: openpyxl {a!r} / other {b!r}")
                kinds[key] = kinds.get(key, 0) + 1
    for (header, mine_type, their_type), count in sorted(kinds.items()):
        print(f"{count:>8} cells of {header}: {mine_type} / {their_type}")
    print(f"{differ} cells differ out of {sum(len(row) for row in ours)}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("make")
    making.add_argument("path", type=Path)
    making.add_argument("--rows", type=int, default=100_000)
    reading = commands.add_parser("read")
    reading.add_argument("reader", choices=("fast", "openpyxl", "calamine"))
    reading.add_argument("path", type=Path)
    commands.add_parser("startup")
    comparing = commands.add_parser("compare")
    comparing.add_argument("path", type=Path)
    for name in ("make-large", "cycle", "patch-writes"):
        commands.add_parser(name).add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.command == "make":
        make(args.path, args.rows)
        return 0
    if args.command == "make-large":
        from bench.sync.xlsx_cycle import make_large

        make_large(args.path)
        return 0
    if args.command == "cycle":
        from bench.sync.xlsx_cycle import changed_cycles

        changed_cycles(args.path)
        return 0
    if args.command == "patch-writes":
        from bench.sync.xlsx_cycle import patch_writes

        patch_writes(args.path)
        return 0
    if args.command == "startup":
        import sync.xlsx  # noqa: F401 - what both readers import anyway

        return 0
    if args.command == "compare":
        return 1 if compare(args.path) else 0
    started = time.process_time()
    readers = {"fast": read_fast, "openpyxl": read_openpyxl, "calamine": read_calamine}
    grid = readers[args.reader](args.path)
    print(f"{args.reader}: {len(grid)} rows in {time.process_time() - started:.2f} s of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
