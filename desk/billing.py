"""The billing run: units x fee rules x meter readings x one period -> Charges rows.

:func:`plan_billing` is pure: it works out every charge of a period and every reason a charge could
not be made (a missing or negative meter reading). :class:`Billing` applies a plan to the store in
one transaction, adding only charges whose key (unit | rule | period) is not billed yet, so running
a period twice adds nothing. Each line is rounded once, half up, to the cent (:mod:`desk.money`).

Proration: a unit whose first resident moved in during the period pays the share of the month from
the move-in day (16 of 31 days from the 16th); a unit moving in after the period pays nothing for it.
A heating season's fee is billed in the month the season starts, prorated by days of the season
left when the move-in falls inside it.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from desk.clock import Clock
from desk.fees import METER_UNITS, FeeBasis, FeeRule, HeatingSeason, Meter, MeterReading
from desk.ids import IdFactory
from desk.ledger import Charge
from desk.money import to_cents
from desk.store import Store, SyncProblem, Transaction
from desk.units import Resident, Unit, natural_order


@dataclass(frozen=True, order=True)
class Period:
    """A billing month."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-12``; ValueError otherwise."""
        if not re.fullmatch(r"\d{4}-\d\d", text.strip()) or not 1 <= int(text.strip()[5:]) <= 12:
            raise ValueError(f"{text!r} is not a period like 2026-12")
        return cls(int(text.strip()[:4]), int(text.strip()[5:]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @functools.cached_property
    def first(self) -> date:
        """Its first day."""
        return date(self.year, self.month, 1)

    @functools.cached_property
    def days(self) -> int:
        """How many days it has."""
        return calendar.monthrange(self.year, self.month)[1]

    @functools.cached_property
    def last(self) -> date:
        """Its last day."""
        return date(self.year, self.month, self.days)

    def due(self, day: int) -> date:
        """The due date in this month."""
        return date(self.year, self.month, min(day, self.days))


@dataclass(frozen=True)
class PlannedCharge:
    """A charge the run would write."""

    key: str
    unit: str
    unit_label: str
    rule: FeeRule
    amount: Decimal
    basis: str
    due: date


@dataclass(frozen=True)
class BillingProblem:
    """Why a charge was not made: the row to look at, its column and value, and the reason."""

    tab: str
    record: str
    header: str
    value: str
    reason: str


@dataclass
class BillingPlan:
    """What a run would write for a period, and what stopped some charges."""

    period: Period
    charges: list[PlannedCharge] = field(default_factory=list)
    problems: list[BillingProblem] = field(default_factory=list)


def charge_key(unit_id: str, rule_id: str, period: str) -> str:
    """The one key a unit's fee of a period is billed under; a second run finds it and adds nothing."""
    return f"{unit_id}|{rule_id}|{period}"


def plan_billing(
    period: Period,
    units: Iterable[Unit],
    rules: Iterable[FeeRule],
    readings: Iterable[MeterReading],
    move_ins: Mapping[str, date],
    heating_season: HeatingSeason | None,
) -> BillingPlan:
    """Every charge of ``period``: pure, in unit order (natural) then rule order."""
    plan = BillingPlan(period)
    active = [rule for rule in rules if rule.active]
    by_meter = _readings_by_meter(readings)
    season = heating_season.starting_in(period.year, period.month) if heating_season else None
    targets = {rule.id: rule.named_units() for rule in active}
    due_dates = {rule.id: period.due(rule.due_day) for rule in active}
    last_day, period_text = period.last, str(period)
    for unit in sorted(units, key=lambda u: (natural_order(u.building), natural_order(u.room))):
        moved_in = move_ins.get(unit.id)
        if moved_in is not None and moved_in > last_day:
            continue
        names = {unit.id, unit.label, unit.building}
        for rule in active:
            if targets[rule.id] and not targets[rule.id] & names:
                continue
            line = _line(plan, period, unit, rule, moved_in, by_meter, season)
            if line is None:
                continue
            amount, basis = line
            if amount > 0:
                plan.charges.append(PlannedCharge(charge_key(unit.id, rule.id, period_text), unit.id, unit.label, rule,
                                                  amount, basis, due_dates[rule.id]))
    return plan


def _line(
    plan: BillingPlan,
    period: Period,
    unit: Unit,
    rule: FeeRule,
    moved_in: date | None,
    by_meter: dict[tuple[str, Meter], dict[str, MeterReading]],
    season: tuple[date, date] | None,
) -> tuple[Decimal, str] | None:
    share, share_text = _month_share(period, moved_in)
    if rule.basis is FeeBasis.PER_M2_MONTH:
        return to_cents(unit.area_m2 * rule.rate * share), f"{unit.area_m2} m2 x {rule.rate}{share_text}"
    if rule.basis is FeeBasis.FIXED_MONTHLY:
        return to_cents(rule.rate * share), f"{rule.rate} a month{share_text}"
    if rule.basis is FeeBasis.PER_M2_SEASON:
        if season is None or not unit.heating:
            return None
        first, last = season
        days = (last - first).days + 1
        if moved_in is not None and moved_in > first:
            left = max(0, (last - moved_in).days + 1)
            basis = f"{unit.area_m2} m2 x {rule.rate} x {left}/{days} days"
            return to_cents(unit.area_m2 * rule.rate * left / days), basis
        return to_cents(unit.area_m2 * rule.rate), f"{unit.area_m2} m2 x {rule.rate}, season {first} to {last}"
    return _metered(plan, period, unit, rule, by_meter)


ReadingsByMeter = dict[tuple[str, Meter], dict[str, MeterReading]]


def _metered(
    plan: BillingPlan, period: Period, unit: Unit, rule: FeeRule, by_meter: ReadingsByMeter
) -> tuple[Decimal, str] | None:
    if rule.meter is None:
        plan.problems.append(BillingProblem(FeeRule.TAB, rule.id, "Meter", "", "a metered fee needs its meter"))
        return None
    history = by_meter.get((unit.id, rule.meter), {}) or by_meter.get((unit.label, rule.meter), {})
    now = history.get(str(period))
    if now is None:
        plan.problems.append(BillingProblem(
            MeterReading.TAB, unit.label, "Reading", "",
            f"no {rule.meter.value} reading of {unit.label} for {period}: {rule.fee} not billed"))
        return None
    earlier = [p for p in history if p < str(period)]
    if not earlier:
        plan.problems.append(BillingProblem(
            MeterReading.TAB, now.id, "Reading", str(now.reading),
            f"no earlier {rule.meter.value} reading of {unit.label} to count from: {rule.fee} for {period} not billed"))
        return None
    before = history[max(earlier)]
    used = now.reading - before.reading
    if used < 0:
        plan.problems.append(BillingProblem(
            MeterReading.TAB, now.id, "Reading", str(now.reading),
            f"{now.reading} is lower than the {before.period} reading {before.reading}: "
            f"{rule.fee} of {unit.label} for {period} not billed"))
        return None
    return to_cents(used * rule.rate), f"{used} {METER_UNITS[rule.meter]} x {rule.rate}"


def _readings_by_meter(readings: Iterable[MeterReading]) -> dict[tuple[str, Meter], dict[str, MeterReading]]:
    found: dict[tuple[str, Meter], dict[str, MeterReading]] = {}
    for reading in readings:
        found.setdefault((reading.unit, reading.meter), {})[reading.period] = reading
    return found


def _month_share(period: Period, moved_in: date | None) -> tuple[Decimal, str]:
    if moved_in is None or moved_in <= period.first:
        return Decimal(1), ""
    days = (period.last - moved_in).days + 1
    return Decimal(days) / Decimal(period.days), f" x {days}/{period.days} days"


@dataclass(frozen=True)
class BillingOutcome:
    """What a run did (or, dry, would do): the charges new to the ledger, those already billed, the problems."""

    plan: BillingPlan
    added: list[PlannedCharge]
    already_billed: int
    dry_run: bool


class Billing:
    """Runs the billing for a period against the store; the only writer of billed charges."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def run(self, period: Period, heating_season: HeatingSeason | None, *, dry_run: bool = False) -> BillingOutcome:
        """Bill ``period``: add the charges not billed yet, list problems in the Problems tab; nothing when dry."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            units = tx.find(Unit)
            rules = tx.find(FeeRule)
            readings = tx.find(MeterReading, "json_extract(body, '$.period') <= ?", (str(period),))
            move_ins: dict[str, date] = {}
            for resident in tx.find(Resident):
                if resident.move_in is not None and resident.moved_out is None:
                    earliest = move_ins.get(resident.unit)
                    move_ins[resident.unit] = min(resident.move_in, earliest or resident.move_in)
            plan = plan_billing(period, units, rules, readings, move_ins, heating_season)
            billed = tx.billed_keys(str(period))
            added = [planned for planned in plan.charges if planned.key not in billed]
            if not dry_run:
                for charge_id, planned in zip(tx.new_ids(self._ids, Charge, len(added)), added, strict=True):
                    tx.put(_charge_row(charge_id, planned, period, now), actor="billing", at=now)
                if plan.problems:
                    _list_in_problems(tx, plan.problems, now)
        return BillingOutcome(plan, added, len(plan.charges) - len(added), dry_run)


def _charge_row(charge_id: str, planned: PlannedCharge, period: Period, now: datetime) -> Charge:
    rule = planned.rule
    return Charge(
        id=charge_id, unit=planned.unit, unit_label=planned.unit_label, fee=rule.fee, period=str(period),
        amount=planned.amount, due=planned.due, basis=planned.basis, collected_for=rule.collected_for,
        late_percent_per_day=rule.late_percent_per_day, late_cap_percent=rule.late_cap_percent,
        key=planned.key, created_at=now,
    )


def _list_in_problems(tx: Transaction, problems: list[BillingProblem], now: datetime) -> None:
    """Add the run's problems to the Problems tab's list; the next sync writes them (they last a day)."""
    listed = tx.sync_problems()
    seen = {(p.tab, p.record, p.header) for p in listed}
    until = (now + timedelta(days=1)).isoformat()
    fresh = [SyncProblem(p.tab, p.record, p.header, p.value, p.reason, until)
             for p in problems if (p.tab, p.record, p.header) not in seen]
    tx.replace_sync_problems([*listed, *fresh])
