"""Tell systemd the server is up and still alive: sd_notify over ``$NOTIFY_SOCKET``, no dependency.

The installed unit (``lobbydesk install``) is ``Type=notify`` with ``WatchdogSec``: systemd counts the
server as started at ``READY=1`` and restarts it when ``WATCHDOG=1`` stops coming. The heartbeat runs
on the server's event loop, which every tap also needs, so a loop that hangs stops the heartbeat and
the server is restarted instead of leaving the lobby with a frozen kiosk. Outside systemd (no
``$NOTIFY_SOCKET``) every call does nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Mapping
from contextlib import suppress

log = logging.getLogger(__name__)

# A beat every third of WatchdogSec: one lost or late beat never gets a healthy server killed.
BEATS_PER_WATCHDOG_PERIOD = 3


def notify(message: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send one sd_notify message (``READY=1``, ``WATCHDOG=1`` ...); False when there is no one to tell."""
    sent = _send(message, environ)
    if isinstance(sent, OSError):
        log.warning("could not tell systemd %r: %s", message, sent)
    return sent is True


def _send(message: str, environ: Mapping[str, str] | None) -> bool | OSError:
    address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
    if address.startswith("@"):
        address = "\0" + address[1:]  # Linux's abstract socket namespace
    elif not address.startswith("/"):
        return False  # not under systemd (or a vsock address, which only virtual machines are given)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
    except OSError as error:
        return error
    return True


def heartbeat_seconds(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between ``WATCHDOG=1`` beats, or None when systemd watches no watchdog for this process."""
    env = os.environ if environ is None else environ
    pid = env.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return None  # the variables were inherited from the process systemd watches, not meant for us
    try:
        period = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if period <= 0:
        return None
    return period / 1_000_000 / BEATS_PER_WATCHDOG_PERIOD


class Heartbeat:
    """Says ``READY=1`` when the server starts, beats while its event loop runs, ``STOPPING=1`` at the end."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = environ
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Tell systemd the server is ready and start beating (call on the running event loop)."""
        notify("READY=1\nSTATUS=serving", self._environ)
        interval = heartbeat_seconds(self._environ)
        if interval is not None:
            self._task = asyncio.create_task(self._beat(interval), name="lobbydesk-systemd-heartbeat")

    async def stop(self) -> None:
        """Tell systemd the server is stopping (so the watchdog does not count the shutdown) and stop beating."""
        notify("STOPPING=1", self._environ)
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _beat(self, interval: float) -> None:
        failing = False
        while True:
            sent = _send("WATCHDOG=1", self._environ)
            if isinstance(sent, OSError) and not failing:  # once, not every beat of a long outage
                log.warning("could not tell systemd the server is alive: %s", sent)
            failing = isinstance(sent, OSError)
            await asyncio.sleep(interval)
