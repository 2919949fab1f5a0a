"""The daily backup as systemd units: ``lobbydesk-backup.service`` and its ``.timer``, as file contents. Pure.

``lobbydesk install`` writes them beside the server's own unit. The timer runs ``lobbydesk backup
--prune`` once a day (and at the next boot when the machine was off at that hour), which keeps the
newest backup of each of the last 14 days and 12 months.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

SERVICE_NAME = "lobbydesk-backup.service"
TIMER_NAME = "lobbydesk-backup.timer"
_DAILY_AT = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def backup_units(
    lobbydesk: Sequence[str],
    data_dir: Path,
    user: str,
    *,
    config: Path | None = None,
    backups: Path | None = None,
    daily_at: str = "03:15",
) -> dict[str, str]:
    """The two unit files by name: a one-shot service taking and pruning the backup, and its daily timer.

    ``lobbydesk`` is the command that runs lobbydesk (e.g. ``["/opt/lobbydesk/.venv/bin/lobbydesk"]``);
    ``backups`` is where archives go (default ``DATA/backups``); ``daily_at`` is the local ``HH:MM``.
    """
    if not _DAILY_AT.match(daily_at):
        raise ValueError(f"daily_at {daily_at!r} is not a time like 03:15")
    arguments = [*lobbydesk, "backup", "--prune", "--data", str(data_dir)]
    if config is not None:
        arguments += ["--config", str(config)]
    if backups is not None:
        arguments += ["--to", str(backups)]
    service = f"""\
[Unit]
Description=lobbydesk daily backup (store, settings, secrets, photos, workbook)
After=network-online.target

[Service]
Type=oneshot
User={user}
ExecStart={" ".join(_quoted(argument) for argument in arguments)}
# The server keeps running while the backup is taken; this keeps the backup out of its way.
Nice=10
IOSchedulingClass=idle
UMask=0077
"""
    timer = f"""\
[Unit]
Description=lobbydesk daily backup at {daily_at}

[Timer]
OnCalendar=*-*-* {daily_at}:00
Persistent=true
RandomizedDelaySec=10min
Unit={SERVICE_NAME}

[Install]
WantedBy=timers.target
"""
    return {SERVICE_NAME: service, TIMER_NAME: timer}


def _quoted(argument: str) -> str:
    """One ExecStart argument as systemd reads it: '%' doubled, quoted when it holds spaces or quotes."""
    text = argument.replace("%", "%%")
    if re.search(r"[\s\"'\\;]", text) or not text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text
