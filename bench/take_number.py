"""How long a "take a number" tap spends committing its ticket (and print job) to the store.

Run: ``uv run python bench/take_number.py [COUNT]``. The brief's bar: a tap answered well under
100 ms. This measures the store part, the only blocking work before the screen can answer.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.clock import Clock
from desk.ids import IdFactory
from desk.queue import QueueDesk, Service
from desk.store import Store


def main(count: int = 500) -> None:
    """Take ``count`` numbers on a fresh store and print latency percentiles."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.open()
        queue = QueueDesk(store, Clock(ZoneInfo("Asia/Shanghai")), IdFactory("BENCH"))
        services = list(Service)
        timings = []
        for n in range(count):
            started = time.perf_counter()
            queue.take_number(services[n % len(services)])
            timings.append((time.perf_counter() - started) * 1000)
        store.close()
    timings.sort()
    print(f"take_number x{count} (commit incl. fsync, {len(services)} services, queue growing to {count}):")
    print(f"  median {statistics.median(timings):.2f} ms   p95 {timings[int(count * 0.95)]:.2f} ms   "
          f"max {timings[-1]:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
