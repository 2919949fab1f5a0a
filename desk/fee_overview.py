"""What an owner reads about their fees: due, overdue, late fees, waiting and paid as separate sums,
and the unit's payments of the last twelve months.

A pending payment is money the owner says is on its way: it is never counted as owed or overdue
(its charges are the account's ``awaiting``, not its ``open_charges``), only as waiting. If it never
comes, staff cancel it and its charges are open again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from desk.ledger import Account, Charge, Payment, PaymentStatus
from desk.money import ZERO

HISTORY_MONTHS = 12  # one year: history_starts counts it so


@dataclass(frozen=True)
class FeesOverview:
    """A unit's fees in five sums, each its own line on the owner's screen."""

    due: Decimal  # the open charges, late fees of today included: what paying everything now costs
    overdue: Decimal  # the part of ``due`` past its due date, late fees included
    late_fees: Decimal  # the late fees inside ``overdue``
    awaiting: Decimal  # pending payments: started, not confirmed yet; never owed
    paid_this_month: Decimal  # payments confirmed this calendar month (site time)


def overview_of(account: Account, now: datetime) -> FeesOverview:
    """The five sums of an account at ``now`` (an aware time in the site's zone)."""
    open_now = account.open_charges
    overdue = [item for item in open_now if item.days_overdue > 0]
    month = (now.year, now.month)
    paid = [p.amount for p in account.confirmed
            if p.confirmed_at is not None and _month_of(p.confirmed_at, now.tzinfo) == month]
    return FeesOverview(
        due=sum((item.to_pay for item in open_now), ZERO),
        overdue=sum((item.to_pay for item in overdue), ZERO),
        late_fees=sum((item.late_fee for item in overdue), ZERO),
        awaiting=sum((p.amount for p in account.pending), ZERO),
        paid_this_month=sum(paid, ZERO),
    )


@dataclass(frozen=True)
class PastPayment:
    """One payment as the owner's history lists it."""

    payment: Payment
    paid_for: tuple[Charge, ...]  # the charges it settles, in the payment's order (its late fee is on the payment)
    on: date  # the day it was confirmed, or started when it was not (site time)
    receipt_printed: bool  # whether a receipt of it was ever journalled: the next one is a copy

    @property
    def has_receipt(self) -> bool:
        """Whether the payment has a receipt to print: confirmed and numbered."""
        return self.payment.status is PaymentStatus.CONFIRMED and bool(self.payment.receipt_number)


def history_starts(today: date) -> date:
    """The first day the history shows: the same day twelve months earlier (28 February for a 29th)."""
    if today.month == 2 and today.day == 29:
        return date(today.year - 1, 2, 28)
    return today.replace(year=today.year - 1)


def day_of(payment: Payment, zone: tzinfo | None) -> date:
    """The day a payment is listed under: confirmed, or else started, in the site's zone."""
    return (payment.confirmed_at or payment.created_at).astimezone(zone).date()


def history_of(payments: list[Payment], charges: dict[str, Charge], printed: set[str], today: date,
               zone: tzinfo | None) -> list[PastPayment]:
    """The payments of the last twelve months, newest first, with what each paid."""
    since = history_starts(today)
    listed = [PastPayment(p, tuple(charges[cid] for cid in p.charge_ids if cid in charges), day_of(p, zone),
                          p.id in printed) for p in payments]
    recent = [entry for entry in listed if entry.on >= since]
    return sorted(recent, key=lambda e: (e.on, e.payment.created_at, e.payment.id), reverse=True)


def _month_of(moment: datetime, zone: tzinfo | None) -> tuple[int, int]:
    local = moment.astimezone(zone)
    return local.year, local.month
