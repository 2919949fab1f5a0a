"""The .xlsx side of a changed cycle on a workbook of the large demo's size: read every tab, write a few cells.

``make_large`` writes Charges (100,000 rows x 17), Repairs (50,000 x 20) and Queue (30,000 x 12) as an
office suite saves them (shared strings, formulas with their results); ``changed_cycles`` times, in
this process, a read of all three tabs and a write of three cells (the file loaded into openpyxl to
keep staff's formats), then the same again now that the file is our own save, with the process's
resident memory after each step.
"""

from __future__ import annotations

import io
import resource
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.sync.readers import _as_an_office_suite_saves

TABS = {"Charges": (100_000, 17), "Repairs": (50_000, 20), "Queue": (30_000, 12)}


def make_large(path: Path) -> None:
    """Write the three tabs with openpyxl, then give the file the shape an office suite saves."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    start = datetime(2021, 1, 4, 8, 0)
    for name, (rows, columns) in TABS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([f"{name} column {column}" for column in range(1, columns + 1)])
        for number in range(1, rows + 1):
            row: list[Any] = [f"BENCH-{name[0]}{number:06d}", f"{number % 30 + 1}-{number % 2000 + 101}"]
            while len(row) < columns:
                kind = len(row) % 6
                row.append(start + timedelta(minutes=7 * number) if kind == 0 else
                            date(2021, 1, 1) + timedelta(days=number % 1800) if kind == 1 else
                            round(number % 997 * 1.37, 2) if kind == 2 else
                            number % 13 if kind == 3 else
                            ("open", "paid", "overdue", "waived")[number % 4] if kind == 4 else
                            ("=TRUE()" if number % 3 == 0 else number % 2 == 0))
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_as_an_office_suite_saves(buffer.getvalue()))


def changed_cycles(path: Path) -> None:
    """Print the CPU, wall time and memory of reading every tab and writing three cells, twice."""
    from sync.backend import CellUpdate, WriteBatch
    from sync.xlsx import XlsxWorkbook

    workbook = XlsxWorkbook(path)
    workbook.open()
    _step("start (imports)", time.process_time(), time.perf_counter(), lambda: None)
    for round_number in (1, 2):
        grids = _step(f"read {round_number}", time.process_time(), time.perf_counter(),
                      lambda: workbook.read(list(TABS)))
        assert not workbook.last_fallback, workbook.last_fallback
        batch = WriteBatch(updates=[CellUpdate(name, 2 + round_number, 4, f"changed {round_number}") for name in TABS])
        _step(f"write {round_number}", time.process_time(), time.perf_counter(),
              lambda batch=batch: workbook.write(batch))  # type: ignore[misc]
        del grids
    workbook.close()


def patch_writes(path: Path) -> None:
    """Print the CPU, wall time and memory of the patch writer's 3-cell write, then of 100 rows appended.

    No read first (a write planned on no read is allowed), so the peak is the writes' own.
    """
    from sync.backend import CellUpdate, WriteBatch
    from sync.xlsx import XlsxWorkbook

    workbook = XlsxWorkbook(path)
    workbook.open()
    _step("start (imports)", time.process_time(), time.perf_counter(), lambda: None)
    three_cells = WriteBatch(updates=[CellUpdate(name, 3, 4, "changed by patch") for name in TABS])
    _step("write 3 cells", time.process_time(), time.perf_counter(), lambda: workbook.write(three_cells))
    print(f"{'':>16}  path: {workbook.last_write_path}")
    start = datetime(2026, 1, 5, 9, 0)
    rows: list[list[Any]] = [[f"BENCH-NEW{number:04d}", f"{number % 30 + 1}-101", start + timedelta(minutes=number),
                              date(2026, 1, 5), 12.5, number, "open", True] for number in range(100)]
    hundred_rows = WriteBatch(appends={"Charges": rows})
    _step("append 100 rows", time.process_time(), time.perf_counter(), lambda: workbook.write(hundred_rows))
    print(f"{'':>16}  path: {workbook.last_write_path}")
    workbook.close()


def _step(what: str, cpu: float, wall: float, action: Any) -> Any:
    result = action()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{what:>16}: {time.process_time() - cpu:6.2f} s CPU {time.perf_counter() - wall:6.2f} s wall; "
          f"resident {_resident_mib():5.0f} MiB, peak {peak:5.0f} MiB", flush=True)
    return result


def _resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
