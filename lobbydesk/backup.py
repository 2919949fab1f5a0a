"""A site's backup: a consistent copy of the store and everything beside it, as one dated archive with a checksum.

The store is copied with SQLite's online backup, so a backup is consistent while the server writes.
Everything else (the settings file, ``DATA/secrets``, ``DATA/photos``, the year archives and an .xlsx
workbook) is first copied into a folder of its own, then hashed and packed from there, so a file
replaced meanwhile cannot make the manifest disagree with the archive. The archive
(``lobbydesk-backup-<SITE>-<YYYYMMDD-HHMMSS>.tar.gz``, readable by its owner only) holds
``manifest.json`` first, then the files under ``data/`` as they sit in the data folder; beside it, a
``.sha256`` file in ``sha256sum`` form checks the whole archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from desk.feedback import AnonymousSender
from lobbydesk.backup_retention import CHECKSUM_SUFFIX, archive_name, archive_stamp, archives_to_keep
from lobbydesk.settings import CONFIG_NAME, Settings
from lobbydesk.site_secrets import SECRETS_FOLDER
from sync.urls import parse_workbook_url

MANIFEST_NAME = "manifest.json"
DATA_PREFIX = "data"
MANIFEST_FORMAT = 1
# Folders of the data folder a site cannot do without; browser sessions, printer output and the
# backups themselves are left out on purpose.
KEPT_FOLDERS = (SECRETS_FOLDER, "photos", "archive")
NOT_BACKED_UP_TAB = AnonymousSender.TAB


class BackupError(Exception):
    """The backup could not be made; the message says why in one line."""


@dataclass(frozen=True)
class BackupPlan:
    """What one site's backup holds, worked out from its settings without touching anything."""

    site_code: str
    data_dir: Path
    store_path: Path
    config: Path | None
    workbook: Path | None
    notes: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: Settings) -> BackupPlan:
        """The plan for a site's settings: its store, settings file, kept folders and .xlsx workbook."""
        notes: list[str] = []
        config = type(settings).toml_path
        if config is None:
            notes.append("there is no settings file: settings given as flags or LOBBYDESK_* variables are "
                         "not in the backup")
        workbook_url = parse_workbook_url(settings.workbook)
        workbook = workbook_url.path if workbook_url.scheme == "xlsx" else None
        if workbook_url.scheme == "gsheets":
            notes.append(f"the workbook lives in Google Sheets ({settings.workbook}); Google keeps it and its "
                         "version history, so it is not in the backup")
        elif workbook_url.scheme == "memory":
            notes.append("the workbook is kept in memory only: there is none to back up")
        if settings.google_service_account is not None:
            notes.append(f"the Google service account key {settings.google_service_account} is not in the backup: "
                         "keep a copy of it apart")
        return cls(settings.site_code, settings.data_dir, settings.store_path, config, workbook, tuple(notes))


@dataclass(frozen=True)
class ManifestEntry:
    """One file of a backup: where it goes under the data folder, its SHA-256, size and permission bits."""

    path: str
    sha256: str
    size: int
    mode: int


@dataclass(frozen=True)
class Manifest:
    """What a backup holds and how to check it."""

    site_code: str
    taken_at: str
    schema_version: int
    files: tuple[ManifestEntry, ...]
    folders: dict[str, int]  # folder under the data folder -> permission bits
    notes: tuple[str, ...] = ()
    original_paths: dict[str, str] = field(default_factory=dict)  # file -> where it was, when outside the folder
    format: int = MANIFEST_FORMAT

    def to_json(self) -> bytes:
        """The manifest as the archive stores it."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Read a manifest back; raises ValueError (or KeyError, TypeError) when it is not one."""
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            raise ValueError(f"manifest format {data.get('format')!r} is not {MANIFEST_FORMAT}")
        files = tuple(ManifestEntry(**entry) for entry in data.pop("files"))
        return cls(files=files, **{**data, "notes": tuple(data.get("notes", ()))})


@dataclass(frozen=True)
class BackupMade:
    """A finished backup: the archive, its checksum file and what it holds."""

    archive: Path
    checksum: Path
    manifest: Manifest

    def summary(self) -> str:
        """What a person reads after ``lobbydesk backup``."""
        size = self.archive.stat().st_size
        lines = [f"Backup {self.archive} ({len(self.manifest.files)} files, {size / 1_000_000:.1f} MB, "
                 f"store at schema {self.manifest.schema_version}); checksum {self.checksum.name} beside it."]
        lines += [f"  note: {note}" for note in self.manifest.notes]
        return "\n".join(lines)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for piece in iter(lambda: file.read(1 << 20), b""):
            digest.update(piece)
    return digest.hexdigest()


