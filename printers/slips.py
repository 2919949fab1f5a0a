"""What each printed slip says, as plain frozen data: the layouts' only input.

A slip holds text already in its language and times already in the site's zone; building one
from the store's records is the renderer's job (see :mod:`printers.renderers`). Each slip checks
what would otherwise print wrongly: times without a zone, money that is not a :class:`Decimal`
or has fractions of a cent, an unknown language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from desk.words import LANGUAGES, Language

PaymentState = Literal["paid", "pending"]
PAYMENT_STATES: tuple[PaymentState, ...] = ("paid", "pending")

# Digits and capitals only: a PIN is read off paper and typed on a phone.
PIN_PATTERN = re.compile(r"^[0-9A-Z]{4,12}$")


@dataclass(frozen=True)
class QueueTicketSlip:
    """Everything printed on one queue ticket, already in the slip's language and time zone."""

    community_name: str
    number: str
    service_label: str
    issued_at: datetime
    ahead: int
    status_url: str
    language: Language
    reprint: bool = False
    wait_minutes: int | None = None
    priority: bool = False  # elderly, disabled or pregnant: the slip says so in large letters

    def __post_init__(self) -> None:
        _check_common(self.language, issued_at=self.issued_at)
        if self.wait_minutes is not None and self.wait_minutes < 0:
            raise ValueError(f"an estimated wait cannot be negative (got {self.wait_minutes})")
        if self.ahead < 0:
            raise ValueError(f"people ahead cannot be negative (got {self.ahead})")


@dataclass(frozen=True)
class RepairSlip:
    """A repair request's receipt: its number, the unit, what is wrong, and where to follow it."""

    community_name: str
    number: str
    unit: str
    category: str
    description: str
    reported_at: datetime
    status_url: str
    language: Language
    visit_booked_at: datetime | None = None
    reprint: bool = False
    urgent: bool = False  # an URGENT banner under the title, for urgent requests and emergencies

    def __post_init__(self) -> None:
        _check_common(self.language, reported_at=self.reported_at, visit_booked_at=self.visit_booked_at)


@dataclass(frozen=True)
class Charge:
    """One line of a receipt: what was charged (fee and period, in the slip's language) and how much."""

    description: str
    amount: Decimal

    def __post_init__(self) -> None:
        _check_money(f"charge {self.description!r}", self.amount)


@dataclass(frozen=True)
class ReceiptSlip:
    """A payment receipt (``paid``) or a payment slip still waiting for confirmation (``pending``)."""

    community_name: str
    receipt_number: str
    unit: str
    charges: tuple[Charge, ...]
    state: PaymentState
    issued_at: datetime
    status_url: str
    language: Language
    method: str = ""
    reference: str = ""
    # Full-width yen: it is in every Chinese printer font, unlike U+00A5.
    currency: str = "￥"
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_common(self.language, issued_at=self.issued_at)
        if not self.charges:
            raise ValueError(f"receipt {self.receipt_number}: a receipt lists at least one charge")
        if self.state not in PAYMENT_STATES:
            raise ValueError(f"receipt {self.receipt_number}: state must be paid or pending (got {self.state!r})")

    @property
    def total(self) -> Decimal:
        """The sum of the charges."""
        return sum((charge.amount for charge in self.charges), Decimal("0.00"))


@dataclass(frozen=True)
class EventPassSlip:
    """A signed-up owner's pass to a community event."""

    community_name: str
    pass_number: str
    event_title: str
    starts_at: datetime
    place: str
    unit: str
    people: int
    issued_at: datetime
    status_url: str
    language: Language
    ends_at: datetime | None = None
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_common(self.language, starts_at=self.starts_at, ends_at=self.ends_at, issued_at=self.issued_at)
        if self.people < 1:
            raise ValueError(f"event pass {self.pass_number}: at least one person comes (got {self.people})")
        if self.ends_at is not None and self.ends_at < self.starts_at:
            raise ValueError(f"event pass {self.pass_number}: the event ends before it starts")


@dataclass(frozen=True)
class VisitorPassSlip:
    """A visitor's pass: which unit they visit, until when, and where the guard checks it.

    ``visitor`` is a short description the desk chose to print (e.g. "快递" or "Mr Wang"), never
    required: the lobby rule against full names applies to paper left lying about too.
    """

    community_name: str
    pass_number: str
    visiting_unit: str
    valid_until: datetime
    issued_at: datetime
    status_url: str
    language: Language
    visitor: str = ""
    vehicle_plate: str = ""
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_common(self.language, valid_until=self.valid_until, issued_at=self.issued_at)
        if self.valid_until <= self.issued_at:
            raise ValueError(f"visitor pass {self.pass_number}: it must be valid for some time after issue")


@dataclass(frozen=True)
class PinSlip:
    """A PIN handed to an owner in private (e.g. to open their account on a phone); it has no QR code."""

    community_name: str
    pin: str
    purpose: str
    unit: str
    issued_at: datetime
    language: Language
    valid_until: datetime | None = None
    reprint: bool = False

    def __post_init__(self) -> None:
        _check_common(self.language, issued_at=self.issued_at, valid_until=self.valid_until)
        if not PIN_PATTERN.match(self.pin):
            # The PIN itself stays out of the message: messages end up in logs and journals.
            raise ValueError("a PIN is 4 to 12 digits or capital letters")


def _check_common(language: str, **times: datetime | None) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"slip language must be one of {', '.join(LANGUAGES)} (got {language!r})")
    for name, value in times.items():
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name.replace('_', ' ')} must carry its time zone")


def _check_money(what: str, amount: object) -> None:
    # Floats cannot hold most amounts of money exactly; a receipt must print what was charged.
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError(f"{what}: amount must be a finite Decimal (got {amount!r})")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{what}: amount {amount} has fractions of a cent")
