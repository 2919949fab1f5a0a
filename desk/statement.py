"""Bank statement import: each line of money *received* that carries a payment's reference and exactly its
amount confirms it.

A statement is a CSV file with a header row, as banks export them, in UTF-8 (with or without BOM) or
GB18030/GBK (Chinese banks); title lines above the header are skipped. Which way a line's money went
is read from the header, never guessed:

- a money-in column (Credit, 收入金额, 贷方发生额) and usually a money-out one (Debit, 支出金额, 借方发生额);
- or one amount column (Amount, 交易金额) together with a direction column (借贷标志 借/贷, Dr/Cr).

A statement whose direction cannot be told (one amount column alone, a money-out column alone) is
refused as a whole, before anything is confirmed. Only money in confirms a payment: a debit, a signed
negative amount (a reversal) or an unreadable line never does. The reference is looked for in every cell
of the line (it is usually inside a free-text "purpose" column). A line is *confirmed*, *already
confirmed* (the import may run twice), or left with its reason; a line that cannot be read is reported
with its number and skipped, and the rest is still imported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from desk.ledger import PaymentStatus
from desk.money import parse_money
from desk.payments import PaymentDesk, PaymentError

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 reads GBK and GB2312 too
HEADER_SEARCH_ROWS = 30  # banks put the account, the period and such above the header

# Header words, compared case-folded. Direction words first: "借贷标志" and "Debit/Credit" name both sides.
DIRECTION_WORDS = ("借贷", "借/贷", "收支", "收/支", "方向", "dr/cr", "cr/dr", "d/c", "c/d", "debit/credit",
                   "credit/debit", "direction", "in/out")
NOT_MONEY_WORDS = ("account", "name", "bank", "balance", "date", "账号", "账户", "户名", "卡号", "余额", "日期")
CREDIT_WORDS = ("credit", "money in", "paid in", "deposit", "incoming", "收入", "贷方", "存入", "转入", "来账")
DEBIT_WORDS = ("debit", "money out", "paid out", "withdrawal", "outgoing", "支出", "借方", "取出", "转出", "往账")
AMOUNT_WORDS = ("amount", "金额", "发生额", "交易额")
# A direction cell, compared case-folded: 借 (debit) is money leaving the account, 贷 (credit) arriving.
CREDIT_MARKS = {"贷", "贷方", "收", "收入", "入", "进", "存入", "转入", "c", "cr", "credit", "in"}
DEBIT_MARKS = {"借", "借方", "支", "支出", "出", "付", "取出", "转出", "d", "dr", "debit", "out"}
NO_AMOUNT = {"", "-", "--", "—"}


class StatementRefusedError(ValueError):
    """A statement that is not imported at all; the message says why in plain words."""


@dataclass(frozen=True)
class StatementLine:
    """What became of one line of the statement; money out is shown as a negative amount."""

    line: int
    reference: str
    amount: Decimal | None
    outcome: str  # confirmed, already confirmed, or why not
    receipt_number: str = ""


@dataclass(frozen=True)
class Layout:
    """Which columns say how much came in, how much went out, or which way a line's amount went."""

    header: tuple[str, ...]
    credit: int | None = None
    debit: int | None = None
    amount: int | None = None
    direction: int | None = None


@dataclass(frozen=True)
class Money:
    """A line's amount and whether it came in; ``problem`` says why the line cannot be read."""

    amount: Decimal | None = None
    received: bool = False
    problem: str = ""


def decode_statement(data: bytes) -> str:
    """The statement's text, read as UTF-8 (BOM or not) or else as GB18030, which Chinese banks export."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementRefusedError("the file is neither UTF-8 nor GB18030/GBK text; save it as CSV in one of those")


def reference_pattern(site_code: str) -> re.Pattern[str]:
    """A payment reference of this site inside any text: ``SUNNY-Y3K9M2Q``."""
    return re.compile(rf"\b{re.escape(site_code)}-Y[0-9A-Z]{{6}}\b")


def read_layout(header: list[str]) -> Layout:
    """The money columns of a header row; StatementRefusedError when the direction of money cannot be told."""
    names = tuple(cell.strip() for cell in header)
    kinds: dict[str, list[int]] = {"direction": [], "credit": [], "debit": [], "amount": []}
    for index, name in enumerate(names):
        kind = _column_kind(name.casefold())
        if kind:
            kinds[kind].append(index)
    _one_of_each(names, kinds, ("credit", "debit"))
    if kinds["credit"]:
        return Layout(names, credit=kinds["credit"][0], debit=next(iter(kinds["debit"]), None))
    if kinds["debit"]:
        raise StatementRefusedError(f"the statement has a money-out column ({names[kinds['debit'][0]]!r}) "
                                    "but none for money received (Credit, 收入金额, 贷方发生额)")
    _one_of_each(names, kinds, ("amount", "direction"))
    if kinds["amount"] and kinds["direction"]:
        return Layout(names, amount=kinds["amount"][0], direction=kinds["direction"][0])
    if kinds["amount"]:
        raise StatementRefusedError(
            f"the only amount column ({names[kinds['amount'][0]]!r}) does not say whether a line is money "
            "received or paid out, and no column like 借贷标志 or Dr/Cr does; export the statement with "
            "separate credit and debit columns (收入金额/支出金额) or with a debit/credit column")
    raise StatementRefusedError(
        "the header does not say which column is money received: expected Credit and Debit, "
        "收入金额 and 支出金额, 贷方发生额 and 借方发生额, or 交易金额 with 借贷标志")


def _one_of_each(names: tuple[str, ...], kinds: dict[str, list[int]], wanted: tuple[str, ...]) -> None:
    for kind in wanted:
        if len(kinds[kind]) > 1:
            listed = ", ".join(repr(names[i]) for i in kinds[kind])
            raise StatementRefusedError(f"the header has several {kind} columns ({listed}); keep one of them")


def import_statement(text: str, payments: PaymentDesk, site_code: str) -> list[StatementLine]:
    """Confirm the payments the statement's credit lines pay, exactly; say what became of each line.

    StatementRefusedError, before anything is confirmed, when the statement does not say which way
    its money went.
    """
    records = _records(text)
    layout, results = _find_layout(records)
    if layout is None:
        return results
    pattern = reference_pattern(site_code)
    for number, row, problem in records:
        if problem:
            results.append(StatementLine(number, "", None, problem))
            continue
        if not any(cell.strip() for cell in row):
            continue
        found = next((m.group(0) for cell in row if (m := pattern.search(cell.upper()))), "")
        results.append(_settle(number, found, _money(row, layout), payments))
    return results


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """Each record with the number of its first line, or the reason it cannot be read; the reading goes on."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a cell over csv's field limit (128 KiB) is no bank's; skip the line
            yield number, [], f"the line cannot be read as CSV ({error})"
            continue
        yield number, row, ""


