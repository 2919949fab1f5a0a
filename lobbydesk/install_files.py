"""What ``lobbydesk install`` writes, as pure functions of its options: unit, udev rule, logrotate, screens.

Nothing here touches the machine; :mod:`lobbydesk.install` writes these files and runs the commands.
The server logs to ``/var/log/lobbydesk/lobbydesk.log`` (systemd appends its output there) rather than
only to the journal: one plain file staff can copy onto a stick for support, rotated by logrotate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lobbydesk.backup_units import backup_units
from lobbydesk.install_session import Screen, session_script

SERVICE_NAME = "lobbydesk.service"
UNIT_FOLDER = PurePosixPath("/etc/systemd/system")
SERVICE_PATH = UNIT_FOLDER / SERVICE_NAME
# After 50-udev-default.rules, which sets ID_USB_INTERFACES.
UDEV_RULE_PATH = PurePosixPath("/etc/udev/rules.d/70-lobbydesk-printer.rules")
LOGROTATE_PATH = PurePosixPath("/etc/logrotate.d/lobbydesk")
LOG_FOLDER = PurePosixPath("/var/log/lobbydesk")
LOG_FILE = LOG_FOLDER / "lobbydesk.log"
SCRIPT_FOLDER = PurePosixPath("/usr/local/lib/lobbydesk")
AUTOSTART_FOLDER = PurePosixPath("/etc/xdg/autostart")
CONFIG_FOLDER = PurePosixPath("/etc/lobbydesk")
MANIFEST_PATH = CONFIG_FOLDER / "installed.json"
DEFAULT_DATA = PurePosixPath("/var/lib/lobbydesk")
WATCHDOG_SECONDS = 60
HEADER = "Written by `lobbydesk install`; `lobbydesk uninstall` removes it."
USB_ID = re.compile(r"[0-9a-f]{4}")


@dataclass(frozen=True)
class PlannedFile:
    """One file install writes: where, what, and its permission bits."""

    path: PurePosixPath
    content: str
    mode: int = 0o644


@dataclass(frozen=True)
class InstallOptions:
    """Everything the installed files depend on."""

    python: PurePosixPath  # the interpreter that runs ``-m lobbydesk``
    user: str = "lobbydesk"
    data: PurePosixPath = DEFAULT_DATA
    screens: tuple[Screen, ...] = ()
    kiosk_user: str | None = None  # the screens start only in this user's graphical session; None: any
    printer_usb: tuple[str, str] | None = None  # vendor and product, 4 hex digits each
    extra_groups: tuple[str, ...] = field(default=("lp", "dialout"))  # /dev/usb/lp*, serial printers


def usb_id(text: str) -> str:
    """A USB vendor or product ID as sysfs spells it (``04b8``), from ``04B8`` or ``0x04b8``."""
    digits = text.strip().lower().removeprefix("0x")
    spelled = digits.zfill(4)
    if not digits or not USB_ID.fullmatch(spelled):
        raise ValueError(f"{text!r} is not a USB ID: 4 hexadecimal digits, e.g. 04b8")
    return spelled


def planned_files(options: InstallOptions) -> list[PlannedFile]:
    """Every file install writes, in the order it writes them (the manifest comes last, from install)."""
    files = [
        PlannedFile(SERVICE_PATH, service_unit(options)),
        PlannedFile(UDEV_RULE_PATH, udev_rule(options.user, options.printer_usb)),
        PlannedFile(LOGROTATE_PATH, logrotate_config()),
    ]
    # The daily backup (14 daily, 12 monthly), run as the service's user (docs/operations.md#backups).
    backups = backup_units([str(options.python), "-m", "lobbydesk"], Path(str(options.data)), options.user)
    files += [PlannedFile(UNIT_FOLDER / name, content) for name, content in backups.items()]
    for screen in options.screens:
        script = SCRIPT_FOLDER / f"{screen.name}-session"
        files.append(PlannedFile(script, session_script(screen, options.kiosk_user), 0o755))
        entry = AUTOSTART_FOLDER / f"lobbydesk-{screen.name}.desktop"
        files.append(PlannedFile(entry, autostart_entry(screen, script)))
    return files


def service_unit(options: InstallOptions) -> str:
    """The site server's systemd unit: notify, watchdog, restarted whatever ended it, logging to a file."""
    command = " ".join(
        _systemd_word(word) for word in (str(options.python), "-m", "lobbydesk", "run", "--data", str(options.data))
    )
    return f"""# {HEADER}
[Unit]
Description=lobbydesk site server (kiosk, staff console, lobby display, printing, workbook sync)
After=network-online.target
Wants=network-online.target
# An unattended lobby has nobody to start it again: never give up restarting.
StartLimitIntervalSec=0

[Service]
# READY=1 once serving, then WATCHDOG=1 from the event loop (lobbydesk/systemd_notify.py):
# a server whose loop hangs is killed and restarted.
Type=notify
NotifyAccess=main
WatchdogSec={WATCHDOG_SECONDS}
TimeoutStartSec=180
TimeoutStopSec=30
Restart=always
RestartSec=5
User={options.user}
Group={options.user}
SupplementaryGroups={" ".join(options.extra_groups)}
WorkingDirectory={_systemd_path(options.data)}
Environment=PYTHONUNBUFFERED=1
ExecStart={command}
# Install makes the folder: systemd opens this file before it would make a LogsDirectory= (systemd#27591).
StandardOutput=append:{LOG_FILE}
StandardError=inherit
UMask=0027
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full

[Install]
WantedBy=multi-user.target
"""


def udev_rule(group: str, printer_usb: tuple[str, str] | None) -> str:
    """Lets the service's group open USB printers (python-escpos talks to them through libusb)."""
    lines = [
        f"# {HEADER}",
        f"# The ticket printer is usable by the {group} group without root.",
        "# Any USB device with a printer interface (class 07):",
        'SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ENV{ID_USB_INTERFACES}=="*:0701??:*", '
        f'GROUP="{group}", MODE="0660"',
    ]
    if printer_usb is not None:
        vendor, product = printer_usb
        lines += [
            f"# The site's printer, usb://{vendor}:{product}, whatever class it says it is (many say 'vendor'):",
            f'SUBSYSTEM=="usb", ENV{{DEVTYPE}}=="usb_device", ATTR{{idVendor}}=="{vendor}", '
            f'ATTR{{idProduct}}=="{product}", GROUP="{group}", MODE="0660"',
        ]
    return "\n".join(lines) + "\n"


def logrotate_config() -> str:
    """Weekly rotation of the server's log, half a year kept; copytruncate since systemd holds the file open."""
    return f"""# {HEADER}
{LOG_FOLDER}/*.log {{
    weekly
    maxsize 50M
    rotate 26
    compress
    delaycompress
    missingok
    notifempty
    copytruncate
}}
"""


def autostart_entry(screen: Screen, script: PurePosixPath) -> str:
    """The XDG autostart entry that runs a screen's session script when the graphical session starts."""
    return f"""# {HEADER}
[Desktop Entry]
Type=Application
Name=lobbydesk {screen.name}
Comment={screen.describe()}
Exec={script}
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
"""


def _systemd_word(word: str) -> str:
    """One ExecStart word: specifiers and variables escaped, quoted when it holds spaces or quotes."""
    escaped = word.replace("%", "%%").replace("$", "$$")
    if re.search(r"[\s\"'\\]", escaped):
        return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def _systemd_path(path: PurePosixPath) -> str:
    return str(path).replace("%", "%%")
