"""The ledger: exact to the cent over any history of charges, payments, late fees, waivers and refunds."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.ledger import Account, Charge, EntryKind, Payment, account_of, late_fee
from desk.money import ZERO
from desk.payments import PaymentDesk, PaymentError
from desk.store import Store
from tests.fakes import ScriptedIds

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
cents = st.integers(min_value=1, max_value=500_000).map(lambda n: Decimal(n).scaleb(-2))


def bill(store: Store, ids: SequentialIds, amount: Decimal, due: date, *, percent: str = "0.05",
         cap: str = "10") -> str:
    charge = Charge(id=ids.new("C"), unit="SUNNY-U1", unit_label="3-1202", fee="Property fee", period=f"{due:%Y-%m}",
                    amount=amount, due=due, late_percent_per_day=Decimal(percent), late_cap_percent=Decimal(cap),
                    created_at=START)
    with store.transaction() as tx:
        tx.put(charge, actor="billing", at=START)
    return charge.id


def test_the_late_fee_grows_daily_after_the_due_date_up_to_its_cap() -> None:
    charge = Charge(id="SUNNY-C1", unit="U", amount=Decimal("235.00"), due=date(2026, 12, 15),
                    late_percent_per_day=Decimal("0.05"), late_cap_percent=Decimal("10"), created_at=START)
    assert late_fee(charge, charge.amount, date(2026, 12, 15)) == ZERO
    assert late_fee(charge, charge.amount, date(2026, 12, 16)) == Decimal("0.12")  # 0.1175 -> 0.12
    assert late_fee(charge, charge.amount, date(2027, 1, 14)) == Decimal("3.53")  # 30 days: 3.525 -> 3.53
    assert late_fee(charge, charge.amount, date(2027, 12, 15)) == Decimal("23.50")  # capped at 10 %


operation = st.one_of(
    st.tuples(st.just("bill"), cents, st.integers(min_value=-40, max_value=20)),
    st.tuples(st.just("pay"), st.integers(min_value=1, max_value=4)),
    st.tuples(st.just("confirm"), st.integers(min_value=0, max_value=9)),
    st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=9)),
    st.tuples(st.just("waive"), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=100)),
    st.tuples(st.just("refund"), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=100)),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=90)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=25))
def test_the_balance_is_charges_plus_late_fees_minus_payments_plus_refunds_minus_waivers(
    history: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "ledger.sqlite3")
        store.open()
        try:
            clock = FixedClock(START)
            ids = SequentialIds("SUNNY")
            desk = PaymentDesk(store, clock, ids)
            expected = {"charges": ZERO, "late": ZERO, "paid": ZERO, "refunds": ZERO, "waivers": ZERO}
            for step in history:
                _apply(step, store, ids, clock, desk, expected)
                account = desk.account("SUNNY-U1")
                owed = expected["charges"] + expected["late"] - expected["paid"] + expected["refunds"]
                assert account.balance == owed - expected["waivers"]
                still_open = sum((c.outstanding for c in (*account.open_charges, *account.awaiting)), ZERO)
                assert account.balance == still_open + expected["refunds"]
                assert account.balance == account.balance.quantize(Decimal("0.01"))
                assert account == _from_every_row(store, clock)  # the incremental index agrees with a full read
        finally:
            store.close()


def _from_every_row(store: Store, clock: FixedClock) -> Account:
    with store.transaction() as tx:
        return account_of("SUNNY-U1", tx.find(Charge), tx.find(Payment), clock.now().date())


def _apply(step: tuple[object, ...], store: Store, ids: SequentialIds, clock: FixedClock, desk: PaymentDesk,
           expected: dict[str, Decimal]) -> None:
    account = desk.account("SUNNY-U1")
    match step:
        case ("bill", Decimal() as amount, int(days)):
            bill(store, ids, amount, clock.now().date() + timedelta(days=days))
            expected["charges"] += amount
        case ("pay", int(count)) if account.open_charges:
            desk.start_payment("SUNNY-U1", [c.charge.id for c in account.open_charges[:count]], "emvco")
        case ("confirm", int(pick)) if account.pending:
            payment = account.pending[pick % len(account.pending)]
            assert desk.confirm(payment.id, by="staff").newly
            assert not desk.confirm(payment.id, by="staff").newly  # idempotent
            expected["late"] += payment.late_fee
            expected["paid"] += payment.amount
        case ("cancel", int(pick)) if account.pending:
            desk.cancel(account.pending[pick % len(account.pending)].id, by="staff")
        case ("waive", int(pick), int(percent)) if account.open_charges:
            item = account.open_charges[pick % len(account.open_charges)]
            amount = max(Decimal("0.01"), (item.outstanding * percent / 100).quantize(Decimal("0.01")))
            desk.waive(item.charge.id, amount, by="manager", note="hardship")
            expected["waivers"] += amount
        case ("refund", int(pick), int(percent)) if account.confirmed:
            payment = account.confirmed[pick % len(account.confirmed)]
            amount = max(Decimal("0.01"), (payment.amount * percent / 100).quantize(Decimal("0.01")))
            try:
                desk.refund(payment.id, amount, by="manager", note="overpaid")
            except PaymentError:
                return  # refunded in full already
            expected["refunds"] += amount
        case ("wait", int(days)):
            clock.advance(days=days)


def test_waivers_and_refunds_are_new_rows_and_history_is_untouched(store: Store, clock: FixedClock) -> None:
    ids = SequentialIds("SUNNY")
    desk = PaymentDesk(store, clock, ids)
    first = bill(store, ids, Decimal("235.00"), date(2026, 12, 15))
    second = bill(store, ids, Decimal("100.00"), date(2026, 12, 15))
    desk.waive(second, Decimal("40.00"), by="manager", note="hardship")
    payment = desk.start_payment("SUNNY-U1", [first], "emvco")
    desk.confirm(payment.id, by="wang")
    desk.refund(payment.id, Decimal("35.00"), by="manager", note="double billed")

    with store.transaction() as tx:
        rows = sorted((c.kind, c.amount, c.refers_to) for c in tx.find(Charge))
        billed = [entry.body["amount"] for entry in tx.history_entries(first)]
    assert rows == [(EntryKind.CHARGE, Decimal("100.00"), ""), (EntryKind.CHARGE, Decimal("235.00"), ""),
                    (EntryKind.REFUND, Decimal("35.00"), payment.id), (EntryKind.WAIVER, Decimal("40.00"), second)]
    assert billed == ["235.00", "235.00"]  # billed, then marked paid: the amount never changed
    assert desk.account("SUNNY-U1").balance == Decimal("95.00")  # 335 - 235 + 35 - 40


def test_a_new_row_never_takes_the_id_of_a_stored_one(store: Store) -> None:
    bill(store, SequentialIds("SUNNY"), Decimal("10.00"), date(2026, 12, 15))  # SUNNY-C000001
    ids = ScriptedIds(["SUNNY-C000001", "SUNNY-C000002", "SUNNY-C000002", "SUNNY-C000003"])
    with store.transaction() as tx:
        assert tx.new_ids(ids, Charge, 2) == ["SUNNY-C000002", "SUNNY-C000003"]
    ids = ScriptedIds(["SUNNY-C000001", "SUNNY-C000004"])
    with store.transaction() as tx:
        assert tx.new_id(ids, Charge) == "SUNNY-C000004"
