"""The lobby screens' session scripts: Chromium in kiosk mode on the right screen, turned the right way.

Each screen (the touchscreen kiosk, the lobby display) gets one bash script, started by an XDG
autostart entry when the kiosk PC's graphical session (X11) starts. The script keeps the screen awake,
rotates it with xrandr when asked, maps the touchscreen to its own screen (else touches land on the
whole desktop, both screens), waits for the server, and keeps Chromium running: if it crashes or is
closed, it comes back. The contents are pure functions of the options, so tests run them with fakes.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from urllib.parse import urlsplit

# --rotate's choices and what xrandr calls them: a portrait kiosk is a landscape panel turned left.
ROTATIONS = {"normal": "normal", "portrait": "left", "left": "left", "right": "right", "inverted": "inverted"}

# Flags every lobby screen needs; each is here because a lobby showed why.
CHROMIUM_FLAGS = (
    "--kiosk",
    "--noerrdialogs",  # no "Chromium didn't shut down correctly" or crash dialogs over the page
    "--hide-crash-restore-bubble",
    "--disable-translate",
    "--disable-features=Translate,TranslateUI",  # no translate bar over a Chinese page (one flag: the last wins)
    "--autoplay-policy=no-user-gesture-required",  # the display chimes and speaks calls without a tap
    "--disable-pinch",  # no pinch zoom on the touchscreen
    "--overscroll-history-navigation=0",  # a swipe does not go back a page
    "--check-for-update-interval=31536000",  # no "update Chromium" nagging
    "--no-first-run",
    "--no-default-browser-check",
    "--password-store=basic",  # no keyring password prompt after an automatic login
)


@dataclass(frozen=True)
class Screen:
    """One lobby screen: which page it shows, on which output, turned which way."""

    name: str  # kiosk or display: names the script, the autostart entry and the Chromium profile
    url: str
    output: str  # an xrandr output name (HDMI-1), or 1, 2...: the first, second... connected screen
    rotate: str | None = None  # an xrandr rotation; None leaves the screen as the desktop set it
    touch: bool = False  # map touch input devices onto this screen

    def describe(self) -> str:
        """One line for the autostart entry and the dry run."""
        where = f"screen {self.output}" if self.output.isdigit() else f"output {self.output}"
        turned = f", turned {self.rotate}" if self.rotate else ""
        return f"{self.url} in Chromium's kiosk mode on {where}{turned}"


def server_address(url: str) -> tuple[str, int]:
    """Host and port the session waits for before opening the page."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// address, e.g. http://127.0.0.1:8080/")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def session_script(screen: Screen, kiosk_user: str | None) -> str:
    """The bash script that runs one lobby screen for the length of the graphical session."""
    host, port = server_address(screen.url)
    flags = " \\\n        ".join(CHROMIUM_FLAGS)
    quoted = shlex.quote
    return f"""#!/bin/bash
# lobbydesk {screen.name} screen: {screen.describe()}.
# Written by `lobbydesk install`; `lobbydesk uninstall` removes it. Started by
# /etc/xdg/autostart/lobbydesk-{screen.name}.desktop when a graphical (X11) session starts.
set -u

URL={quoted(screen.url)}
SERVER_HOST={quoted(host)}
SERVER_PORT={port}
OUTPUT={quoted(screen.output)}
ROTATE={quoted(screen.rotate or "")}
MAP_TOUCH={1 if screen.touch else 0}
KIOSK_USER={quoted(kiosk_user or "")}
PROFILE="${{XDG_CACHE_HOME:-$HOME/.cache}}/lobbydesk/chromium-{screen.name}"

say() {{ echo "lobbydesk {screen.name} screen: $*" >&2; }}

if [ -n "$KIOSK_USER" ] && [ "$(id -un)" != "$KIOSK_USER" ]; then
    exit 0  # a member of staff logged in on this PC: only the kiosk user's session shows the lobby screens
fi

output_name() {{  # the output this screen is on, if it is connected now
    case "$OUTPUT" in
        [0-9]) xrandr --query | awk -v n="$OUTPUT" '$2 == "connected" && ++seen == n {{print $1; exit}}' ;;
        *) xrandr --query | awk -v o="$OUTPUT" '$1 == o && $2 == "connected" {{print $1; exit}}' ;;
    esac
}}

geometry() {{  # WIDTHxHEIGHT+X+Y of an output
    xrandr --query | awk -v o="$1" '$1 == o {{
        for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+[+][0-9]+[+][0-9]+$/) {{print $i; exit}} }}'
}}

screen=$(output_name)
if [ -z "$screen" ]; then
    say "waiting for screen $OUTPUT to be connected (xrandr --query lists the outputs)"
    while [ -z "$screen" ]; do sleep 10; screen=$(output_name); done
fi

if [ -n "$ROTATE" ]; then
    xrandr --output "$screen" --rotate "$ROTATE" || say "could not turn $screen $ROTATE"
fi

if [ "$MAP_TOUCH" = 1 ] && command -v xinput >/dev/null; then
    # After the rotation: map-to-output turns the touches with the screen.
    # Touchscreens, not touchpads: a touchpad moves a pointer and has no screen of its own.
    xinput list --name-only | grep -i touch | grep -iv touchpad | while IFS= read -r device; do
        xinput map-to-output "$device" "$screen" || say "could not map '$device' to $screen"
    done
fi

if command -v xset >/dev/null; then
    xset s off s noblank -dpms  # the lobby screen never blanks or sleeps
fi

if ! (exec 3<>"/dev/tcp/$SERVER_HOST/$SERVER_PORT") 2>/dev/null; then
    say "waiting for the lobbydesk server at $SERVER_HOST:$SERVER_PORT"
    until (exec 3<>"/dev/tcp/$SERVER_HOST/$SERVER_PORT") 2>/dev/null; do sleep 3; done
fi

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {{
    say "Chromium is not installed: apt-get install chromium"
    exit 1
}}
mkdir -p "$PROFILE"

while :; do
    place=$(geometry "$screen")  # again each time: the screen may have been replugged or turned
    size=${{place%%+*}}
    corner=${{place#*+}}
    "$browser" --app="$URL" --user-data-dir="$PROFILE" \\
        --window-position="${{corner/+/,}}" --window-size="${{size/x/,}}" \\
        {flags}
    say "Chromium ended (exit status $?); starting it again"
    sleep 3
done
"""
