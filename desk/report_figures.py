"""The figures of the dashboard and the monthly report, worked out from lists of records and a span of months.

Pure: no store, no screen. Each function takes the records it needs, the span and the moment the
figures are "as of" (the span's end, or now while the span is still running), and returns a
:class:`Table`: one row per thing counted (a building, a month, a repair category), one column per
measure. Row labels are raw values (``3``, ``2026-12``, ``plumbing``); :mod:`desk.report_words` names
them in either language. The service figures (repairs, ratings, complaints, queue, events) are in
:mod:`desk.report_service_figures`.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from desk.arrears import BUCKETS, bucket_of
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.money import ZERO
from desk.units import Unit, natural_order

Value = Decimal | None  # None: nothing to measure (a rate of nothing billed)

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
# When each confirmed payment was confirmed, by its ID: all the money figures need of payments. A charge
# paid by a payment not in it was paid before the figures' span.
PaidAt = Mapping[str, datetime | None]
BUCKET_NAMES = tuple(f"{low}-{high}" if high < 10**6 else f"over {low - 1}" for low, high in BUCKETS)


@dataclass(frozen=True)
class Span:
    """Whole months in the site's zone, ``first`` to ``last`` inclusive (``2026-10`` .. ``2026-12``)."""

    first: str
    last: str
    tz: tzinfo

    @classmethod
    def month(cls, month: str, tz: tzinfo) -> Span:
        """One month."""
        return cls(month, month, tz)

    @property
    def months(self) -> list[str]:
        """Every month of the span, oldest first."""
        year, month = (int(part) for part in self.first.split("-"))
        found = []
        while f"{year:04d}-{month:02d}" <= self.last:
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    @property
    def start(self) -> datetime:
        """The first moment of the span."""
        return _month_start(self.first, self.tz)

    @property
    def end(self) -> datetime:
        """The first moment after the span."""
        return _month_start(self.last, self.tz) + timedelta(days=_days_in(self.last))

    def holds(self, moment: datetime | None) -> bool:
        """Whether a moment falls in the span."""
        return moment is not None and self.start <= moment < self.end

    def single(self, month: str) -> Span:
        """One month of this span, in the same zone."""
        return Span(month, month, self.tz)

    def as_of(self, now: datetime) -> datetime:
        """The moment the span's figures stand at: its end, or now while it still runs."""
        return min(self.end, now)


@dataclass(frozen=True)
class Table:
    """One chart's numbers: a row per thing counted, a column per measure."""

    key: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # row -> (zh, en) where rows are IDs

    def column(self, name: str) -> list[Value]:
        """One measure, row by row."""
        index = self.columns.index(name)
        return [row[index] for row in self.values]

    def cell(self, row: str, column: str) -> Value:
        """One number."""
        return self.values[self.rows.index(row)][self.columns.index(column)]

    def total(self, column: str) -> Decimal:
        """The sum of a measure over the rows (for counts and money, not rates)."""
        return sum((value for value in self.column(column) if value is not None), ZERO)

    def cells(self) -> Iterable[tuple[str, str, Decimal]]:
        """Every number that is there, as (row, column, value)."""
        for row, values in zip(self.rows, self.values, strict=True):
            for column, value in zip(self.columns, values, strict=True):
                if value is not None:
                    yield row, column, value


def table(key: str, rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[Value]],
          labels: dict[str, tuple[str, str]] | None = None) -> Table:
    """A table from plain lists."""
    return Table(key, tuple(rows), tuple(columns), tuple(tuple(row) for row in values), labels or {})


def rate(part: Decimal | int, whole: Decimal | int) -> Value:
    """``part`` as a percentage of ``whole``, to a tenth; None of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH)


def average(values: Sequence[int | Decimal]) -> Value:
    """The mean to the hundredth; None of nothing."""
    if not values:
        return None
    return (sum((Decimal(v) for v in values), ZERO) / len(values)).quantize(CENT)


@dataclass(frozen=True)
class Collection:
    """What was billed for a month's charges and what of it was paid by a moment."""

    billed: Decimal
    collected: Decimal


