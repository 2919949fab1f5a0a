"""Install and uninstall lobbydesk on a Debian/Ubuntu machine: write the planned files, run the commands.

The files are pure functions of the options (:mod:`lobbydesk.install_files`); here they are written
under a root folder (``/`` for a real install) and every command (adduser, chown, systemctl,
udevadm) goes through a runner passed in, so tests install into a temporary folder and a fake runner
records the commands. A manifest of what was written lets ``uninstall`` remove exactly that, and a
second install remove what the first wrote and this one no longer does. The data folder and the
system user that owns it are never removed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lobbydesk.backup_units import TIMER_NAME as BACKUP_TIMER
from lobbydesk.install_files import (
    CONFIG_FOLDER,
    LOG_FILE,
    LOG_FOLDER,
    MANIFEST_PATH,
    SCRIPT_FOLDER,
    SERVICE_NAME,
    InstallOptions,
    PlannedFile,
    planned_files,
)

Runner = Callable[[Sequence[str]], int]  # runs one command, answers its exit status
Say = Callable[[str], None]


@dataclass(frozen=True)
class Step:
    """A command install or uninstall runs; ``if_it_fails`` set: a warning, and the work goes on."""

    argv: tuple[str, ...]
    if_it_fails: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What an install left on the machine, kept at /etc/lobbydesk/installed.json."""

    files: tuple[str, ...]
    user: str
    data: str

    def to_json(self) -> str:
        """The manifest's file contents."""
        return json.dumps({"files": list(self.files), "user": self.user, "data": self.data}, indent=2) + "\n"

    @staticmethod
    def from_json(text: str) -> Manifest:
        """Read a manifest written by :meth:`to_json`."""
        raw = json.loads(text)
        return Manifest(files=tuple(raw["files"]), user=raw["user"], data=raw["data"])


UDEV_LATER = "the printer rule takes effect at the next reboot or replug"


def run_command(argv: Sequence[str]) -> int:
    """The real runner: run the command with the terminal's output, answer its exit status."""
    try:
        return subprocess.run(list(argv), check=False).returncode  # noqa: S603 - argv is built here, not from users
    except FileNotFoundError:
        return 127


def under(root: Path, path: PurePosixPath) -> Path:
    """Where a path of the installed system lies in the root folder being installed into."""
    return root / path.relative_to("/")


def user_step(options: InstallOptions) -> Step:
    """Create the system user and its group (Debian's adduser --system does nothing when it exists)."""
    return Step((
        "adduser", "--system", "--group", "--home", str(options.data), "--no-create-home",
        "--shell", "/usr/sbin/nologin", options.user,
    ))


def install_steps(options: InstallOptions) -> list[Step]:
    """The commands after the files are written: hand the data over, load the rule, start the server."""
    return [
        Step(("chown", "-R", f"{options.user}:{options.user}", str(options.data))),
        Step(("systemctl", "daemon-reload")),
        Step(("udevadm", "control", "--reload-rules"), UDEV_LATER),
        Step(("udevadm", "trigger", "--subsystem-match=usb", "--action=change"), UDEV_LATER),
        Step(("systemctl", "enable", SERVICE_NAME)),
        Step(("systemctl", "restart", SERVICE_NAME)),
        Step(("systemctl", "enable", "--now", BACKUP_TIMER)),
    ]


UNINSTALL_STOPS = (
    Step(("systemctl", "disable", "--now", SERVICE_NAME), "it may not have been running"),
    Step(("systemctl", "disable", "--now", BACKUP_TIMER), "it may not have been running"),
)
UNINSTALL_RELOAD = (
    Step(("systemctl", "daemon-reload")),
    Step(("udevadm", "control", "--reload-rules"), UDEV_LATER),
)


def describe_install(options: InstallOptions) -> str:
    """What install would do, every file in full: the dry run's output."""
    files = planned_files(options)
    lines = [
        f"would run: {_shown(user_step(options))}",
        f"would create the data folder {options.data} and the log folder {LOG_FOLDER} (mode 0750)",
    ]
    for planned in files:
        lines += [f"would write {planned.path} (mode {planned.mode:04o}):", _indented(planned.content)]
    lines.append(f"would write {MANIFEST_PATH} (the list of files above, for uninstall)")
    lines += [f"would run: {_shown(step)}" for step in install_steps(options)]
    return "\n".join(lines)


