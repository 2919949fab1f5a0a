"""What one sync cycle costs on a big workbook: requests, and CPU time, as the number of changes grows.

Run: ``uv run python -m bench.sync.cycle_cost [--rows 50000] [--check]``. The workbook has ``--rows``
rows of 15 columns, all agreed with the store. Each measured cycle follows N changed rows (N = 1, 100,
10,000): half changed at the kiosk (in the store), half typed by staff (in the sheet). The figures
kept in ``bench/sync/README.md`` come from this script on the development box. With ``--check`` it
exits 1 when a target is missed: more than 3 requests in a cycle, or the merge of the whole tab
(resolving every row against what was agreed, and planning the writes) over 1 s of CPU.

"merge" is the pure part (sync.sheet + sync.merge over the grid as read); "cycle" is the whole of
``SyncEngine.run_once``: the read, the store's transactions (JSON, SQLite, fsync), the merge, the
write and the bookkeeping.

Then the idle cycle (nothing changed on either side) on the memory backend, an .xlsx file and the
Sheets fake (in its own process), before (the workbook read every cycle, as when a backend has no
version) and after (the engine asks the version first): CPU per cycle and workbook reads and requests
per cycle. ``--idle`` measures only that; ``--backends`` picks among memory, xlsx and google. With
``--check`` an idle cycle after must cost at most 20 ms of CPU and read nothing (on Google: at most
one metadata request).
"""

from __future__ import annotations

import argparse
import enum
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.sync.idle_cost import BACKENDS, check_idle, measure_idle, print_idle
from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.records import Owner, Record, column
from desk.store import Store
from sync.agreed import AgreedRows
from sync.engine import SyncEngine
from sync.mapping import TabLayout
from sync.memory import MemoryWorkbook
from sync.merge import StoreRow, merge_tab
from sync.sheet import Ownership, changed_rows, read_sheet

ZONE = ZoneInfo("Asia/Shanghai")
CHANGES = (1, 100, 10_000)
MAX_REQUESTS = 3
MAX_MERGE_CPU = 1.0


class RepairState(enum.StrEnum):
    """A repair's life, for a realistic staff-owned dropdown column."""

    OPEN = "open"
    ASSIGNED = "assigned"
    DONE = "done"
    CANCELLED = "cancelled"


class BenchRepair(Record):
    """A repair-like record of 15 columns: kiosk-written facts and staff-written handling."""

    TAB = "Repairs"
    ID_KIND = "R"

    unit: str = column("Unit", Owner.KIOSK, max_length=20)
    building: str = column("Building", Owner.KIOSK, max_length=10)
    reported: datetime = column("Reported", Owner.KIOSK)
    category: str = column("Category", Owner.KIOSK, max_length=20)
    description: str = column("Description", Owner.KIOSK, max_length=500)
    phone_tail: str = column("Phone (last 4)", Owner.KIOSK, max_length=4)
    area: Decimal = column("Area m2", Owner.KIOSK)
    status: RepairState = column("Status", Owner.STAFF, default=RepairState.OPEN)
    assignee: str = column("Assignee", Owner.STAFF, default="", max_length=40)
    scheduled: date | None = column("Scheduled", Owner.STAFF, default=None)
    urgent: bool = column("Urgent", Owner.STAFF, default=False)
    visits: int = column("Visits", Owner.STAFF, default=0, ge=0)
    cost: Decimal = column("Cost", Owner.STAFF, default=Decimal("0"))
    note: str = column("Staff note", Owner.STAFF, default="", max_length=500)


def repair(number: int, start: datetime) -> BenchRepair:
    return BenchRepair(
        id=f"BENCH-R{number:06d}",
        unit=f"{number % 30 + 1}-{number % 6 + 1}-{number % 1800 + 101}",
        building=f"B{number % 30 + 1}",
        reported=start + timedelta(minutes=number),
        category=("water", "power", "door", "lift")[number % 4],
        description=f"Kitchen tap drips, unit {number}; please call before coming",
        phone_tail=f"{number % 10_000:04d}",
        area=Decimal(60 + number % 90) + Decimal("0.50"),
    )


def build(rows: int, folder: Path) -> tuple[Store, MemoryWorkbook, SyncEngine, FixedClock, float]:
    """A store and a workbook agreeing on ``rows`` repairs; returns also the CPU seconds of that first sync."""
    clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZONE))
    store = Store(folder / "bench.sqlite3")
    store.open()
    with store.transaction() as tx:
        for number in range(rows):
            tx.put(repair(number, clock.now()), actor="kiosk", at=clock.now())
    sheet = MemoryWorkbook()
    sheet.open()
    engine = SyncEngine(store, sheet, (BenchRepair,), clock, ids=SequentialIds("BENCH"))
    started = time.process_time()
    report = engine.run_once()
    first = time.process_time() - started
    assert report.rows_appended == rows, report.summary()
    return store, sheet, engine, clock, first


