"""Stories of a backup: one dated archive with a checksum, consistent while the kiosk keeps writing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tarfile
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk.feedback import AnonymousSender, FeedbackCategory, FeedbackKind
from desk.queue import QueueTicket, Service
from desk.store import Store
from lobbydesk.backup import BackupError, BackupPlan, copy_store, prune_backups, take_backup
from lobbydesk.backup_retention import archive_name
from lobbydesk.backup_units import backup_units
from lobbydesk.cli import main
from lobbydesk.settings import load_settings
from tests.lobbydesk.site_folders import SHANGHAI, add_secret_and_photo, open_site, site_folder

TAKEN_AT = datetime(2026, 11, 27, 3, 15, 0, tzinfo=SHANGHAI)


def _members(archive: Path) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(archive) as tar:
        return {member.name: member for member in tar}


def test_a_backup_holds_the_store_settings_secret_photos_and_workbook_with_a_manifest_and_checksum(
    tmp_path: Path,
) -> None:
    data = site_folder(tmp_path / "site")
    with open_site(data) as site:
        site.queue.take_number(Service.INQUIRY)
        site.sync.run_once()
    add_secret_and_photo(data)

    made = take_backup(BackupPlan.of(load_settings(data_dir=data)), data / "backups", TAKEN_AT)

    assert made.archive == data / "backups" / "lobbydesk-backup-SUNNY-20261127-031500.tar.gz"
    digest = hashlib.sha256(made.archive.read_bytes()).hexdigest()
    assert made.checksum.read_text() == f"{digest}  {made.archive.name}\n", "the form sha256sum -c reads"
    assert made.archive.stat().st_mode & 0o777 == 0o600, "it carries the secrets"
    members = _members(made.archive)
    assert next(iter(members)) == "manifest.json", "the manifest comes first, so a check reads it before any file"
    assert {"data/lobbydesk.sqlite3", "data/lobbydesk.toml", "data/secrets/storage_secret", "data/photos/R0001-1.png",
            "data/workbook.xlsx"} <= members.keys()
    assert not any(name.startswith(("data/backups", "data/browser-storage", "data/printer.bin")) for name in members)
    assert members["data/secrets/storage_secret"].mode == 0o600
    assert members["data/secrets"].mode == 0o700
    with tarfile.open(made.archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        for entry in manifest["files"]:
            body = tar.extractfile(f"data/{entry['path']}").read()  # type: ignore[union-attr]
            assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    assert manifest["site_code"] == "SUNNY"
    assert manifest["schema_version"] >= 7
    assert "Backup" in made.summary() and "lobbydesk-backup-SUNNY-20261127-031500.tar.gz" in made.summary()


def test_the_store_copy_is_consistent_while_the_kiosk_keeps_writing(tmp_path: Path) -> None:
    path = tmp_path / "lobbydesk.sqlite3"
    store = Store(path)
    store.open()
    stop = threading.Event()
    written = [0]

    def kiosk_taking_numbers_in_pairs() -> None:
        # Every transaction writes two tickets: a copy holding an odd number of them caught half a write.
        at = datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)
        while not stop.is_set():
            n = written[0]
            with store.transaction() as tx:
                for half in (0, 1):
                    tx.put(QueueTicket(id=f"SUNNY-T{2 * n + half:06d}", number=f"A{2 * n + half + 1:03d}",
                                       service=Service.INQUIRY, issued_at=at), actor="kiosk", at=at)
            written[0] = n + 1

    writer = threading.Thread(target=kiosk_taking_numbers_in_pairs)
    writer.start()
    try:
        counts = []
        for attempt in range(15):
            copy = tmp_path / f"copy-{attempt}.sqlite3"
            copy_store(path, copy)
            with sqlite3.connect(copy) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
                history = conn.execute("SELECT count(*) FROM history").fetchone()[0]
            assert records % 2 == 0 and records == history
            counts.append(records)
    finally:
        stop.set()
        writer.join()
        store.close()
    assert counts == sorted(counts) and counts[-1] > counts[0], "the kiosk really was writing meanwhile"
    assert not (tmp_path / "copy-0.sqlite3-wal").exists(), "each copy is one self-contained file"


def test_a_site_without_a_store_gets_no_backup(tmp_path: Path) -> None:
    data = site_folder(tmp_path / "site")
    with pytest.raises(BackupError, match="there is no store"):
        take_backup(BackupPlan.of(load_settings(data_dir=data)), tmp_path / "backups", TAKEN_AT)
    assert not (data / "lobbydesk.sqlite3").exists(), "looking for the store did not create one"


def test_a_google_workbook_is_noted_as_living_in_google(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, workbook="gsheets://1AbCdEf", google_api_base="http://127.0.0.1:9")

    plan = BackupPlan.of(settings)

    assert plan.workbook is None
    assert any("lives in Google Sheets (gsheets://1AbCdEf)" in note for note in plan.notes)
    assert any("no settings file" in note for note in plan.notes)


def test_pruning_keeps_the_newest_of_each_day_and_month_and_only_touches_this_sites_backups(tmp_path: Path) -> None:
    start = datetime(2026, 1, 1, 3, 15)
    for day in range(400):
        for hour in (3, 15):
            name = archive_name("SUNNY", start + timedelta(days=day, hours=hour - 3))
            (tmp_path / name).write_bytes(b"archive")
            (tmp_path / f"{name}.sha256").write_text("x")
    other_site = tmp_path / archive_name("RIVER", start)
    other_site.write_bytes(b"archive")

    removed = prune_backups(tmp_path, "SUNNY", daily=14, monthly=12)

    kept = sorted(path.name for path in tmp_path.glob("lobbydesk-backup-SUNNY-*.tar.gz"))
    last_day = start + timedelta(days=399, hours=12)  # 2027-02-04 15:15
    daily = [archive_name("SUNNY", last_day - timedelta(days=back)) for back in range(14)]
    # February's and January's newest are among those days; ten older months keep their last evening.
    next_firsts = [datetime(2026, month, 1, 15, 15) for month in range(4, 13)] + [datetime(2027, 1, 1, 15, 15)]
    monthly = [archive_name("SUNNY", first - timedelta(days=1)) for first in next_firsts]  # March..December
    assert kept == sorted(daily + monthly)
    assert len(removed) == 800 - len(kept)
    assert not any((tmp_path / f"{path.name}.sha256").exists() for path in removed), "checksums go with them"
    assert other_site.exists()


def test_the_daily_timer_runs_the_backup_with_pruning_as_the_site_user() -> None:
    units = backup_units(["/opt/lobbydesk/bin/lobbydesk"], Path("/var/lib/lobby desk"), "lobbydesk",
                         config=Path("/etc/lobbydesk/lobbydesk.toml"))

    service, timer = units["lobbydesk-backup.service"], units["lobbydesk-backup.timer"]
    assert ('ExecStart=/opt/lobbydesk/bin/lobbydesk backup --prune --data "/var/lib/lobby desk" '
            "--config /etc/lobbydesk/lobbydesk.toml") in service
    assert "Type=oneshot" in service and "User=lobbydesk" in service
    assert "OnCalendar=*-*-* 03:15:00" in timer and "Persistent=true" in timer
    assert "Unit=lobbydesk-backup.service" in timer and "WantedBy=timers.target" in timer
    with pytest.raises(ValueError, match="not a time"):
        backup_units(["lobbydesk"], Path("/data"), "lobbydesk", daily_at="25:00")


def test_lobbydesk_backup_makes_the_archive_in_data_backups_and_prunes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = site_folder(tmp_path / "site")
    with open_site(data):
        pass

    assert main(["backup", "--data", str(data), "--prune"]) == 0

    said = capsys.readouterr().out
    archives = list((data / "backups").glob("lobbydesk-backup-SUNNY-*.tar.gz"))
    assert len(archives) == 1 and archives[0].name in said
    assert "Pruned 0 older backups" in said
    assert (data / "backups" / f"{archives[0].name}.sha256").exists()


def test_a_backup_does_not_keep_which_unit_made_an_anonymous_suggestion(tmp_path: Path) -> None:
    data = site_folder(tmp_path / "site")
    with open_site(data) as site:
        site.repairs.feedback.file(kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING,
                                   text="更多垃圾桶 near gate 2", unit_id="SUNNY-U1", unit_label="3-1202",
                                   anonymous=True)
        with site.store.transaction() as tx:
            [sender] = tx.find(AnonymousSender)
        site.repairs.feedback.file(kind=FeedbackKind.SUGGESTION, category=FeedbackCategory.CLEANING,
                                   text="A bench by building 5", unit_id="SUNNY-U2", unit_label="5-301",
                                   anonymous=True)
        with site.store.transaction() as tx:
            tx.forget(AnonymousSender, [sender.id])  # as the rules do after two days: deleted, left in free pages
            assert len(tx.find(AnonymousSender)) == 1, "the live store keeps today's sender for the limits"

    made = take_backup(BackupPlan.of(load_settings(data_dir=data)), data / "backups", TAKEN_AT)

    with tarfile.open(made.archive) as tar:
        copy = tar.extractfile("data/lobbydesk.sqlite3").read()  # type: ignore[union-attr]
    (tmp_path / "copy.sqlite3").write_bytes(copy)
    with sqlite3.connect(tmp_path / "copy.sqlite3") as conn:
        kept = conn.execute("SELECT count(*) FROM records WHERE tab = ?", (AnonymousSender.TAB,)).fetchone()[0]
        history = conn.execute("SELECT count(*) FROM history WHERE tab = ?", (AnonymousSender.TAB,)).fetchone()[0]
        suggestions = conn.execute("SELECT count(*) FROM records WHERE tab = 'Feedback'").fetchone()[0]
    assert (kept, history, suggestions) == (0, 0, 2), "the suggestions are backed up, their senders are not"
    assert sender.fingerprint.encode() not in copy and b"SUNNY-X" not in copy, "not even in the file's free pages"
