"""Whose a unit's month is, from the Residents tab: the current residents from their move-in, a seller up to the sale.

Pure. The billing run asks it once per period (:func:`occupancy_in`); the rules:

- the current residents pay from the first move-in among them, when that falls in the month (16/31 of
  a 31-day month from the 16th); a unit whose residents move in after the month pays nothing for it,
  and a unit with no move-in on record pays the whole month;
- a sale is a *handover*: owners who moved out during the month (their ``Moved out`` date is their
  last day) pay from the month's first day, or their own move-in, to that day; the current residents
  pay from the day after, or from their move-in when that is later. A tenant or family member moving
  out splits nothing: fees are the owners'.

A resident who moved out after the month counts as current for it, so a month billed late still
bills the seller who lived there all of it.

The same sale also says whose the unit's books are (:func:`owners_since`): its current owners' from
the day after the sellers' last day; what was billed for the days before stays the sellers', for staff
to collect, and is never shown to the buyers at the kiosk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desk.units import Resident, ResidentRole, UnitIndex


@dataclass(frozen=True)
class Handover:
    """Owners who moved out during a month: the last day that was theirs, since when, and who they are."""

    last_day: date
    since: date | None  # their earliest move-in; None when it is not on record (before the month, then)
    names: tuple[str, ...]

    def first_day(self, month_first: date) -> date:
        """The first day of the month that was theirs."""
        return max(month_first, self.since or month_first)


@dataclass(frozen=True)
class Occupancy:
    """A unit's month: the current residents' first move-in, and a handover when owners moved out in it."""

    moved_in: date | None = None
    handover: Handover | None = None

    def current_from(self, first: date, last: date) -> date | None:
        """The first day of the month the current residents pay for; None when none of it is theirs."""
        start = max(first, self.moved_in or first)
        if self.handover is not None and self.handover.last_day >= start:
            start = self.handover.last_day + timedelta(days=1)
        return start if start <= last else None


def occupancy_in(first: date, last: date, units: UnitIndex, residents: Iterable[Resident]) -> dict[str, Occupancy]:
    """Each unit's occupancy of the month ``first`` to ``last``, by unit ID (units with residents only).

    A resident whose Unit is a label (stored before unit columns were read as units) still counts
    for the unit it names.
    """
    by_unit: dict[str, list[Resident]] = {}
    for resident in residents:
        unit = units.find(resident.unit)
        by_unit.setdefault(unit.id if unit is not None else resident.unit, []).append(resident)
    found: dict[str, Occupancy] = {}
    for unit_id, people in by_unit.items():
        present = [p for p in people if p.moved_out is None or p.moved_out > last]
        moved_in = min((p.move_in for p in present if p.move_in is not None), default=None)
        sellers = [p for p in people if p.role is ResidentRole.OWNER and p.moved_out is not None
                   and first <= p.moved_out <= last]
        handover = None
        if sellers:
            since = [p.move_in for p in sellers]
            handover = Handover(
                last_day=max(p.moved_out for p in sellers if p.moved_out is not None),
                since=None if None in since else min(d for d in since if d is not None),
                names=tuple(p.name for p in sellers),
            )
        found[unit_id] = Occupancy(moved_in, handover)
    return found


def owners_since(residents: Iterable[Resident], today: date) -> date | None:
    """The first day a unit has been its current owners': the day after the last sellers' last day.

    None when no owner had moved out by today (an owner whose Moved out is today still owns the unit
    today), or when an owner who stays lived there since the ones who left moved in (a co-owner left:
    the unit was not sold), so every row on record is the current owners'. A buyer typed as moving in
    before the sellers' last day is still a buyer: only the sellers' own move-in tells a co-owner.
    """
    owners = [r for r in residents if r.role is ResidentRole.OWNER]
    sold_on = max((r.moved_out for r in owners if r.moved_out is not None and r.moved_out < today), default=None)
    if sold_on is None:
        return None
    sellers_since = [r.move_in for r in owners if r.moved_out == sold_on]
    if None not in sellers_since:
        came = min(day for day in sellers_since if day is not None)
        staying = [r for r in owners if r.moved_out is None or r.moved_out >= today]
        if any(r.move_in is not None and r.move_in <= came for r in staying):
            return None
    return sold_on + timedelta(days=1)
