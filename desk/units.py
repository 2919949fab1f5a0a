"""Units and the owner file: who lives where, kept by staff in the Units and Residents tabs."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
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


# Dashes a clerk's keyboard or input method may type between building and room ("1－301", "1–301").
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"))
# Building then room: "1-301", "1 - 301", "1栋301", "1号楼301室", "A座301". The building part is
# lazy, so a building named "North-2" still reads "North-2-301" as building North-2, room 301.
_LABEL = re.compile(r"(?P<building>.+?)\s*(?:-|栋|幢|号楼|座)\s*(?P<room>[0-9]{1,6})\s*(?:室|号)?")
_BUILDING_WORDS = re.compile(r"\s*(?:栋|幢|号楼|座)$")
_LIST_SEPARATORS = re.compile(r"[,;、]+")  # after NFKC, so "，" and "；" are among them


def _plain(text: str) -> str:
    """Text as compared: full-width forms folded (NFKC), dashes unified, trimmed, case ignored."""
    return unicodedata.normalize("NFKC", text).translate(_DASHES).strip().casefold()


def _label_key(text: str) -> str | None:
    """``building-room`` as compared, when the text has the shape of a unit's label; else None."""
    found = _LABEL.fullmatch(_plain(text))
    # "A座-301" and "A座301" are one unit whether the Units tab says building "A" or "A座".
    return f"{_BUILDING_WORDS.sub('', found['building'])}-{found['room']}" if found else None


@dataclass(frozen=True)
class UnitIndex:
    """Finds a unit however a clerk writes it: its label (``1-301``, ``1 - 301``, ``1－301``, ``1栋301``) or its ID.

    Read-only, built from the units at hand (the sync builds one per cycle); the one place that says
    what text names which unit. With several sites in one spreadsheet the store also holds other
    sites' units: where two share a label, the unit of ``site_code`` wins.
    """

    by_id: dict[str, Unit] = field(default_factory=dict)
    by_label: dict[str, Unit] = field(default_factory=dict)
    buildings: dict[str, str] = field(default_factory=dict)  # as compared -> as written in the Units tab
    labelled: dict[str, list[Unit]] = field(default_factory=dict)  # label as compared -> every unit with it

    @classmethod
    def of(cls, units: Iterable[Unit], site_code: str | None = None) -> UnitIndex:
        """The index of these units."""
        own = f"{site_code}-".casefold() if site_code else None
        index = cls()
        for unit in units:
            index.by_id[_plain(unit.id)] = unit
            key = _label_key(unit.label) or _plain(unit.label)
            index.labelled.setdefault(key, []).append(unit)
            held = index.by_label.get(key)
            if held is None or (own is not None and unit.id.casefold().startswith(own)
                                and not held.id.casefold().startswith(own)):
                index.by_label[key] = unit
            index.buildings.setdefault(_plain(unit.building), unit.building)
        return index

    def with_units(self, units: Iterable[Unit], site_code: str | None = None) -> UnitIndex:
        """This index with some units added or changed (staff's new Units rows, mid-cycle)."""
        changed = {unit.id: unit for unit in units}
        if not changed:
            return self
        kept = [unit for unit in self.by_id.values() if unit.id not in changed]
        return UnitIndex.of([*kept, *changed.values()], site_code)

    def find(self, text: str) -> Unit | None:
        """The unit this text names by ID or label, or None."""
        plain = _plain(text)
        by_id = self.by_id.get(plain)
        if by_id is not None:
            return by_id
        key = _label_key(text)
        return self.by_label.get(key) if key is not None else None

    def all_named(self, text: str) -> list[Unit]:
        """Every unit this text names: the one whose ID it is, else each with this label (none, one or several).

        Where several share a label (two sites', or ``A-301`` and ``A座-301``), :meth:`find` picks one;
        what must not guess asks this.
        """
        by_id = self.by_id.get(_plain(text))
        if by_id is not None:
            return [by_id]
        key = _label_key(text)
        return list(self.labelled.get(key, [])) if key is not None else []

    def building(self, text: str) -> str | None:
        """The building this text names (``3``, ``3栋``), as the Units tab writes it, or None."""
        plain = _plain(text)
        return self.buildings.get(plain) or self.buildings.get(_BUILDING_WORDS.sub("", plain))

    def names_in(self, text: str) -> str:
        """A list of units and buildings (a fee rule's Units) written the one way: ``3-1202, 5``.

        Labels in any form a clerk types become the unit's label, IDs stay IDs, buildings are
        written as the Units tab writes them; ValueError says which item names nothing.
        """
        names: list[str] = []
        for item in (part.strip() for part in _LIST_SEPARATORS.split(unicodedata.normalize("NFKC", text))):
            if not item:
                continue
            # "1 - 301" is one unit; "3-1202 3-1203" is two.
            parts = [item] if self._name_of(item) is not None else item.split()
            for part in parts:
                name = self._name_of(part)
                if name is None:
                    raise ValueError(self.why_not(part, buildings_too=True))
                names.append(name)
        return ", ".join(dict.fromkeys(names))

    def _name_of(self, text: str) -> str | None:
        by_id = self.by_id.get(_plain(text))
        if by_id is not None:
            return by_id.id
        unit = self.find(text)
        return unit.label if unit is not None else self.building(text)

    def why_not(self, text: str, *, buildings_too: bool = False) -> str:
        """Why this text names no unit (nor a building, where one would do), in words for the Problems tab."""
        typed = text.strip()
        building = self.building(typed)
        if building is not None and not buildings_too and _label_key(typed) is None:
            example = next((u.label for u in self.by_label.values() if u.building == building), f"{building}-101")
            return f"{typed!r} is a building, not a unit: write the unit as building-room, e.g. {example}"
        what = "a unit or a building" if buildings_too else "a unit"
        if _label_key(typed) is not None:
            return f"{typed!r} is not {what} in the Units tab"
        return f"{typed!r} is not {what} in the Units tab (write a unit as building-room, e.g. 3-1202, or its ID)"


def natural_order(text: str) -> tuple[int, str]:
    """Sort key putting numbered buildings and counters in number order (2 before 10), names after."""
    return (int(text), "") if text.isdigit() else (10**9, text)
