"""Staff accounts: ``lobbydesk staff add NAME --role desk|manager``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the staff commands to the ``lobbydesk`` parser's subcommands."""
    staff = commands.add_parser("staff", help="staff accounts for the console")
    actions = staff.add_subparsers(title="actions", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a staff account, or set a new password for one")
    add_site_options(add)
    add.add_argument("name", help="the login name")
    add.add_argument("--role", choices=["desk", "manager"], default="desk", help="desk (default) or manager")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(command=add_staff)
    listing = actions.add_parser("list", help="list staff accounts")
    add_site_options(listing)
    listing.set_defaults(command=list_staff)


def add_staff(args: argparse.Namespace) -> int:
    """Create or update one account; the password is asked for twice unless read from stdin."""
    from desk.credentials import StaffRole
    from lobbydesk.site import Site

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            print("lobbydesk: the two passwords differ; nothing changed", file=sys.stderr)
            return 1
    with Site(settings_from(args)) as site:
        try:
            site.credentials.add_staff(args.name, StaffRole(args.role), password)
        except ValueError as problem:
            print(f"lobbydesk: {problem}; nothing changed", file=sys.stderr)
            return 1
    print(f"Staff account {args.name!r} ({args.role}) is ready; log in at {site.settings.base_url}/staff")
    return 0


def list_staff(args: argparse.Namespace) -> int:
    """Print every staff account with its role."""
    from desk.credentials import CredentialKind
    from lobbydesk.site import Site

    site = Site(settings_from(args))
    with site, site.store.transaction() as tx:
        accounts = tx.credential_subjects(CredentialKind.STAFF_PASSWORD.value)
    for name, role in accounts:
        print(f"{name}\t{role}")
    if not accounts:
        print("No staff accounts yet: lobbydesk staff add NAME --role desk")
    return 0