def _find_layout(records: Iterator[tuple[int, list[str], str]]) -> tuple[Layout | None, list[StatementLine]]:
    """The layout of the first row that names a money column; lines above it that cannot be read are said.

    A title line ("交易明细 金额单位: 元") is one cell, so a header needs two cells or more.
    """
    unreadable, anything = [], False
    for seen, (number, row, problem) in enumerate(records):
        cells = [cell.strip() for cell in row if cell.strip()]
        anything = anything or bool(cells or problem)
        if problem:
            unreadable.append(StatementLine(number, "", None, problem))
        elif len(cells) > 1 and any(_column_kind(cell.casefold()) in {"credit", "debit", "amount"} for cell in cells):
            return read_layout(row), unreadable
        if seen + 1 >= HEADER_SEARCH_ROWS:
            break
    if not anything:
        return None, []  # an empty file pays nothing
    raise StatementRefusedError("no header row names a money column (Credit, 收入金额, 贷方发生额, 交易金额)")


def _column_kind(name: str) -> str:
    if any(word in name for word in DIRECTION_WORDS):
        return "direction"
    if any(word in name for word in NOT_MONEY_WORDS):
        return ""
    for kind, words in (("credit", CREDIT_WORDS), ("debit", DEBIT_WORDS), ("amount", AMOUNT_WORDS)):
        if any(word in name for word in words):
            return kind
    return ""


def _money(row: list[str], layout: Layout) -> Money:
    """How much the line moved and which way, read from the columns the header named."""
    try:
        if layout.credit is not None:
            credit = _amount(row, layout.credit, layout.header)
            debit = _amount(row, layout.debit, layout.header)
            if credit and debit:
                return Money(problem="the line has both money received and money paid out")
            if debit:
                return Money(-abs(debit))
            return Money(credit, received=credit is not None and credit > 0)
        amount = _amount(row, layout.amount, layout.header)
    except ValueError as unreadable:
        return Money(problem=str(unreadable))
    mark = _cell(row, layout.direction).casefold()
    if amount is None or mark in CREDIT_MARKS:
        return Money(amount, received=amount is not None and amount > 0)
    if mark in DEBIT_MARKS:
        return Money(-abs(amount))
    said = layout.header[layout.direction] if layout.direction is not None else "direction"
    return Money(amount, problem=f"the {said} column says {mark!r}, neither debit (借, Dr) nor credit (贷, Cr)")


def _cell(row: list[str], column: int | None) -> str:
    return row[column].strip() if column is not None and column < len(row) else ""


def _amount(row: list[str], column: int | None, header: tuple[str, ...]) -> Decimal | None:
    """The amount in one cell; None when the cell is empty or zero; ValueError when it is not an amount."""
    text = _cell(row, column)
    for currency in ("CNY", "RMB", "EUR", "元"):
        text = text.replace(currency, "")
    if text.strip() in NO_AMOUNT:
        return None
    try:
        amount = parse_money(text)
    except (ValueError, ArithmeticError):  # Decimal("1e999999") cannot be rounded to the cent
        name = header[column] if column is not None and column < len(header) else "amount"
        raise ValueError(f"{_cell(row, column)[:40]!r} in column {name!r} is not an amount of money") from None
    return amount or None


def _settle(line: int, reference: str, money: Money, payments: PaymentDesk) -> StatementLine:
    amount = money.amount
    if money.problem:
        return StatementLine(line, reference, amount, money.problem)
    if amount is None:
        return StatementLine(line, reference, amount, "no amount on this line")
    if not money.received:
        said = "money paid out or reversed" if amount < 0 else "not money received"
        return StatementLine(line, reference, amount, f"{said}; only money received confirms a payment")
    if not reference:
        return StatementLine(line, "", amount, "no payment reference on this line")
    payment = payments.payment(reference)
    if payment is None:
        return StatementLine(line, reference, amount, "no payment has this reference")
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
