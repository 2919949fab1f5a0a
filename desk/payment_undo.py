"""Undoing a confirmation made by mistake: within a minute, as a new reversal row, never an edit."""

from __future__ import annotations

from datetime import timedelta

from desk.ledger import Charge, PaymentStatus
from desk.payments import PaymentDesk, PaymentError

UNDO_WINDOW = timedelta(minutes=1)  # long enough to see a wrong click, short enough that a receipt is not yet out
UNDO_NOTE = "Confirmation undone 撤销确认"


def undo_confirmation(payments: PaymentDesk, payment_id: str, *, by: str) -> Charge:
    """Reverse a confirmation made less than a minute ago with a refund row of the whole amount.

    The payment keeps its receipt number and its row; the reversal puts the amount back on the
    unit's balance, and both rows stay in the history, as with any refund.
    """
    payment = payments.payment(payment_id)
    if payment is None or payment.status is not PaymentStatus.CONFIRMED or payment.confirmed_at is None:
        raise PaymentError(f"{payment_id} is not a confirmed payment · 这笔付款未确认")
    if payments.now() - payment.confirmed_at > UNDO_WINDOW:
        raise PaymentError("confirmed more than a minute ago: a manager records a refund instead · "
                           "确认已超过一分钟，请由经理办理退款")
    return payments.refund(payment_id, payment.amount, by=by, note=UNDO_NOTE)
