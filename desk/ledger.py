"""The books: Charges (billed fees, late fees, waivers, refunds) and Payments, and a unit's balance.

History is never edited: a waiver or a refund is a new Charges row that refers to what it waives or
refunds, and a late fee is a new row written when the payment that settles it is confirmed. Every
amount is positive; the row's kind says which way it counts::

    balance = charges + late fees - confirmed payments + refunds - waivers

A charge is *open* while no confirmed payment settled it and waivers have not covered it; its
late fee grows daily after the due date, capped, until it is paid (see :func:`late_fee`).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from desk.money import ZERO, to_cents
from desk.records import Highlight, Owner, Record, column


class EntryKind(enum.StrEnum):
    """What a Charges row records."""

    CHARGE = "charge"
    LATE_FEE = "late fee"
    WAIVER = "waiver"
    REFUND = "refund"


class Charge(Record):
    """One row of the ledger. Billing writes charges; confirmation writes late fees; staff add waivers and refunds."""

    TAB = "Charges"
    ID_KIND = "C"

    unit: str = column("Unit", Owner.KIOSK, min_length=1, max_length=40)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    kind: EntryKind = column("Kind", Owner.KIOSK, default=EntryKind.CHARGE)
    fee: str = column("Fee", Owner.KIOSK, default="", max_length=60)
    period: str = column("Period", Owner.KIOSK, default="", max_length=7)
    amount: Decimal = column("Amount", Owner.KIOSK, gt=0, max_digits=14, decimal_places=2)
    due: date | None = column("Due", Owner.KIOSK, default=None)
    basis: str = column("Basis", Owner.KIOSK, default="", max_length=120)
    collected_for: str = column("Collected for", Owner.KIOSK, default="", max_length=60)
    late_percent_per_day: Decimal = column("Late fee %/day", Owner.KIOSK, default=Decimal("0"), ge=0)
    late_cap_percent: Decimal = column("Late fee cap %", Owner.KIOSK, default=Decimal("0"), ge=0)
    refers_to: str = column("Refers to", Owner.KIOSK, default="", max_length=40)
    key: str = column("Key", Owner.KIOSK, default="", max_length=120)
    paid_by: str = column("Paid by", Owner.KIOSK, default="", max_length=40)
    created_at: datetime = column("Created", Owner.KIOSK)
    note: str = column("Note", Owner.STAFF, default="", max_length=300)


class PaymentStatus(enum.StrEnum):
    """A payment's life: pending -> confirmed (money arrived), or pending -> cancelled (never came)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class Payment(Record):
    """Money an owner pays for some open charges; its ID is the reference the QR code carries."""

    TAB = "Payments"
    ID_KIND = "Y"
    HIGHLIGHTS = (Highlight("status", "waiting for staff to confirm the money arrived", equals=("pending",)),)

    unit: str = column("Unit", Owner.KIOSK, min_length=1, max_length=40)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    amount: Decimal = column("Amount", Owner.KIOSK, gt=0, max_digits=14, decimal_places=2)
    late_fee: Decimal = column("Late fee", Owner.KIOSK, default=ZERO, ge=0, max_digits=14, decimal_places=2)
    charges: str = column("Charges", Owner.KIOSK, default="", max_length=2000)
    method: str = column("Method", Owner.KIOSK, default="", max_length=20)
    created_at: datetime = column("Created", Owner.KIOSK)
    status: PaymentStatus = column("Status", Owner.STAFF, default=PaymentStatus.PENDING)
    confirmed_by: str = column("Confirmed by", Owner.STAFF, default="", max_length=60)
    confirmed_at: datetime | None = column("Confirmed", Owner.KIOSK, default=None)
    receipt_number: str = column("Receipt no.", Owner.KIOSK, default="", max_length=20)
    provider_transaction: str = column("Provider transaction", Owner.KIOSK, default="", max_length=80)
    note: str = column("Note", Owner.STAFF, default="", max_length=300)

    @property
    def charge_ids(self) -> list[str]:
        """The charges this payment settles."""
        return self.charges.split()

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """Money that arrived stays arrived: a confirmed payment is refunded by a new row, never un-confirmed."""
        if not isinstance(proposed, Payment):
            return {}
        if self.status is PaymentStatus.CONFIRMED and proposed.status is not PaymentStatus.CONFIRMED:
            return {"status": "a confirmed payment stays confirmed; record a refund instead (console, Payments)"}
        return {}


FEE_NAMES_ZH = {"Property fee": "物业费", "Heating": "供暖费", "Heating fee": "供暖费", "Water": "水费",
                "Electricity": "电费", "Gas": "燃气费", "Parking": "停车费", "Late fee": "滞纳金", "Refund": "退款"}


