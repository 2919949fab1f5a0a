"""Units and the owner file: who lives where, kept by staff in the Units and Residents tabs."""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from desk.clock import Clock
from desk.records import Owner, Record, column
from desk.store import Store


class ResidentRole(enum.StrEnum):
    """How a resident relates to the unit."""

    OWNER = "owner"
    TENANT = "tenant"
    FAMILY = "family"


class Unit(Record):
    """One flat or shop: where it is, its size (for fees) and whether it has a PIN for the kiosk."""

    TAB = "Units"
    ID_KIND = "U"
    ROWS_FROM = Owner.STAFF

    building: str = column("Building", Owner.STAFF, min_length=1, max_length=20)
    room: str = column("Room", Owner.STAFF, pattern=r"^[0-9]{1,6}$")
    area_m2: Decimal = column("Area m2", Owner.STAFF, default=Decimal("0"), ge=0, max_digits=9, decimal_places=2)
    heating: bool = column("Heating", Owner.STAFF, default=True)
    owner_of_record: str = column("Owner of record", Owner.STAFF, default="", max_length=60)
    pin_set: bool = column("PIN set", Owner.KIOSK, default=False)

    @property
    def label(self) -> str:
        """How people say the unit: ``3-1202`` (building 3, room 1202)."""
        return f"{self.building}-{self.room}"


class Resident(Record):
    """One person in the owner file; never deleted — a resident who moves out is marked so."""

    TAB = "Residents"
    ID_KIND = "P"
    ROWS_FROM = Owner.STAFF

    name: str = column("Name", Owner.STAFF, min_length=1, max_length=60)
    unit: str = column("Unit", Owner.STAFF, min_length=1, max_length=40)
    phone: str = column("Phone", Owner.STAFF, default="", max_length=30)
    role: ResidentRole = column("Role", Owner.STAFF, default=ResidentRole.OWNER)
    language: str = column("Language", Owner.STAFF, default="zh", pattern=r"^(zh|en)$")
    move_in: date | None = column("Move-in", Owner.STAFF, default=None)
    moved_out: date | None = column("Moved out", Owner.STAFF, default=None)


def masked_name(name: str) -> str:
    """A name as the lobby may show it: ``张*明``, ``W*** Lei`` — never the whole of it."""
    name = name.strip()
    if not name:
        return ""
    if " " in name:
        first, _, rest = name.partition(" ")
        return f"{first[0]}{'*' * (len(first) - 1)} {rest.split()[-1][0]}."
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


class UnitDirectory:
    """Finds units by building and room, and who lives there."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def buildings(self) -> list[str]:
        """Every building with at least one unit, in natural order (2 before 10)."""
        with self._store.transaction() as tx:
            names = {unit.building for unit in tx.find(Unit)}
        return sorted(names, key=natural_order)

    def find(self, building: str, room: str) -> Unit | None:
        """The unit with this building and room, or None."""
        with self._store.transaction() as tx:
            found = tx.find(
                Unit, "json_extract(body, '$.building') = ? AND json_extract(body, '$.room') = ?", (building, room)
            )
        return found[0] if found else None

    def get(self, unit_id: str) -> Unit | None:
        """The unit with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Unit, unit_id)

    def residents(self, unit_id: str) -> list[Resident]:
        """Who lives in a unit now (not moved out), owners first."""
        with self._store.transaction() as tx:
            people = tx.find(Resident, "json_extract(body, '$.unit') = ?", (unit_id,))
        current = [p for p in people if p.moved_out is None]
        return sorted(current, key=lambda p: list(ResidentRole).index(p.role))

    def mark_pin_set(self, unit: Unit) -> Unit:
        """Show in the Units tab that the unit now has a PIN."""
        changed = Unit.model_validate({**unit.model_dump(), "pin_set": True})
        with self._store.transaction() as tx:
            tx.put(changed, actor="desk", at=self._clock.now())
        return changed


def natural_order(text: str) -> tuple[int, str]:
    """Sort key putting numbered buildings and counters in number order (2 before 10), names after."""
    return (int(text), "") if text.isdigit() else (10**9, text)
