"""A kiosk PC logs in: each screen's session turns its screen, takes the touches, and opens its page there.

The session scripts run for real in bash, with fakes of xrandr, xinput, xset and Chromium first on the
PATH: a two-screen PC, a touchscreen turned to portrait on the left, a TV to its right.
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lobbydesk.install_session import CHROMIUM_FLAGS, Screen, session_script

TWO_SCREENS = """\
Screen 0: minimum 320 x 200, current 3000 x 1920, maximum 16384 x 16384
HDMI-1 connected primary 1080x1920+0+0 left (normal left inverted right x axis y axis) 527mm x 296mm
   1920x1080     60.00*+
DP-1 disconnected (normal left inverted right x axis y axis)
HDMI-2 connected 1920x1080+1080+0 (normal left inverted right x axis y axis) 1600mm x 900mm
   1920x1080     60.00*+
"""

FAKES = {
    "xrandr": 'if [ "$1" = --query ]; then cat "$FAKE_DIR/xrandr-query"; else echo "xrandr $*" >> "$CALLS"; fi',
    "xinput": 'if [ "$1" = list ]; then printf "Virtual core pointer\\nILITEK ILITEK-TP Touchscreen\\n'
              'Synaptics TouchPad\\nAT Translated Set 2 keyboard\\n"; else echo "xinput $*" >> "$CALLS"; fi',
    "xset": 'echo "xset $*" >> "$CALLS"',
    # Chromium "crashes" at once: the session would start it again, so the fake ends the session.
    "chromium": 'for arg in "$@"; do echo "chromium $arg" >> "$CALLS"; done; kill -TERM "$PPID"',
}


@pytest.fixture
def server() -> Iterator[int]:
    """The lobbydesk server the screens wait for: something listening."""
    with socket.create_server(("127.0.0.1", 0)) as listening:
        yield listening.getsockname()[1]


@pytest.fixture
def kiosk_pc(tmp_path: Path) -> Path:
    fakes = tmp_path / "bin"
    fakes.mkdir()
    for name, body in FAKES.items():
        (fakes / name).write_text(f"#!/bin/bash\n{body}\n")
        (fakes / name).chmod(0o755)
    (tmp_path / "xrandr-query").write_text(TWO_SCREENS)
    return tmp_path


def log_in(pc: Path, screen: Screen, kiosk_user: str | None = None) -> list[str]:
    """Run the screen's session as the graphical login would; answer the commands it ran."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    script = pc / f"{screen.name}-session"
    script.write_text(session_script(screen, kiosk_user))
    calls = pc / "calls"
    calls.write_text("")
    environment = {"PATH": f"{pc / 'bin'}:/usr/bin:/bin", "HOME": str(pc), "FAKE_DIR": str(pc), "CALLS": str(calls)}
    subprocess.run([bash, str(script)], env=environment, timeout=20, check=False, capture_output=True)
    return calls.read_text().splitlines()


def test_the_kiosk_turns_its_screen_maps_the_touches_onto_it_and_opens_the_kiosk_there(
    kiosk_pc: Path, server: int
) -> None:
    kiosk = Screen("kiosk", f"http://127.0.0.1:{server}/", "1", rotate="left", touch=True)

    calls = log_in(kiosk_pc, kiosk)

    assert calls[:3] == [
        "xrandr --output HDMI-1 --rotate left",
        "xinput map-to-output ILITEK ILITEK-TP Touchscreen HDMI-1",
        "xset s off s noblank -dpms",
    ]
    chromium = [call.removeprefix("chromium ") for call in calls[3:]]
    assert chromium[:4] == [
        f"--app=http://127.0.0.1:{server}/",
        f"--user-data-dir={kiosk_pc}/.cache/lobbydesk/chromium-kiosk",
        "--window-position=0,0",
        "--window-size=1080,1920",
    ]
    assert chromium[4:] == list(CHROMIUM_FLAGS)
    assert (kiosk_pc / ".cache/lobbydesk/chromium-kiosk").is_dir()


def test_the_display_opens_on_the_second_screen_untouched(kiosk_pc: Path, server: int) -> None:
    display = Screen("display", f"http://127.0.0.1:{server}/display", "2")

    calls = log_in(kiosk_pc, display)

    assert not any(call.startswith(("xrandr", "xinput")) for call in calls)
    assert "chromium --window-position=1080,0" in calls
    assert "chromium --window-size=1920,1080" in calls
    assert "chromium --autoplay-policy=no-user-gesture-required" in calls
    assert f"chromium --user-data-dir={kiosk_pc}/.cache/lobbydesk/chromium-display" in calls


def test_a_screen_named_by_its_output_is_found_by_name(kiosk_pc: Path, server: int) -> None:
    display = Screen("display", f"http://127.0.0.1:{server}/display", "HDMI-2", rotate="right")

    calls = log_in(kiosk_pc, display)

    assert calls[0] == "xrandr --output HDMI-2 --rotate right"


def test_a_member_of_staff_logging_in_gets_no_lobby_screen(kiosk_pc: Path, server: int) -> None:
    kiosk = Screen("kiosk", f"http://127.0.0.1:{server}/", "1", touch=True)

    assert log_in(kiosk_pc, kiosk, kiosk_user="kiosk-only-user") == []
    assert log_in(kiosk_pc, kiosk, kiosk_user=getpass.getuser())[-1] == "chromium --password-store=basic"
