"""Meter readings taken at move-in become the unit's MeterReadings rows (the fees area's record).

A reading at move-in is the new owner's starting point: it is filed under the month before the
move-in, so the billing run charges the first month's use from that reading on.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from desk.fees import Meter, MeterReading
from desk.ids import IdFactory
from desk.store import Transaction


class MoveInReadings:
    """Writes a finished move-in's readings as MeterReadings rows; pass it as ``record_readings``."""

    def __init__(self, ids: IdFactory) -> None:
        self._ids = ids

    def __call__(self, tx: Transaction, unit_id: str, readings: dict[str, Decimal], at: datetime, actor: str) -> None:
        """Add one MeterReadings row per meter read, in the move-in's transaction."""
        period = (at.date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
        for meter, value in readings.items():
            row = MeterReading(id=tx.new_id(self._ids, MeterReading), unit=unit_id, meter=Meter(meter),
                               period=period, reading=value, read_on=at.date())
            tx.put(row, actor=f"{actor} (move-in)", at=at)