def copy_store(store_path: Path, target: Path) -> int:
    """Copy a live store into one file, leaving out what must not outlive its days; returns its schema version.

    ``VACUUM INTO`` makes the copy in one step, inside one read transaction, so it is the store as of
    one instant even while another connection writes, and it carries no free pages (where records
    deleted for good may still lie). Which unit filed an anonymous suggestion is kept two days only
    (``FeedbackDesk.forget_anonymous_senders``): the copy leaves those records out, overwritten, for a
    backup lives for months. A copy that fails SQLite's quick check is refused.
    """
    if not store_path.is_file():
        raise BackupError(f"there is no store at {store_path}")
    source = sqlite3.connect(store_path, timeout=30)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        source.execute("VACUUM INTO ?", (str(target),))
    finally:
        source.close()
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        copy.execute("PRAGMA secure_delete=ON")
        for table in ("history", "records"):
            copy.execute(f"DELETE FROM {table} WHERE tab = ?", (NOT_BACKED_UP_TAB,))  # noqa: S608 - a fixed name
        verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        version = int(copy.execute("PRAGMA user_version").fetchone()[0])
    finally:
        copy.close()
    if verdict != "ok":
        raise BackupError(f"the store {store_path} fails SQLite's check ({verdict}); it was not backed up")
    shutil.copymode(store_path, target)
    return version


def take_backup(plan: BackupPlan, to: Path, taken_at: datetime) -> BackupMade:
    """Make the backup of a site into the folder ``to`` (created if needed), named for ``taken_at`` (local)."""
    to.mkdir(parents=True, exist_ok=True, mode=0o700)
    archive = to / archive_name(plan.site_code, taken_at)
    checksum = archive.with_name(archive.name + CHECKSUM_SUFFIX)
    with tempfile.TemporaryDirectory(prefix=".lobbydesk-backup-", dir=to) as staging_name:
        staging = Path(staging_name) / DATA_PREFIX
        staging.mkdir()
        schema_version = copy_store(plan.store_path, staging / plan.store_path.name)
        # The workbook after the store: a sheet newer than the store is what the sync meets after any crash.
        original_paths = _stage_the_rest(plan, staging)
        files, folders = _inventory(staging)
        manifest = Manifest(plan.site_code, taken_at.isoformat(), schema_version, files, folders, plan.notes,
                            original_paths)
        partial = Path(staging_name) / archive.name
        _pack(partial, staging, manifest)
        digest = sha256_of(partial)
        os.replace(partial, archive)
    checksum.write_text(f"{digest}  {archive.name}\n", encoding="ascii")
    checksum.chmod(0o600)
    return BackupMade(archive, checksum, manifest)


def _stage_the_rest(plan: BackupPlan, staging: Path) -> dict[str, str]:
    """Copy the settings file, the kept folders and the workbook into ``staging``; returns outside origins."""
    original_paths: dict[str, str] = {}
    if plan.config is not None:
        shutil.copy2(plan.config, staging / CONFIG_NAME)
        if plan.config.resolve() != (plan.data_dir / CONFIG_NAME).resolve():
            original_paths[CONFIG_NAME] = str(plan.config.resolve())
    for name in KEPT_FOLDERS:
        folder = plan.data_dir / name
        if folder.is_dir():
            shutil.copytree(folder, staging / name, symlinks=False)
            shutil.copymode(folder, staging / name)
    if plan.workbook is not None and plan.workbook.is_file():
        inside = _relative_inside(plan.workbook, plan.data_dir)
        where = inside or plan.workbook.name
        (staging / where).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(plan.workbook, staging / where)
        if inside is None:
            original_paths[where] = str(plan.workbook)
    return original_paths


def _relative_inside(path: Path, folder: Path) -> str | None:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None


def _inventory(staging: Path) -> tuple[tuple[ManifestEntry, ...], dict[str, int]]:
    files: list[ManifestEntry] = []
    folders: dict[str, int] = {}
    for path in sorted(_walk(staging)):
        relative = path.relative_to(staging).as_posix()
        mode = path.stat().st_mode & 0o777
        if path.is_dir():
            folders[relative] = mode
        else:
            files.append(ManifestEntry(relative, sha256_of(path), path.stat().st_size, mode))
    return tuple(files), folders


def _walk(folder: Path) -> Iterator[Path]:
    for path in folder.iterdir():
        if path.is_symlink():
            continue  # nothing the site writes is a link; a stray one is not followed out of the folder
        yield path
        if path.is_dir():
            yield from _walk(path)


def _pack(archive: Path, staging: Path, manifest: Manifest) -> None:
    """Write the archive: the manifest first (so a check reads it before any file), then folders and files."""
    descriptor = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
        body = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mode = len(body), 0o600
        info.mtime = int(datetime.fromisoformat(manifest.taken_at).timestamp())
        tar.addfile(info, io.BytesIO(body))
        for relative in manifest.folders:
            tar.add(staging / relative, arcname=f"{DATA_PREFIX}/{relative}", recursive=False)
        for entry in manifest.files:
            tar.add(staging / entry.path, arcname=f"{DATA_PREFIX}/{entry.path}", recursive=False)
        raw.flush()
        os.fsync(raw.fileno())


def prune_backups(folder: Path, site_code: str, daily: int, monthly: int) -> list[Path]:
    """Delete the site's backups in ``folder`` that retention does not keep (with their checksums); returns them."""
    stamps = {}
    for path in folder.iterdir() if folder.is_dir() else ():
        stamp = archive_stamp(path.name, site_code)
        if stamp is not None:
            stamps[stamp] = path
    keep = archives_to_keep(stamps, daily, monthly)
    removed = []
    for stamp, path in sorted(stamps.items()):
        if stamp not in keep:
            path.unlink()
            path.with_name(path.name + CHECKSUM_SUFFIX).unlink(missing_ok=True)
            removed.append(path)
    return removed
