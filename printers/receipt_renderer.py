"""Renders ``receipt`` journal jobs: a confirmed payment's receipt, its charges and late fee line by line.

Only a confirmed payment prints as a receipt; a job for a payment that is not confirmed (it cannot be
journalled so by :mod:`desk.payments`, but a journal could be edited by hand) prints as the
"payment slip" that says, in large letters, it is not a receipt.

Owners see numbers, not record IDs: a receipt shows its receipt number, and only a slip still
waiting for the money shows the payment's reference (what a bank transfer must carry), labelled so.
The QR code opens ``/p/<ID>`` in the slip's language.
"""

from __future__ import annotations

from desk.catalog import say
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus, fee_label
from desk.money import ZERO
from desk.payments import RECEIPT
from desk.store import PrintJob
from desk.words import Language, in_language
from printers.layouts import receipt
from printers.renderers import RenderError, StoreRenderer, UnknownJobKindError, is_reprint, job_language
from printers.slips import Charge as ReceiptLine
from printers.slips import ReceiptSlip

LATE_FEE = {"zh": "滞纳金", "en": "Late fee"}
# The payee's QR kinds and the desk, as slip words; a method staff typed themselves prints as typed.
METHOD_WORDS = {"emvco": "method_qr", "url": "method_qr", "epc": "method_transfer", "desk": "method_desk"}


class ReceiptRenderer(StoreRenderer):
    """Renders ``receipt`` jobs for one printer; call it with a :class:`PrintJob`."""

    kinds: tuple[str, ...] = (RECEIPT,)

    def __call__(self, job: PrintJob) -> bytes:
        """The bytes that print this job."""
        if job.kind != RECEIPT:
            raise UnknownJobKindError(f"no layout prints {job.kind!r} jobs (job {job.id}); known kinds: {RECEIPT}")
        with self._store.transaction() as tx:
            payment = tx.get(Payment, job.ref)
            charges = tx.get_many(Charge, payment.charge_ids) if payment else {}
            waived = {cid: sum((w.amount for w in tx.find(Charge, "json_extract(body, '$.refers_to') = ?", (cid,))
                                if w.kind is EntryKind.WAIVER), ZERO) for cid in charges}
        if payment is None:
            raise RenderError(f"payment {job.ref} of print job {job.id} is not in the store")
        language = job_language(job, self._default_language)
        # What each charge cost when paid: its amount less any waiver, so the lines add up to the payment.
        lines = [ReceiptLine(fee_label(charges[cid][0], language), charges[cid][0].amount - waived[cid])
                 for cid in payment.charge_ids if cid in charges]
        if payment.late_fee > 0:
            lines.append(ReceiptLine(LATE_FEE[language], payment.late_fee))
        paid = payment.status is PaymentStatus.CONFIRMED and bool(payment.receipt_number)
        slip = ReceiptSlip(
            community_name=self.community(),
            receipt_number=payment.receipt_number if paid else "",
            unit=payment.unit_label,  # never the unit's record ID: a payment made before labels prints none
            charges=tuple(lines),
            state="paid" if paid else "pending",
            issued_at=(payment.confirmed_at or payment.created_at).astimezone(self._tz),
            status_url=in_language(self._status_url(payment.id), language),
            language=language,
            method=method_words(payment.method, language),
            reference="" if paid else payment.id,
            reprint=is_reprint(job),
        )
        return receipt(slip, self._profile)


def method_words(method: str, language: Language) -> str:
    """How a payment was made, in the slip's language."""
    key = METHOD_WORDS.get(method)
    return say(key, language) if key else method
