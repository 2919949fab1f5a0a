"""The ``lobbydesk`` command line: run and demo here; other commands register from cli_* modules."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desk.store import StoreError
from lobbydesk import (
    cli_archive,
    cli_backup,
    cli_billing,
    cli_doctor,
    cli_handover,
    cli_install,
    cli_owner_file,
    cli_printer,
    cli_report,
    cli_rounds,
    cli_staff,
    cli_sync,
    cli_votes,
)
from lobbydesk.cli_common import add_site_options, settings_from
from lobbydesk.settings import SettingsError

if TYPE_CHECKING:
    from lobbydesk.site import Site

DEFAULT_DEMO_DIR = Path("demo-data")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lobbydesk`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except (SettingsError, StoreError) as error:  # a bad setting, a store that cannot be opened or upgraded
        print(f"lobbydesk: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lobbydesk", description="Front desk for a residential community.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the site server (kiosk, status pages, sync, printing)")
    add_site_options(run)
    _server_options(run)
    run.set_defaults(command=_run)

    demo = commands.add_parser("demo", help="create a demo community and run its server")
    add_site_options(demo, default_data=DEFAULT_DEMO_DIR)
    _server_options(demo)
    demo.add_argument("--size", choices=["small", "large"], default="small",
                      help="small: 18 units (default); large: 2,000 units with five years of history")
    demo.add_argument("--no-serve", action="store_true", help="create the demo (and its first sync), then exit")
    demo.set_defaults(command=_demo)

    cli_sync.register(commands)
    cli_printer.register(commands)
    cli_staff.register(commands)
    cli_billing.register(commands)
    cli_owner_file.register(commands)
    cli_handover.register(commands)
    cli_report.register(commands)
    cli_rounds.register(commands)
    cli_votes.register(commands)
    cli_archive.register(commands)
    cli_install.register(commands)
    cli_backup.register(commands)
    cli_doctor.register(commands)
    return parser


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8080)")


def _run(args: argparse.Namespace) -> int:
    from lobbydesk.server import serve
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    site.open()
    _print_addresses(site)
    serve(site)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from lobbydesk.demo import DemoLogins, seed_demo, write_demo_config
    from lobbydesk.demo_rounds import try_line
    from lobbydesk.server import serve
    from lobbydesk.site import Site

    write_demo_config(args.data)
    site = Site(settings_from(args))
    site.open()
    if args.size == "large":
        from lobbydesk.demo_large import seed_large_demo

        added = seed_large_demo(site)
    else:
        added = seed_demo(site)
    print(f"Demo community '{site.settings.community_name}' in {site.settings.data_dir}"
          + (f" ({added} records added)" if added else ""))
    example = next(iter(site.queue.waiting_tickets()), None)
    _print_addresses(site, example.id if example else None)
    print("\n".join(DemoLogins().lines(site.settings.base_url, site.settings.payment_webhook_secret)), flush=True)
    if rounds := try_line(site):
        print(rounds, flush=True)
    if args.no_serve:
        site.close()
        return 0
    serve(site)
    return 0


def _print_addresses(site: Site, example_ticket: str | None = None) -> None:
    base = site.settings.base_url
    lines = [
        f"  kiosk:          {base}/",
        f"  ticket status:  {base}/t/<ticket ID>" + (f"   e.g. {base}/t/{example_ticket}" if example_ticket else ""),
        f"  workbook:       {site.workbook.describe()}",
        f"  printer:        {site.printer.describe()}",
        f"  store:          {site.settings.store_path}",
    ]
    print("\n".join(lines), flush=True)
