"""``lobbydesk backup``, ``lobbydesk restore`` and ``lobbydesk rebuild --from-workbook``: a site's data kept safe."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from lobbydesk.backup_retention import BACKUPS_FOLDER, KEEP_DAILY, KEEP_MONTHLY
from lobbydesk.cli_common import add_site_options, settings_from


def register(commands: Any) -> None:
    """Add the backup, restore and rebuild commands to the ``lobbydesk`` parser's subcommands."""
    backup = commands.add_parser(
        "backup", help="one dated archive of the store, settings, secrets, photos and workbook, with a checksum")
    add_site_options(backup)
    backup.add_argument("--to", type=Path, metavar="DIR", help="where the archive goes (default DATA/backups)")
    backup.add_argument("--prune", action="store_true",
                        help="then delete older backups, keeping the newest of each of the last days and months")
    backup.add_argument("--keep-daily", type=int, default=KEEP_DAILY, metavar="N",
                        help=f"days kept (default {KEEP_DAILY})")
    backup.add_argument("--keep-monthly", type=int, default=KEEP_MONTHLY, metavar="N",
                        help=f"months kept (default {KEEP_MONTHLY})")
    backup.set_defaults(command=backup_site)

    restore = commands.add_parser("restore", help="check a backup, then put it back into an empty data folder")
    restore.add_argument("archive", type=Path, metavar="ARCHIVE",
                         help="a lobbydesk-backup-*.tar.gz (its .sha256 beside)")
    restore.add_argument("--data", type=Path, required=True, help="the data folder to restore into")
    restore.add_argument("--force", action="store_true", help="restore into a folder that is not empty")
    restore.set_defaults(command=restore_site)

    rebuild = commands.add_parser("rebuild", help="the last resort: a new store from the workbook")
    add_site_options(rebuild)
    rebuild.add_argument("--from-workbook", action="store_true", required=True,
                         help="read every tab of the site's workbook into a new, empty store")
    rebuild.set_defaults(command=rebuild_site)


def backup_site(args: argparse.Namespace) -> int:
    """Take one backup (and prune when asked); exit status 1 when it could not be made."""
    from desk.clock import Clock
    from lobbydesk.backup import BackupError, BackupPlan, prune_backups, take_backup

    settings = settings_from(args)
    to = (args.to or settings.data_dir / BACKUPS_FOLDER).expanduser().resolve()
    try:
        made = take_backup(BackupPlan.of(settings), to, Clock(settings.zone).now())
    except (BackupError, OSError) as failed:
        print(f"lobbydesk: no backup was made: {failed}", file=sys.stderr)
        return 1
    print(made.summary())
    if args.prune:
        removed = prune_backups(to, settings.site_code, args.keep_daily, args.keep_monthly)
        print(f"Pruned {len(removed)} older backups; kept the newest of each of the last {args.keep_daily} days "
              f"and {args.keep_monthly} months.")
    return 0


def restore_site(args: argparse.Namespace) -> int:
    """Restore a checked backup; exit status 1 for a damaged archive, 2 when the restore is refused."""
    from lobbydesk.restore import DamagedArchiveError, RestoreRefusedError, restore_archive

    try:
        restored = restore_archive(args.archive, args.data, force=args.force)
    except DamagedArchiveError as damaged:
        print(f"lobbydesk: nothing was restored: {damaged}", file=sys.stderr)
        return 1
    except RestoreRefusedError as refused:
        print(f"lobbydesk: nothing was restored: {refused}", file=sys.stderr)
        return 2
    print(restored.summary())
    return 0


def rebuild_site(args: argparse.Namespace) -> int:
    """Make a new store from the workbook and say what did not come back; 1 when the workbook cannot be read."""
    from lobbydesk.rebuild import RebuildRefusedError, rebuild_from_workbook
    from lobbydesk.site import Site
    from sync.backend import WorkbookBusy, WorkbookUnavailable
    from sync.engine import SYNCED_KINDS

    settings = settings_from(args)
    try:
        with Site(settings) as site:
            outcome = rebuild_from_workbook(site.store, site.workbook, SYNCED_KINDS, site.clock, settings.site_code)
    except RebuildRefusedError as refused:
        print(f"lobbydesk: nothing was rebuilt: {refused}", file=sys.stderr)
        return 2
    except (WorkbookBusy, WorkbookUnavailable) as unreadable:
        print(f"lobbydesk: nothing was rebuilt: {unreadable}", file=sys.stderr)
        return 1
    print(outcome.summary())
    return 0
