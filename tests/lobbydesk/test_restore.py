"""Stories of a restore: a damaged or crafted archive is refused before anything is touched; a good one comes back."""

from __future__ import annotations

import hashlib
import io
import tarfile
from datetime import datetime
from pathlib import Path

import pytest

from desk.queue import Service
from lobbydesk.backup import BackupMade, BackupPlan, Manifest, ManifestEntry, take_backup
from lobbydesk.cli import main
from lobbydesk.restore import DamagedArchiveError, RestoreRefusedError, restore_archive, verify_archive
from lobbydesk.settings import load_settings
from tests.lobbydesk.site_folders import SHANGHAI, add_secret_and_photo, open_site, site_folder

TAKEN_AT = datetime(2026, 11, 27, 3, 15, 0, tzinfo=SHANGHAI)


def _backed_up_site(tmp_path: Path) -> BackupMade:
    data = site_folder(tmp_path / "site")
    with open_site(data) as site:
        site.queue.take_number(Service.INQUIRY)
        site.sync.run_once()
    add_secret_and_photo(data)
    return take_backup(BackupPlan.of(load_settings(data_dir=data)), tmp_path / "backups", TAKEN_AT)


def _seal(archive: Path) -> None:
    """Write the archive's checksum file, as a careful forger would."""
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    archive.with_name(archive.name + ".sha256").write_text(f"{digest}  {archive.name}\n")


def _crafted(tmp_path: Path, name: str, body: bytes = b"gotcha", kind: bytes = tarfile.REGTYPE,
             link: str = "") -> Path:
    """An archive with one member ``name``, sealed with a fresh checksum; its manifest lists an innocent file."""
    archive = tmp_path / "lobbydesk-backup-SUNNY-20261127-031500.tar.gz"
    listed = name.removeprefix("data/") if name.startswith("data/") and ".." not in name else "evil.txt"
    entry = ManifestEntry(listed, hashlib.sha256(body).hexdigest(), len(body), 0o600)
    manifest = Manifest("SUNNY", TAKEN_AT.isoformat(), 8, (entry,), {}).to_json()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, link
        info.size = len(body) if kind == tarfile.REGTYPE else 0
        tar.addfile(info, io.BytesIO(body) if kind == tarfile.REGTYPE else None)
    _seal(archive)
    return archive


def test_a_backup_comes_back_exactly_with_its_permissions(tmp_path: Path) -> None:
    made = _backed_up_site(tmp_path)
    target = tmp_path / "elsewhere" / "site"

    restored = restore_archive(made.archive, target)

    original = tmp_path / "site"
    for entry in made.manifest.files:
        assert hashlib.sha256((target / entry.path).read_bytes()).hexdigest() == entry.sha256
        assert (target / entry.path).stat().st_mode & 0o777 == entry.mode
        if entry.path != "lobbydesk.sqlite3":  # the store is SQLite's copy, the rest byte for byte
            assert (target / entry.path).read_bytes() == (original / entry.path).read_bytes()
    assert (target / "secrets").stat().st_mode & 0o777 == 0o700
    assert (target / "secrets" / "storage_secret").stat().st_mode & 0o777 == 0o600
    assert (target / "photos" / "R0001-1.png").read_bytes() == (original / "photos" / "R0001-1.png").read_bytes()
    assert not any(path.name.startswith(".lobbydesk-restore-") for path in target.parent.iterdir())
    assert "Restored" in restored.summary() and str(target) in restored.summary()


def test_a_damaged_archive_is_refused_and_the_target_is_left_alone(tmp_path: Path) -> None:
    made = _backed_up_site(tmp_path)
    raw = bytearray(made.archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    made.archive.write_bytes(bytes(raw))

    with pytest.raises(DamagedArchiveError, match="does not match its checksum"):
        restore_archive(made.archive, tmp_path / "target")
    assert not (tmp_path / "target").exists()


def test_an_archive_without_its_checksum_file_is_refused(tmp_path: Path) -> None:
    made = _backed_up_site(tmp_path)
    made.checksum.unlink()
    with pytest.raises(DamagedArchiveError, match=r"\.sha256 is missing"):
        verify_archive(made.archive)


def test_an_archive_whose_files_disagree_with_the_manifest_is_refused_even_with_a_fresh_checksum(
    tmp_path: Path,
) -> None:
    archive = _crafted(tmp_path, "data/lobbydesk.toml")
    with tarfile.open(archive, "r:gz") as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]  # type: ignore[union-attr]
    with tarfile.open(archive, "w:gz") as tar:
        for member, body in members:
            body = b"site_code = 'EVIL'" if member.name == "data/lobbydesk.toml" else body
            member.size = len(body)
            tar.addfile(member, io.BytesIO(body))
    _seal(archive)

    with pytest.raises(DamagedArchiveError, match="does not match the manifest"):
        verify_archive(archive)


@pytest.mark.parametrize(("name", "kind", "link", "reason"), [
    ("data/../../evil.txt", tarfile.REGTYPE, "", "would land outside the data folder"),
    ("/etc/evil.txt", tarfile.REGTYPE, "", "outside the archive's data folder"),
    ("data/secrets/link", tarfile.SYMTYPE, "/etc/passwd", "link|neither a file nor a folder"),
    ("data/secrets/hard", tarfile.LNKTYPE, "/etc/passwd", "link|neither a file nor a folder"),
])
def test_an_archive_reaching_outside_the_data_folder_is_refused_before_anything_is_written(
    tmp_path: Path, name: str, kind: bytes, link: str, reason: str
) -> None:
    archive = _crafted(tmp_path, name, kind=kind, link=link)
    target = tmp_path / "target"

    with pytest.raises(DamagedArchiveError, match=reason):
        restore_archive(archive, target)
    assert not target.exists()
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_folder_that_is_not_empty_is_refused_unless_forced_and_an_old_log_is_not_replayed(tmp_path: Path) -> None:
    made = _backed_up_site(tmp_path)
    target = tmp_path / "in-use"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    (target / "lobbydesk.sqlite3-wal").write_bytes(b"an old log SQLite would replay over the restored store")

    with pytest.raises(RestoreRefusedError, match="is not empty"):
        restore_archive(made.archive, target)
    assert not (target / "lobbydesk.sqlite3").exists()

    restore_archive(made.archive, target, force=True)
    assert (target / "notes.txt").read_text() == "mine"
    assert not (target / "lobbydesk.sqlite3-wal").exists()
    with open_site(target) as site:
        assert [ticket.number for ticket in site.queue.waiting_tickets()] == ["A001"]


def test_lobbydesk_restore_says_in_one_line_why_nothing_was_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = _backed_up_site(tmp_path)
    made.checksum.write_text("0" * 64 + f"  {made.archive.name}\n")

    assert main(["restore", str(made.archive), "--data", str(tmp_path / "target")]) == 1

    said = capsys.readouterr().err
    assert said.count("\n") == 1 and said.startswith("lobbydesk: nothing was restored:")
