"""Printer commands: ``lobbydesk print-test``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the printer commands to the ``lobbydesk`` parser's subcommands."""
    print_test = commands.add_parser("print-test", help="print a test page on the configured printer")
    add_site_options(print_test)
    print_test.set_defaults(command=print_test_page)


def print_test_page(args: argparse.Namespace) -> int:
    """Send a test page to the configured printer and say whether it went."""
    from lobbydesk.site import Site
    from printers.connections import PrinterUnavailable
    from printers.layouts import test_page

    settings = settings_from(args)
    site = Site(settings)
    try:
        site.printer.send(test_page(settings.community_name, site.profile))
    except PrinterUnavailable as error:
        print(f"lobbydesk: printer {site.printer.describe()}: {error}", file=sys.stderr)
        return 1
    print(f"Test page sent to {site.printer.describe()}")
    return 0
