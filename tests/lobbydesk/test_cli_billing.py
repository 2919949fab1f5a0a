"""The office bills a month and imports a bank statement from the command line."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from desk.fees import FeeBasis, FeeRule
from desk.ledger import Charge, PaymentStatus
from desk.units import Unit
from lobbydesk.cli import main
from lobbydesk.settings import load_settings
from lobbydesk.site import Site

RECEIPT = f"{datetime.now().year}-000001"  # the CLI runs on the real clock


def _site(data: Path) -> Site:
    config = data / "lobbydesk.toml"
    if not config.exists():
        data.mkdir(parents=True, exist_ok=True)
        config.write_text('site_code = "SUNNY"\nworkbook = "memory://"\n', encoding="utf-8")
    site = Site(load_settings(data_dir=data))
    site.open()
    return site


def _seed(data: Path) -> None:
    site = _site(data)
    now = site.clock.now()
    try:
        with site.store.transaction() as tx:
            tx.put(Unit(id="SUNNY-U1", building="3", room="1202", area_m2=Decimal("89.50")), actor="staff", at=now)
            tx.put(FeeRule(id="SUNNY-K1", fee="Property fee", basis=FeeBasis.PER_M2_MONTH, rate=Decimal("2.35")),
                   actor="staff", at=now)
    finally:
        site.close()


def _charges(data: Path) -> list[tuple[str, Decimal]]:
    site = _site(data)
    try:
        with site.store.transaction() as tx:
            return [(c.period, c.amount) for c in tx.find(Charge)]
    finally:
        site.close()


def test_a_dry_run_prints_the_table_then_the_run_writes_it_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(tmp_path)
    args = ["bill", "--period", "2026-12", "--data", str(tmp_path)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "unit       fee                    amount  basis",
        "3-1202     Property fee           210.33  89.50 m2 x 2.35",
        "2026-12: would add 1 charges, 210.33 in all; 0 already billed; 0 problems",
    ]
    assert _charges(tmp_path) == []

    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2026-12: added 1 charges, 210.33 in all; 0 already billed; 0 problems")
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2026-12: added 0 charges, 0.00 in all; 1 already billed; 0 problems")
    assert _charges(tmp_path) == [("2026-12", Decimal("210.33"))]


def test_a_bad_period_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bill", "--period", "2026-13", "--data", str(tmp_path)]) == 2
    assert "'2026-13' is not a period like 2026-12" in capsys.readouterr().err


def test_a_bank_statement_confirms_the_payments_it_pays_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(tmp_path)
    site = _site(tmp_path)
    now = site.clock.now()
    try:
        with site.store.transaction() as tx:
            for n in (1, 2, 3):
                tx.put(Charge(id=f"SUNNY-C{n}", unit="SUNNY-U1", fee="Parking", period=f"2026-0{n}",
                              amount=Decimal("150.00"), due=date(2026, n, 15), created_at=now),
                       actor="billing", at=now)
        payments = [site.fees.payments.start_payment("SUNNY-U1", [f"SUNNY-C{n}"], "epc").id for n in (1, 2, 3)]
        amounts = [str(site.fees.payments.payment(p).amount) for p in payments]  # type: ignore[union-attr]
    finally:
        site.close()
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "Date,Counterparty,Purpose,Credit (CNY)\n"
        f"2026-11-26,张三明,物业费 {payments[0]},\"{amounts[0]}\"\n"
        f"2026-11-26,张三明,parking {payments[1].lower()},1.00\n"
        "2026-11-26,Someone,rent,900.00\n", encoding="utf-8")
    args = ["payments", "import", str(statement), "--data", str(tmp_path)]

    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"line 2: {payments[0]} {amounts[0]}: confirmed (receipt {RECEIPT})",
        f"line 3: {payments[1]} 1.00: the payment is for {amounts[1]}, the line says 1.00",
        "line 4: - 900.00: no payment reference on this line",
        "1 payment(s) confirmed, 2 line(s) not",
    ]
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"line 2: {payments[0]} {amounts[0]}: already confirmed (receipt {RECEIPT})")
    site = _site(tmp_path)
    try:
        assert [site.fees.payments.payment(p).status for p in payments] == [  # type: ignore[union-attr]
            PaymentStatus.CONFIRMED, PaymentStatus.PENDING, PaymentStatus.PENDING]
    finally:
        site.close()


def _pending_payment(data: Path) -> tuple[str, str]:
    """A payment waiting for its money on a seeded site: its reference and amount."""
    _seed(data)
    site = _site(data)
    try:
        now = site.clock.now()
        with site.store.transaction() as tx:
            tx.put(Charge(id="SUNNY-C1", unit="SUNNY-U1", fee="Parking", period="2026-11", amount=Decimal("150.00"),
                          due=date(2026, 11, 15), created_at=now), actor="billing", at=now)
        payment = site.fees.payments.start_payment("SUNNY-U1", ["SUNNY-C1"], "epc")
        return payment.id, str(payment.amount)
    finally:
        site.close()


def _status(data: Path, reference: str) -> PaymentStatus:
    site = _site(data)
    try:
        payment = site.fees.payments.payment(reference)
        assert payment is not None
        return payment.status
    finally:
        site.close()


def test_a_gb18030_statement_from_a_chinese_bank_confirms_only_money_received(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference, amount = _pending_payment(tmp_path)
    statement = tmp_path / "招商银行交易明细.csv"
    statement.write_bytes((
        "招商银行 账户交易明细\r\n"
        "账号,6214830100000000\r\n"
        "交易日期,对方户名,摘要,支出金额,收入金额,余额\r\n"
        f"2026-11-25,张三明,退款 {reference},{amount},0.00,1000.00\r\n"
        f"2026-11-26,张三明,物业费 {reference},0.00,{amount},1150.00\r\n").encode("gb18030"))

    assert main(["payments", "import", str(statement), "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"line 4: {reference} -{amount}: money paid out or reversed; only money received confirms a payment",
        f"line 5: {reference} {amount}: confirmed (receipt {RECEIPT})",
        "1 payment(s) confirmed, 1 line(s) not",
    ]
    assert _status(tmp_path, reference) is PaymentStatus.CONFIRMED


def test_a_utf8_bom_statement_with_debit_first_and_bad_lines_still_imports_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference, amount = _pending_payment(tmp_path)
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "Date,Details,Debit amount,Credit amount\n"
        f"2026-11-24,Refund {reference},{amount},\n"  # the line that used to confirm the payment
        f"2026-11-25,{'x' * 140_000},,1.00\n"  # over csv's field limit: it used to end the import
        f"2026-11-25,Fee {reference},,1e999999\n"
        f"2026-11-26,Fee {reference},,{amount}\n", encoding="utf-8-sig")

    assert main(["payments", "import", str(statement), "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"line 2: {reference} -{amount}: money paid out or reversed; only money received confirms a payment",
        "line 3: - -: the line cannot be read as CSV (field larger than field limit (131072))",
        f"line 4: {reference} -: '1e999999' in column 'Credit amount' is not an amount of money",
        f"line 5: {reference} {amount}: confirmed (receipt {RECEIPT})",
        "1 payment(s) confirmed, 3 line(s) not",
    ]


def test_a_statement_with_one_amount_column_and_no_direction_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference, amount = _pending_payment(tmp_path)
    statement = tmp_path / "statement.csv"
    statement.write_text(f"Date,Purpose,Amount (CNY)\n2026-11-26,{reference},{amount}\n", encoding="utf-8")

    assert main(["payments", "import", str(statement), "--data", str(tmp_path)]) == 2
    assert "does not say whether a line is money received or paid out" in capsys.readouterr().err
    assert _status(tmp_path, reference) is PaymentStatus.PENDING


def test_a_file_that_is_no_text_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    statement = tmp_path / "statement.xlsx"
    statement.write_bytes(b"PK\x03\x04\xff\xff\x00\x00")

    assert main(["payments", "import", str(statement), "--data", str(tmp_path)]) == 2
    assert "is neither UTF-8 nor GB18030/GBK text" in capsys.readouterr().err
