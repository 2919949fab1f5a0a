"""Paying fees at the kiosk: open charges oldest first, a payment QR, a live wait, then the receipt.

Steps, per screen: ``charges`` (the overview — to pay, past due, late fees, waiting for confirmation,
paid this month, each on its own line — then what is due, preselected oldest first, and the total)
-> ``qr`` (the payment QR with its amount and reference; the screen polls the store
until the payment is confirmed — by staff, the provider's notice or a bank statement) -> ``paid``
(the receipt is journalled and prints). "I'll pay later" leaves the payment pending; its receipt can
be printed from the ``charges`` step once it is confirmed. ``history`` (from ``charges``) lists the last
twelve months' payments, and prints any receipt again, marked as a copy.

Nobody touching the ``qr`` step for the idle time turns it into ``still_there``: the QR stays for an
owner still paying with a phone, but their unit and the amount are hidden from whoever walks up,
and a big button brings them back. Untouched until ``KEEP_AWAKE_SECONDS`` after the QR appeared
(and one idle time at least), the screen goes home and signs the owner out. Payment confirmations
are still watched for in ``still_there``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from nicegui import ui

from desk.catalog import CATALOG, say
from desk.fee_overview import FeesOverview, PastPayment, day_of, overview_of
from desk.ledger import Account, OpenCharge, Payment, PaymentStatus, fee_label
from desk.money import ZERO, money_text
from desk.payment_qr import PayeeDetails, PayloadError
from desk.payments import PaymentDesk, PaymentError
from desk.print_journal import NOT_PRINTED
from kiosk.features import FeatureHost, HomeTile, StepFeature
from kiosk.payments_account import history_page, overview_lines, what_it_paid
from kiosk.payments_pages import register_payment_pages
from kiosk.qr import qr_data_uri
from kiosk.widgets import action, message, title

KEEP_AWAKE_SECONDS = 300.0  # how long the QR stays up for an owner paying with a phone, their unit hidden when idle
POLL_SECONDS = 1.0


@dataclass
class PayScreen:
    """One screen's place in the flow; the unit's account is loaded off the event loop when first drawn."""

    step: str = "charges"
    account: Account | None = None
    overview: FeesOverview | None = None
    selected: list[str] = field(default_factory=list)
    payment: Payment | None = None
    qr_image: str = ""
    qr_shown_at: float = 0.0
    note: str = ""
    receipt_number: str = ""
    unprinted: list[Payment] = field(default_factory=list)  # confirmed lately, receipt never printed
    history: list[PastPayment] | None = None  # None until loaded
    printing: bool = False  # a receipt is being journalled: a second tap prints nothing more


class PayFeesFeature(StepFeature[PayScreen]):
    """The "Pay fees" tile: needs a signed-in owner, no clerk (it works at night); the QR waits through idle."""

    tile = HomeTile(key="pay", icon="payments", title=CATALOG["pay_tile"], hint=CATALOG["pay_tile_hint"],
                    needs_sign_in=True, needs_clerk=False, order=30)

    def __init__(self, payments: PaymentDesk, payee: Callable[[], PayeeDetails], *, webhook_secret: Callable[[], str],
                 status_url: Callable[[str], str], wake_printer: Callable[[], None]) -> None:
        super().__init__(PayScreen)
        self.payments = payments
        self.payee = payee
        self.webhook_secret = webhook_secret
        self.status_url = status_url
        self.wake_printer = wake_printer

    def register_pages(self) -> None:
        """The provider's notice endpoint and the payment status page for phones."""
        register_payment_pages(self.payments, self.webhook_secret, self.payments.now)

    async def _load(self, host: FeatureHost, screen: PayScreen) -> None:
        """Read the owners' account (never an earlier owner's charges) and preselect every open charge, oldest first."""
        if host.session is None:
            return
        account = await host.in_background(self.payments.owners_account, host.session.unit_id)
        if account is None:
            return
        screen.unprinted = await host.in_background(self.payments.receipts_to_print, account) or []
        screen.account, screen.overview = account, overview_of(account, self.payments.now())
        screen.selected = [item.charge.id for item in account.open_charges]
        host.redraw()

    def draw_step(self, host: FeatureHost, screen: PayScreen) -> None:
        """The charges, the QR, "Still there?", the receipt, or the history."""
        steps = {"charges": self._charges, "qr": self._qr, "still_there": self._still_there, "paid": self._paid,
                 "history": self._history}
        with ui.column().classes("w-full max-w-4xl items-center gap-6"):
            steps[screen.step](host, screen)

    def on_idle(self, host: FeatureHost) -> bool:
        """The QR outlasts the idle time, its owner hidden; every other step lets the screen go home."""
        screen = self.screens.of(host)
        if screen.step == "qr":
            screen.step = "still_there"
            host.hide_owner(True)
            host.redraw()
            return True
        return screen.step == "still_there" and host.monotonic() - screen.qr_shown_at < KEEP_AWAKE_SECONDS

    # Step 1: what is due

    def _charges(self, host: FeatureHost, screen: PayScreen) -> None:
        lang, account = host.lang, screen.account
        title(say("fees_title", lang, unit=host.session.unit_label if host.session else ""), "pay-title")
        if account is None or screen.overview is None:
            ui.spinner(size="xl")
            ui.timer(0.01, lambda: self._load(host, screen), once=True)
            return
        overview_lines(screen.overview, lang, lambda: self._open_history(host, screen))
        if account.open_charges:
            # The total and Pay come before the list, so they show without scrolling however many charges are open.
            chosen = self._chosen_total(screen)
            ui.label(say("total", lang, amount=money_text(chosen))).classes("text-4xl font-bold mt-2")\
                .mark("pay-total")
            if self.payee().problems():
                message(say("not_set_up", lang), "pay-not-set-up", warning=True)
            else:
                action(say("pay", lang, amount=money_text(chosen)), lambda: self._pay(host, screen), "pay-start")
        if screen.note:
            message(screen.note, "pay-note")
        if account.open_charges:
            message(say("oldest_first", lang), "pay-oldest-first")
            with ui.column().classes("w-full gap-3"):
                for item in account.open_charges:
                    self._charge_row(host, screen, item)
        self._waiting_and_receipts(host, screen, account)
        action(say("back", lang), lambda: host.go_home(), "pay-back", primary=False)

    def _charge_row(self, host: FeatureHost, screen: PayScreen, item: OpenCharge) -> None:
        lang, charge = host.lang, item.charge
        on = charge.id in screen.selected
        parts = [fee_label(charge, lang), f"¥{money_text(item.outstanding)}"]
        if item.late_fee > 0:
            parts.append(say("late_fee", lang, amount=money_text(item.late_fee)))
        if item.days_overdue:
            parts.append(say("day_late" if item.days_overdue == 1 else "days_late", lang, days=item.days_overdue))
        elif charge.due is not None:
            parts.append(say("due_on", lang, date=charge.due.isoformat()))
        button = ui.button(" · ".join(parts), icon="check_box" if on else "check_box_outline_blank",
                           on_click=lambda _, cid=charge.id: self._toggle(host, screen, cid))
        button.classes("kiosk-button w-full justify-start text-left")
        button.props("no-caps align=left " + ("color=primary unelevated" if on else "outline"))
        button.mark(f"pay-charge-{charge.id}")

    def _toggle(self, host: FeatureHost, screen: PayScreen, charge_id: str) -> None:
        """Oldest first: choosing a charge chooses every older one; dropping it drops every newer one."""
        assert screen.account is not None
        order = [item.charge.id for item in screen.account.open_charges]
        position = order.index(charge_id)
        screen.selected = order[:position] if charge_id in screen.selected else order[: position + 1]
        host.redraw()

    def _chosen_total(self, screen: PayScreen) -> Decimal:
        assert screen.account is not None
        return sum((i.to_pay for i in screen.account.open_charges if i.charge.id in screen.selected), ZERO)

    def _waiting_and_receipts(self, host: FeatureHost, screen: PayScreen, account: Account) -> None:
        lang = host.lang
        if account.pending:
            ui.label(say("awaiting", lang)).classes("text-3xl font-bold mt-4")
            message(say("awaiting_hint", lang), "pay-awaiting-hint")
            zone = self.payments.now().tzinfo
            for payment in account.pending:
                charges = [item.charge for item in account.awaiting if item.charge.id in payment.charge_ids]
                with ui.column().classes("w-full gap-2 p-4 bg-white rounded-xl shadow"):
                    ui.label(say("awaiting_row", lang, amount=money_text(payment.amount),
                                  what=what_it_paid(charges, payment.late_fee, lang),
                                  date=day_of(payment, zone).isoformat()))\
                        .classes("text-2xl").mark(f"pay-awaiting-{payment.id}")
                    action(say("show_qr", lang), lambda _, p=payment: self._show_qr(host, screen, p),
                           f"pay-show-qr-{payment.id}", primary=False)
        if screen.unprinted:
            ui.label(say("receipts", lang)).classes("text-3xl font-bold mt-4")
            for payment in screen.unprinted:
                with ui.row().classes("w-full items-center justify-between"):
                    ui.label(say("receipt_row", lang, number=payment.receipt_number,
                                  amount=money_text(payment.amount))).classes("text-2xl")
                    action(say("print", lang), lambda _, p=payment: self._print_later(host, screen, p),
                           f"pay-print-{payment.id}")

    async def _pay(self, host: FeatureHost, screen: PayScreen) -> None:
        if not screen.selected or host.session is None:
            screen.note = say("choose_one", host.lang)
            host.redraw()
            return
        try:
            payment = await host.in_background(self.payments.start_payment, host.session.unit_id,
                                               list(screen.selected), self.payee().scheme)
        except PaymentError:
            payment = None
        if payment is None:
            screen.note = say("busy", host.lang)
            screen.account = await host.in_background(self.payments.owners_account, host.session.unit_id)
            host.redraw()
            return
        self._show_qr(host, screen, payment)

    def _show_qr(self, host: FeatureHost, screen: PayScreen, payment: Payment) -> None:
        try:
            payload = self.payee().payload(payment.amount, payment.id)
        except PayloadError:
            screen.note = say("not_set_up", host.lang)
            host.redraw()
            return
        screen.payment, screen.qr_image, screen.step = payment, qr_data_uri(payload), "qr"
        screen.qr_shown_at = host.monotonic()
        host.redraw()

    async def _print_later(self, host: FeatureHost, screen: PayScreen, payment: Payment) -> None:
        if host.session is None:
            return  # the owner's session ended: nothing of theirs prints for whoever stands here now
        printed = await host.in_background(self.payments.print_receipt, payment.id, host.lang, host.session.unit_id)
        self.wake_printer()
        if not printed:
            said = say("busy", host.lang)
        elif host.print_outcome(payment.id) == NOT_PRINTED:
            said = say("no_printer", host.lang)
        else:
            said = say("printing_now", host.lang, number=payment.receipt_number)
        screen.note, screen.account = said, None  # drawn again, it reloads
        host.redraw()

    # The history: the last twelve months, any receipt printed again

    def _open_history(self, host: FeatureHost, screen: PayScreen) -> None:
        screen.step, screen.history, screen.note = "history", None, ""
        host.redraw()

    def _history(self, host: FeatureHost, screen: PayScreen) -> None:
        unit = host.session.unit_label if host.session else ""
        loaded = history_page(host.lang, unit, screen.history, screen.note,
                              lambda entry: self._print_again(host, screen, entry),
                              lambda: self._back_to_fees(host, screen))
        if not loaded:
            ui.timer(0.01, lambda: self._load_history(host, screen), once=True)

    async def _load_history(self, host: FeatureHost, screen: PayScreen) -> None:
        if host.session is None:
            return
        screen.history = await host.in_background(self.payments.history, host.session.unit_id) or []
        host.redraw()

    async def _print_again(self, host: FeatureHost, screen: PayScreen, entry: PastPayment) -> None:
        """Journal the receipt once more; every print after the first is marked as a copy on paper."""
        if screen.printing or host.session is None:
            return
        screen.printing = True
        try:
            printed = await host.in_background(self.payments.print_receipt, entry.payment.id, host.lang,
                                               host.session.unit_id)
        finally:
            screen.printing = False
        self.wake_printer()
        number = entry.payment.receipt_number
        if not printed:
            said = say("busy", host.lang)
        elif host.print_outcome(entry.payment.id) == NOT_PRINTED:
            said = say("no_printer", host.lang)
        else:
            said = say("printing_copy" if entry.receipt_printed else "printing_now", host.lang, number=number)
        screen.note, screen.history = said, None  # drawn again, it reloads: the button now says "Print again"
        host.redraw()

    def _back_to_fees(self, host: FeatureHost, screen: PayScreen) -> None:
        screen.step, screen.account, screen.note = "charges", None, ""  # drawn again, it reloads
        host.redraw()

    # Step 2: the QR code and the live wait

    def _qr(self, host: FeatureHost, screen: PayScreen) -> None:
        lang, payment = host.lang, screen.payment
        assert payment is not None
        title(say("scan_to_pay", lang), "pay-scan")
        ui.label(f"¥{money_text(payment.amount)}").classes("kiosk-number").props("data-testid=pay-amount")\
            .mark("pay-amount")
        ui.image(screen.qr_image).classes("w-96 h-96").mark("pay-qr").props(f"alt={payment.id}")
        # The reference is in the QR; it is shown only for an owner who must type it into a bank transfer.
        ui.label(say("reference_hint", lang)).classes("text-2xl text-gray-700").mark("pay-reference-hint")
        ui.label(say("reference", lang, reference=payment.id)).classes("text-3xl font-mono")\
            .props("data-testid=pay-reference").mark("pay-reference")
        with ui.row().classes("items-center gap-4"):
            ui.spinner(size="lg")
            ui.label(say("waiting", lang)).classes("text-3xl").mark("pay-waiting")
        action(say("pay_later", lang), lambda: self._later(host, screen), "pay-later", primary=False)
        ui.timer(POLL_SECONDS, lambda: self._poll(host, screen))

    async def _poll(self, host: FeatureHost, screen: PayScreen) -> None:
        if screen.step not in ("qr", "still_there") or screen.payment is None:
            return
        current = await host.in_background(self.payments.payment, screen.payment.id)
        if current is None or screen.step not in ("qr", "still_there") or current.status is not PaymentStatus.CONFIRMED:
            return
        if not current.receipt_number:
            return  # staff confirmed it in the sheet; the after-sync step numbers it in a moment
        screen.step, screen.payment, screen.receipt_number = "paid", current, current.receipt_number
        if host.session is not None:
            await host.in_background(self.payments.print_receipt, current.id, host.lang, host.session.unit_id)
        self.wake_printer()
        host.redraw()

    def _still_there(self, host: FeatureHost, screen: PayScreen) -> None:
        """The QR alone: no unit, no amount, no reference, until the owner says they are still here."""
        lang = host.lang
        title(say("still_there", lang), "pay-still-there")
        message(say("still_there_hint", lang), "pay-still-there-hint")
        ui.image(screen.qr_image).classes("w-96 h-96").mark("pay-qr")
        action(say("still_here", lang), lambda: self._still_here(host, screen), "pay-still-here")\
            .classes("kiosk-tile w-full max-w-2xl")
        ui.timer(POLL_SECONDS, lambda: self._poll(host, screen))

    def _still_here(self, host: FeatureHost, screen: PayScreen) -> None:
        if screen.step != "still_there":
            return  # the payment arrived meanwhile: the receipt is on screen
        screen.step = "qr"
        host.hide_owner(False)
        host.redraw()

    def _later(self, host: FeatureHost, screen: PayScreen) -> None:
        screen.step, screen.payment, screen.account = "charges", None, None  # drawn again, it reloads
        screen.note = say("later_note", host.lang)
        host.redraw()

    # Step 3: paid

    def _paid(self, host: FeatureHost, screen: PayScreen) -> None:
        lang = host.lang
        ui.icon("check_circle").classes("text-9xl text-green-800")
        title(say("paid", lang), "pay-paid")
        if screen.payment is not None and host.print_outcome(screen.payment.id) == NOT_PRINTED:
            message(say("receipt_number", lang, number=screen.receipt_number), "pay-receipt-number")
            message(say("no_printer", lang), "pay-no-printer", warning=True)
        else:
            message(say("receipt_printing", lang, number=screen.receipt_number), "pay-receipt-number")
        action(say("done", lang), lambda: host.go_home(), "pay-done")
