"""The owner file for the archive: ``lobbydesk owner-file UNIT --pdf FILE`` (UNIT like ``3-1202``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.cli_common import add_site_options, site_with_its_store


def register(commands: Any) -> None:
    """Add the ``owner-file`` command to the ``lobbydesk`` parser's subcommands."""
    command = commands.add_parser("owner-file", help="print a unit's owner file with its history, or export a PDF")
    add_site_options(command)
    command.add_argument("unit", help="the unit, as building-room (3-1202) or its ID")
    command.add_argument("--pdf", type=Path, help="write the file as PDF here (for the archive)")
    command.set_defaults(command=owner_file)


def owner_file(args: argparse.Namespace) -> int:
    """Print the file's lines, or write it as a PDF."""
    from desk.owner_file import OwnerFiles
    from lobbydesk.owner_file_pdf import NoChineseFontError, owner_file_pdf

    with site_with_its_store(args) as site:
        files = OwnerFiles(site.store, site.clock)
        unit = files.find_unit(args.unit)
        if unit is None:
            print(f"lobbydesk: no unit {args.unit} in this site's store", file=sys.stderr)
            return 1
        found = files.file_of(unit.id)
        community = site.community_name()
    if args.pdf is None:
        print(f"Owner file of {unit.label} ({unit.id})")
        for resident in found.residents:
            gone = f", moved out {resident.moved_out}" if resident.moved_out else ""
            print(f"  {resident.name} ({resident.role.value}), moved in {resident.move_in or '?'}{gone}")
        for change in found.changes:
            print(f"  {change.at:%Y-%m-%d %H:%M}  {change.actor}  {change.subject}: {change.describe()}")
        return 0
    try:
        data = owner_file_pdf(found, community_name=community, exported_at=site.clock.now())
    except NoChineseFontError as missing:
        print(f"lobbydesk: {missing}", file=sys.stderr)
        return 1
    args.pdf.write_bytes(data)
    print(f"Wrote the owner file of {unit.label} ({len(found.changes)} changes) to {args.pdf}")
    return 0
