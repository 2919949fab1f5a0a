"""Workbook commands: ``lobbydesk sync --once``."""

from __future__ import annotations

import argparse
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the workbook commands to the ``lobbydesk`` parser's subcommands."""
    sync = commands.add_parser("sync", help="sync the store with the workbook")
    add_site_options(sync)
    sync.add_argument("--once", action="store_true", required=True, help="run one cycle, report it and exit")
    sync.set_defaults(command=sync_once)


def sync_once(args: argparse.Namespace) -> int:
    """One sync cycle, reported in a paragraph; exit status 1 when the workbook could not be written."""
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    site.open()
    try:
        report = site.sync.run_once()
    finally:
        site.close()
    print(report.summary())
    return 0 if report.ok else 1