def install(options: InstallOptions, root: Path, runner: Runner, say: Say = print) -> int:
    """Write every file under ``root``, then run the commands; 0 when all went well."""
    if not _run(user_step(options), runner, say):
        return 1
    previous = read_manifest(root)
    files = planned_files(options)
    for planned in files:
        _write(root, planned)
        say(f"wrote {planned.path}")
    for folder in (options.data, LOG_FOLDER):
        made = under(root, folder)
        made.mkdir(parents=True, exist_ok=True)
        made.chmod(0o750)
    manifest = Manifest(files=tuple(str(planned.path) for planned in files), user=options.user, data=str(options.data))
    if previous is not None:
        _remove_files(root, sorted(set(previous.files) - set(manifest.files)), say)
    _write(root, PlannedFile(MANIFEST_PATH, manifest.to_json()))
    for step in install_steps(options):
        if not _run(step, runner, say):
            return 1
    where = "" if root == Path("/") else f" under {root}"
    say(f"lobbydesk is installed{where}: data in {options.data}, the server's log in {LOG_FILE}.")
    if any(path.endswith(".desktop") for path in manifest.files):
        say("The lobby screens start with the next graphical login: reboot the kiosk PC (see docs/install.md).")
    return 0


def read_manifest(root: Path) -> Manifest | None:
    """The manifest of the last install under ``root``, or None when nothing is installed."""
    path = under(root, MANIFEST_PATH)
    if not path.is_file():
        return None
    return Manifest.from_json(path.read_text(encoding="utf-8"))


def describe_uninstall(manifest: Manifest) -> str:
    """What uninstall would do: the dry run's output."""
    lines = [f"would run: {_shown(stop)}" for stop in UNINSTALL_STOPS]
    lines += [f"would remove {path}" for path in (*manifest.files, str(MANIFEST_PATH))]
    lines += [f"would run: {_shown(step)}" for step in UNINSTALL_RELOAD]
    lines.append(_kept(manifest))
    return "\n".join(lines)


def uninstall(root: Path, runner: Runner, say: Say = print) -> int:
    """Stop the server and remove every file the last install wrote; the data and its user stay."""
    manifest = read_manifest(root)
    if manifest is None:
        say(f"lobbydesk uninstall: nothing to undo ({under(root, MANIFEST_PATH)} does not exist)")
        return 1
    for stop in UNINSTALL_STOPS:
        _run(stop, runner, say)
    _remove_files(root, [*manifest.files, str(MANIFEST_PATH)], say)
    for folder in (SCRIPT_FOLDER, CONFIG_FOLDER):  # only when empty: /etc/lobbydesk may hold the Google key
        _remove_empty_folder(under(root, folder))
    for step in UNINSTALL_RELOAD:
        if not _run(step, runner, say):
            return 1
    say(_kept(manifest))
    return 0


def closed_folder(path: Path) -> Path | None:
    """The first folder on ``path`` (or on where its links lead) that other users may not enter, if any.

    The service runs as its own user: an interpreter or a checkout under /root is out of its reach.
    """
    for candidate in (path, path.resolve()):
        for folder in reversed(candidate.parents):
            try:
                mode = folder.stat().st_mode
            except OSError:
                return folder
            if not mode & stat.S_IXOTH:
                return folder
    return None


def _run(step: Step, runner: Runner, say: Say) -> bool:
    status = runner(step.argv)
    if status == 0:
        return True
    if step.if_it_fails is not None:
        say(f"warning: `{_shown(step)}` failed (exit status {status}): {step.if_it_fails}")
        return True
    say(f"lobbydesk: `{_shown(step)}` failed (exit status {status})")
    return False


def _write(root: Path, planned: PlannedFile) -> None:
    # Write beside, then rename: a half-written unit or rule is never what systemd or udev reads.
    target = under(root, planned.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(planned.content, encoding="utf-8")
    partial.chmod(planned.mode)
    os.replace(partial, target)


def _remove_files(root: Path, paths: Sequence[str], say: Say) -> None:
    for path in paths:
        try:
            under(root, PurePosixPath(path)).unlink()
        except FileNotFoundError:
            continue
        say(f"removed {path}")


def _remove_empty_folder(folder: Path) -> None:
    with suppress(OSError):  # not empty (or already gone): what is left there is not ours to remove
        folder.rmdir()


def _kept(manifest: Manifest) -> str:
    return (
        f"kept: the data folder {manifest.data}, the logs in {LOG_FOLDER} and the system user {manifest.user}, "
        f"which owns the data (`userdel {manifest.user}` once the data is gone)"
    )


def _shown(step: Step) -> str:
    return " ".join(step.argv)


def _indented(content: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in content.splitlines())
