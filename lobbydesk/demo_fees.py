"""The demo's fees: rates, meter readings, three billed months and the demo unit's paid, overdue, open
and pending charges, its receipts of earlier months, and an EMVCo payment QR set up in the Settings tab."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from desk.billing import Period, plan_billing
from desk.clock import FixedClock
from desk.fees import FeeBasis, FeeRule, Meter, MeterReading
from desk.ledger import Charge, PaymentStatus
from desk.payments import RECEIPT, PaymentDesk
from desk.site_settings import STATE_KEY
from desk.units import Unit
from lobbydesk.site import Site

DEMO_PAYEE = {
    "payment_scheme": "emvco",
    "payment_payee": "Sunny Garden Property",
    "payment_city": "Beijing",
    "payment_country": "CN",
    "payment_currency": "156",
    "payment_merchant": "29 A000000677010111 01=0066812345678",
}


def _rules(site: Site) -> list[FeeRule]:
    new = site.ids.new
    late = {"late_percent_per_day": Decimal("0.05"), "late_cap_percent": Decimal("10")}
    return [
        FeeRule(id=new("K"), fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35"), due_day=15, **late),
        FeeRule(id=new("K"), fee="Heating", basis=FeeBasis.PER_M2_SEASON, rate=Decimal("24.50"), due_day=28, **late),
        FeeRule(id=new("K"), fee="Water", basis=FeeBasis.METERED, rate=Decimal("3.45"), meter=Meter.WATER,
                collected_for="City Water Co.", due_day=20),
        FeeRule(id=new("K"), fee="Electricity", basis=FeeBasis.METERED, rate=Decimal("0.52"),
                meter=Meter.ELECTRICITY, collected_for="State Grid", due_day=20),
        FeeRule(id=new("K"), fee="Parking", basis=FeeBasis.FIXED_MONTHLY, rate=Decimal("150"), units="3-1202",
                due_day=15, **late),
    ]


PAST_RECEIPT_MONTHS = 3  # months before the billed ones that the demo unit paid on time


def _months_back(period: Period, count: int) -> Period:
    months = period.year * 12 + period.month - 1 - count
    return Period(months // 12, months % 12 + 1)


def seed_fees(site: Site, demo_unit_id: str) -> int:
    """Rates, readings, three billed months, a paid month and a pending payment; returns records added."""
    now = site.clock.now()
    this_month = Period(now.year, now.month)
    periods = [_months_back(this_month, n) for n in (2, 1, 0)]
    added = 0
    settings = site.site_settings().model_copy(update=DEMO_PAYEE)
    with site.store.transaction() as tx:
        tx.set_site_state({STATE_KEY: settings.model_dump_json()})
        for rule in _rules(site):
            tx.put(rule, actor="demo", at=now)
            added += 1
        units = tx.find(Unit)
        for index, unit in enumerate(units):
            for step, period in enumerate([_months_back(periods[0], 1), *periods]):
                for meter, base, per_month in ((Meter.WATER, 100, 9), (Meter.ELECTRICITY, 2000, 180)):
                    value = Decimal(base + index * 7 + step * (per_month + index % 3))
                    tx.put(MeterReading(id=site.ids.new("M"), unit=unit.label, meter=meter, period=str(period),
                                        reading=value), actor="demo", at=now)
                    added += 1
    for period in periods:
        added += len(site.fees.bill(period, False).added)
    added += _past_receipts(site, demo_unit_id, periods[0])  # before today's payments: receipt numbers in time order
    payments = site.fees.payments
    account = payments.account(demo_unit_id)
    oldest = [c.charge.id for c in account.open_charges if c.charge.period == str(periods[0])]
    if oldest:  # the month before last: paid at the desk
        paid = payments.start_payment(demo_unit_id, oldest[:1], "desk")
        payments.confirm(paid.id, by="desk")
        added += 1
    account = payments.account(demo_unit_id)
    last_month = str(periods[1])
    water = [c.charge.id for c in account.open_charges if c.charge.fee == "Water" and c.charge.period == last_month]
    if water:  # last month's water: the owner scanned the QR and said "I'll pay later"
        pending = payments.start_payment(demo_unit_id, water, "emvco")
        assert pending.status is PaymentStatus.PENDING
        added += 1
    return added


def _past_receipts(site: Site, unit_id: str, first_billed: Period) -> int:
    """The demo unit's property fee and parking of the months before ``first_billed``, each paid at the kiosk
    on the 10th of its month and its receipt printed then, so the owner's history has receipts to print again.
    Returns the records added."""
    with site.store.transaction() as tx:
        unit = tx.get(Unit, unit_id)
        monthly = [rule for rule in tx.find(FeeRule) if rule.basis in (FeeBasis.PER_M2_MONTH, FeeBasis.FIXED_MONTHLY)]
    assert unit is not None
    added = 0
    for back in range(PAST_RECEIPT_MONTHS, 0, -1):
        period = _months_back(first_billed, back)
        billed_at = datetime(period.year, period.month, 1, 9, 0, tzinfo=site.clock.tz)
        paid_at = datetime(period.year, period.month, 10, 19, 30, tzinfo=site.clock.tz)
        plan = plan_billing(period, [unit], monthly, [], {}, None)
        with site.store.transaction() as tx:
            charge_ids = tx.new_ids(site.ids, Charge, len(plan.charges))
            for charge_id, planned in zip(charge_ids, plan.charges, strict=True):
                rule = planned.rule
                tx.put(Charge(id=charge_id, unit=unit_id, unit_label=unit.label, fee=rule.fee, period=str(period),
                              amount=planned.amount, due=planned.due, basis=planned.basis,
                              late_percent_per_day=rule.late_percent_per_day,
                              late_cap_percent=rule.late_cap_percent, key=planned.key, created_at=billed_at),
                       actor="billing", at=billed_at)
        that_day = PaymentDesk(site.store, FixedClock(paid_at), site.ids)
        paid = that_day.confirm(that_day.start_payment(unit_id, charge_ids, "emvco").id, by="provider").payment
        with site.store.transaction() as tx:  # printed at the kiosk that evening
            job = tx.add_print_job(RECEIPT, paid.id, {"lang": "zh", "reprint": False}, at=paid_at)
            tx.claim_print_job(job, at=paid_at)
            tx.mark_print_job_sent(job, at=paid_at)
        added += len(charge_ids) + 1
    return added
