"""The part of a unit's books that is its current owners': after a sale, the sellers' rows stay on the unit.

Pure. Every Charges and Payments row names the unit, not a person, so a sale (see
:func:`desk.occupancy.owners_since`) leaves the sellers' charges, payments and arrears on the unit.
Staff keep seeing all of them (the Charges tab, the owner file, Arrears) and collect from the sellers;
the buyers, signed in at the kiosk with the unit's PIN, see and pay only what is theirs:

- a charge is the sellers' when it is the sellers' part of the month of the sale (its key ends with
  ``moved out``), or when its period ended before the buyers' first day; a month billed whole before
  the sale was typed ends on the buyers' days, so it is theirs, as the billing left it;
- a payment is the buyers' when it pays a charge of theirs (one paying none of the unit's known
  charges goes by the day it was started);
- a waiver goes with the charge it waives, a late fee or a refund with the payment it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from desk.billing import SELLERS_PART, Period
from desk.ledger import Charge, EntryKind, Payment


@dataclass(frozen=True)
class OwnersBooks:
    """The rows of a unit's books that are its current owners'."""

    entries: list[Charge]
    payments: list[Payment]


def owners_books(entries: Iterable[Charge], payments: Iterable[Payment], since: date, zone: tzinfo) -> OwnersBooks:
    """The rows of a unit's books that are the owners' whose first day was ``since``; the rest are earlier owners'."""
    entries, payments = list(entries), list(payments)

    def started_since(moment: datetime) -> bool:
        return moment.astimezone(zone).date() >= since

    charges = {e.id: e for e in entries if e.kind is EntryKind.CHARGE}
    theirs = {charge_id for charge_id, charge in charges.items() if not _sellers_charge(charge, since, zone)}
    their_payments = [p for p in payments
                      if any(cid in theirs for cid in p.charge_ids)
                      or (not any(cid in charges for cid in p.charge_ids) and started_since(p.created_at))]
    paid_by_them = {p.id for p in their_payments}
    known_payments = {p.id for p in payments}

    def is_theirs(entry: Charge) -> bool:
        if entry.kind is EntryKind.CHARGE:
            return entry.id in theirs
        followed, known = (theirs, charges) if entry.kind is EntryKind.WAIVER else (paid_by_them, known_payments)
        if entry.refers_to in known:
            return entry.refers_to in followed
        return started_since(entry.created_at)

    return OwnersBooks([e for e in entries if is_theirs(e)], their_payments)


def _sellers_charge(charge: Charge, since: date, zone: tzinfo) -> bool:
    """Whether a billed charge is for days before ``since``: the sellers' part of a month, or an earlier month."""
    if charge.key.endswith(f"|{SELLERS_PART}"):
        return True
    try:
        ended = Period.parse(charge.period).last
    except ValueError:  # no period: a charge staff added by hand counts from the day it was made
        return charge.created_at.astimezone(zone).date() < since
    return ended < since
