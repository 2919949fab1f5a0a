"""What the office charges, kept by staff: the FeeRules tab (rates) and the MeterReadings tab.

A fee rule says what is billed, on what basis, at what rate, to which units, when it falls due and
what is added when it is paid late. Rates are edited in the sheet; a billing run uses the rates of
that moment, and charges already billed keep the amounts they were billed with.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desk.records import Owner, Record, column


class FeeBasis(enum.StrEnum):
    """How a fee's amount is worked out."""

    PER_M2_MONTH = "per m2 per month"  # property fee: area x rate, every month
    PER_M2_SEASON = "per m2 per season"  # heating fee: area x rate, once per heating season
    METERED = "metered"  # water, electricity, gas: consumption x price per unit
    FIXED_MONTHLY = "fixed monthly"  # parking, rubbish, ...: the rate itself, every month


class Meter(enum.StrEnum):
    """A metered supply."""

    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"


METER_UNITS = {Meter.WATER: "m3", Meter.ELECTRICITY: "kWh", Meter.GAS: "m3"}


class FeeRule(Record):
    """One fee the office bills, with its rate, the units it applies to, its due day and its late fee."""

    TAB = "FeeRules"
    ID_KIND = "K"
    ROWS_FROM = Owner.STAFF

    fee: str = column("Fee", Owner.STAFF, min_length=1, max_length=40)
    basis: FeeBasis = column("Basis", Owner.STAFF)
    rate: Decimal = column("Rate", Owner.STAFF, ge=0, max_digits=12, decimal_places=4)
    meter: Meter | None = column("Meter", Owner.STAFF, default=None)
    units: str = column("Units", Owner.STAFF, default="", max_length=500)
    collected_for: str = column("Collected for", Owner.STAFF, default="", max_length=60)
    due_day: int = column("Due day", Owner.STAFF, default=15, ge=1, le=28)
    late_percent_per_day: Decimal = column("Late fee %/day", Owner.STAFF, default=Decimal("0"), ge=0, le=10)
    late_cap_percent: Decimal = column("Late fee cap %", Owner.STAFF, default=Decimal("100"), ge=0, le=100)
    active: bool = column("Active", Owner.STAFF, default=True)

    def applies_to(self, unit_id: str, building: str, label: str) -> bool:
        """Whether the rule bills this unit: every unit when Units is empty, else the unit or building named.

        Units lists unit labels (``3-1202``), unit IDs, or bare building names (``3`` = all of building 3).
        """
        named = self.named_units()
        return not named or bool(named & {unit_id, label, building})

    def named_units(self) -> frozenset[str]:
        """The unit labels, IDs and buildings the Units column names (empty: every unit)."""
        return frozenset(item.strip() for item in re.split(r"[,，;；\s]+", self.units) if item.strip())


class MeterReading(Record):
    """A meter's reading at the end of a billing period, typed by staff (or imported)."""

    TAB = "MeterReadings"
    ID_KIND = "M"
    ROWS_FROM = Owner.STAFF

    unit: str = column("Unit", Owner.STAFF, min_length=1, max_length=40)
    meter: Meter = column("Meter", Owner.STAFF)
    period: str = column("Period", Owner.STAFF, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    reading: Decimal = column("Reading", Owner.STAFF, ge=0, max_digits=14, decimal_places=3)
    read_on: date | None = column("Read on", Owner.STAFF, default=None)


@dataclass(frozen=True)
class HeatingSeason:
    """The heating season by month and day, e.g. 11-15 to 03-15 (it may run over the new year)."""

    start: tuple[int, int]
    end: tuple[int, int]

    @classmethod
    def parse(cls, text: str) -> HeatingSeason:
        """``11-15..03-15`` (also ``11-15 - 03-15`` or ``11-15 至 03-15``); ValueError when it is not one."""
        found = re.fullmatch(r"\s*(\d\d)-(\d\d)\s*(?:\.\.|to|-|~|至|–)\s*(\d\d)-(\d\d)\s*", text)
        if not found:
            raise ValueError(f"{text!r} is not a season like 11-15..03-15")
        sm, sd, em, ed = (int(part) for part in found.groups())
        for month, day in ((sm, sd), (em, ed)):
            date(2001, month, day)  # raises ValueError for 02-30
        return cls((sm, sd), (em, ed))

    def text(self) -> str:
        """As staff type it."""
        return f"{self.start[0]:02d}-{self.start[1]:02d}..{self.end[0]:02d}-{self.end[1]:02d}"

    def starting_in(self, year: int, month: int) -> tuple[date, date] | None:
        """The season's first and last day when it starts in this month, else None."""
        if self.start[0] != month:
            return None
        first = date(year, *self.start)
        last = date(year + (1 if self.end <= self.start else 0), *self.end)
        return first, last
