"""lobbydesk's sync against the naive gspread way, on the same Sheets fake, in one run.

Run: ``uv run python -m bench.sync.sheets_side_by_side [--rows 50000] [--changes 1 100 10000]``.
The fake runs in a process of its own, so its CPU time is not counted. Both spreadsheets start with
the same ``--rows`` rows of 15 columns. Each round changes N rows: half at the kiosk (the store), half
typed by staff (the sheet). lobbydesk runs one cycle; the naive way reads the tab once
(``get_all_values``) and calls ``update_cell`` once per cell the kiosk changed (``append_row`` would
likewise cost one request per new record). Requests are counted by the fake; "at quota" is how long
the requests take at Google's 60 requests per minute per user.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import gspread
import requests

from bench.sync.cycle_cost import ZONE, BenchRepair, repair
from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.store import Store
from sync.engine import SyncEngine
from sync.google import GoogleSheetsWorkbook
from sync.google_http import SheetsHttpClient
from sync.mapping import TabLayout, cell_text, record_cells
from tests.sync.sheets_fake_process import SheetsFakeProcess

OURS, NAIVE = "lobbydesk", "naive"
QUOTA_PER_MINUTE = 60


def grid_of(records: list[BenchRepair]) -> list[list[Any]]:
    layout = TabLayout.of(BenchRepair)
    return [layout.headers] + [
        [cell_text(value) or None for value in record_cells(record, ZONE).values()] for record in records
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--changes", type=int, nargs="+", default=[1, 100, 10_000])
    args = parser.parse_args(argv)
    clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZONE))
    records = [repair(number, clock.now()) for number in range(args.rows)]
    grid = grid_of(records)
    description = grid[0].index("Description") + 1
    assignee = grid[0].index("Assignee")
    with tempfile.TemporaryDirectory() as folder, SheetsFakeProcess.running(keys=[OURS, NAIVE]) as fake:
        for key in (OURS, NAIVE):
            fake.staff(key, "load_tab", name="Repairs", rows=grid)
        store = Store(Path(folder) / "bench.sqlite3")
        store.open()
        with store.transaction() as tx:
            for record in records:
                tx.put(record, actor="kiosk", at=clock.now())
        workbook = GoogleSheetsWorkbook(OURS, api_base=fake.api_base)
        workbook.open()
        engine = SyncEngine(store, workbook, (BenchRepair,), clock, ids=SequentialIds("BENCH"))
        engine.run_once()  # the sheet already holds every row: agreed, nothing written
        engine.run_once()
        client = gspread.Client(
            auth=None,  # type: ignore[arg-type]
            session=requests.Session(),
            http_client=functools.partial(SheetsHttpClient, api_base=fake.api_base),  # type: ignore[arg-type]
        )
        naive_sheet = client.open_by_key(NAIVE).worksheet("Repairs")
        print(f"{args.rows} rows x 15 columns on the Sheets fake; per cycle: requests, CPU s (this process), wall s")
        print(f"{'changed rows':>12}  {'lobbydesk':>28}  {'naive gspread':>28}  {'naive at quota':>14}")
        for round_, count in enumerate(args.changes, start=1):
            kiosk, staff = _targets(args.rows, count, round_)
            with store.transaction() as tx:
                for number in kiosk:
                    record = records[number] = records[number].model_copy(
                        update={"description": f"{records[number].description} (round {round_})"}
                    )
                    tx.put(record, actor="kiosk", at=clock.now())
            for key in (OURS, NAIVE):
                tab = fake.tab(key, "Repairs")
                for number in staff:
                    row = tab[number + 1]
                    row.extend([None] * (assignee + 1 - len(row)))
                    row[assignee] = f"Wang {round_}"
                fake.staff(key, "load_tab", name="Repairs", rows=tab)

            fake.reset_counts()
            cpu, wall = time.process_time(), time.perf_counter()
            report = engine.run_once()
            ours = (fake.requests()["total"], time.process_time() - cpu, time.perf_counter() - wall)
            assert report.ok, report.summary()

            fake.reset_counts()
            cpu, wall = time.process_time(), time.perf_counter()
            naive_sheet.get_all_values()
            for number in kiosk:
                naive_sheet.update_cell(number + 2, description, records[number].description)
            naive = (fake.requests()["total"], time.process_time() - cpu, time.perf_counter() - wall)
            at_quota = naive[0] / QUOTA_PER_MINUTE
            print(f"{count:>12}  {ours[0]:>6} req {ours[1]:7.2f} cpu {ours[2]:6.2f} s  "
                  f"{naive[0]:>6} req {naive[1]:7.2f} cpu {naive[2]:6.2f} s  {at_quota:>10.1f} min")
        store.close()
    return 0


def _targets(rows: int, count: int, round_: int) -> tuple[list[int], list[int]]:
    step = max(1, rows // max(count, 1))
    targets = [(n * step + round_) % rows for n in range(count)]
    return targets[: max(1, count // 2)], targets[max(1, count // 2) :]


if __name__ == "__main__":
    sys.exit(main())
