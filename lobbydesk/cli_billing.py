"""Billing and payments from the command line: ``lobbydesk bill --period 2026-12 [--dry-run]`` and
``lobbydesk payments import statement.csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add ``bill`` and ``payments`` to the ``lobbydesk`` parser's subcommands."""
    bill = commands.add_parser("bill", help="bill a period's fees into the Charges tab (twice adds nothing)")
    add_site_options(bill)
    bill.add_argument("--period", required=True, help="the month to bill, e.g. 2026-12")
    bill.add_argument("--dry-run", action="store_true", help="print the table it would write, write nothing")
    bill.set_defaults(command=run_bill)
    payments = commands.add_parser("payments", help="payments: import a bank statement")
    actions = payments.add_subparsers(title="actions", required=True, metavar="ACTION")
    statement = actions.add_parser("import", help="confirm the payments a bank statement (CSV) pays, by reference")
    add_site_options(statement)
    statement.add_argument("file", type=Path, help="the statement, CSV with a header row")
    statement.set_defaults(command=run_import)


def run_bill(args: argparse.Namespace) -> int:
    """Bill (or dry-run) one period; print each charge and each problem."""
    from desk.billing import Period
    from desk.money import ZERO, money_text
    from lobbydesk.site import Site

    try:
        period = Period.parse(args.period)
    except ValueError as problem:
        print(f"lobbydesk: {problem}", file=sys.stderr)
        return 2
    site = Site(settings_from(args))
    with site:
        outcome = site.fees.bill(period, args.dry_run)
    print(f"{'unit':<10} {'fee':<16} {'amount':>12}  basis")
    for charge in outcome.added:
        print(f"{charge.unit_label:<10} {charge.rule.fee:<16} {money_text(charge.amount):>12}  {charge.basis}")
    total = sum((charge.amount for charge in outcome.added), ZERO)
    verb = "would add" if args.dry_run else "added"
    print(f"{period}: {verb} {len(outcome.added)} charges, {money_text(total)} in all; "
          f"{outcome.already_billed} already billed; {len(outcome.plan.problems)} problems")
    for listed in outcome.plan.problems:
        print(f"problem: {listed.tab} {listed.record}: {listed.reason}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Confirm the statement's payments; one line of outcome per statement line, or why the file is refused."""
    from desk.statement import StatementRefusedError, decode_statement, import_statement
    from lobbydesk.site import Site

    try:
        text = decode_statement(args.file.read_bytes())
    except (OSError, StatementRefusedError) as problem:
        print(f"lobbydesk: cannot read {args.file}: {problem}", file=sys.stderr)
        return 2
    with Site(settings_from(args)) as site:
        try:
            lines = import_statement(text, site.fees.payments, site.settings.site_code)
        except StatementRefusedError as refused:
            print(f"lobbydesk: {args.file} is not imported: {refused}", file=sys.stderr)
            return 2
    for line in lines:
        receipt = f" (receipt {line.receipt_number})" if line.receipt_number else ""
        print(f"line {line.line}: {line.reference or '-'} {line.amount if line.amount is not None else '-'}: "
              f"{line.outcome}{receipt}")
    confirmed = sum(1 for line in lines if line.outcome == "confirmed")
    print(f"{confirmed} payment(s) confirmed, {len(lines) - confirmed} line(s) not")
    return 0
