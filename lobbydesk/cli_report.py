"""The monthly report at the terminal: ``lobbydesk report --month 2026-12 [--to 2027-02] --pdf FILE [--lang zh|en]``."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def register(commands: Any) -> None:
    """Add the ``report`` command to the ``lobbydesk`` parser's subcommands."""
    command = commands.add_parser("report", help="the monthly report: key figures, committee decisions, charts (PDF)")
    add_site_options(command)
    command.add_argument("--month", required=True, metavar="YYYY-MM", help="the month reported on, e.g. 2026-12")
    command.add_argument("--to", metavar="YYYY-MM", help="the last month of a range starting at --month")
    command.add_argument("--pdf", type=Path, required=True, help="write the report as an A4 PDF here")
    command.add_argument("--lang", choices=["zh", "en"], default="zh", help="the report's language (default zh)")
    command.set_defaults(command=report)


def report(args: argparse.Namespace) -> int:
    """Print the key figures and write the PDF."""
    from desk.report_data import SUMMARY_KEYS
    from desk.report_words import number_text, say
    from lobbydesk.owner_file_pdf import NoChineseFontError
    from lobbydesk.site import Site

    last = args.to or args.month
    for value in (args.month, last):
        if not MONTH.match(value):
            print(f"lobbydesk: {value!r} is not a month like 2026-12", file=sys.stderr)
            return 2
    if last < args.month:
        print(f"lobbydesk: --to {last} is before --month {args.month}", file=sys.stderr)
        return 2
    site = Site(settings_from(args))
    started = time.monotonic()
    with site.store:
        figures = site.reports.desk.figures(site.reports.desk.span(args.month, last))
        for key in SUMMARY_KEYS:
            print(f"{say(key, args.lang)}: {number_text(figures.summary.cell(key, 'value'))}")
        try:
            data = site.reports.pdf(figures, args.lang)
        except NoChineseFontError as missing:
            print(f"lobbydesk: {missing}", file=sys.stderr)
            return 1
    args.pdf.write_bytes(data)
    print(f"Wrote the report to {args.pdf} ({len(data) // 1024} KB, {time.monotonic() - started:.1f} s)")
    return 0
