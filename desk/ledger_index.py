"""Every unit's books in memory, kept current from the rows changed since the last look.

The store keeps records as JSON, so finding one unit's rows would read every row of the Charges tab.
The index instead reads only the rows written since the newest revision it saw (the store's
``(tab, revision)`` index makes that cheap), and only a few of their fields, which SQLite extracts
without building a record:

- per unit, what all its Charges rows owe (charges + late fees + refunds - waivers): a paid charge
  is counted here once and then forgotten, since amounts never change;
- its unpaid charges and the waivers on them, as small lines (enough for the arrears report);
- its payments' status, amount and charges.

An owner's account then reads just that unit's unpaid charges and payments by ID: a few dozen rows,
whatever the size of the ledger.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, TypeVar

from desk.ledger import Account, Charge, EntryKind, Payment, PaymentStatus, account_from
from desk.money import ZERO
from desk.store import Transaction

R = TypeVar("R", Charge, Payment)

# Plain strings, not the enum: the index reads hundreds of thousands of rows, and enum attribute
# access is slow in Python 3.11.
CHARGE, WAIVER = EntryKind.CHARGE.value, EntryKind.WAIVER.value
SIGN = {CHARGE: 1, EntryKind.LATE_FEE.value: 1, EntryKind.REFUND.value: 1, WAIVER: -1}


class UnpaidLine(NamedTuple):
    """What the arrears report needs of an unpaid charge; the rarely used fields stay as stored text."""

    amount: Decimal
    due: str | None  # ISO date: compares as dates do
    late_percent_per_day: str
    late_cap_percent: str


class PaymentLine(NamedTuple):
    """What the index needs of a payment."""

    status: str
    amount: Decimal
    charges: tuple[str, ...]


@dataclass
class UnitBooks:
    """One unit's books as the index keeps them."""

    owed: Decimal = ZERO
    unpaid: dict[str, UnpaidLine] = field(default_factory=dict)
    waived: dict[str, Decimal] = field(default_factory=dict)
    payments: dict[str, PaymentLine] = field(default_factory=dict)

    def in_pending(self) -> set[str]:
        """The charges some pending payment is for."""
        return {cid for p in self.payments.values() if p.status == PaymentStatus.PENDING.value for cid in p.charges}


class LedgerIndex:
    """The books of every unit, refreshed incrementally; thread-safe.

    ``with_payments=False`` keeps no payment lines: enough for the arrears report (unpaid charges and
    their waivers), which runs in the sync child, where the payment lines of five years (~30 MB on the
    large demo) served nothing. Such an index gives no accounts.
    """

    def __init__(self, *, with_payments: bool = True) -> None:
        self.with_payments = with_payments
        self._lock = threading.Lock()
        self._revision = 0
        self._books: dict[str, UnitBooks] = {}
        # Records already read for an account, dropped when their row changes.
        self._charges: dict[str, Charge] = {}
        self._payments: dict[str, Payment] = {}

    @property
    def loaded(self) -> bool:
        """Whether the index has read the ledger once."""
        return self._revision > 0

    def load(self, database: Path) -> None:
        """Read the whole ledger on a connection of its own, so the store stays free meanwhile.

        A big ledger takes seconds to read; on the store's shared connection that would hold every
        screen's tap until it is done. A read transaction on a second connection sees one committed
        snapshot (the store runs in WAL mode) without blocking anyone; later refreshes take what was
        written after that snapshot.
        """
        with self._lock:
            if self._revision:
                return
            conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
            try:
                conn.execute("BEGIN")
                snapshot = Transaction(conn)
                self._read(snapshot, snapshot.last_revision())
                conn.execute("COMMIT")
            finally:
                conn.close()

    def refresh(self, tx: Transaction) -> None:
        """Take in the rows written since the last refresh (call inside any transaction)."""
        with self._lock:
            self._read(tx, tx.last_revision())

    def _read(self, tx: Transaction, newest: int) -> None:
        """Take in the Charges and Payments rows written after the last revision read, up to ``newest``."""
        if newest == self._revision:
            return
        since = self._revision
        for record_id, fields in tx.charge_fields_since(since):
            self._take_charge(tx, since, record_id, fields)
        for record_id, fields in tx.payment_fields_since(since) if self.with_payments else ():
            unit, status, amount, charges = json.loads(fields)
            self._payments.pop(record_id, None)
            books = self._books.setdefault(unit, UnitBooks())
            books.payments[record_id] = PaymentLine(status, Decimal(amount), tuple((charges or "").split()))
        self._revision = newest

    def _take_charge(self, tx: Transaction, since: int, record_id: str, fields: str) -> None:
        unit, kind, amount, paid_by, refers_to, due, percent, cap = json.loads(fields)
        if self._charges:
            self._charges.pop(record_id, None)
        books = self._books.get(unit)
        if books is None:
            books = self._books[unit] = UnitBooks()
        value = Decimal(amount)
        if since == 0 or tx.first_written_after(record_id, since):
            books.owed += value * SIGN[kind]
            if kind == WAIVER and refers_to:
                books.waived[refers_to] = books.waived.get(refers_to, ZERO) + value
        if kind == CHARGE:
            if paid_by:
                books.unpaid.pop(record_id, None)
            else:
                books.unpaid[record_id] = UnpaidLine(value, due, percent, cap)

    def books(self, unit: str) -> UnitBooks:
        """A copy of a unit's books as of the last refresh."""
        with self._lock:
            found = self._books.get(unit, UnitBooks())
            return UnitBooks(found.owed, dict(found.unpaid), dict(found.waived), dict(found.payments))

    def all_books(self) -> dict[str, UnitBooks]:
        """Every unit's books as of the last refresh (copies of the containers, for the arrears report)."""
        with self._lock:
            return {unit: UnitBooks(b.owed, dict(b.unpaid), dict(b.waived), dict(b.payments))
                    for unit, b in self._books.items()}

    def account(self, tx: Transaction, unit: str, today: date) -> Account:
        """A unit's account: refresh, then read only its unpaid charges and payments."""
        self._refuse_without_payments()
        self.refresh(tx)
        books = self.books(unit)
        unpaid = self._records(tx, Charge, list(books.unpaid), self._charges)
        payments = self._records(tx, Payment, list(books.payments), self._payments)
        return account_from(unit, unpaid, books.waived, books.owed, payments, today)

    def payments_of(self, tx: Transaction, unit: str) -> list[Payment]:
        """Every payment of a unit, whatever its status: refresh, then read only that unit's payments."""
        self._refuse_without_payments()
        self.refresh(tx)
        return self._records(tx, Payment, list(self.books(unit).payments), self._payments)

    def _refuse_without_payments(self) -> None:
        if not self.with_payments:
            raise LookupError("this ledger index keeps no payments, so it gives no accounts")

    def _records(self, tx: Transaction, kind: type[R], wanted: list[str], cache: dict[str, R]) -> list[R]:
        """The records with these IDs, read from the store only when not read before."""
        with self._lock:
            found = {record_id: cache[record_id] for record_id in wanted if record_id in cache}
        missing = [record_id for record_id in wanted if record_id not in found]
        if missing:
            read = {record_id: record for record_id, (record, _revision) in tx.get_many(kind, missing).items()}
            with self._lock:
                cache.update(read)
            found.update(read)
        return [found[record_id] for record_id in wanted if record_id in found]