def collection_cells(units: Sequence[Unit], charges: Sequence[Charge], confirmed: PaidAt, span: Span,
                     now: datetime) -> dict[tuple[str, str], Collection]:
    """Per (month, building): the month's charges after waivers, and what of them was paid by the span's end.

    Late fees are not counted: they measure lateness, not the fees staff set out to collect.
    """
    building_of = {u.id: u.building for u in units}
    waived = _waivers(charges, span.as_of(now))
    billed: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    collected: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    months = set(span.months)
    for charge in charges:
        if charge.kind is not EntryKind.CHARGE or charge.period not in months:
            continue
        key = (charge.period, building_of.get(charge.unit, "?"))
        amount = charge.amount - waived.get(charge.id, ZERO)
        if amount <= 0:
            continue
        billed[key] += amount
        paid_at = confirmed.get(charge.paid_by)
        if charge.paid_by and (paid_at is None or paid_at < span.as_of(now)):
            collected[key] += amount
    return {key: Collection(billed[key], collected[key]) for key in billed}


def collection_by_building(units: Sequence[Unit], charges: Sequence[Charge], confirmed: PaidAt,
                           span: Span, now: datetime) -> Table:
    """Per building over the span: billed, collected and the collection rate (%)."""
    cells = collection_cells(units, charges, confirmed, span, now)
    buildings = sorted({building for _, building in cells}, key=natural_order)
    values = []
    for building in buildings:
        billed = sum((c.billed for (_, b), c in cells.items() if b == building), ZERO)
        collected = sum((c.collected for (_, b), c in cells.items() if b == building), ZERO)
        values.append([billed, collected, rate(collected, billed)])
    return table("collection_building", buildings, ("billed", "collected", "rate"), values)


def collection_by_month(units: Sequence[Unit], charges: Sequence[Charge], confirmed: PaidAt, span: Span,
                        now: datetime) -> Table:
    """Per month: each building's collection rate (%) and the whole community's (``all``)."""
    cells = collection_cells(units, charges, confirmed, span, now)
    buildings = sorted({building for _, building in cells}, key=natural_order)
    values = []
    for month in span.months:
        row = [rate(cells[(month, b)].collected, cells[(month, b)].billed) if (month, b) in cells else None
               for b in buildings]
        billed = sum((c.billed for (m, _), c in cells.items() if m == month), ZERO)
        collected = sum((c.collected for (m, _), c in cells.items() if m == month), ZERO)
        values.append([*row, rate(collected, billed)])
    return table("collection_month", span.months, (*buildings, "all"), values)


def arrears_by_age(charges: Sequence[Charge], confirmed: PaidAt, span: Span, now: datetime) -> Table:
    """At each month's end (or now): the overdue principal in 1-30, 31-60, 61-90 and over 90 days, and the total."""
    rows = []
    for month in span.months:
        moment = span.single(month).as_of(now)
        day = (moment - timedelta(microseconds=1)).astimezone(span.tz).date()
        waived = _waivers(charges, moment)
        buckets = [ZERO] * len(BUCKETS)
        for charge in charges:
            if charge.kind is not EntryKind.CHARGE or charge.due is None or charge.due >= day:
                continue
            paid_at = confirmed.get(charge.paid_by)
            if charge.paid_by and (paid_at is None or paid_at < moment):
                continue
            outstanding = charge.amount - waived.get(charge.id, ZERO)
            if outstanding > 0:
                buckets[bucket_of((day - charge.due).days)] += outstanding
        rows.append([*buckets, sum(buckets, ZERO)])
    return table("arrears", span.months, (*BUCKET_NAMES, "total"), rows)


def _waivers(charges: Sequence[Charge], by: datetime) -> dict[str, Decimal]:
    waived: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in charges:
        if entry.kind is EntryKind.WAIVER and entry.refers_to and entry.created_at < by:
            waived[entry.refers_to] += entry.amount
    return waived


def paid_at_of(payments: Sequence[Payment]) -> dict[str, datetime | None]:
    """When each confirmed payment was confirmed (its creation when the row does not say)."""
    return {p.id: p.confirmed_at or p.created_at for p in payments if p.status is PaymentStatus.CONFIRMED}


def _month_start(month: str, tz: tzinfo) -> datetime:
    year, number = (int(part) for part in month.split("-"))
    return datetime.combine(date(year, number, 1), time.min, tz)


def _days_in(month: str) -> int:
    year, number = (int(part) for part in month.split("-"))
    return calendar.monthrange(year, number)[1]


def month_of(moment: datetime, tz: tzinfo) -> str:
    """``2026-12``: the month a moment falls in, in the site's zone."""
    return f"{moment.astimezone(tz):%Y-%m}"


def months_back(month: str, count: int) -> str:
    """The month ``count`` months before ``month``."""
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
