"""The Arrears tab: overdue money by building, in 1-30, 31-60, 61-90 and over 90 days overdue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from desk.arrears import ArrearsReport, ArrearsRow
from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.ledger_index import LedgerIndex
from desk.payments import PaymentDesk
from desk.store import Store
from tests.desk.fee_stories import put, unit
from tests.desk.test_ledger import bill


def test_overdue_charges_fall_in_their_bucket_by_days_past_due(store: Store, clock: FixedClock) -> None:
    ids = SequentialIds("SUNNY")
    today = clock.now().date()
    put(store, unit(1), unit(2, building="5", room="301"))
    for days in (0, 1, 30, 31, 60, 61, 90, 91, 400):  # 0: due today, not overdue yet
        bill(store, ids, Decimal("100.00"), today - timedelta(days=days), percent="0", cap="0")
    report = ArrearsReport(store, clock, ids, LedgerIndex(with_payments=False))  # as the site wires it

    assert report.refresh() == 1  # building 5 owes nothing and gets no row
    assert report.refresh() == 0  # nothing changed: nothing written

    with store.transaction() as tx:
        rows = {row.building: row for row in tx.find(ArrearsRow)}
    three = rows["3"]
    assert (three.units, three.days_1_30, three.days_31_60, three.days_61_90, three.days_over_90, three.total) == (
        1, Decimal("200.00"), Decimal("200.00"), Decimal("200.00"), Decimal("200.00"), Decimal("800.00"))
    assert "5" not in rows
    assert three.as_of == date(2026, 11, 27)


def test_late_fees_are_reported_beside_the_buckets_and_a_payment_clears_the_row(
    store: Store, clock: FixedClock
) -> None:
    ids = SequentialIds("SUNNY")
    put(store, unit(1))
    charge = bill(store, ids, Decimal("235.00"), date(2026, 10, 15))  # 43 days: 5.05 late fee
    payments = PaymentDesk(store, clock, ids)
    index = LedgerIndex(with_payments=False)
    report = ArrearsReport(store, clock, ids, index)
    report.refresh()
    with store.transaction() as tx:
        row = tx.find(ArrearsRow)[0]
    assert (row.days_31_60, row.late_fees, row.total) == (Decimal("235.00"), Decimal("5.05"), Decimal("240.05"))

    payments.confirm(payments.start_payment("SUNNY-U1", [charge], "emvco").id, by="wang")
    assert report.refresh() == 1
    with store.transaction() as tx:
        row = tx.find(ArrearsRow)[0]
    assert (row.units, row.total) == (0, Decimal("0"))
    assert all(not books.payments for books in index.all_books().values()), "no payment lines are kept"
    with store.transaction() as tx, pytest.raises(LookupError, match="keeps no payments"):
        index.account(tx, "SUNNY-U1", clock.now().date())
