"""Helpers for the fee stories: a small community with fee rules, readings and residents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desk.fees import FeeBasis, FeeRule, Meter, MeterReading
from desk.store import Store
from desk.units import Resident, Unit

AT = datetime.fromisoformat("2026-11-01T09:00:00+08:00")


def put(store: Store, *records: Any) -> None:
    with store.transaction() as tx:
        for record in records:
            tx.put(record, actor="staff", at=AT)


def unit(n: int, building: str = "3", room: str = "1202", area: str = "100", heating: bool = True) -> Unit:
    return Unit(id=f"SUNNY-U{n}", building=building, room=room, area_m2=Decimal(area), heating=heating)


def rule(n: int, fee: str, basis: FeeBasis, rate: str, **more: Any) -> FeeRule:
    return FeeRule(id=f"SUNNY-K{n}", fee=fee, basis=basis, rate=Decimal(rate), **more)


PROPERTY = rule(1, "Property fee", FeeBasis.PER_M2_MONTH, "2.35", late_percent_per_day=Decimal("0.05"),
                late_cap_percent=Decimal("10"))
HEATING = rule(2, "Heating", FeeBasis.PER_M2_SEASON, "24.50")
WATER = rule(3, "Water", FeeBasis.METERED, "3.45", meter=Meter.WATER, collected_for="City Water Co.")
PARKING = rule(4, "Parking", FeeBasis.FIXED_MONTHLY, "150", units="3-1202")


def reading(n: int, unit_id: str, period: str, value: str, meter: Meter = Meter.WATER) -> MeterReading:
    return MeterReading(id=f"SUNNY-M{n}", unit=unit_id, meter=meter, period=period, reading=Decimal(value))


def resident(n: int, unit_id: str, move_in: date | None) -> Resident:
    return Resident(id=f"SUNNY-P{n}", name="张三明", unit=unit_id, move_in=move_in)
