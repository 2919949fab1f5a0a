"""Gathering the health facts of one site: a thin layer of I/O under the pure checks of :mod:`desk.health`.

The store is read through a read-only connection of its own, not the server's: a look never waits
for the server's lock or a sync's write transaction, and ``lobbydesk doctor`` never changes the
file it checks (the server's ``Store.open`` would migrate it). Everything here blocks: callers on
the event loop run it with ``run.io_bound``.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from desk.health import HealthFacts, HealthLimits, PrinterFacts, StoreFacts, SyncFacts
from desk.migrations import MIGRATIONS
from desk.store import Transaction
from lobbydesk.backup_retention import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, BACKUPS_FOLDER
from printers.spool import PRINTER_ALERTS
from sync.status import LAST_ERROR, LAST_ERROR_AT, LAST_GOOD_AT

if TYPE_CHECKING:
    from lobbydesk.settings import Settings

BACKUP_PATTERN = f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"
# Printers whose status the print worker can ask (DLE EOT): the others never raise a paper alert.
STATUS_SCHEMES = ("network", "usb", "serial")
FACTS_SECONDS = 5.0  # a monitor polling every second costs one gathering every five


def health_limits(settings: Settings) -> HealthLimits:
    """The site's thresholds, from its settings."""
    return HealthLimits(
        sync_lag=timedelta(minutes=settings.alert_sync_lag_minutes),
        backup_age=timedelta(hours=settings.alert_backup_age_hours),
        disk_free_bytes=int(settings.alert_disk_free_gib * 1024**3),
    )


@dataclass(frozen=True)
class _StoreLook:
    store: StoreFacts
    sync: SyncFacts
    printer_alerts: frozenset[str]


def gather_facts(settings: Settings, now: datetime) -> HealthFacts:
    """Look at the store, the disk and the backups folder of the site these settings describe."""
    look = look_at_store(settings.store_path)
    scheme = urlsplit(settings.printer).scheme
    printer = PrinterFacts(configured=scheme != "none" and settings.printer != "none",
                           reports_status=scheme in STATUS_SCHEMES, open_alerts=look.printer_alerts)
    return HealthFacts(
        now=now,
        store=look.store,
        sync=look.sync,
        printer=printer,
        disk_free_bytes=disk_free_bytes(settings.data_dir),
        last_backup_at=last_backup_at(settings.data_dir / BACKUPS_FOLDER, now),
    )


def look_at_store(path: Path) -> _StoreLook:
    """The store's schema, its newest record's time, the sync's outcomes and the open printer alerts."""
    nothing = _StoreLook(StoreFacts(exists=False, known_version=len(MIGRATIONS)), SyncFacts(), frozenset())
    if not path.is_file():
        return nothing
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5, isolation_level=None)
    except sqlite3.Error as error:
        return _StoreLook(StoreFacts(exists=True, known_version=len(MIGRATIONS), problem=str(error)), SyncFacts(),
                          frozenset())
    try:
        conn.execute("BEGIN")  # one snapshot for every question below
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:  # made but never migrated: nothing else to read yet
            return _StoreLook(StoreFacts(exists=True, readable=True, schema_version=0, known_version=len(MIGRATIONS)),
                              SyncFacts(), frozenset())
        row = conn.execute("SELECT at FROM history ORDER BY revision DESC LIMIT 1").fetchone()
        tx = Transaction(conn)
        state = tx.site_state()
        alerts = frozenset(alert.code for alert in tx.open_alerts(PRINTER_ALERTS))
    except sqlite3.Error as error:
        return _StoreLook(StoreFacts(exists=True, known_version=len(MIGRATIONS), problem=str(error)), SyncFacts(),
                          frozenset())
    finally:
        conn.close()
    store = StoreFacts(exists=True, readable=True, schema_version=version, known_version=len(MIGRATIONS),
                       latest_record_at=_time(row[0] if row else None))
    sync = SyncFacts(last_good_at=_time(state.get(LAST_GOOD_AT)), last_error_at=_time(state.get(LAST_ERROR_AT)),
                     last_error=state.get(LAST_ERROR, ""))
    return _StoreLook(store, sync, alerts)


def disk_free_bytes(folder: Path) -> int | None:
    """Free bytes on the disk holding ``folder`` (or its nearest existing parent); None when it cannot tell."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free
            except OSError:
                return None
    return None


def last_backup_at(folder: Path, now: datetime) -> datetime | None:
    """When the newest ``lobbydesk-backup-*.tar.gz`` was written, in ``now``'s zone; None when there is none."""
    try:
        times = [path.stat().st_mtime for path in folder.glob(BACKUP_PATTERN) if path.is_file()]
    except OSError:
        return None
    return datetime.fromtimestamp(max(times), tz=now.tzinfo) if times else None


def _time(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        at = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return at if at.tzinfo is not None else None  # lobbydesk writes aware times; anything else is not ours


class CachedFacts:
    """The facts, gathered at most once every few seconds however often they are asked for (thread-safe)."""

    def __init__(self, gather: Callable[[], HealthFacts], seconds: float = FACTS_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._gather = gather
        self._seconds = seconds
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._kept: tuple[float, HealthFacts] | None = None

    def get(self) -> HealthFacts:
        """The facts gathered within the last few seconds, gathering them now if they are older (blocks)."""
        with self._lock:
            now = self._monotonic()
            if self._kept is None or now - self._kept[0] >= self._seconds:
                self._kept = (now, self._gather())
            return self._kept[1]

    def fresh(self) -> HealthFacts:
        """Gather now, whatever the age of what is kept (staff pressed "check now")."""
        with self._lock:
            self._kept = (self._monotonic(), self._gather())
            return self._kept[1]
