"""Workbook commands: ``sync --once``, ``sync --status``, ``history ID``, ``workbook init`` and ``workbook check``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the workbook commands to the ``lobbydesk`` parser's subcommands."""
    sync = commands.add_parser("sync", help="sync the store with the workbook, or say how the sync is doing")
    add_site_options(sync)
    what = sync.add_mutually_exclusive_group(required=True)
    what.add_argument("--once", action="store_true", help="run one cycle, report it and exit")
    what.add_argument(
        "--status", action="store_true",
        help="last good cycle, pending changes, last error, open problems, the pace, quota and workbook size",
    )
    sync.set_defaults(command=_sync)

    history = commands.add_parser("history", help="every change to one record: when, by whom, what changed")
    add_site_options(history)
    history.add_argument("record_id", metavar="ID", help="the record's ID, e.g. SUNNY-T7K3M9P")
    history.set_defaults(command=show_history)

    workbook = commands.add_parser("workbook", help="lay the workbook out for staff, or check it")
    add_site_options(workbook)
    workbook.add_argument(
        "action",
        choices=["init", "check"],
        help="init: create tabs, headers, Settings keys, dropdowns, protection, highlights (idempotent, "
        "never deletes); check: say what drifted",
    )
    workbook.set_defaults(command=_workbook)


def _sync(args: argparse.Namespace) -> int:
    return sync_status(args) if args.status else sync_once(args)


def sync_once(args: argparse.Namespace) -> int:
    """One sync cycle, reported in a paragraph; exit status 1 when the workbook could not be written."""
    from lobbydesk.site import Site
    from lobbydesk.sync_loop import counted_cycle
    from sync.status import remember_pace

    site = Site(settings_from(args))
    site.open()
    try:
        counted = counted_cycle(site)
        with site.store.transaction() as tx:
            remember_pace(tx, None, counted.tally, counted.size)  # no loop, so no pace: only what it cost
    finally:
        site.close()
    print(counted.report.summary())
    return 0 if counted.report.ok else 1


def sync_status(args: argparse.Namespace) -> int:
    """How the sync is doing, from what the store remembers; reads nothing from the workbook."""
    from datetime import datetime

    from desk.clock import Clock
    from desk.store import Store
    from sync.engine import SYNCED_KINDS
    from sync.status import sync_status as read_status

    settings = settings_from(args)
    store = Store(settings.store_path, clock=Clock(settings.zone))  # it may be the one to upgrade it
    store.open()
    try:
        today = datetime.now(settings.zone).date()
        status = read_status(store, SYNCED_KINDS, settings.site_code, today)
    finally:
        store.close()
    print(f"Workbook: {settings.workbook}")
    print(status.describe())
    return 0


def show_history(args: argparse.Namespace) -> int:
    """Print a record's history; exit status 1 when the store has no record with that ID."""
    from admin.history import describe_history
    from desk.clock import Clock
    from desk.store import Store
    from sync.engine import SYNCED_KINDS

    settings = settings_from(args)
    store = Store(settings.store_path, clock=Clock(settings.zone))  # it may be the one to upgrade it
    store.open()
    try:
        with store.transaction() as tx:
            entries = tx.history_entries(args.record_id.strip())
    finally:
        store.close()
    print(describe_history(args.record_id.strip(), entries, SYNCED_KINDS, settings.zone))
    return 0 if entries else 1


def _workbook(args: argparse.Namespace) -> int:
    """``workbook init`` lays the workbook out; ``workbook check`` lists drift (exit status 1 if any)."""
    from admin.workbook import check, provision
    from desk.site_settings import SiteSettings, current_site_settings
    from lobbydesk.site import Site
    from sync.backend import WorkbookBusy, WorkbookUnavailable
    from sync.engine import SYNCED_KINDS

    settings = settings_from(args)
    site = Site(settings)  # the workbook as the site wires it (Google account, API base); opened below
    site.settings.data_dir.mkdir(parents=True, exist_ok=True)
    site.store.open()
    try:
        with site.store.transaction() as tx:
            site_settings = current_site_settings(tx, SiteSettings(community_name=settings.community_name))
    finally:
        site.store.close()
    backend = site.workbook
    try:
        backend.open()
        if args.action == "init":
            print(provision(backend, SYNCED_KINDS, settings.site_code, site_settings).describe(backend.describe()))
            return 0
        drift = check(backend, SYNCED_KINDS)
    except (WorkbookBusy, WorkbookUnavailable) as failure:
        print(f"lobbydesk: {backend.describe()}: {failure}", file=sys.stderr)
        return 1
    finally:
        backend.close()
    if not drift:
        print(f"{backend.describe()} is laid out as lobbydesk expects.")
        return 0
    print(f"{backend.describe()} has drifted ({len(drift)}); `lobbydesk workbook init` puts it right:")
    print("\n".join(f"  - {line}" for line in drift))
    return 1
