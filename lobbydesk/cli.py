"""The ``lobbydesk`` command line: run, demo, sync, print-test."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lobbydesk.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from lobbydesk.site import Site

DEFAULT_DEMO_DIR = Path("demo-data")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lobbydesk`` console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except SettingsError as error:
        print(f"lobbydesk: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lobbydesk", description="Front desk for a residential community.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the site server (kiosk, status pages, sync, printing)")
    _site_options(run)
    _server_options(run)
    run.set_defaults(command=_run)

    demo = commands.add_parser("demo", help="create a demo community and run its server")
    _site_options(demo, default_data=DEFAULT_DEMO_DIR)
    _server_options(demo)
    demo.set_defaults(command=_demo)

    sync = commands.add_parser("sync", help="sync the store with the workbook")
    _site_options(sync)
    sync.add_argument("--once", action="store_true", required=True, help="run one cycle, report it and exit")
    sync.set_defaults(command=_sync_once)

    print_test = commands.add_parser("print-test", help="print a test page on the configured printer")
    _site_options(print_test)
    print_test.set_defaults(command=_print_test)
    return parser


def _site_options(parser: argparse.ArgumentParser, default_data: Path | None = None) -> None:
    parser.add_argument("--config", type=Path, help="settings file (TOML); default DATA/lobbydesk.toml if present")
    parser.add_argument(
        "--data", type=Path, default=default_data, help=f"data folder (default {default_data or 'from settings'})"
    )


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to listen on (default 8080)")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        args.config,
        data_dir=args.data,
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
    )


def _run(args: argparse.Namespace) -> int:
    from lobbydesk.server import serve
    from lobbydesk.site import Site

    site = Site(_settings(args))
    site.open()
    _print_addresses(site)
    serve(site)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from lobbydesk.demo import seed_demo, write_demo_config
    from lobbydesk.server import serve
    from lobbydesk.site import Site

    write_demo_config(args.data)
    site = Site(_settings(args))
    site.open()
    added = seed_demo(site)
    print(f"Demo community '{site.settings.community_name}' in {site.settings.data_dir}"
          + (f" ({added} queue tickets added)" if added else ""))
    example = next(iter(site.queue.waiting_tickets()), None)
    _print_addresses(site, example.id if example else None)
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


def _sync_once(args: argparse.Namespace) -> int:
    from lobbydesk.site import Site

    site = Site(_settings(args))
    site.open()
    try:
        report = site.sync.run_once()
    finally:
        site.close()
    print(report.summary())
    return 0 if report.ok else 1


def _print_test(args: argparse.Namespace) -> int:
    from lobbydesk.site import Site
    from printers.connections import PrinterUnavailable
    from printers.layouts import test_page

    settings = _settings(args)
    site = Site(settings)
    try:
        site.printer.send(test_page(settings.community_name, site.profile))
    except PrinterUnavailable as error:
        print(f"lobbydesk: printer {site.printer.describe()}: {error}", file=sys.stderr)
        return 1
    print(f"Test page sent to {site.printer.describe()}")
    return 0
