"""Printer commands: ``lobbydesk print-test`` and ``lobbydesk printer status``."""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit

from lobbydesk.cli_common import add_site_options, settings_from

NO_PRINTER = 'this site has no printer (printer = "none")'


def register(commands: Any) -> None:
    """Add the printer commands to the ``lobbydesk`` parser's subcommands."""
    print_test = commands.add_parser("print-test", help="print a test page on the configured printer")
    add_site_options(print_test)
    print_test.set_defaults(command=print_test_page)

    printer = commands.add_parser("printer", help="ask the configured printer how it is")
    printer_commands = printer.add_subparsers(title="printer commands", required=True, metavar="COMMAND")
    status = printer_commands.add_parser(
        "status",
        help="one line: online, paper near end, paper out, cover open, offline or no answer",
        description="Ask the configured printer for its status (network, USB and serial printers answer). "
        "Exit status 0 when it can print (online, even with the paper near its end), 1 otherwise.",
    )
    add_site_options(status)
    status.set_defaults(command=printer_status)


def print_test_page(args: argparse.Namespace) -> int:
    """Send a test page to the configured printer and say whether it went."""
    from lobbydesk.site import Site
    from printers.connections import NoPrinter, PrinterUnavailable, ReportsStatus
    from printers.layouts import test_page

    settings = settings_from(args)
    site = Site(settings)
    if isinstance(site.printer, NoPrinter):
        print(f"lobbydesk: {NO_PRINTER}: nothing was printed", file=sys.stderr)
        return 1
    try:
        if isinstance(site.printer, ReportsStatus):
            status = site.printer.read_status()
            if status.must_wait:
                print(f"lobbydesk: printer {site.printer.describe()}: {status.describe()}", file=sys.stderr)
                return 1
        site.printer.send(test_page(settings.community_name, site.profile, site.clock.now()))
    except PrinterUnavailable as error:
        print(f"lobbydesk: printer {site.printer.describe()}: {error}", file=sys.stderr)
        return 1
    print(f"Test page sent to {site.printer.describe()}")
    return 0


def printer_status(args: argparse.Namespace) -> int:
    """Print the printer's status in one line; 0 when it can print, 1 when not or when it cannot say."""
    from lobbydesk.site import Site
    from printers.connections import NoPrinter, PrinterUnavailable, ReportsStatus

    settings = settings_from(args)
    printer = Site(settings).printer
    if isinstance(printer, NoPrinter):
        print(f"{printer.describe()}: status not available for none printers; {NO_PRINTER}: "
              "slips are marked not printed and owners are asked to photograph the screen")
        return 1
    if not isinstance(printer, ReportsStatus):
        kind = urlsplit(settings.printer).scheme or "none"
        print(f"{printer.describe()}: status not available for {kind} printers (only network, USB and serial)")
        return 1
    try:
        status = printer.read_status()
    except PrinterUnavailable as error:
        print(error)
        return 1
    print(f"{printer.describe()}: {status.describe()}")
    return 1 if status.must_wait or not status.answered else 0
