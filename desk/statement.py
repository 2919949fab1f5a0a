"""Bank statement import: each line that carries a payment's reference and exactly its amount confirms it.

A statement is a CSV file with a header row, as banks export them. The amount is read from the first
column whose header says amount, credit or 金额 (thousands separators and currency signs allowed); the
reference is looked for in every cell of the line (it is usually inside a free-text "purpose" column).
A line is *confirmed*, *already confirmed* (the import may run twice), or left with its reason.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from desk.ledger import PaymentStatus
from desk.money import parse_money
from desk.payments import PaymentDesk, PaymentError

AMOUNT_HEADERS = ("amount", "credit", "金额", "收入")


@dataclass(frozen=True)
class StatementLine:
    """What became of one line of the statement."""

    line: int
    reference: str
    amount: Decimal | None
    outcome: str  # confirmed, already confirmed, or why not
    receipt_number: str = ""


def reference_pattern(site_code: str) -> re.Pattern[str]:
    """A payment reference of this site inside any text: ``SUNNY-Y3K9M2Q``."""
    return re.compile(rf"\b{re.escape(site_code)}-Y[0-9A-Z]{{6}}\b")


def import_statement(text: str, payments: PaymentDesk, site_code: str) -> list[StatementLine]:
    """Confirm the payments the statement's lines pay, exactly; say what became of each line."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        return []
    header = [cell.strip().casefold() for cell in rows[0]]
    amount_column = next((i for i, h in enumerate(header) if any(word in h for word in AMOUNT_HEADERS)), None)
    pattern = reference_pattern(site_code)
    results = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        found = next((m.group(0) for cell in row if (m := pattern.search(cell.upper()))), "")
        amount = _amount(row, amount_column)
        results.append(_settle(number, found, amount, payments))
    return results


def _amount(row: list[str], column: int | None) -> Decimal | None:
    if column is None or column >= len(row):
        return None
    try:
        return parse_money(row[column].replace("CNY", "").replace("EUR", ""))
    except ValueError:
        return None


def _settle(line: int, reference: str, amount: Decimal | None, payments: PaymentDesk) -> StatementLine:
    if not reference:
        return StatementLine(line, "", amount, "no payment reference on this line")
    payment = payments.payment(reference)
    if payment is None:
        return StatementLine(line, reference, amount, "no payment has this reference")
    if amount is None:
        return StatementLine(line, reference, amount, "no amount on this line")
    if amount != payment.amount:
        return StatementLine(line, reference, amount, f"the payment is for {payment.amount}, the line says {amount}")
    if payment.status is PaymentStatus.CANCELLED:
        said = "the payment was cancelled; confirm it by hand if the money is ours"
        return StatementLine(line, reference, amount, said)
    try:
        confirmation = payments.confirm(reference, by="bank statement")
    except PaymentError as error:
        return StatementLine(line, reference, amount, str(error))
    outcome = "confirmed" if confirmation.newly else "already confirmed"
    return StatementLine(line, reference, amount, outcome, confirmation.payment.receipt_number)
