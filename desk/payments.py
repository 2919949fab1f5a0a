"""Paying: a pending payment for chosen open charges, its confirmation, receipts, waivers and refunds.

A payment is **pending** until money is known to have arrived — staff set its row to confirmed (in
the sheet, then :meth:`PaymentDesk.settle_confirmed` runs after the sync, or in the console), the
provider's signed notice matches it (:meth:`PaymentDesk.confirm_by_provider`), or a bank statement
line carries its reference (:mod:`desk.statement`). Confirmation, in one transaction, gives the
receipt number — ``YEAR-NNNNNN``, the next of the site's sequence for that year, so numbers have no
gaps — marks the charges paid, and writes the late fee row. A receipt is printed only for a
confirmed payment (:meth:`PaymentDesk.print_receipt`); a pending one only ever prints as a
"payment slip" that says it is not a receipt.

The books are kept by unit. Staff read a unit's whole books (:meth:`PaymentDesk.account`); owners at
the kiosk read, pay and print only their own part (:meth:`PaymentDesk.owners_account`): after a sale
the sellers' charges, payments and arrears stay on the unit for staff, out of the buyers' sight
(:mod:`desk.owners_books`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from desk.clock import Clock
from desk.fee_overview import PastPayment, day_of, history_of, history_starts
from desk.ids import IdFactory
from desk.ledger import Account, Charge, EntryKind, Payment, PaymentStatus, account_of
from desk.ledger_index import LedgerIndex
from desk.money import ZERO, to_cents
from desk.occupancy import owners_since
from desk.owners_books import OwnersBooks, owners_books
from desk.store import Store, Transaction
from desk.units import Resident, Unit
from desk.webhook import Notification, NotificationRefusedError

RECEIPT = "receipt"  # the print job kind
RECEIPT_KEPT_FOR = timedelta(days=90)  # how long the kiosk offers to print a receipt not printed yet


class PaymentError(ValueError):
    """A payment action that does not apply now; the message says why, in words."""


@dataclass(frozen=True)
class Confirmation:
    """A payment after confirming it, and whether this call confirmed it (False: it already was)."""

    payment: Payment
    newly: bool


class PaymentDesk:
    """The payment rules over the store; one per site, shared by the kiosk, the console and the CLI."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self.index = LedgerIndex()

    def now(self) -> datetime:
        """The site's time now (the notice endpoint checks timestamps against it)."""
        return self._clock.now()

    # Reading the books

    def load_index(self) -> None:
        """Read the whole ledger into the index, off the store's connection (once per process)."""
        if not self.index.loaded:
            self.index.load(self._store.path)

    def account(self, unit_id: str) -> Account:
        """A unit's balance, open charges oldest first (with late fees today) and payments: staff's view.

        Every row of the unit, earlier owners' included; an owner at the kiosk reads :meth:`owners_account`.
        """
        self.load_index()
        with self._store.transaction() as tx:
            return self.index.account(tx, unit_id, self._clock.now().date())

    def owners_account(self, unit_id: str) -> Account:
        """The account of the unit's current owners: their charges and payments, never an earlier owner's."""
        now = self._clock.now()
        self.load_index()
        with self._store.transaction() as tx:
            return self._owners_account(tx, unit_id, now)

    def earlier_owners_due(self, unit_id: str) -> Decimal:
        """What the unit's earlier owners still owe today, late fees included: staff collect it from them."""
        now = self._clock.now()
        self.load_index()
        with self._store.transaction() as tx:
            unit = self.index.account(tx, unit_id, now.date())
            owners = self._owners_account(tx, unit_id, now)
        theirs = {item.charge.id for item in (*owners.open_charges, *owners.awaiting)}
        return sum((item.to_pay for item in (*unit.open_charges, *unit.awaiting) if item.charge.id not in theirs), ZERO)

    def _owners_account(self, tx: Transaction, unit_id: str, now: datetime) -> Account:
        books = self._owners_books(tx, unit_id, now)
        if books is None:
            return self.index.account(tx, unit_id, now.date())
        return account_of(unit_id, books.entries, books.payments, now.date())

    def _owners_books(self, tx: Transaction, unit_id: str, now: datetime) -> OwnersBooks | None:
        """The current owners' rows of a unit that was sold; None when every row of it is theirs."""
        by_unit = "json_extract(body, '$.unit') = ?"
        since = owners_since(tx.find(Resident, by_unit, (unit_id,)), now.date())
        if since is None:
            return None
        return owners_books(tx.find(Charge, by_unit, (unit_id,)), tx.find(Payment, by_unit, (unit_id,)), since,
                            self._clock.tz)

    def payment(self, payment_id: str) -> Payment | None:
        """The payment with this ID (its reference), or None."""
        with self._store.transaction() as tx:
            return tx.get(Payment, payment_id)

    def pending_payments(self) -> list[Payment]:
        """Every payment waiting for confirmation, oldest first."""
        with self._store.transaction() as tx:
            found = tx.find(Payment, "json_extract(body, '$.status') = ?", (PaymentStatus.PENDING.value,))
        return sorted(found, key=lambda p: p.created_at)

    # Paying

    def start_payment(self, unit_id: str, charge_ids: list[str], method: str) -> Payment:
        """A pending payment for the current owners' open charges, late fees of today included.

        PaymentError when one is not open, or is an earlier owner's: a buyer never pays the seller's.
        """
        if not charge_ids:
            raise PaymentError("choose at least one charge to pay")
        now = self._clock.now()
        self.load_index()
        with self._store.transaction() as tx:
            account = self._owners_account(tx, unit_id, now)
            open_by_id = {item.charge.id: item for item in account.open_charges}
            missing = [cid for cid in charge_ids if cid not in open_by_id]
            if missing:
                raise PaymentError(f"charge {missing[0]} is not open for payment by the unit's owners "
                                   "(paid, waived, awaiting a payment, or an earlier owner's)")
            chosen = [open_by_id[cid] for cid in charge_ids]
            unit = tx.get(Unit, unit_id)
            payment = Payment(
                id=tx.new_id(self._ids, Payment), unit=unit_id,
                unit_label=unit.label if unit else chosen[0].charge.unit_label,
                amount=sum((item.to_pay for item in chosen), ZERO), late_fee=sum((i.late_fee for i in chosen), ZERO),
                charges=" ".join(charge_ids), method=method, created_at=now,
            )
            tx.put(payment, actor="kiosk", at=now)
        return payment

    def cancel(self, payment_id: str, *, by: str) -> Payment:
        """Give up a pending payment (money never came), freeing its charges."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            payment = tx.get(Payment, payment_id)
            if payment is None or payment.status is not PaymentStatus.PENDING:
                raise PaymentError(f"{payment_id} is not a pending payment")
            cancelled = payment.model_copy(update={"status": PaymentStatus.CANCELLED, "confirmed_by": by})
            tx.put(cancelled, actor=by, at=now)
        return cancelled

    # Confirming

    def confirm(self, payment_id: str, *, by: str, provider_transaction: str = "") -> Confirmation:
        """Confirm that a payment's money arrived; idempotent (a confirmed payment is left as it is)."""
        with self._store.transaction() as tx:
            payment = tx.get(Payment, payment_id)
            if payment is None:
                raise PaymentError(f"no payment has the reference {payment_id}")
            if payment.status is PaymentStatus.CONFIRMED and payment.receipt_number:
                return Confirmation(payment, newly=False)
            return Confirmation(self._complete(tx, payment, by, provider_transaction), newly=True)

    def confirm_by_provider(self, notice: Notification) -> Confirmation:
        """Confirm the payment a provider's checked notice names; NotificationRefusedError says why not.

        Idempotent by the provider's transaction ID: the same notice twice confirms once; a notice for
        a payment staff confirmed already only notes the transaction. A known transaction ID naming
        another payment, an unknown reference, a cancelled payment, or an amount not exactly the
        payment's, are refused.
        """
        with self._store.transaction() as tx:
            seen = tx.find(Payment, "json_extract(body, '$.provider_transaction') = ?", (notice.transaction_id,))
            if seen:
                if seen[0].id == notice.reference:
                    return Confirmation(seen[0], newly=False)
                raise NotificationRefusedError(
                    "replay", f"transaction {notice.transaction_id} already confirmed payment {seen[0].id}")
            payment = tx.get(Payment, notice.reference)
            if payment is None:
                raise NotificationRefusedError("unknown-reference", f"no payment has the reference {notice.reference}")
            staff_confirmed = payment.status is PaymentStatus.CONFIRMED and not payment.provider_transaction
            if payment.status is not PaymentStatus.PENDING and not staff_confirmed:
                raise NotificationRefusedError(
                    "not-pending", f"payment {payment.id} is {payment.status.value}, not pending")
            if to_cents(notice.amount) != payment.amount or notice.amount != notice.amount.quantize(Decimal("0.01")):
                raise NotificationRefusedError(
                    "wrong-amount", f"payment {payment.id} is for {payment.amount}, the notice says {notice.amount}")
            if staff_confirmed and payment.receipt_number:
                # Staff saw the money first; the provider's word agrees: note its transaction, number nothing.
                noted = payment.model_copy(update={"provider_transaction": notice.transaction_id})
                tx.put(noted, actor="provider", at=self._clock.now())
                return Confirmation(noted, newly=False)
            done = self._complete(tx, payment, "provider", notice.transaction_id)
        return Confirmation(done, newly=True)

    def settle_confirmed(self) -> list[Payment]:
        """Finish the payments staff set to confirmed in the sheet: receipt number, charges paid. Idempotent.

        Runs after every sync cycle; a payment already finished is skipped.
        """
        finished = []
        with self._store.transaction() as tx:
            waiting = tx.find(
                Payment,
                "json_extract(body, '$.status') = ? AND json_extract(body, '$.receipt_number') = ''",
                (PaymentStatus.CONFIRMED.value,),
            )
            for payment in waiting:
                finished.append(self._complete(tx, payment, payment.confirmed_by or "staff (sheet)", ""))
        return finished

    def _complete(self, tx: Transaction, payment: Payment, by: str, provider_transaction: str) -> Payment:
        now = self._clock.now()
        number = tx.next_in_sequence(f"receipt:{self._ids.site_code}:{now.year}")
        done = payment.model_copy(update={
            "status": PaymentStatus.CONFIRMED,
            "confirmed_by": payment.confirmed_by or by,
            "confirmed_at": now,
            "receipt_number": f"{now.year}-{number:06d}",
            "provider_transaction": provider_transaction or payment.provider_transaction,
        })
        tx.put(done, actor=by, at=now)
        for charge, _revision in tx.get_many(Charge, payment.charge_ids).values():
            if not charge.paid_by:
                tx.put(charge.model_copy(update={"paid_by": payment.id}), actor=by, at=now)
        if payment.late_fee > 0 and not tx.find(Charge, "json_extract(body, '$.key') = ?", (f"late|{payment.id}",)):
            tx.put(Charge(
                id=tx.new_id(self._ids, Charge), unit=payment.unit, unit_label=payment.unit_label,
                kind=EntryKind.LATE_FEE, fee="Late fee", amount=payment.late_fee, refers_to=payment.id,
                key=f"late|{payment.id}", paid_by=payment.id, created_at=now,
            ), actor=by, at=now)
        return done

    # Receipts

    def print_receipt(self, payment_id: str, lang: str, unit_id: str) -> bool:
        """Journal the receipt of a confirmed payment of this unit; False when it is not confirmed, or another's.

        The unit is the signed-in owner's: a receipt names a unit and what it paid, and prints only for it.
        Every print after the first is marked as a copy on the slip (REPRINT, 补打 COPY): one payment, one
        original receipt, however often the owner asks for it again.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            payment = tx.get(Payment, payment_id)
            if payment is None or payment.unit != unit_id:
                return False
            if payment.status is not PaymentStatus.CONFIRMED or not payment.receipt_number:
                return False
            printed_before = tx.print_job_status(payment_id) is not None
            tx.add_print_job(RECEIPT, payment_id, {"lang": lang, "reprint": printed_before}, at=now)
        return True

    def receipt_printed(self, payment_id: str) -> bool:
        """Whether a receipt of this payment was ever journalled."""
        with self._store.transaction() as tx:
            return tx.print_job_status(payment_id) is not None

    def receipts_to_print(self, account: Account) -> list[Payment]:
        """The account's payments confirmed in the last 90 days whose receipt was never printed, newest first."""
        since = self._clock.now() - RECEIPT_KEPT_FOR
        recent = [p for p in account.confirmed if p.confirmed_at is not None and p.confirmed_at >= since]
        with self._store.transaction() as tx:
            unprinted = [p for p in recent if tx.print_job_status(p.id) is None]
        return sorted(unprinted, key=lambda p: p.confirmed_at or p.created_at, reverse=True)

    def history(self, unit_id: str) -> list[PastPayment]:
        """The current owners' payments of the last twelve months, newest first: what each paid, its receipt's state."""
        now = self._clock.now()
        self.load_index()
        with self._store.transaction() as tx:
            since = history_starts(now.date())
            books = self._owners_books(tx, unit_id, now)
            theirs = self.index.payments_of(tx, unit_id) if books is None else books.payments
            payments = [p for p in theirs if day_of(p, now.tzinfo) >= since]
            wanted = [cid for payment in payments for cid in payment.charge_ids]
            charges = {cid: charge for cid, (charge, _revision) in tx.get_many(Charge, wanted).items()}
            printed = {p.id for p in payments
                       if p.status is PaymentStatus.CONFIRMED and tx.print_job_status(p.id) is not None}
        return history_of(payments, charges, printed, now.date(), now.tzinfo)

    # Adjustments: new rows, never edits

    def waive(self, charge_id: str, amount: Decimal, *, by: str, note: str) -> Charge:
        """Waive some or all of an open charge, as a new waiver row."""
        return self._adjust(EntryKind.WAIVER, charge_id, amount, by=by, note=note)

    def refund(self, payment_id: str, amount: Decimal, *, by: str, note: str) -> Charge:
        """Refund some or all of a confirmed payment, as a new refund row."""
        return self._adjust(EntryKind.REFUND, payment_id, amount, by=by, note=note)

    def _adjust(self, kind: EntryKind, target: str, amount: Decimal, *, by: str, note: str) -> Charge:
        now = self._clock.now()
        if amount <= 0 or amount != to_cents(amount):
            raise PaymentError(f"{amount} is not an amount in cents above zero")
        with self._store.transaction() as tx:
            if kind is EntryKind.WAIVER:
                charge = tx.get(Charge, target)
                if charge is None or charge.kind is not EntryKind.CHARGE:
                    raise PaymentError(f"{target} is not a charge")
                waived = sum((w.amount for w in tx.find(Charge, "json_extract(body, '$.refers_to') = ?", (target,))
                              if w.kind is EntryKind.WAIVER), ZERO)
                if charge.paid_by or amount > charge.amount - waived:
                    raise PaymentError(f"only {charge.amount - waived} of {target} is left to waive"
                                       if not charge.paid_by else f"{target} is paid already; refund instead")
                unit, label, fee, period = charge.unit, charge.unit_label, charge.fee, charge.period
            else:
                payment = tx.get(Payment, target)
                if payment is None or payment.status is not PaymentStatus.CONFIRMED:
                    raise PaymentError(f"{target} is not a confirmed payment")
                refunded = sum((r.amount for r in tx.find(Charge, "json_extract(body, '$.refers_to') = ?", (target,))
                                if r.kind is EntryKind.REFUND), ZERO)
                if amount > payment.amount - refunded:
                    raise PaymentError(f"only {payment.amount - refunded} of {target} is left to refund")
                unit, label, fee, period = payment.unit, payment.unit_label, "Refund", ""
            row = Charge(id=tx.new_id(self._ids, Charge), unit=unit, unit_label=label, kind=kind, fee=fee,
                         period=period, amount=amount, refers_to=target, created_at=now, note=note)
            tx.put(row, actor=by, at=now)
        return row

