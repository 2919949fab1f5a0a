"""What an idle cycle costs, before and after the engine asks the workbook's version: CPU, reads, requests.

Run through ``uv run python -m bench.sync.cycle_cost --idle`` (see there). Each backend starts with a
store and a workbook agreeing on ``rows`` repairs. "before" runs the engine on the same workbook with
its version hidden, so every cycle reads it, as every cycle did before idle cycles were skipped;
"after" runs it as the site does. Each figure is per cycle, the median CPU of five idle cycles after
one warm-up cycle. The .xlsx file is measured once its timestamp is older than
:data:`sync.xlsx.RACY_NANOSECONDS` (a file saved seconds ago is also hashed, about 10 ms per 4 MB).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.store import Store
from sync.backend import WorkbookBackend
from sync.engine import SyncEngine
from sync.memory import MemoryWorkbook
from sync.xlsx import RACY_NANOSECONDS, XlsxWorkbook

# Hands every call on but has no version(), so the engine reads every cycle, as it did before.
from tests.sync.conftest import PassThroughWorkbook

BACKENDS = ("memory", "xlsx", "google")
IDLE_CYCLES = 5
MAX_IDLE_CPU = 0.020
MAX_IDLE_GOOGLE_REQUESTS = 1


@dataclass
class IdleCost:
    """One idle cycle, per cycle: its CPU (median), workbook reads, and requests by kind."""

    backend: str
    when: str  # "before" or "after"
    cpu: float
    reads: float
    requests: dict[str, float] = field(default_factory=dict)


@dataclass
class _Setup:
    store: Store
    workbook: WorkbookBackend
    clock: FixedClock
    reads: Callable[[], int]  # the workbook reads so far
    requests: Callable[[], Counter[str]]  # the requests so far, by kind


def measure_idle(backend: str, rows: int) -> tuple[IdleCost, IdleCost]:
    """The idle cycle on ``backend`` over ``rows`` rows, before and after."""
    with tempfile.TemporaryDirectory() as folder, _set_up(backend, rows, Path(folder)) as setup:
        before = _idle(setup, PassThroughWorkbook(setup.workbook), backend, "before")
        after = _idle(setup, setup.workbook, backend, "after")
        setup.store.close()
    return before, after


def _idle(setup: _Setup, workbook: WorkbookBackend, backend: str, when: str) -> IdleCost:
    from bench.sync.cycle_cost import BenchRepair

    engine = SyncEngine(setup.store, workbook, (BenchRepair,), setup.clock, ids=SequentialIds("BENCH"))
    warm = engine.run_once()
    assert warm.ok and warm.writes == 0, warm.summary()
    if isinstance(setup.workbook, XlsxWorkbook):
        settled_at = setup.workbook.path.stat().st_mtime_ns + RACY_NANOSECONDS
        time.sleep(max(0.0, (settled_at - time.time_ns()) / 1e9))
    reads, requests = setup.reads(), setup.requests()
    cpu = []
    for _ in range(IDLE_CYCLES):
        started = time.process_time()
        report = engine.run_once()
        cpu.append(time.process_time() - started)
        assert report.ok, report.summary()
    per_cycle = {kind: count / IDLE_CYCLES for kind, count in (setup.requests() - requests).items()}
    return IdleCost(backend, when, statistics.median(cpu), (setup.reads() - reads) / IDLE_CYCLES, per_cycle)


@contextmanager
def _set_up(backend: str, rows: int, folder: Path) -> Iterator[_Setup]:
    """A store and a workbook agreeing on ``rows`` repairs."""
    from bench.sync.cycle_cost import ZONE, BenchRepair, repair

    clock = FixedClock(datetime(2024, 5, 6, 9, 0, tzinfo=ZONE))
    records = [repair(number, clock.now()) for number in range(rows)]
    store = Store(folder / "bench.sqlite3")
    store.open()
    with store.transaction() as tx:
        for record in records:
            tx.put(record, actor="kiosk", at=clock.now())
    if backend == "google":
        from bench.sync.sheets_side_by_side import grid_of
        from sync.google import GoogleSheetsWorkbook
        from tests.sync.sheets_fake_process import SheetsFakeProcess

        with SheetsFakeProcess.running(keys=["idle"]) as fake:
            fake.staff("idle", "load_tab", name="Repairs", rows=grid_of(records))
            google = GoogleSheetsWorkbook("idle", api_base=fake.api_base)
            google.open()
            first = SyncEngine(store, google, (BenchRepair,), clock, ids=SequentialIds("BENCH")).run_once()
            assert first.rows_appended == 0, first.summary()  # the rows are there: only Settings and Problems made

            def requests() -> Counter[str]:
                return Counter(fake.requests()["requests"])

            yield _Setup(store, google, clock, lambda: requests()["values.batchGet"], requests)
            google.close()
        return
    workbook: MemoryWorkbook | XlsxWorkbook = MemoryWorkbook() if backend == "memory" else XlsxWorkbook(
        folder / "bench.xlsx"
    )
    workbook.open()
    first = SyncEngine(store, workbook, (BenchRepair,), clock, ids=SequentialIds("BENCH")).run_once()
    assert first.rows_appended == rows, first.summary()

    def memory_requests() -> Counter[str]:
        assert isinstance(workbook, MemoryWorkbook)
        return Counter({"read": workbook.reads, "write": workbook.writes})

    def file_requests() -> Counter[str]:
        return Counter({"read": workbook.reads})

    yield _Setup(
        store, workbook, clock, lambda: workbook.reads,
        memory_requests if isinstance(workbook, MemoryWorkbook) else file_requests,
    )


def print_idle(costs: Sequence[tuple[IdleCost, IdleCost]], rows: int) -> None:
    """The idle cycle's table: before and after, per backend."""
    print(f"\nidle cycle, {rows} rows x 15 columns, per cycle (CPU: median of {IDLE_CYCLES}, process time)")
    print(f"{'backend':>8}  {'CPU before':>10}  {'reads':>5}  {'requests before':<22}  "
          f"{'CPU after':>9}  {'reads':>5}  requests after")
    for before, after in costs:
        print(f"{before.backend:>8}  {_ms(before.cpu):>10}  {before.reads:5.1f}  {_requests(before):<22}  "
              f"{_ms(after.cpu):>9}  {after.reads:5.1f}  {_requests(after)}")


def check_idle(costs: Sequence[tuple[IdleCost, IdleCost]]) -> list[str]:
    """The targets an idle cycle missed: over 20 ms of CPU or a read; on Google more than one request."""
    missed = []
    for _before, after in costs:
        if after.cpu > MAX_IDLE_CPU:
            missed.append(f"an idle cycle on {after.backend} took {after.cpu * 1000:.0f} ms of CPU")
        if after.reads:
            missed.append(f"an idle cycle on {after.backend} read the workbook")
        if after.backend == "google" and sum(after.requests.values()) > MAX_IDLE_GOOGLE_REQUESTS:
            missed.append(f"an idle cycle on Google made {sum(after.requests.values()):g} requests")
    return missed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _requests(cost: IdleCost) -> str:
    return ", ".join(f"{count:g} {kind}" for kind, count in sorted(cost.requests.items()) if count) or "none"
