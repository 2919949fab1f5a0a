"""The billing run: units x fee rules x meter readings x one period -> Charges rows.

:func:`plan_billing` is pure: it works out every charge of a period and every reason a charge could
not be made (a missing or negative meter reading). :class:`Billing` applies a plan to the store in
one transaction, adding only charges whose key (unit | rule | period) is not billed yet, so running
a period twice adds nothing. Each line is rounded once, half up, to the cent (:mod:`desk.money`).

Proration (who pays which days is :mod:`desk.occupancy`'s): a unit whose first resident moved in
during the period pays the share of the month from the move-in day (16 of 31 days from the 16th); a
unit moving in after the period pays nothing for it. A sale splits the month: the owners who moved out
pay up to their Moved-out day in a line of their own (key ``unit|rule|period|moved out``), the current
residents from the day after (or their move-in). A heating season's fee is billed in the month the
season starts, prorated by days of the season left when the move-in falls inside it (and split the
same way at a sale). Metered use is not split: the readings say nothing about the day of a sale.

Residents and readings are matched to units through :class:`~desk.units.UnitIndex`, so a row stored
with a label (``3-1202``) counts for its unit.
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
from desk.occupancy import Handover, Occupancy, occupancy_in
from desk.store import Store, SyncProblem, Transaction
from desk.units import Resident, Unit, UnitIndex, natural_order


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
    part_of: str = ""  # a seller's part: the key of the month's charge it is split from


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


SELLERS_PART = "moved out"  # the last part of the key of the sellers' share of a month


# The most a Basis cell holds (Charge.basis); a long list of sellers' names is cut.
BASIS_MAX = 120


def plan_billing(
    period: Period,
    units: Iterable[Unit],
    rules: Iterable[FeeRule],
    readings: Iterable[MeterReading],
    occupancy: Mapping[str, Occupancy],
    heating_season: HeatingSeason | None,
) -> BillingPlan:
    """Every charge of ``period``: pure, in unit order (natural) then rule order, a seller's part first."""
    plan = BillingPlan(period)
    units = list(units)
    active = [rule for rule in rules if rule.active]
    by_meter = _readings_by_meter(readings, UnitIndex.of(units))
    season = heating_season.starting_in(period.year, period.month) if heating_season else None
    targets = {rule.id: rule.named_units() for rule in active}
    due_dates = {rule.id: period.due(rule.due_day) for rule in active}
    period_text = str(period)
    for unit in sorted(units, key=lambda u: (natural_order(u.building), natural_order(u.room))):
        occupied = occupancy.get(unit.id, Occupancy())
        current_from = occupied.current_from(period.first, period.last)
        if current_from is None and occupied.handover is None:
            continue  # the residents move in after the period
        names = {unit.id, unit.label, unit.building}
        for rule in active:
            if targets[rule.id] and not targets[rule.id] & names:
                continue
            key = charge_key(unit.id, rule.id, period_text)
            if occupied.handover is not None:
                part = _sellers_line(period, unit, rule, occupied.handover, season)
                if part is not None and part[0] > 0:
                    plan.charges.append(PlannedCharge(f"{key}|{SELLERS_PART}", unit.id, unit.label, rule, *part,
                                                      due_dates[rule.id], part_of=key))
            if current_from is None and rule.basis is not FeeBasis.METERED:
                continue  # the sellers had the whole period; their metered use is still billed below
            line = _line(plan, period, unit, rule, current_from, by_meter, season)
            if line is None:
                continue
            amount, basis = line
            if amount > 0:
                plan.charges.append(PlannedCharge(key, unit.id, unit.label, rule, amount, basis, due_dates[rule.id]))
    return plan


def _sellers_line(
    period: Period, unit: Unit, rule: FeeRule, handover: Handover, season: tuple[date, date] | None
) -> tuple[Decimal, str] | None:
    """The owners who moved out pay their days: of the month, or of a heating season starting in it."""
    whose = f" to {handover.last_day}, {' '.join(handover.names)} moved out"
    if rule.basis in (FeeBasis.PER_M2_MONTH, FeeBasis.FIXED_MONTHLY):
        days = (handover.last_day - handover.first_day(period.first)).days + 1
        share = Decimal(days) / Decimal(period.days)
        share_text = f" x {days}/{period.days} days{whose}"
        if rule.basis is FeeBasis.PER_M2_MONTH:
            basis = f"{unit.area_m2} m2 x {rule.rate}{share_text}"
            return to_cents(unit.area_m2 * rule.rate * share), basis[:BASIS_MAX]
        return to_cents(rule.rate * share), f"{rule.rate} a month{share_text}"[:BASIS_MAX]
    if rule.basis is FeeBasis.PER_M2_SEASON and season is not None and unit.heating:
        first, last = season
        days = (min(handover.last_day, last) - handover.first_day(first)).days + 1
        if days <= 0:
            return None
        season_days = (last - first).days + 1
        basis = f"{unit.area_m2} m2 x {rule.rate} x {days}/{season_days} days{whose}"
        return to_cents(unit.area_m2 * rule.rate * days / season_days), basis[:BASIS_MAX]
    return None


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
    history = by_meter.get((unit.id, rule.meter), {})
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


def _readings_by_meter(readings: Iterable[MeterReading], units: UnitIndex) -> ReadingsByMeter:
    """Readings by unit ID and meter, then period; a reading stored with the unit's label counts for the unit."""
    found: ReadingsByMeter = {}
    for reading in readings:
        unit = units.find(reading.unit)
        unit_id = unit.id if unit is not None else reading.unit
        found.setdefault((unit_id, reading.meter), {})[reading.period] = reading
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
            occupancy = occupancy_in(period.first, period.last, UnitIndex.of(units), tx.find(Resident))
            plan = plan_billing(period, units, rules, readings, occupancy, heating_season)
            billed = tx.billed_keys(str(period))
            # A month billed whole before its sale was recorded stays so: the sellers' part is not added.
            added = [planned for planned in plan.charges if planned.key not in billed and planned.part_of not in billed]
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
