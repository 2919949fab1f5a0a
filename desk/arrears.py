"""The Arrears tab: what is overdue, by building, in days-overdue buckets, rewritten as the books change.

One row per building that has had arrears: units in arrears, the overdue principal in 1-30, 31-60,
61-90 and over 90 days, the late fees accrued on it, and the total. Rows are only written when a
figure changed, so an idle day costs the sync nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desk.clock import Clock
from desk.ids import IdFactory
from desk.ledger import late_fee_on
from desk.ledger_index import LedgerIndex, UnitBooks
from desk.money import ZERO
from desk.records import Owner, Record, column
from desk.store import Store
from desk.units import Unit, natural_order

BUCKETS = ((1, 30), (31, 60), (61, 90), (91, 10**6))


class ArrearsRow(Record):
    """Overdue money of one building on one day."""

    TAB = "Arrears"
    ID_KIND = "A"

    building: str = column("Building", Owner.KIOSK, min_length=1, max_length=20)
    units: int = column("Units in arrears", Owner.KIOSK, default=0, ge=0)
    days_1_30: Decimal = column("1-30 days", Owner.KIOSK, default=ZERO)
    days_31_60: Decimal = column("31-60 days", Owner.KIOSK, default=ZERO)
    days_61_90: Decimal = column("61-90 days", Owner.KIOSK, default=ZERO)
    days_over_90: Decimal = column("Over 90 days", Owner.KIOSK, default=ZERO)
    late_fees: Decimal = column("Late fees", Owner.KIOSK, default=ZERO)
    total: Decimal = column("Total", Owner.KIOSK, default=ZERO)
    as_of: date = column("As of", Owner.KIOSK)


def bucket_of(days: int) -> int:
    """Which bucket (0-3) a charge this many days overdue falls in."""
    return next(index for index, (low, high) in enumerate(BUCKETS) if low <= days <= high)


def arrears_by_building(units: list[Unit], books: dict[str, UnitBooks], today: date) -> dict[str, list[Decimal | int]]:
    """Per building: [units in arrears, four bucket sums, late fees]; buildings without arrears have zeros."""
    figures: dict[str, list[Decimal | int]] = {u.building: [0, ZERO, ZERO, ZERO, ZERO, ZERO] for u in units}
    building_of = {u.id: u.building for u in units}
    today_text = today.isoformat()
    for unit_id, unit_books in books.items():
        building = building_of.get(unit_id)
        if building is None:
            continue
        row = figures[building]
        owing = False
        for charge_id, line in unit_books.unpaid.items():
            outstanding = line.amount - unit_books.waived.get(charge_id, ZERO)
            if line.due is None or line.due >= today_text or outstanding <= 0:
                continue
            due = date.fromisoformat(line.due)
            row[1 + bucket_of((today - due).days)] += outstanding
            row[5] += late_fee_on(due, Decimal(line.late_percent_per_day), Decimal(line.late_cap_percent),
                                  outstanding, today)
            owing = True
        row[0] += int(owing)
    return figures


class ArrearsReport:
    """Keeps the Arrears tab's rows current; an after-sync step (idempotent, cheap when nothing changed)."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, index: LedgerIndex) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._index = index
        self._done_for: tuple[int, date] | None = None

    def refresh(self) -> int:
        """Rewrite the rows whose figures changed; returns how many were written."""
        now = self._clock.now()
        if not self._index.loaded:
            self._index.load(self._store.path)  # the first time, without holding the store
        with self._store.transaction() as tx:
            key = (tx.last_revision(), now.date())
            if key == self._done_for:
                return 0
            self._index.refresh(tx)
            units = tx.find(Unit)
            existing = {row.building: row for row in tx.find(ArrearsRow)}
            written = 0
            figures = arrears_by_building(units, self._index.all_books(), now.date())
            for building in sorted(figures, key=natural_order):
                count, b1, b2, b3, b4, late = figures[building]
                old = existing.get(building)
                values = {"building": building, "units": count, "days_1_30": b1, "days_31_60": b2, "days_61_90": b3,
                          "days_over_90": b4, "late_fees": late, "total": Decimal(b1) + b2 + b3 + b4 + late}
                if old is None and count == 0:
                    continue  # a building gets its row when it first has arrears, then keeps it
                if old is not None and all(getattr(old, name) == value for name, value in values.items()):
                    continue
                row = ArrearsRow(id=old.id if old else tx.new_id(self._ids, ArrearsRow), as_of=now.date(), **values)
                tx.put(row, actor="arrears report", at=now)
                written += 1
            self._done_for = (tx.last_revision(), now.date())
        return written
