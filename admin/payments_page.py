"""``/staff/payments``' list: pending payments confirmed after a second look, a minute to undo, then adjustments.

Confirming money is the one click a clerk cannot take back by editing: it numbers a receipt and
settles charges. So the row's button only opens the payment (amount, reference, unit, what it
pays); the money is confirmed from there, and for a minute afterwards the page offers "Undo",
which writes a reversal row (``desk/payment_undo.py``), never an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from nicegui import run, ui

from admin.auth import StaffPage, StaffSession
from desk.ledger import Payment
from desk.money import money_text
from desk.payment_undo import UNDO_WINDOW, undo_confirmation
from desk.payments import PaymentDesk, PaymentError


class PaymentsPage:
    """One open payments page: its list, its confirmation dialog and the confirmations it may undo."""

    def __init__(self, payments: PaymentDesk, page: StaffPage, adjustments: Callable[[StaffPage, Callable[[], None]],
                                                                                     None]) -> None:
        self.payments = payments
        self.page = page
        self.adjustments = adjustments
        self.just_confirmed: dict[str, datetime] = {}  # payment ID -> when this page confirmed it

    def build(self) -> None:
        """Draw the page and keep the undo offers current."""
        self.undo_area = ui.column().classes("w-full gap-2")
        self.area = ui.column().classes("w-full gap-4")
        self.draw()
        ui.timer(5.0, self._draw_undo)

    def draw(self) -> None:
        """Redraw the pending list and the undo offers."""
        self._draw_undo()
        self.area.clear()
        with self.area:
            pending = self.payments.pending_payments()
            ui.label(f"Waiting for confirmation 待确认 ({len(pending)})").classes("text-xl font-bold")
            if not pending:
                ui.label("No payment is waiting. 暂无待确认付款").mark("payments-none")
            for payment in pending:
                with ui.row().classes("w-full items-center gap-4").mark(f"pending-{payment.id}"):
                    ui.label(f"{payment.id} · {payment.unit_label} · ¥{money_text(payment.amount)} · "
                             f"{payment.created_at:%Y-%m-%d %H:%M}").classes("font-mono")
                    self.page.button("Confirm 确认到账", "payments.review", partial(self._review, payment=payment),
                                     mark=f"confirm-{payment.id}").props("color=positive no-caps")
                    self.page.button("Cancel 取消", "payments.cancel", partial(self._cancel, payment_id=payment.id),
                                     mark=f"cancel-{payment.id}").props("outline no-caps")
            self.adjustments(self.page, self.draw)

    def _review(self, staff: StaffSession, payment: Payment) -> None:
        """The second look: what arrives, from whom, for what; then the money is confirmed from here."""
        account = self.payments.account(payment.unit)
        paid_for = [item for item in account.awaiting if item.charge.id in payment.charge_ids]
        with ui.dialog() as dialog, ui.card().classes("gap-3 p-6 min-w-[32rem]").mark("confirm-dialog"):
            ui.label("Did this money arrive? 这笔钱到账了吗？").classes("text-xl font-bold")
            ui.label(f"¥{money_text(payment.amount)}").classes("text-5xl font-extrabold").mark("confirm-amount")
            ui.label(f"Reference 付款参考号: {payment.id}").classes("font-mono text-lg").mark("confirm-reference")
            ui.label(f"Unit 房号: {payment.unit_label} · {payment.method} · "
                     f"{payment.created_at:%Y-%m-%d %H:%M}").classes("text-lg")
            for item in paid_for:
                ui.label(f"{item.charge.fee} {item.charge.period}: ¥{money_text(item.outstanding)}")\
                    .mark("confirm-charge")
            if payment.late_fee > 0:
                ui.label(f"Late fee 滞纳金: ¥{money_text(payment.late_fee)}").mark("confirm-charge")
            with ui.row().classes("gap-2 pt-2"):
                self.page.button("Yes, it arrived 确认到账", "payments.confirm",
                                 partial(self._confirm, payment_id=payment.id, dialog=dialog),
                                 mark="confirm-yes").props("color=positive no-caps size=lg")
                ui.button("Back 返回", on_click=dialog.close).props("outline no-caps").mark("confirm-back")
        dialog.open()

    async def _confirm(self, staff: StaffSession, payment_id: str, dialog: ui.dialog) -> None:
        dialog.close()
        try:
            done = await run.io_bound(self.payments.confirm, payment_id, by=staff.name)
        except PaymentError as error:
            ui.notify(str(error), type="warning")
            return
        if done is not None:
            self.just_confirmed[payment_id] = self.payments.now()
            ui.notify(f"Confirmed: receipt {done.payment.receipt_number} 已确认", type="positive")
        self.draw()

    async def _cancel(self, staff: StaffSession, payment_id: str) -> None:
        try:
            await run.io_bound(self.payments.cancel, payment_id, by=staff.name)
        except PaymentError as error:
            ui.notify(str(error), type="warning")
        self.draw()

    async def _undo(self, staff: StaffSession, payment_id: str) -> None:
        try:
            await run.io_bound(lambda: undo_confirmation(self.payments, payment_id, by=staff.name))
        except PaymentError as error:
            ui.notify(str(error), type="warning")
        else:
            ui.notify("Undone: a reversal row was added 已撤销（已记一笔冲正）", type="positive")
        self.just_confirmed.pop(payment_id, None)
        self.draw()

    def _draw_undo(self) -> None:
        now = self.payments.now()
        self.just_confirmed = {pid: at for pid, at in self.just_confirmed.items() if now - at <= UNDO_WINDOW}
        self.undo_area.clear()
        with self.undo_area:
            for payment_id, at in self.just_confirmed.items():
                payment = self.payments.payment(payment_id)
                if payment is None:
                    continue
                with ui.row().classes("w-full items-center gap-4 bg-green-50 rounded p-3").mark(f"undo-{payment_id}"):
                    ui.label(f"Confirmed 已确认 {payment.unit_label} ¥{money_text(payment.amount)} "
                             f"receipt {payment.receipt_number} at {at:%H:%M:%S}")
                    self.page.button("Undo 撤销", "payments.undo", partial(self._undo, payment_id=payment_id),
                                     mark=f"undo-button-{payment_id}").props("outline no-caps")
