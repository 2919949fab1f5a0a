"""What the fees screen tells an owner in words: the overview of sums, and the payment history.

The overview says each sum on a line of its own — to pay, past due, late fees, waiting for
confirmation, paid this month — so a payment waiting for confirmation is never read as a debt. The
history lists the last twelve months' payments with what each paid, its state in words and its
receipt number, and offers to print any receipt again. No record ID is shown: owners know a payment
by its day, its amount and its receipt number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from nicegui import ui

from desk.catalog import say
from desk.fee_overview import FeesOverview, PastPayment
from desk.ledger import Charge, PaymentStatus, fee_label
from desk.money import money_text
from kiosk.widgets import action, message, title


def what_it_paid(charges: Iterable[Charge], late_fee: Decimal, lang: str) -> str:
    """The fees a payment settles, by name and month, and its late fee: ``物业费 2026-10、滞纳金 ¥5.08``."""
    parts = [fee_label(charge, lang) for charge in charges]
    if late_fee > 0:
        parts.append(say("late_fee_part", lang, amount=money_text(late_fee)))
    return say("and", lang).join(parts)


def overview_lines(overview: FeesOverview, lang: str, on_history: Callable[..., Any]) -> None:
    """The five sums, each on its own line when it is not zero, and the way to the history."""
    with ui.column().classes("w-full gap-3 p-6 bg-white rounded-xl shadow").mark("pay-overview"):
        if overview.due > 0:
            _line(say("due", lang, amount=money_text(overview.due)), "pay-due", "text-4xl font-bold")
        else:
            _line(say("nothing_due", lang), "pay-nothing-due", "text-3xl font-bold text-green-800")
        if overview.overdue > 0:
            _line(say("overdue", lang, amount=money_text(overview.overdue)), "pay-overdue",
                  "text-3xl font-bold text-red-800")
        if overview.late_fees > 0:
            _line(say("late_fees", lang, amount=money_text(overview.late_fees)), "pay-late-fees", "text-2xl")
        if overview.awaiting > 0:
            _line(say("awaiting_total", lang, amount=money_text(overview.awaiting)), "pay-awaiting-total",
                  "text-2xl text-blue-900")
        if overview.paid_this_month > 0:
            _line(say("paid_this_month", lang, amount=money_text(overview.paid_this_month)), "pay-paid-this-month",
                  "text-2xl text-green-800")
        action(say("history", lang), on_history, "pay-history", primary=False).classes("self-start")


def history_page(lang: str, unit_label: str, entries: list[PastPayment] | None, note: str,
                 on_print: Callable[[PastPayment], Any], on_back: Callable[..., Any]) -> bool:
    """The history step; False while the entries are still loading (the caller loads them)."""
    title(say("history_title", lang, unit=unit_label), "pay-history-title")
    message(say("history_span", lang), "pay-history-span")
    if note:
        message(note, "pay-note")
    if entries is None:
        ui.spinner(size="xl")
        return False
    if not entries:
        message(say("history_none", lang), "pay-history-none")
    for entry in entries:
        _history_entry(entry, lang, on_print)
    action(say("history_back", lang), on_back, "pay-history-back", primary=False)
    return True


def _history_entry(entry: PastPayment, lang: str, on_print: Callable[[PastPayment], Any]) -> None:
    payment, marker = entry.payment, f"pay-history-{entry.payment.id}"
    with ui.row().classes("w-full items-center justify-between gap-4 p-4 bg-white rounded-xl shadow no-wrap"):
        with ui.column().classes("gap-1"):
            ui.label(say("history_row", lang, date=entry.on.isoformat(), amount=money_text(payment.amount)))\
                .classes("text-3xl font-bold").mark(marker)
            ui.label(say("paid_for", lang, what=what_it_paid(entry.paid_for, payment.late_fee, lang)))\
                .classes("text-2xl").mark(marker)
            ui.label(_state(entry, lang)).classes(f"text-2xl {_state_colour(entry)}").mark(marker)
        if entry.has_receipt:
            words = say("print_again" if entry.receipt_printed else "print", lang)
            action(words, lambda: on_print(entry), f"pay-reprint-{payment.id}", primary=False)


def _state(entry: PastPayment, lang: str) -> str:
    """The payment's state in words; a confirmed one with its receipt number."""
    payment = entry.payment
    if entry.has_receipt:
        return say("state_confirmed", lang, number=payment.receipt_number)
    if payment.status is PaymentStatus.CONFIRMED:
        return say("state_numbering", lang)  # staff confirmed it in the sheet; the number comes after the sync
    return say(f"state_{payment.status.value}", lang)


def _state_colour(entry: PastPayment) -> str:
    return {PaymentStatus.CONFIRMED: "text-green-800", PaymentStatus.PENDING: "text-blue-900"}.get(
        entry.payment.status, "text-gray-600")


def _line(words: str, marker: str, classes: str) -> None:
    ui.label(words).classes(classes).props(f"data-testid={marker}").mark(marker)
