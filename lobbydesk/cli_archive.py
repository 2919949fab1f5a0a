"""``lobbydesk archive --year 2025``: a closed year's rows move from the live workbook to an archive workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from
from lobbydesk.settings import Settings
from sync.urls import parse_workbook_url


def register(commands: Any) -> None:
    """Add the ``archive`` command to the ``lobbydesk`` parser's subcommands."""
    command = commands.add_parser(
        "archive", help="move a closed year's paid charges, closed repairs, past tickets... to an archive workbook")
    add_site_options(command)
    command.add_argument("--year", type=int, required=True, help="the closed year to archive, e.g. 2025")
    command.add_argument("--dry-run", action="store_true", help="only say how many rows would move")
    command.add_argument(
        "--to", metavar="URL",
        help="the archive workbook (default: archive/YEAR.xlsx next to an .xlsx workbook; on Google, required: "
             "gsheets://KEY of an empty spreadsheet shared with the service account)")
    command.set_defaults(command=archive)


class NoArchivePlaceError(ValueError):
    """The site's workbook has no natural place for an archive, and none was named."""


def archive_url(settings: Settings, year: int, given: str | None) -> str:
    """Where the year's archive goes: ``--to``, else ``archive/YEAR.xlsx`` beside an .xlsx workbook."""
    if given:
        return given
    live = parse_workbook_url(settings.workbook)
    if live.scheme == "xlsx" and live.path is not None:
        return f"xlsx://{(live.path.parent / 'archive' / f'{year}.xlsx').resolve()}"
    if live.scheme == "gsheets":
        raise NoArchivePlaceError(
            "lobbydesk cannot create a Google spreadsheet itself: create an empty one, share it with the service "
            "account as editor, and name it with --to gsheets://KEY")
    raise NoArchivePlaceError("an in-memory workbook has no archive; name one with --to xlsx:///path/YEAR.xlsx")


def archive(args: argparse.Namespace) -> int:
    """Run the archive for one year and say what moved; exit status 1 when a workbook refused, 2 on a bad ask."""
    from desk.archive import YearNotOverError
    from lobbydesk.site import Site
    from sync.archive import archive_year
    from sync.backend import WorkbookBusy, WorkbookUnavailable
    from sync.urls import backend_from_url

    settings = settings_from(args)
    try:
        url = archive_url(settings, args.year, args.to)
    except NoArchivePlaceError as missing:
        print(f"lobbydesk: {missing}", file=sys.stderr)
        return 2
    if url.startswith("xlsx:") and not args.dry_run:
        path = parse_workbook_url(url).path
        assert path is not None
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    site = Site(settings)
    archive_book = backend_from_url(url, google_service_account=settings.google_service_account,
                                    google_api_base=settings.google_api_base)
    site.open()
    try:
        if not args.dry_run:  # a dry run only counts: the archive need not exist yet
            archive_book.open()
        outcome = archive_year(site.store, site.workbook, archive_book, site.clock.now(), args.year,
                               dry_run=args.dry_run)
    except YearNotOverError as not_over:
        print(f"lobbydesk: {not_over}", file=sys.stderr)
        return 2
    except (WorkbookBusy, WorkbookUnavailable) as refused:
        print(f"lobbydesk: {refused}; nothing is lost: run the same command again to finish the archive",
              file=sys.stderr)
        return 1
    finally:
        archive_book.close()
        site.close()
    print(outcome.summary())
    return 0