def fee_label(charge: Charge, language: str) -> str:
    """A charge as screens and paper name it: the fee (in Chinese where we know it) and its period."""
    name = FEE_NAMES_ZH.get(charge.fee, charge.fee) if language == "zh" else charge.fee
    return f"{name} {charge.period}".strip()


def late_fee(charge: Charge, outstanding: Decimal, today: date) -> Decimal:
    """The late fee on an open charge today (see :func:`late_fee_on`)."""
    return late_fee_on(charge.due, charge.late_percent_per_day, charge.late_cap_percent, outstanding, today)


def late_fee_on(due: date | None, percent_per_day: Decimal, cap_percent: Decimal, outstanding: Decimal,
                today: date) -> Decimal:
    """Outstanding x %/day x days past due, capped at cap % of it; nothing on or before the due date.

    One line, rounded once half up to the cent (see :mod:`desk.money`).
    """
    if due is None or today <= due or outstanding <= 0:
        return ZERO
    grown = to_cents(outstanding * percent_per_day / 100 * (today - due).days)
    return min(grown, to_cents(outstanding * cap_percent / 100))


@dataclass(frozen=True)
class OpenCharge:
    """A charge still to pay: what is left of it after waivers, its late fee today, and days overdue."""

    charge: Charge
    outstanding: Decimal
    late_fee: Decimal
    days_overdue: int

    @property
    def to_pay(self) -> Decimal:
        """What paying it today costs."""
        return self.outstanding + self.late_fee


@dataclass(frozen=True)
class Account:
    """One unit's books as the kiosk and console show them."""

    unit: str
    balance: Decimal
    open_charges: tuple[OpenCharge, ...]  # oldest first, not part of a pending payment
    awaiting: tuple[OpenCharge, ...]  # open, but in a pending payment
    pending: tuple[Payment, ...]
    confirmed: tuple[Payment, ...]

    @property
    def overdue(self) -> Decimal:
        """What is past due now, late fees included."""
        return sum((c.to_pay for c in (*self.open_charges, *self.awaiting) if c.days_overdue > 0), ZERO)


def balance(entries: list[Charge], payments: list[Payment]) -> Decimal:
    """charges + late fees - confirmed payments + refunds - waivers, from all of a unit's rows."""
    return owed(entries) - sum((p.amount for p in payments if p.status is PaymentStatus.CONFIRMED), ZERO)


def account_of(unit: str, entries: list[Charge], payments: list[Payment], today: date) -> Account:
    """A unit's balance, open charges (oldest first) with their late fees, and its payments, from all its rows."""
    unpaid = [e for e in entries if e.kind is EntryKind.CHARGE and not e.paid_by]
    return account_from(unit, unpaid, waived_by_charge(entries), owed(entries), payments, today)


def owed(entries: list[Charge]) -> Decimal:
    """charges + late fees + refunds - waivers."""
    signed = {EntryKind.CHARGE: 1, EntryKind.LATE_FEE: 1, EntryKind.REFUND: 1, EntryKind.WAIVER: -1}
    return sum((entry.amount * signed[entry.kind] for entry in entries), ZERO)


def waived_by_charge(entries: list[Charge]) -> dict[str, Decimal]:
    """How much of each charge waivers took off."""
    waived: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        if entry.kind is EntryKind.WAIVER and entry.refers_to:
            waived[entry.refers_to] += entry.amount
    return dict(waived)


def account_from(unit: str, unpaid: list[Charge], waived: dict[str, Decimal], owed_now: Decimal,
                 payments: list[Payment], today: date) -> Account:
    """An account from a unit's unpaid charges, their waivers, what its rows owe, and its payments."""
    in_pending = {cid for p in payments if p.status is PaymentStatus.PENDING for cid in p.charge_ids}
    open_now: list[OpenCharge] = []
    awaiting: list[OpenCharge] = []
    for entry in unpaid:
        outstanding = entry.amount - waived.get(entry.id, ZERO)
        if outstanding <= 0:
            continue
        days = max(0, (today - entry.due).days) if entry.due else 0
        item = OpenCharge(entry, outstanding, late_fee(entry, outstanding, today), days)
        (awaiting if entry.id in in_pending else open_now).append(item)
    order = lambda c: (c.charge.due or date.max, c.charge.period, c.charge.fee, c.charge.id)  # noqa: E731
    paid = sum((p.amount for p in payments if p.status is PaymentStatus.CONFIRMED), ZERO)
    by_time = sorted(payments, key=lambda p: (p.created_at, p.id))
    return Account(
        unit=unit,
        balance=owed_now - paid,
        open_charges=tuple(sorted(open_now, key=order)),
        awaiting=tuple(sorted(awaiting, key=order)),
        pending=tuple(p for p in by_time if p.status is PaymentStatus.PENDING),
        confirmed=tuple(p for p in by_time if p.status is PaymentStatus.CONFIRMED),
    )
