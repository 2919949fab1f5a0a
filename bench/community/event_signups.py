"""How long an event sign-up and a cancellation (with the waitlist moving up) spend in the store.

Run: ``uv run python bench/community/event_signups.py [UNITS]``. UNITS units sign up for one event
whose capacity is half of them, so the second half waits; then every tenth placed unit cancels and
the first in line moves up. Both are the blocking work behind a tap at the kiosk (bar: well under
100 ms), and a sign-up reads the event's sign-ups, so it grows with them.
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
from desk.events import Event, EventDesk, SignupStatus
from desk.ids import IdFactory
from desk.store import Store


def main(units: int = 600) -> None:
    """Sign ``units`` units up, cancel every tenth placed one, print latency percentiles."""
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        store.open()
        with store.transaction() as tx:
            tx.put(Event(id="E1", title_en="Big party", starts=clock.now() + timedelta(days=7), capacity=units // 2,
                         per_unit=1), actor="bench", at=clock.now())
        desk = EventDesk(store, clock, IdFactory("BENCH"))
        signing = []
        for n in range(units):
            started = time.perf_counter()
            desk.sign_up("E1", f"U{n}", f"1-{n}", 1)
            signing.append(time.perf_counter() - started)
        placed = [s for s in desk.signups("E1") if s.status is SignupStatus.SIGNED_UP]
        cancelling = []
        for signup in placed[::10]:
            started = time.perf_counter()
            desk.cancel(signup.id)
            cancelling.append(time.perf_counter() - started)
        store.close()
    for name, timings in (("sign-up", signing), ("cancel + move up", cancelling)):
        ms = sorted(t * 1000 for t in timings)
        print(f"{name:17} n={len(ms):4}  p50 {statistics.median(ms):6.2f} ms  p95 {ms[int(len(ms) * 0.95)]:6.2f} ms"
              f"  max {ms[-1]:6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
