"""The billing run for 5,000 units x 6 fees, and one owner's balance lookup, on a real store.

Run alone (it is CPU-bound): ``uv run python bench/billing/run.py [UNITS]``. Targets: the run under
5 s, a balance lookup under 5 ms. Each unit has two metered supplies with readings for the period
and the one before; the store holds a year of earlier charges (12 months x 6 fees), so the lookup
works on a full ledger, and the benchmark bills the 13th month.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from desk.billing import Billing, Period
from desk.clock import FixedClock
from desk.fees import FeeBasis, FeeRule, HeatingSeason, Meter, MeterReading
from desk.ids import IdFactory
from desk.payments import PaymentDesk
from desk.store import Store
from desk.units import Unit

ZONE = ZoneInfo("Asia/Shanghai")


def seed(store: Store, ids: IdFactory, units: int, at: datetime) -> list[str]:
    """Units, six fee rules, two meters' readings for November and December."""
    rules = [
        FeeRule(id=ids.new("K"), fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35")),
        FeeRule(id=ids.new("K"), fee="Heating", basis=FeeBasis.PER_M2_SEASON, rate=Decimal("24.50")),
        FeeRule(id=ids.new("K"), fee="Water", basis=FeeBasis.METERED, rate=Decimal("3.45"), meter=Meter.WATER),
        FeeRule(id=ids.new("K"), fee="Electricity", basis=FeeBasis.METERED, rate=Decimal("0.52"),
                meter=Meter.ELECTRICITY),
        FeeRule(id=ids.new("K"), fee="Parking", basis=FeeBasis.FIXED_MONTHLY, rate=Decimal("150")),
        FeeRule(id=ids.new("K"), fee="Rubbish", basis=FeeBasis.FIXED_MONTHLY, rate=Decimal("12.50")),
    ]
    unit_ids = []
    with store.transaction() as tx:
        for rule in rules:
            tx.put(rule, actor="bench", at=at)
        # Random IDs repeat at this volume; a repeated one would replace a row, so ask for unused ones.
        reading_ids = iter(tx.new_ids(ids, MeterReading, units * 4))
        for unit_id, n in zip(tx.new_ids(ids, Unit, units), range(units), strict=True):
            unit = Unit(id=unit_id, building=str(1 + n // 500), room=f"{100 + n % 500}",
                        area_m2=Decimal("60") + Decimal(n % 90) / 2)
            tx.put(unit, actor="bench", at=at)
            unit_ids.append(unit.id)
            for meter, start in ((Meter.WATER, 100), (Meter.ELECTRICITY, 2000)):
                for period, used in (("2026-10", 0), ("2026-11", 9 + n % 7)):
                    tx.put(MeterReading(id=next(reading_ids), unit=unit.id, meter=meter, period=period,
                                        reading=Decimal(start + used)), actor="bench", at=at)
    return unit_ids


def main(units: int = 5000) -> None:
    """Seed, fill a year of history, time the 13th month's run and balance lookups."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.open()
        clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=ZONE))
        ids = IdFactory("BENCH")
        unit_ids = seed(store, ids, units, clock.now())
        billing = Billing(store, clock, ids)
        season = HeatingSeason.parse("11-15..03-15")
        for month in range(1, 11):  # history: ten earlier months (metered fees lack readings there)
            billing.run(Period(2026, month), season)
        started = time.perf_counter()
        outcome = billing.run(Period(2026, 11), season)
        run_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = billing.run(Period(2026, 11), season)
        rerun_seconds = time.perf_counter() - started

        payments = PaymentDesk(store, clock, ids)
        started = time.perf_counter()
        payments.account(unit_ids[0])  # the first lookup loads the index: once per process
        first_ms = (time.perf_counter() - started) * 1000
        timings, warm = [], []
        for n in range(1000):  # each a unit not looked up before: its 66 open charges are read from the store
            started = time.perf_counter()
            payments.account(unit_ids[(n * 37) % len(unit_ids)])
            timings.append((time.perf_counter() - started) * 1000)
        for n in range(1000):  # the same units again, as while an owner is at the kiosk
            started = time.perf_counter()
            payments.account(unit_ids[(n * 37) % len(unit_ids)])
            warm.append((time.perf_counter() - started) * 1000)
        with store.transaction() as tx:
            rows = tx.last_revision()
        store.close()
    timings.sort()
    warm.sort()
    print(f"billing run, {units} units x 6 fees, period 2026-11: {len(outcome.added)} charges added "
          f"in {run_seconds:.2f} s (target < 5 s); {len(outcome.plan.problems)} problems")
    print(f"  the same period again: {len(again.added)} added, {again.already_billed} already billed, "
          f"{rerun_seconds:.2f} s")
    print(f"balance lookup ({rows} revisions in the store): first (loads the index) {first_ms:.0f} ms; then, "
          f"each unit's first lookup: median {statistics.median(timings):.3f} ms, p95 {timings[949]:.3f} ms, "
          f"max {timings[-1]:.3f} ms (target < 5 ms)")
    print(f"  the same units again: median {statistics.median(warm):.3f} ms, p95 {warm[949]:.3f} ms, "
          f"max {warm[-1]:.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
