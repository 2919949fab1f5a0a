"""Restoring a backup into a data folder: check everything first, then put every file back exactly.

Nothing in the target is touched until the archive has passed every check: its ``.sha256`` file, a
manifest that reads, every member a plain file or folder under ``data/`` that tarfile's ``data``
filter accepts (no absolute paths, no ``..``, no links, no devices), and every file of the manifest
present once with its SHA-256 and size, and nothing else. The files are then unpacked beside the
target, checked again, given their permission bits (secrets stay 0600) and moved into place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lobbydesk.backup import DATA_PREFIX, MANIFEST_NAME, Manifest, sha256_of
from lobbydesk.backup_retention import CHECKSUM_SUFFIX
from lobbydesk.settings import CONFIG_NAME
from sync.urls import parse_workbook_url


class DamagedArchiveError(Exception):
    """The archive fails a check: nothing was restored. The message says which, in one line."""


class RestoreRefusedError(Exception):
    """The restore would overwrite a site or cannot be done safely here: nothing was restored."""


@dataclass(frozen=True)
class Restored:
    """What a restore put back, and what the people running the site should know."""

    target: Path
    manifest: Manifest
    notes: tuple[str, ...]

    def summary(self) -> str:
        """What a person reads after ``lobbydesk restore``."""
        manifest = self.manifest
        lines = [f"Restored {len(manifest.files)} files of {manifest.site_code}'s backup of {manifest.taken_at} "
                 f"into {self.target} (store at schema {manifest.schema_version})."]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def verify_archive(archive: Path) -> Manifest:
    """Check a backup end to end without writing anything; its manifest, or DamagedArchiveError."""
    if not archive.is_file():
        raise DamagedArchiveError(f"there is no archive {archive}")
    checksum = archive.with_name(archive.name + CHECKSUM_SUFFIX)
    if not checksum.is_file():
        raise DamagedArchiveError(f"{checksum.name} is missing beside {archive}: copy it along with the archive")
    expected = checksum.read_text(encoding="ascii", errors="replace").split()[:1]
    if expected != [sha256_of(archive)]:
        raise DamagedArchiveError(f"{archive} does not match its checksum {checksum.name}: it is damaged")
    try:
        return _verify_members(archive)
    except (tarfile.TarError, OSError, EOFError, ValueError, KeyError, TypeError) as unreadable:
        raise DamagedArchiveError(f"{archive} cannot be read as a lobbydesk backup ({unreadable})") from None


def _verify_members(archive: Path) -> Manifest:
    with tarfile.open(archive, mode="r:gz") as tar:
        first = tar.next()
        if first is None or first.name != MANIFEST_NAME or not first.isfile():
            raise DamagedArchiveError(f"{archive} does not start with its {MANIFEST_NAME}")
        manifest = Manifest.from_json(_read(tar, first))
        expected = {entry.path: entry for entry in manifest.files}
        for relative in [*expected, *manifest.folders]:
            _check_relative(relative)
        seen: set[str] = set()
        for member in tar:
            if member is first:
                continue
            relative = _member_path(member)
            tarfile.data_filter(member, "/restore")  # refuses absolute paths, '..' and links out of the folder
            if member.isdir():
                if relative not in manifest.folders:
                    raise DamagedArchiveError(f"the folder {member.name} is not in the manifest")
                continue
            if not member.isfile():
                raise DamagedArchiveError(f"{member.name} is neither a file nor a folder")
            entry = expected.get(relative)
            if entry is None or relative in seen:
                raise DamagedArchiveError(f"{member.name} is not in the manifest, or is in the archive twice")
            body = _read(tar, member)
            if len(body) != entry.size or hashlib.sha256(body).hexdigest() != entry.sha256:
                raise DamagedArchiveError(f"{member.name} does not match the manifest")
            seen.add(relative)
        missing = sorted(expected.keys() - seen)
        if missing:
            raise DamagedArchiveError(f"the archive lacks {missing[0]} (and {len(missing) - 1} more)")
        return manifest


def _read(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    extracted = tar.extractfile(member)
    if extracted is None:
        raise DamagedArchiveError(f"{member.name} cannot be read")
    with extracted:
        return extracted.read()


def _member_path(member: tarfile.TarInfo) -> str:
    parts = PurePosixPath(member.name).parts
    if len(parts) < 2 or parts[0] != DATA_PREFIX:
        raise DamagedArchiveError(f"{member.name} is outside the archive's data folder")
    relative = PurePosixPath(*parts[1:]).as_posix()
    _check_relative(relative)
    return relative


def _check_relative(relative: str) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or not path.parts:
        raise DamagedArchiveError(f"{relative!r} would land outside the data folder")


def restore_archive(archive: Path, target: Path, *, force: bool = False) -> Restored:
    """Put a checked backup back into ``target``; a non-empty target is refused unless ``force``.

    With ``force`` the archive's files replace their namesakes and other files stay; the store's
    leftover ``-wal`` and ``-shm`` files go, since SQLite would otherwise replay an old log over it.
    """
    if not hasattr(tarfile, "data_filter"):
        raise RestoreRefusedError(f"Python {sys.version.split()[0]} cannot unpack archives safely; use 3.11.4 or newer")
    manifest = verify_archive(archive)
    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise RestoreRefusedError(f"{target} is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise RestoreRefusedError(f"{target} is not empty; restore into an empty folder, or give --force to "
                                  "replace the files the backup holds (stop the site's server first)")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix=".lobbydesk-restore-", dir=target.parent) as staging_name:
        staging = Path(staging_name)
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(staging, filter="data")
        unpacked = staging / DATA_PREFIX
        for entry in manifest.files:  # the archive might have been swapped since it was checked
            if sha256_of(unpacked / entry.path) != entry.sha256:
                raise DamagedArchiveError(f"{entry.path} changed while it was unpacked; nothing was restored")
        _move_into_place(manifest, unpacked, target)
    return Restored(target, manifest, (*manifest.notes, *_settings_notes(target, manifest)))


def _move_into_place(manifest: Manifest, unpacked: Path, target: Path) -> None:
    for relative, mode in sorted(manifest.folders.items()):
        folder = target / relative
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    for entry in manifest.files:
        if entry.path.endswith(".sqlite3"):
            for leftover in ("-wal", "-shm", "-journal"):
                (target / f"{entry.path}{leftover}").unlink(missing_ok=True)
    for entry in manifest.files:
        destination = target / entry.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        (unpacked / entry.path).chmod(entry.mode)
        if destination.is_dir():
            shutil.rmtree(destination)
        os.replace(unpacked / entry.path, destination)


def _settings_notes(target: Path, manifest: Manifest) -> list[str]:
    """Where the restored settings still point at the old place, and where files came from outside it."""
    notes = [f"{relative} was at {original}; it is restored as {target / relative}"
             for relative, original in manifest.original_paths.items()]
    config = target / CONFIG_NAME
    if not config.is_file():
        return notes
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return notes
    data_dir = settings.get("data_dir")
    if isinstance(data_dir, str) and Path(data_dir).expanduser().resolve() != target:
        notes.append(f"{CONFIG_NAME} says data_dir = {data_dir!r}: run lobbydesk with --data {target} "
                     "(the flag wins) or change it")
    workbook = settings.get("workbook")
    if isinstance(workbook, str) and workbook.startswith("xlsx:"):
        try:
            path = parse_workbook_url(workbook).path
        except ValueError:
            path = None
        if path is not None and not path.resolve().is_relative_to(target):
            notes.append(f"{CONFIG_NAME} names the workbook {workbook}, outside {target}: point it at the "
                         "restored copy")
    return notes
