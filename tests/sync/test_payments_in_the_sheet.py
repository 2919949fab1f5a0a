"""Staff keep the rates and readings in the sheet and confirm payments there; the after-sync rules finish them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desk.arrears import ArrearsReport
from desk.billing import Billing, Period
from desk.clock import FixedClock
from desk.fees import FeeRule, HeatingSeason
from desk.ids import SequentialIds
from desk.ledger import Charge, Payment, PaymentStatus
from desk.payments import PaymentDesk
from desk.store import Store
from desk.units import Unit
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.memory import MemoryWorkbook


def problems(sheet: MemoryWorkbook) -> list[tuple[object, ...]]:
    return [(row["Tab"], row["ID"], row["Column"], row["Value"], row["Why"])
            for row in sheet.rows_by_header("Problems") if row["Site"]]


def test_staff_type_rates_and_readings_and_the_billing_uses_them(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ids = SequentialIds("SUNNY")
    with store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50")), actor="staff", at=clock.now())
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)
    engine.run_once()
    sheet.add_row("FeeRules", {"Fee": "Property fee", "Basis": "per m2 per month", "Rate": "2.35", "Due day": 10})
    sheet.add_row("FeeRules", {"Fee": "Water", "Basis": "metered", "Rate": "3.45", "Meter": "water",
                               "Collected for": "City Water Co."})
    sheet.add_row("FeeRules", {"Fee": "Gas", "Basis": "by the bucket", "Rate": "1"})
    sheet.add_row("MeterReadings", {"Unit": "3-1202", "Meter": "water", "Period": "2024-04", "Reading": "100"})
    sheet.add_row("MeterReadings", {"Unit": "3-1202", "Meter": "water", "Period": "2024-05", "Reading": "93"})
    engine.run_once()
    engine.run_once()  # rows numbered in one cycle reach the store in the next

    with store.transaction() as tx:
        assert sorted(rule.fee for rule in tx.find(FeeRule)) == ["Property fee", "Water"]
    assert ("FeeRules", "new row 4", "Basis", "by the bucket",
            "'by the bucket' is not one of: per m2 per month, per m2 per season, metered, fixed monthly; "
            "the row gets an ID once fixed") in problems(sheet)

    Billing(store, clock, ids).run(Period.parse("2024-05"), HeatingSeason.parse("11-15..03-15"))
    engine.run_once()

    charges = sheet.rows_by_header("Charges")
    assert [(c["Unit label"], c["Fee"], c["Amount"], str(c["Due"])) for c in charges] == [
        ("3-1202", "Property fee", Decimal("210.33"), "2024-05-10")]
    assert ("MeterReadings", "SUNNY-M000004", "Reading", "93",
            "93 is lower than the 2024-04 reading 100: Water of 3-1202 for 2024-05 not billed") in problems(sheet)


def test_staff_confirm_a_payment_in_the_sheet_and_the_after_sync_rule_numbers_its_receipt(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ids = SequentialIds("SUNNY")
    payments = PaymentDesk(store, clock, ids)
    arrears = ArrearsReport(store, clock, ids, payments.index)
    with store.transaction() as tx:
        tx.put(Unit(id="SUNNY-U1", building="3", room="1202"), actor="staff", at=clock.now())
        for n, due in ((1, date(2024, 3, 10)), (2, date(2024, 5, 10))):
            tx.put(Charge(id=f"SUNNY-C{n}", unit="SUNNY-U1", unit_label="3-1202", fee="Property fee",
                          period=f"{due:%Y-%m}", amount=Decimal("210.33"), due=due, created_at=clock.now()),
                   actor="billing", at=clock.now())
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)
    engine.run_once()
    arrears.refresh()
    engine.run_once()
    assert [(r["Building"], r["Units in arrears"], r["31-60 days"], r["Total"])
            for r in sheet.rows_by_header("Arrears")] == [("3", 1, Decimal("210.33"), Decimal("210.33"))]

    row = sheet.find_row("Payments", "ID", payment.id)
    sheet.type_at("Payments", row, "Status", "confirmed")
    sheet.type_at("Payments", row, "Confirmed by", "王芳")
    engine.run_once()
    finished = payments.settle_confirmed()
    assert payments.settle_confirmed() == []  # idempotent: the next cycle finds nothing to do
    arrears.refresh()
    engine.run_once()

    assert [(p.id, p.receipt_number, p.confirmed_by) for p in finished] == [(payment.id, "2024-000001", "王芳")]
    shown = sheet.rows_by_header("Payments")[row - 1]
    assert (shown["Status"], shown["Receipt no."], shown["Confirmed by"]) == ("confirmed", "2024-000001", "王芳")
    paid = {r["ID"]: r["Paid by"] for r in sheet.rows_by_header("Charges")}
    assert paid == {"SUNNY-C1": payment.id, "SUNNY-C2": None}
    assert [(r["Units in arrears"], r["Total"]) for r in sheet.rows_by_header("Arrears")] == [(0, Decimal("0"))]


def test_a_confirmed_payment_cannot_be_set_back_to_pending_in_the_sheet(
    store: Store, sheet: MemoryWorkbook, clock: FixedClock
) -> None:
    ids = SequentialIds("SUNNY")
    payments = PaymentDesk(store, clock, ids)
    with store.transaction() as tx:
        tx.put(Charge(id="SUNNY-C1", unit="SUNNY-U1", fee="Parking", amount=Decimal("150"), due=date(2024, 5, 10),
                      created_at=clock.now()), actor="billing", at=clock.now())
    payment = payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "emvco")
    payments.confirm(payment.id, by="wang")
    engine = SyncEngine(store, sheet, SYNCED_KINDS, clock, ids=ids)
    engine.run_once()

    sheet.type_at("Payments", sheet.find_row("Payments", "ID", payment.id), "Status", "pending")
    engine.run_once()

    assert payments.payment(payment.id).status is PaymentStatus.CONFIRMED  # type: ignore[union-attr]
    assert ("Payments", payment.id, "Status", "pending",
            "a confirmed payment stays confirmed; record a refund instead (console, Payments)") in problems(sheet)
    with store.transaction() as tx:
        assert tx.get(Payment, payment.id).receipt_number == "2024-000001"  # type: ignore[union-attr]