def change(store: Store, sheet: MemoryWorkbook, clock: FixedClock, count: int, round_: int) -> None:
    """Half of ``count`` rows changed at the kiosk, half typed by staff, spread over the tab."""
    rows = len(sheet.tab("Repairs")) - 1
    step = max(1, rows // max(count, 1))
    targets = [(n * step + round_) % rows for n in range(count)]
    kiosk, staff = targets[: count // 2], targets[count // 2 :]
    with store.transaction() as tx:
        for number in kiosk:
            record = tx.get(BenchRepair, f"BENCH-R{number:06d}")
            assert record is not None
            changed = record.model_copy(update={"description": f"{record.description} (round {round_})"})
            tx.put(changed, actor="kiosk", at=clock.now())
    row_of = {row[0]: index for index, row in enumerate(sheet.tab("Repairs")) if row}
    for number in staff:
        sheet.type_at("Repairs", row_of[f"BENCH-R{number:06d}"], "Assignee", f"Wang {round_}")


def merge_cpu(store: Store, sheet: MemoryWorkbook) -> float:
    """CPU seconds of the pure merge of the whole tab, cold: every row converted and compared, none remembered.

    The store's side is loaded beforehand (that is SQLite's and JSON's time, counted in the cycle).
    """
    layout = TabLayout.of(BenchRepair)
    grid = sheet.tab("Repairs")
    ownership = Ownership("BENCH")
    agreed = AgreedRows()
    with store.transaction() as tx:
        agreed.refresh(tx, [(BenchRepair, layout.headers)])
        pending = {u.record_id: StoreRow(u.record(), u.revision, u.agreed()) for u in tx.unsynced(BenchRepair)}
        records = {r.id: r for r in tx.find(BenchRepair)}
        last_agreed = tx.agreed_of(BenchRepair, list(records))
        revisions = {record_id: revision for record_id, revision, _cells in tx.each_agreed(BenchRepair)}
    rows_agreed = agreed.tab(BenchRepair.TAB)
    started = time.process_time()
    sheet_tab = read_sheet(layout, grid, ownership)
    rows = dict(pending)
    for record_id in changed_rows(sheet_tab, rows_agreed, list(rows_agreed)) - rows.keys():
        rows[record_id] = StoreRow(records[record_id], revisions[record_id], last_agreed[record_id])
    merge_tab(sheet_tab, rows, ZONE, ownership)
    return time.process_time() - started


def measure(rows: int) -> list[dict[str, Any]]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        store, sheet, engine, clock, first = build(rows, Path(folder))
        results.append({"changes": rows, "what": "first sync (append all)", "requests": 2, "cycle": first})
        for round_, count in enumerate((0, *CHANGES)):
            change(store, sheet, clock, count, round_ + 1)
            merge = merge_cpu(store, sheet)
            before = sheet.reads + sheet.writes
            started = time.process_time()
            report = engine.run_once()
            cycle = time.process_time() - started
            requests = sheet.reads + sheet.writes - before
            assert report.ok, report.summary()
            results.append({"changes": count, "what": "idle" if count == 0 else "changed rows",
                            "requests": requests, "cycle": cycle, "merge": merge,
                            "written": report.cells_updated + report.rows_appended, "taken": report.values_taken})
        store.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--idle", action="store_true", help="measure only the idle cycle, before and after")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    args = parser.parse_args(argv)
    missed: list[str] = []
    if not args.idle:
        missed += changes_table(args.rows)
    idle = [measure_idle(backend, args.rows) for backend in args.backends]
    print_idle(idle, args.rows)
    missed += check_idle(idle)
    if args.check and missed:
        print("missed: " + "; ".join(missed))
        return 1
    return 0


def changes_table(rows: int) -> list[str]:
    """Print the cost of cycles with N changed rows; returns the targets missed."""
    results = measure(rows)
    print(f"sync cycle on the memory backend, {rows} rows x 15 columns (CPU seconds, process time)")
    print(f"{'changed rows':>12}  {'requests':>8}  {'merge CPU':>9}  {'cycle CPU':>9}  "
          f"{'cells/rows written':>18}  taken")
    missed: list[str] = []
    for result in results:
        merge = result.get("merge")
        print(f"{result['changes']:>12}  {result['requests']:>8}  "
              f"{'' if merge is None else f'{merge:9.3f}':>9}  {result['cycle']:9.3f}  "
              f"{result.get('written', ''):>18}  {result.get('taken', '')}   {result['what']}")
        if merge is not None:
            check(missed, result["requests"] <= MAX_REQUESTS, f"{result['requests']} requests")
            check(missed, merge <= MAX_MERGE_CPU, f"merge took {merge:.2f} s of CPU")
    return missed


def check(missed: list[str], ok: bool, what: str) -> None:
    if not ok:
        missed.append(what)


if __name__ == "__main__":
    sys.exit(main())
