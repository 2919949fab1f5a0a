"""Repairs at scale: a report's commit and the after-sync review, with years of closed repairs in the store.

Run: ``uv run python bench/repairs/run.py [closed_repairs]`` (default 20,000, a large estate's decade).
Prints the median and p95 of ``RepairDesk.report`` (limits, duplicate check, due time, slip, fsync)
and the time of one ``RepairDesk.review`` (what runs after every sync cycle).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.repairs import Repair, RepairCategory, RepairDesk, RepairReport, RepairStatus
from desk.store import Store


def main(closed: int) -> None:
    """Fill a store with closed repairs, then time reports and a review."""
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.open()
        desk = RepairDesk(store, clock, SequentialIds("BENCH"))
        started = clock.now() - timedelta(days=3650)
        with store.transaction() as tx:
            for n in range(closed):
                at = started + timedelta(hours=4 * n)
                tx.put(Repair(id=f"BENCH-R{n:07d}", number=f"R{n + 1:05d}", unit=f"BENCH-U{n % 2000:04d}",
                              unit_label=f"{n % 20}-{n % 2000}", category=RepairCategory.PLUMBING,
                              description=f"leak {n}", reported_at=at, due_at=at + timedelta(hours=72),
                              status=RepairStatus.DONE if n % 10 else RepairStatus.CANCELLED,
                              done_at=at + timedelta(hours=30) if n % 10 else None),
                       actor="bench", at=at)
        times = []
        for n in range(200):
            report = RepairReport(unit_id=f"BENCH-U{n % 2000:04d}", unit_label="1-101",
                                  category=RepairCategory.ELECTRICAL, phrases=[f"Socket {n} dead"])
            begun = time.perf_counter()
            desk.report(report)
            times.append((time.perf_counter() - begun) * 1000)
        begun = time.perf_counter()
        desk.review()
        review_ms = (time.perf_counter() - begun) * 1000
        store.close()
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{closed} closed repairs in the store")
    print(f"report: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms (200 reports)")
    print(f"review after a sync cycle (200 open): {review_ms:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
