"""What install writes, read as files: a unit systemd accepts, a udev rule, log rotation, the screens' sessions.

The outside checkers (systemd-analyze, logrotate, desktop-file-validate, bash) read the files when they
are installed; a test skips, saying which package to install, only when its checker is absent.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from lobbydesk.install_files import (
    InstallOptions,
    autostart_entry,
    logrotate_config,
    planned_files,
    service_unit,
    udev_rule,
    usb_id,
)
from lobbydesk.install_session import CHROMIUM_FLAGS, Screen, server_address, session_script

PYTHON = PurePosixPath(sys.executable)
KIOSK = Screen("kiosk", "http://127.0.0.1:8080/", "1", rotate="left", touch=True)
DISPLAY = Screen("display", "http://192.168.1.10:8080/display", "2")


def _checker(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {package}); .ci/run installs it")
    return found


def systemd_verify(unit: Path) -> str:
    """What systemd-analyze says about a unit file: empty when it has nothing to say against it."""
    analyze = _checker("systemd-analyze", "systemd")
    result = subprocess.run([analyze, "verify", "--man=no", str(unit)], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).strip() + ("" if result.returncode == 0 else f"\n(exit {result.returncode})")


def test_the_service_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    unit = tmp_path / "lobbydesk.service"
    unit.write_text(service_unit(InstallOptions(python=PYTHON)), encoding="utf-8")

    assert systemd_verify(unit) == ""


def test_the_verify_check_does_catch_a_broken_unit(tmp_path: Path) -> None:
    broken = service_unit(InstallOptions(python=PurePosixPath("/nowhere/python"))).replace(
        "Restart=always", "Restart=always\nRestartEverySoOften=yes"
    )
    unit = tmp_path / "lobbydesk.service"
    unit.write_text(broken, encoding="utf-8")

    said = systemd_verify(unit)
    assert "RestartEverySoOften" in said
    assert "/nowhere/python" in said


def test_the_server_is_notified_watched_restarted_and_runs_as_its_user_on_its_data() -> None:
    unit = service_unit(InstallOptions(python=PYTHON, user="desk", data=PurePosixPath("/srv/lobby")))

    for line in (
        "Type=notify", "WatchdogSec=60", "Restart=always", "StartLimitIntervalSec=0", "User=desk", "Group=desk",
        "SupplementaryGroups=lp dialout", "WorkingDirectory=/srv/lobby",
        f"ExecStart={PYTHON} -m lobbydesk run --data /srv/lobby",
        "StandardOutput=append:/var/log/lobbydesk/lobbydesk.log", "WantedBy=multi-user.target",
    ):
        assert f"\n{line}\n" in unit, line


def test_odd_paths_are_quoted_and_escaped_for_systemd(tmp_path: Path) -> None:
    unit = service_unit(InstallOptions(python=PurePosixPath("/opt/lobby desk/bin/python"),
                                       data=PurePosixPath("/srv/100%")))

    assert 'ExecStart="/opt/lobby desk/bin/python" -m lobbydesk run --data /srv/100%%\n' in unit
    assert "WorkingDirectory=/srv/100%%\n" in unit


def test_the_udev_rule_opens_usb_printers_to_the_service_group_and_the_named_printer_too() -> None:
    any_printer = udev_rule("lobbydesk", None)
    assert 'ENV{ID_USB_INTERFACES}=="*:0701??:*", GROUP="lobbydesk", MODE="0660"' in any_printer
    assert "idVendor" not in any_printer

    named = udev_rule("lobbydesk", ("04b8", "0202"))
    assert 'ATTR{idVendor}=="04b8", ATTR{idProduct}=="0202", GROUP="lobbydesk", MODE="0660"' in named
    rules = [line for line in named.splitlines() if line and not line.startswith("#")]
    assert len(rules) == 2
    assert all(rule.startswith('SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device"') for rule in rules)


@pytest.mark.parametrize(
    ("typed", "spelled"), [("04B8", "04b8"), ("0x0202", "0202"), ("1fc9", "1fc9"), ("416", "0416")]
)
def test_usb_ids_are_spelled_as_sysfs_does(typed: str, spelled: str) -> None:
    assert usb_id(typed) == spelled


@pytest.mark.parametrize("typed", ["epson", "12345", "", "0x"])
def test_a_usb_id_that_is_not_four_hex_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="4 hexadecimal digits"):
        usb_id(typed)


def test_logrotate_rotates_the_log_in_place_while_systemd_keeps_it_open(tmp_path: Path) -> None:
    logrotate = _checker("logrotate", "logrotate")
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "lobbydesk.log").write_text("a week of lines\n")
    open_file = (logs / "lobbydesk.log").stat().st_ino
    config = tmp_path / "lobbydesk"
    config.write_text(logrotate_config().replace("/var/log/lobbydesk", str(logs)), encoding="utf-8")

    result = subprocess.run([logrotate, "--force", "--state", str(tmp_path / "state"), str(config)],
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert (logs / "lobbydesk.log.1").read_text() == "a week of lines\n"
    assert (logs / "lobbydesk.log").read_text() == ""
    assert (logs / "lobbydesk.log").stat().st_ino == open_file  # emptied, not replaced: systemd's handle writes on


def test_each_screen_gets_a_valid_autostart_entry(tmp_path: Path) -> None:
    validate = _checker("desktop-file-validate", "desktop-file-utils")
    for screen in (KIOSK, DISPLAY):
        entry = tmp_path / f"lobbydesk-{screen.name}.desktop"
        entry.write_text(autostart_entry(screen, PurePosixPath(f"/usr/local/lib/lobbydesk/{screen.name}-session")))

        result = subprocess.run([validate, str(entry)], capture_output=True, text=True, check=False)

        assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
        assert f"Exec=/usr/local/lib/lobbydesk/{screen.name}-session\n" in entry.read_text()


def test_the_session_scripts_are_valid_bash_with_every_chromium_flag_the_lobby_needs(tmp_path: Path) -> None:
    bash = _checker("bash", "bash")
    for screen in (KIOSK, DISPLAY):
        script = tmp_path / screen.name
        script.write_text(session_script(screen, "kiosk"), encoding="utf-8")

        syntax = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, check=False)

        assert syntax.returncode == 0, syntax.stderr
        text = script.read_text()
        for flag in (*CHROMIUM_FLAGS, "--autoplay-policy=no-user-gesture-required", "--disable-pinch",
                     "--noerrdialogs", "--disable-translate", "--overscroll-history-navigation=0",
                     "--check-for-update-interval=31536000", "--no-first-run"):
            assert f"        {flag}" in text, flag
        assert '--user-data-dir="$PROFILE"' in text
        assert f'PROFILE="${{XDG_CACHE_HOME:-$HOME/.cache}}/lobbydesk/chromium-{screen.name}"' in text


def test_only_the_kiosk_is_turned_and_takes_the_touches() -> None:
    kiosk, display = session_script(KIOSK, None), session_script(DISPLAY, None)

    assert "ROTATE=left\n" in kiosk and "MAP_TOUCH=1\n" in kiosk and "OUTPUT=1\n" in kiosk
    assert "ROTATE=''\n" in display and "MAP_TOUCH=0\n" in display and "OUTPUT=2\n" in display
    assert "SERVER_HOST=192.168.1.10\nSERVER_PORT=8080\n" in display


def test_the_server_address_comes_from_the_page_address() -> None:
    assert server_address("http://127.0.0.1:8080/") == ("127.0.0.1", 8080)
    assert server_address("https://lobby.example.org/display") == ("lobby.example.org", 443)
    assert server_address("http://lobby/") == ("lobby", 80)
    with pytest.raises(ValueError, match="http"):
        server_address("127.0.0.1:8080")


def test_screens_add_a_script_and_an_autostart_entry_each() -> None:
    bare = {str(planned.path) for planned in planned_files(InstallOptions(python=PYTHON))}
    both = {str(planned.path): planned.mode for planned in planned_files(
        InstallOptions(python=PYTHON, screens=(KIOSK, DISPLAY)))}

    assert bare == {"/etc/systemd/system/lobbydesk.service", "/etc/udev/rules.d/70-lobbydesk-printer.rules",
                    "/etc/logrotate.d/lobbydesk", "/etc/systemd/system/lobbydesk-backup.service",
                    "/etc/systemd/system/lobbydesk-backup.timer"}
    assert set(both) - bare == {
        "/usr/local/lib/lobbydesk/kiosk-session", "/etc/xdg/autostart/lobbydesk-kiosk.desktop",
        "/usr/local/lib/lobbydesk/display-session", "/etc/xdg/autostart/lobbydesk-display.desktop",
    }
    assert both["/usr/local/lib/lobbydesk/kiosk-session"] == 0o755
    assert both["/etc/xdg/autostart/lobbydesk-kiosk.desktop"] == 0o644
