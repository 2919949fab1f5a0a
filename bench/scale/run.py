"""The large community at a share of its size: generation, first .xlsx sync, file size, then a year's archive.

    uv run python -m bench.scale.run --share 0.1 [--folder DIR] [--no-archive]

Figures go in bench/scale/README.md; nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import FixedClock
from desk.ids import IdFactory
from desk.store import Store
from lobbydesk.demo_large import LARGE, generate_community
from sync.archive import archive_year
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.xlsx import XlsxWorkbook

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def main() -> None:
    """Run the measurements once and print them as table rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=1.0, help="of the issue's size (1.0: 2,000 units...)")
    parser.add_argument("--folder", type=Path, help="where to keep the files (default: a temporary folder)")
    parser.add_argument("--no-archive", action="store_true", help="stop after the first sync")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="lobbydesk-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / "desk.sqlite3")
    store.open()
    size = LARGE.scaled(args.share) if args.share != 1.0 else LARGE
    started = time.perf_counter()
    counts = generate_community(store, "DEMO", NOW, size)
    generated = time.perf_counter() - started
    book = XlsxWorkbook(folder / "workbook.xlsx")
    book.open()
    started = time.perf_counter()
    report = SyncEngine(store, book, SYNCED_KINDS, FixedClock(NOW), ids=IdFactory("DEMO")).run_once()
    synced = time.perf_counter() - started
    rows = sum(counts.values())
    megabytes = (folder / "workbook.xlsx").stat().st_size / 2**20
    print(f"| {args.share:g} | {rows:,} | {generated:.1f} s | {synced:.1f} s | {megabytes:.1f} MB | "
          f"{_peak_mib():,.0f} MiB |  (sync ok: {report.ok})")
    if not args.no_archive:
        archive_book = XlsxWorkbook(folder / "archive" / "2022.xlsx")
        (folder / "archive").mkdir(exist_ok=True)
        archive_book.open()
        started = time.perf_counter()
        outcome = archive_year(store, book, archive_book, NOW, 2022)
        took = time.perf_counter() - started
        after = (folder / "workbook.xlsx").stat().st_size / 2**20
        archived = (folder / "archive" / "2022.xlsx").stat().st_size / 2**20
        print(f"archive of 2022: {sum(outcome.moving.values()):,} rows in {took:.1f} s; live workbook "
              f"{megabytes:.1f} -> {after:.1f} MB; archive {archived:.1f} MB")
    store.close()
    if args.folder is None:
        shutil.rmtree(folder)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
