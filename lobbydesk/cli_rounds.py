"""Rounds at the terminal: ``lobbydesk rounds labels [--building B]`` prints the places' checkpoint labels."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the ``rounds`` commands to the ``lobbydesk`` parser's subcommands."""
    rounds = commands.add_parser("rounds", help="cleaning, disinfection and other rounds")
    rounds_commands = rounds.add_subparsers(title="rounds commands", required=True, metavar="COMMAND")
    labels = rounds_commands.add_parser(
        "labels", help="print a QR checkpoint label for each place with rounds",
        description="Journal one checkpoint label per place of the Rounds tab and print them on the site's "
        "printer (as the server's print worker would; a running server prints them too, never twice). "
        "Exit status 0 when every label was sent, 1 otherwise.")
    add_site_options(labels)
    labels.add_argument("--building", help="only the places of this building")
    labels.set_defaults(command=print_labels)


def print_labels(args: argparse.Namespace) -> int:
    """Journal the labels, make one pass of the print spool, and say what became of them."""
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    with site.store:
        chosen = site.rounds.rounds.journal_labels(args.building, lang=site.default_language)
        if not chosen:
            where = f" in building {args.building}" if args.building else ""
            print(f"lobbydesk: no places with rounds{where} (the workbook's Rounds tab, after a sync)", file=sys.stderr)
            return 1
        report = site.spool.send_pending()
        for checkpoint in chosen:
            print(f"{checkpoint.title}: {site.print_outcome(checkpoint.token)}")
    if report.sent < len(chosen):
        problem = report.last_error or ", ".join(report.alerts) or "not printed"
        print(f"lobbydesk: printer {site.printer.describe()}: {problem}; waiting labels print with the server's "
              "print worker", file=sys.stderr)
        return 1
    print(f"{len(chosen)} labels sent to {site.printer.describe()}")
    return 0
