"""The shift handover at the terminal: ``lobbydesk handover [--since HH:MM] [--pdf FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the ``handover`` command to the ``lobbydesk`` parser's subcommands."""
    command = commands.add_parser("handover", help="the shift's summary for the clerk who takes over, or its PDF")
    add_site_options(command)
    command.add_argument("--since", metavar="HH:MM",
                         help="when the shift began (default: the desk's opening today, or 8 hours ago)")
    command.add_argument("--pdf", type=Path, help="also write it as an A4 PDF here")
    command.set_defaults(command=handover)


def handover(args: argparse.Namespace) -> int:
    """Print the summary, and write it as a PDF when asked."""
    from desk.handover import since_clock_time
    from desk.handover_words import summary_lines
    from lobbydesk.owner_file_pdf import NoChineseFontError
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    try:
        since = since_clock_time(site.clock.now(), args.since) if args.since else None
    except ValueError as error:
        print(f"lobbydesk: --since {error}", file=sys.stderr)
        return 2
    with site.store:
        summary = site.handover.desk.summary(since)
        print("\n".join(summary_lines(summary, site.settings.zone)))
        if args.pdf is None:
            return 0
        try:
            data = site.handover.pdf(summary)
        except NoChineseFontError as missing:
            print(f"lobbydesk: {missing}", file=sys.stderr)
            return 1
    args.pdf.write_bytes(data)
    print(f"Wrote the handover to {args.pdf}")
    return 0
