"""Which backups to keep: the newest of each of the last days and of the last months. Pure.

Backups are named ``lobbydesk-backup-<SITE>-<YYYYMMDD-HHMMSS>.tar.gz`` in the site's local time, so
their names alone say when they were taken; days and months are the site's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

BACKUPS_FOLDER = "backups"  # DATA/backups, where backups go unless told otherwise
ARCHIVE_PREFIX = "lobbydesk-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
CHECKSUM_SUFFIX = ".sha256"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
KEEP_DAILY = 14
KEEP_MONTHLY = 12
_NAME = re.compile(
    rf"^{ARCHIVE_PREFIX}(?P<site>[A-Z][A-Z0-9]{{1,7}})-(?P<stamp>\d{{8}}-\d{{6}}){re.escape(ARCHIVE_SUFFIX)}$")


def archive_name(site_code: str, taken_at: datetime) -> str:
    """The file name of a backup taken at a (local) time."""
    return f"{ARCHIVE_PREFIX}{site_code}-{taken_at.strftime(STAMP_FORMAT)}{ARCHIVE_SUFFIX}"


def archive_stamp(name: str, site_code: str) -> datetime | None:
    """When the backup with this file name was taken (naive, local), or None if it is not one of the site's."""
    match = _NAME.match(name)
    if match is None or match["site"] != site_code:
        return None
    try:
        return datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None


def archives_to_keep(stamps: Iterable[datetime], daily: int = KEEP_DAILY, monthly: int = KEEP_MONTHLY) -> set[datetime]:
    """The backups to keep: the newest of each of the ``daily`` latest days that have one, and likewise of months.

    A day or month without a backup (the machine was off) is not counted, so a gap never costs an
    older backup; keeping what this returns and pruning again keeps the same.
    """
    newest_first = sorted(set(stamps), reverse=True)
    return (_newest_per(newest_first, lambda stamp: stamp.date(), daily)
            | _newest_per(newest_first, lambda stamp: (stamp.year, stamp.month), monthly))


def _newest_per(newest_first: list[datetime], period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    kept: dict[Hashable, datetime] = {}
    for stamp in newest_first:
        key = period(stamp)
        if key not in kept:
            if len(kept) == count:
                break
            kept[key] = stamp
    return set(kept.values())
