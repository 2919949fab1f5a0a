"""An installer puts lobbydesk on a kiosk PC, and takes it off again leaving the data where it was.

Every install here goes into a temporary root folder; the commands (adduser, systemctl, udevadm) go to
a fake runner that records them, as a real one would run them.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from lobbydesk.cli import main
from lobbydesk.install import closed_folder, install, uninstall
from lobbydesk.install_files import InstallOptions
from lobbydesk.install_session import Screen
from tests.lobbydesk.test_install_files import systemd_verify

PYTHON = PurePosixPath(sys.executable)
KIOSK = Screen("kiosk", "http://127.0.0.1:8080/", "1", rotate="left", touch=True)
DISPLAY = Screen("display", "http://127.0.0.1:8080/display", "2")
EVERY_FILE = {
    "etc/systemd/system/lobbydesk.service",
    "etc/udev/rules.d/70-lobbydesk-printer.rules",
    "etc/logrotate.d/lobbydesk",
    "etc/systemd/system/lobbydesk-backup.service",
    "etc/systemd/system/lobbydesk-backup.timer",
    "usr/local/lib/lobbydesk/kiosk-session",
    "etc/xdg/autostart/lobbydesk-kiosk.desktop",
    "usr/local/lib/lobbydesk/display-session",
    "etc/xdg/autostart/lobbydesk-display.desktop",
    "etc/lobbydesk/installed.json",
}


class FakeRunner:
    """Records each command instead of running it; answers the exit status it was told to for some."""

    def __init__(self, failing: dict[str, int] | None = None) -> None:
        self.commands: list[str] = []
        self.failing = failing or {}

    def __call__(self, argv: Sequence[str]) -> int:
        command = " ".join(argv)
        self.commands.append(command)
        return next((status for start, status in self.failing.items() if command.startswith(start)), 0)


def files_under(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def lobby_pc(**changes: Any) -> InstallOptions:
    """A kiosk PC with both screens and a USB printer, changed as a test asks."""
    return replace(InstallOptions(python=PYTHON, screens=(KIOSK, DISPLAY), printer_usb=("04b8", "0202")), **changes)


def test_install_writes_every_file_into_the_root_then_hands_over_the_data_and_starts_the_server(tmp_path: Path) -> None:
    runner = FakeRunner()
    said: list[str] = []

    assert install(lobby_pc(), tmp_path, runner, said.append) == 0

    assert files_under(tmp_path) == EVERY_FILE
    assert stat.S_IMODE((tmp_path / "usr/local/lib/lobbydesk/kiosk-session").stat().st_mode) == 0o755
    assert stat.S_IMODE((tmp_path / "etc/udev/rules.d/70-lobbydesk-printer.rules").stat().st_mode) == 0o644
    for folder in ("var/lib/lobbydesk", "var/log/lobbydesk"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o750
    assert runner.commands == [
        "adduser --system --group --home /var/lib/lobbydesk --no-create-home --shell /usr/sbin/nologin lobbydesk",
        "chown -R lobbydesk:lobbydesk /var/lib/lobbydesk",
        "systemctl daemon-reload",
        "udevadm control --reload-rules",
        "udevadm trigger --subsystem-match=usb --action=change",
        "systemctl enable lobbydesk.service",
        "systemctl restart lobbydesk.service",
        "systemctl enable --now lobbydesk-backup.timer",
    ]
    assert 'ATTR{idVendor}=="04b8"' in (tmp_path / "etc/udev/rules.d/70-lobbydesk-printer.rules").read_text()
    assert "wrote /etc/systemd/system/lobbydesk.service" in said
    assert systemd_verify(tmp_path / "etc/systemd/system/lobbydesk.service") == ""
    backup = (tmp_path / "etc/systemd/system/lobbydesk-backup.service").read_text()
    assert f"ExecStart={PYTHON} -m lobbydesk backup --prune --data /var/lib/lobbydesk" in backup
    assert "User=lobbydesk" in backup
    assert systemd_verify(tmp_path / "etc/systemd/system/lobbydesk-backup.service") == ""


def test_the_manifest_lists_what_was_written_for_uninstall(tmp_path: Path) -> None:
    install(lobby_pc(), tmp_path, FakeRunner(), lambda line: None)

    manifest = json.loads((tmp_path / "etc/lobbydesk/installed.json").read_text())

    assert {path.lstrip("/") for path in manifest["files"]} == EVERY_FILE - {"etc/lobbydesk/installed.json"}
    assert manifest["user"] == "lobbydesk"
    assert manifest["data"] == "/var/lib/lobbydesk"


def test_uninstall_stops_the_server_removes_every_file_and_keeps_the_data(tmp_path: Path) -> None:
    install(lobby_pc(), tmp_path, FakeRunner(), lambda line: None)
    (tmp_path / "var/lib/lobbydesk/lobbydesk.sqlite3").write_text("the site's records")
    (tmp_path / "etc/lobbydesk/google-service-account.json").write_text("{}")  # the staff's, not install's
    runner = FakeRunner()
    said: list[str] = []

    assert uninstall(tmp_path, runner, said.append) == 0

    assert files_under(tmp_path) == {"var/lib/lobbydesk/lobbydesk.sqlite3", "etc/lobbydesk/google-service-account.json"}
    assert not (tmp_path / "usr/local/lib/lobbydesk").exists()
    assert runner.commands == [
        "systemctl disable --now lobbydesk.service", "systemctl disable --now lobbydesk-backup.timer",
        "systemctl daemon-reload", "udevadm control --reload-rules",
    ]
    assert said[-1].startswith("kept: the data folder /var/lib/lobbydesk, the logs in /var/log/lobbydesk and "
                               "the system user lobbydesk")


def test_uninstall_with_nothing_installed_says_so(tmp_path: Path) -> None:
    said: list[str] = []

    assert uninstall(tmp_path, FakeRunner(), said.append) == 1
    assert said == [f"lobbydesk uninstall: nothing to undo ({tmp_path}/etc/lobbydesk/installed.json does not exist)"]


def test_installing_again_without_the_display_takes_the_display_away(tmp_path: Path) -> None:
    install(lobby_pc(), tmp_path, FakeRunner(), lambda line: None)
    said: list[str] = []

    assert install(lobby_pc(screens=(KIOSK,)), tmp_path, FakeRunner(), said.append) == 0

    assert files_under(tmp_path) == EVERY_FILE - {
        "usr/local/lib/lobbydesk/display-session", "etc/xdg/autostart/lobbydesk-display.desktop",
    }
    assert "removed /etc/xdg/autostart/lobbydesk-display.desktop" in said


def test_a_failing_systemctl_stops_the_install_and_says_which_command(tmp_path: Path) -> None:
    runner = FakeRunner(failing={"systemctl restart": 1})
    said: list[str] = []

    assert install(lobby_pc(), tmp_path, runner, said.append) == 1
    assert said[-1] == "lobbydesk: `systemctl restart lobbydesk.service` failed (exit status 1)"
    assert (tmp_path / "etc/lobbydesk/installed.json").is_file()  # so uninstall can still undo it


def test_without_a_running_udev_the_install_goes_on_with_a_warning(tmp_path: Path) -> None:
    said: list[str] = []

    assert install(lobby_pc(), tmp_path, FakeRunner(failing={"udevadm": 2}), said.append) == 0
    assert ("warning: `udevadm control --reload-rules` failed (exit status 2): "
            "the printer rule takes effect at the next reboot or replug") in said


def test_a_dry_run_writes_nothing_and_prints_every_file_in_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", "--dry-run", "--root", str(tmp_path), "--rotate", "portrait"]) == 0

    out = capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    for path in sorted(EVERY_FILE):
        assert f"would write /{path}" in out, path
    assert "    Type=notify\n" in out
    assert "    ROTATE=left\n" in out
    assert "would run: systemctl restart lobbydesk.service" in out


def test_install_under_a_root_folder_writes_there_and_runs_no_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["install", "--root", str(tmp_path), "--display-url", "none", "--kiosk-user", "kiosk",
                 "--data", "/srv/lobby"]) == 0

    out = capsys.readouterr().out
    assert f"not run (working under {tmp_path}): systemctl enable lobbydesk.service" in out
    assert f"not run (working under {tmp_path}): chown -R lobbydesk:lobbydesk /srv/lobby" in out
    assert (tmp_path / "srv/lobby").is_dir()
    assert "KIOSK_USER=kiosk\n" in (tmp_path / "usr/local/lib/lobbydesk/kiosk-session").read_text()
    assert not (tmp_path / "usr/local/lib/lobbydesk/display-session").exists()

    assert main(["uninstall", "--dry-run", "--root", str(tmp_path)]) == 0
    assert "would remove /etc/systemd/system/lobbydesk.service" in capsys.readouterr().out
    assert main(["uninstall", "--root", str(tmp_path)]) == 0
    assert files_under(tmp_path) == set()


def test_install_refuses_in_one_line_when_not_root(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)

    assert main(["install"]) == 2
    assert main(["uninstall"]) == 2

    advice = "must run as root (sudo); --dry-run shows what it would do, --root DIR works under a folder"
    assert capsys.readouterr().err.splitlines() == [f"lobbydesk install: {advice}", f"lobbydesk uninstall: {advice}"]


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--printer-vendor", "04b8"], "give both --printer-vendor and --printer-product, or neither"),
        (["--kiosk-url", "lobby:8080"], "'lobby:8080' is not an http:// or https:// address"),
    ],
)
def test_install_refuses_options_that_cannot_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], said: str
) -> None:
    assert main(["install", "--dry-run", *flags]) == 2
    assert said in capsys.readouterr().err


def test_a_folder_closed_to_other_users_is_found_on_the_way_to_the_interpreter() -> None:
    # Not under pytest's tmp_path, whose own folders are closed to other users.
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        top = Path(folder)
        top.chmod(0o755)
        home = top / "home"
        python = home / "venv/bin/python"
        python.parent.mkdir(parents=True)
        python.write_text("")
        home.chmod(0o700)

        assert closed_folder(python) == home

        home.chmod(0o755)
        assert closed_folder(python) is None
