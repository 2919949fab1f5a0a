"""The facts behind the health checks are read from the site itself: its store, its disk, its backups folder."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from desk.clock import FixedClock
from desk.health import PRINTER_PROBLEMS
from desk.migrations import MIGRATIONS
from lobbydesk.health_facts import CachedFacts, gather_facts, look_at_store
from lobbydesk.site import Site
from printers.spool import PRINTER_ALERTS, PrinterAlert
from sync.status import LAST_ERROR, LAST_ERROR_AT, LAST_GOOD_AT
from tests.fakes import FakeMonotonic


def _backup(site: Site, name: str, written: datetime) -> None:
    folder = site.settings.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(b"not really a tar")
    os.utime(path, (written.timestamp(), written.timestamp()))


def test_the_facts_come_from_the_store_the_disk_and_the_newest_backup(site: Site, site_clock: FixedClock) -> None:
    now = site_clock.now()
    with site.store.transaction() as tx:
        tx.set_site_state({LAST_GOOD_AT: (now - timedelta(minutes=12)).isoformat(),
                           LAST_ERROR_AT: (now - timedelta(minutes=1)).isoformat(), LAST_ERROR: "the file is locked"})
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_NEAR_END, "paper is running out", at=now)
    _backup(site, "lobbydesk-backup-SUNNY-20261126-020000.tar.gz", now - timedelta(hours=31))
    _backup(site, "lobbydesk-backup-SUNNY-20261125-020000.tar.gz", now - timedelta(hours=55))
    _backup(site, "notes.txt", now)  # not a backup

    facts = gather_facts(site.settings, now)

    assert facts.store.readable and facts.store.schema_version == facts.store.known_version
    assert facts.sync.last_good_at == now - timedelta(minutes=12)
    assert facts.sync.last_error == "the file is locked"
    assert facts.printer.open_alerts == {"paper_near_end"}
    assert facts.last_backup_at == now - timedelta(hours=31)
    assert facts.disk_free_bytes is not None and facts.disk_free_bytes > 0


def test_a_site_not_started_yet_has_no_store_and_no_backup(tmp_path: Path, site: Site) -> None:
    settings = site.settings.model_copy(update={"data_dir": tmp_path / "elsewhere"})

    facts = gather_facts(settings, datetime.fromisoformat("2026-11-27T09:30:00+08:00"))

    assert (facts.store.exists, facts.last_backup_at) == (False, None)
    assert facts.disk_free_bytes is not None, "the nearest existing folder's disk"


def test_a_damaged_store_is_reported_not_raised(tmp_path: Path) -> None:
    damaged = tmp_path / "lobbydesk.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)

    look = look_at_store(damaged)

    assert (look.store.exists, look.store.readable) == (True, False)
    assert "not a database" in look.store.problem


def test_looking_never_changes_the_store(tmp_path: Path) -> None:
    """The doctor may run on a store an older lobbydesk wrote: it must not upgrade it behind the server's back."""
    old = tmp_path / "lobbydesk.sqlite3"
    older = len(MIGRATIONS) - 1
    with sqlite3.connect(old) as conn:  # as the lobbydesk before the newest migration left it
        for script in MIGRATIONS[:older]:
            conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {older}")
    before = old.read_bytes()

    look = look_at_store(old)

    assert (look.store.schema_version, look.store.known_version) == (older, len(MIGRATIONS))
    assert old.read_bytes() == before


def test_the_checks_know_every_alert_the_print_spool_raises() -> None:
    assert set(PRINTER_PROBLEMS) == {str(code) for code in PrinterAlert}


def test_facts_are_gathered_at_most_once_every_few_seconds() -> None:
    monotonic = FakeMonotonic()
    gathered: list[int] = []

    def gather() -> object:
        gathered.append(1)
        return len(gathered)

    facts = CachedFacts(gather, seconds=5.0, monotonic=monotonic)  # type: ignore[arg-type]
    assert [facts.get(), facts.get()] == [1, 1]
    monotonic.advance(5.0)
    assert facts.get() == 2
    assert facts.fresh() == 3, "check now gathers at once"
