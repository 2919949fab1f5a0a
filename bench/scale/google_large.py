"""Issue 16's Google figures on the large demo: the site's own cycles against the Sheets fake.

    uv run lobbydesk demo --size large --no-serve --data DIR       # then archive 2022-2025 (side_by_side does)
    uv run python -m bench.scale.google_large --data DIR-archived   # works on copies of DIR-archived

A spreadsheet holds at most 10 million cells, so this runs on the archived large demo (1.86 million
cells live). The copy's store forgets its .xlsx sync state, the first sync writes the live rows to a
spreadsheet in the Sheets fake (its own process, so its CPU and memory are not lobbydesk's), and then
the same steps as ``side_by_side``'s cycles are timed: idle, a number taken, a number called, a staff
edit typed in the spreadsheet. CPU seconds are lobbydesk's; wall seconds include the fake serving
the values over HTTP on this box (Google's own time to answer is not in them). The cycles run the site
and its sync in this one process; the ``server`` part runs ``lobbydesk run`` (the server and its sync
child) on another copy against the fake for ``--seconds``, its first sync included, and gives each
process's largest resident memory. Nothing passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.scale.side_by_side import _reset_peak, _rss_kib, server

KEY = "large"


def main() -> None:
    """Copy the folder, sync it to the fake, time the cycles, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an archived large demo's data folder")
    parser.add_argument("--seconds", type=float, default=90.0, help="how long the server part runs")
    parser.add_argument("--no-cycles", action="store_true", help="leave out the cycles, timed in this process")
    parser.add_argument("--no-server", action="store_true", help="leave out `lobbydesk run` against the fake")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(dir=args.data.parent) as folder:
        if not args.no_cycles:
            figures["cycles"] = _figures(_fresh_copy(args.data, Path(folder) / "cycles"))
        if not args.no_server:
            figures["server"] = _server(_fresh_copy(args.data, Path(folder) / "server"), args.seconds)
    print(json.dumps(figures, indent=2))


def _fresh_copy(data: Path, copy: Path) -> Path:
    shutil.copytree(data, copy, ignore=shutil.ignore_patterns("workbook.xlsx", "backups"))
    _forget_the_workbook(copy / "lobbydesk.sqlite3")
    return copy


def _server(data: Path, seconds: float) -> dict[str, Any]:
    """``lobbydesk run`` with its sync child on a new spreadsheet in the fake: the first sync, then cycles."""
    from tests.sync.sheets_fake_process import SheetsFakeProcess

    with SheetsFakeProcess.running(keys=[KEY]) as fake:
        env = {"LOBBYDESK_WORKBOOK": f"gsheets://{KEY}", "LOBBYDESK_GOOGLE_API_BASE": fake.api_base}
        figures = server(data, seconds, env=env)
        figures["rows written to the Charges tab"] = len(fake.tab(KEY, "Charges")) - 1
        figures["requests"] = fake.requests()["requests"]
    return figures


def _forget_the_workbook(store: Path) -> None:
    """The store as if it had never synced: every live record is sent to the new spreadsheet."""
    with sqlite3.connect(store) as conn:
        conn.execute("DELETE FROM sync_rows")
        conn.execute("DELETE FROM sync_problems")
        conn.execute("DELETE FROM site_state WHERE key LIKE 'sync.%'")


def _figures(data: Path) -> dict[str, Any]:
    from desk.queue import Service
    from lobbydesk.cli_common import settings_from
    from lobbydesk.site import Site
    from lobbydesk.sync_child import cycle_giving_back
    from sync.freed_memory import keep_large_blocks_apart
    from tests.sync.sheets_fake_process import SheetsFakeProcess

    figures: dict[str, Any] = {}
    keep_large_blocks_apart()  # as the sync child does when it starts
    with SheetsFakeProcess.running(keys=[KEY]) as fake:
        settings = settings_from(argparse.Namespace(config=None, data=data)).model_copy(
            update={"workbook": f"gsheets://{KEY}", "google_api_base": fake.api_base})
        with Site(settings) as site:
            def cycle() -> dict[str, Any]:
                fake.reset_counts()
                _reset_peak()
                cpu, wall = time.process_time(), time.perf_counter()
                report = cycle_giving_back(site).report  # what the sync child runs
                asked = fake.requests()["requests"]
                return {"wall s": round(time.perf_counter() - wall, 2), "cpu s": round(time.process_time() - cpu, 3),
                        "requests": asked, "ok": report.ok, "summary": report.summary()[:160],
                        "peak MiB": _rss_kib(os.getpid(), "VmHWM:") // 1024, "rss MiB": _rss_kib(os.getpid()) // 1024}

            figures["first sync (every live row written)"] = cycle()
            figures["the cycle after it"] = cycle()
            figures["the read after that"] = cycle()
            figures["idle cycle"] = cycle()
            site.queue.take_number(Service.INQUIRY, print_ticket=False)
            figures["kiosk -> sheet: a number taken (cycle)"] = cycle()
            figures["the read after our own write"] = cycle()
            site.queue.call_next(counter="1")
            figures["a number called -> sheet (cycle)"] = cycle()
            figures["the read after it"] = cycle()
            figures["quiet again"] = cycle()
            repair_id = _first_repair(fake)
            fake.staff(KEY, "type_into", name="Repairs", row_id=repair_id, header="Assignee", value="Zhao (bench)")
            figures["staff edit -> kiosk (cycle)"] = cycle()
            figures["the edit reached the store"] = _assignee(site, repair_id) == "Zhao (bench)"
    figures["peak memory MiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def _first_repair(fake: Any) -> str:
    grid = fake.tab(KEY, "Repairs")
    return str(grid[1][grid[0].index("ID")])


def _assignee(site: Any, repair_id: str) -> str:
    from desk.repairs import Repair

    with site.store.transaction() as tx:
        repair = tx.get(Repair, repair_id)
    return str(repair.assignee) if repair is not None else ""


if __name__ == "__main__":
    sys.exit(main())
