"""A bank statement confirms a payment only with money received: never a debit, a reversal or a guess."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.ledger import PaymentStatus
from desk.payments import PaymentDesk
from desk.statement import StatementRefusedError, decode_statement, import_statement
from desk.store import Store
from tests.desk.test_ledger import bill


@pytest.fixture
def payments(store: Store, clock: FixedClock) -> PaymentDesk:
    return PaymentDesk(store, clock, SequentialIds("SUNNY"))


@pytest.fixture
def pending(payments: PaymentDesk, store: Store) -> str:
    """A payment of 235.00 waiting for its money."""
    charge = bill(store, SequentialIds("BILL"), Decimal("235.00"), date(2026, 12, 15))
    return payments.start_payment("SUNNY-U1", [charge], "epc").id


def outcomes(text: str, payments: PaymentDesk) -> list[tuple[int, Decimal | None, str]]:
    return [(line.line, line.amount, line.outcome) for line in import_statement(text, payments, "SUNNY")]


def status(payments: PaymentDesk, reference: str) -> PaymentStatus:
    payment = payments.payment(reference)
    assert payment is not None
    return payment.status


def test_a_refund_in_the_debit_column_before_the_credit_column_confirms_nothing(
    payments: PaymentDesk, pending: str
) -> None:
    # The reported failure: the first header with "amount" in it was "Debit amount".
    statement = ("Date,Details,Debit amount,Credit amount\n"
                 f"2026-11-26,Refund {pending},235.00,\n")

    assert outcomes(statement, payments) == [
        (2, Decimal("-235.00"), "money paid out or reversed; only money received confirms a payment")]
    assert status(payments, pending) is PaymentStatus.PENDING

    assert outcomes(statement + f"2026-11-27,Fee {pending},,235.00\n", payments)[1] == (
        3, Decimal("235.00"), "confirmed")


@pytest.mark.parametrize(("header", "refund", "payment"), [
    ("交易日期,摘要,收入金额,支出金额", "{ref},,235.00", "{ref},235.00,0.00"),
    ("交易日期,摘要,借方发生额,贷方发生额", "{ref},235.00,", "{ref},,\"235.00\""),
    ("交易日期,摘要,交易金额,借贷标志", "{ref},235.00,借", "{ref},235.00,贷"),
    ("Date,Purpose,Amount,Dr/Cr", "{ref},235.00,DR", "{ref},235.00,CR"),
    ("Date,Purpose,Money out,Money in", "{ref},235.00,", "{ref},,235.00"),
])
def test_chinese_and_english_layouts_tell_money_in_from_money_out(
    payments: PaymentDesk, pending: str, header: str, refund: str, payment: str
) -> None:
    statement = (f"{header}\n"
                 f"2026-11-26,{refund.format(ref=pending)}\n"
                 f"2026-11-27,{payment.format(ref=pending)}\n")

    assert [(line, outcome) for line, _, outcome in outcomes(statement, payments)] == [
        (2, "money paid out or reversed; only money received confirms a payment"), (3, "confirmed")]


def test_a_negative_credit_is_a_reversal_and_never_confirms(payments: PaymentDesk, pending: str) -> None:
    statement = f"Date,Purpose,Credit,Debit\n2026-11-26,{pending},-235.00,\n"

    assert outcomes(statement, payments) == [
        (2, Decimal("-235.00"), "money paid out or reversed; only money received confirms a payment")]
    assert status(payments, pending) is PaymentStatus.PENDING


@pytest.mark.parametrize(("header", "reason"), [
    ("Date,Purpose,Amount (CNY)", "the only amount column ('Amount (CNY)') does not say whether a line is money "
                                  "received or paid out"),
    ("交易日期,摘要,支出金额,余额", "has a money-out column ('支出金额') but none for money received"),
    ("Date,Purpose,Credit,Credit amount", "several credit columns ('Credit', 'Credit amount')"),
    ("Date,Purpose,Value", "no header row names a money column"),
])
def test_a_statement_that_does_not_say_which_way_money_went_is_refused_whole(
    payments: PaymentDesk, pending: str, header: str, reason: str
) -> None:
    with pytest.raises(StatementRefusedError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        import_statement(f"{header}\n2026-11-26,{pending},235.00,\n", payments, "SUNNY")
    assert status(payments, pending) is PaymentStatus.PENDING


def test_bad_lines_are_reported_and_skipped_and_the_rest_is_imported(payments: PaymentDesk, pending: str) -> None:
    statement = ("招商银行 账户交易明细\n"  # the bank's title lines above the header
                 "账号: 6214 8301 0000 0000\n"
                 "交易日期,摘要,交易金额,借贷标志\n"
                 f"2026-11-25,{'x' * 200_000},1.00,贷\n"  # over csv's field limit
                 f"2026-11-25,{pending},1e999999,贷\n"  # cannot be rounded to the cent
                 f"2026-11-26,{pending},235.00,冲正\n"
                 f"2026-11-27,{pending},235.00,贷\n")

    assert outcomes(statement, payments) == [
        (4, None, "the line cannot be read as CSV (field larger than field limit (131072))"),
        (5, None, "'1e999999' in column '交易金额' is not an amount of money"),
        (6, Decimal("235.00"), "the 借贷标志 column says '冲正', neither debit (借, Dr) nor credit (贷, Cr)"),
        (7, Decimal("235.00"), "confirmed"),
    ]


def test_gb18030_and_utf8_with_or_without_bom_are_read() -> None:
    text = "交易日期,摘要,收入金额\n2026-11-26,物业费,235.00\n"

    assert decode_statement(text.encode("gb18030")) == text
    assert decode_statement(text.encode("gbk")) == text
    assert decode_statement(text.encode("utf-8-sig")) == text
    assert decode_statement(text.encode("utf-8")) == text
    with pytest.raises(StatementRefusedError, match="neither UTF-8 nor GB18030/GBK"):
        decode_statement(b"\xff\xfe" + text.encode("utf-16-le"))
