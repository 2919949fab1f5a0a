"""Printer connections: one narrow seam that sends a job's bytes, opened and closed per job.

A connection is made from a URL without touching anything; only :meth:`PrinterConnection.send`
(and, where the connection can read, ``read_status``) does I/O, and every failure it meets comes
out as :class:`PrinterUnavailable`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from printers.device_printers import CupsQueue, SerialPrinter, UsbPrinter
from printers.printer_seam import (
    DEFAULT_TIMEOUT_SECONDS,
    STATUS_ANSWER_SECONDS,
    PrinterConnection,
    PrinterUnavailable,
    ReportsStatus,
    reason,
)
from printers.status import PrinterStatus, read_status

__all__ = [
    "ACCEPTED_FORMS",
    "DEFAULT_NETWORK_PORT",
    "DEFAULT_TIMEOUT_SECONDS",
    "CupsQueue",
    "FilePrinter",
    "NetworkPrinter",
    "NoPrinter",
    "PrinterConnection",
    "PrinterUnavailable",
    "ReportsStatus",
    "SerialPrinter",
    "UsbPrinter",
    "connection_from_url",
]

DEFAULT_NETWORK_PORT = 9100
# A printer takes a job as fast as it prints it once its buffer is full: 10 KB/s is a slow
# printer printing a drawn (image) slip, so a big job is given that long on top of the timeout.
SLOWEST_PRINTER_BYTES_PER_SECOND = 10_000

ACCEPTED_FORMS = (
    "file:///path/printer.bin, network://HOST[:PORT][?timeout=SECONDS], usb://VID:PID[?out_ep=0x01&in_ep=0x82], "
    "serial:///dev/ttyUSB0[?baudrate=19200], cups://NAME or none"
)


@dataclass(frozen=True)
class FilePrinter:
    """Appends each job to a file: for printers exposed as device files, and for tests and demos."""

    path: Path

    def send(self, data: bytes) -> None:
        """Append the job and fsync, so a job reported as sent is on disk."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            raise PrinterUnavailable(f"cannot write to {self.describe()}: {error}") from error

    def describe(self) -> str:
        """``file /path``."""
        return f"file {self.path}"


@dataclass(frozen=True)
class NetworkPrinter:
    """A printer listening for raw jobs on a TCP port (usually 9100)."""

    host: str
    port: int = DEFAULT_NETWORK_PORT
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def send(self, data: bytes) -> None:
        """Connect, send, wait until the printer has every byte, close.

        The printer must keep taking bytes: a pause longer than the timeout fails the job (a
        printer that stops reading when its paper runs out cannot hold the worker), and so does
        taking longer in all than the slowest printer needs for a job this size. The kernel
        takes megabytes into its buffers at once, so the send only counts as done when the
        printer has acknowledged every byte (where the system can tell: Linux).
        """
        sent = 0
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as connection:
                give_up_at = time.monotonic() + self.timeout + len(data) / SLOWEST_PRINTER_BYTES_PER_SECOND
                view = memoryview(data)
                while sent < len(data):
                    connection.settimeout(_time_left(self.timeout, give_up_at, f"sent {sent} of {len(data)} bytes"))
                    sent += connection.send(view[sent:])
                connection.shutdown(socket.SHUT_WR)
                _wait_until_acknowledged(connection, self.timeout, give_up_at, len(data))
                _wait_for_close(connection, give_up_at)
        except OSError as error:
            raise PrinterUnavailable(
                f"cannot print on {self.describe()}: {reason(error)}", maybe_printed=sent > 0
            ) from error

    def read_status(self) -> PrinterStatus:
        """Connect, ask ``DLE EOT`` status (each answer awaited at most a second), close."""
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as connection:
                connection.settimeout(min(self.timeout, STATUS_ANSWER_SECONDS))

                def exchange(query: bytes) -> bytes:
                    connection.sendall(query)
                    try:
                        return connection.recv(1)
                    except TimeoutError:
                        return b""

                return read_status(exchange)
        except OSError as error:
            raise PrinterUnavailable(f"cannot reach {self.describe()}: {reason(error)}") from error

    def describe(self) -> str:
        """``network HOST:PORT``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"network {host}:{self.port}"


def _time_left(pause_limit: float, give_up_at: float, done_so_far: str) -> float:
    """How long the next wait for the printer may last; TimeoutError when the job's time is up."""
    remaining = give_up_at - time.monotonic()
    if remaining <= 0:
        raise TimeoutError(f"the printer is too slow: {done_so_far}")
    return min(pause_limit, remaining)


def _wait_until_acknowledged(connection: socket.socket, pause_limit: float, give_up_at: float, total: int) -> None:
    """Wait until the printer's end has acknowledged every byte sent, while it keeps taking them."""
    if _OUTGOING_QUEUE is None:
        return  # not Linux: the kernel's word that the bytes left is all there is
    last_waiting, last_progress = -1, time.monotonic()
    while (waiting := _unacknowledged_bytes(connection)) > 0:
        now = time.monotonic()
        if waiting != last_waiting:
            last_waiting, last_progress = waiting, now
        # The end-of-job marker counts as one byte in the queue but is not part of the job.
        taken = f"the printer took {min(total, max(0, total + 1 - waiting))} of {total} bytes"
        if now - last_progress > pause_limit:
            raise TimeoutError(taken)
        _time_left(pause_limit, give_up_at, taken)
        time.sleep(0.005)


# The ioctl that tells how many bytes sent on a socket the other end has not acknowledged yet.
if sys.platform == "linux":
    import fcntl
    import termios

    _OUTGOING_QUEUE: int | None = termios.TIOCOUTQ
else:
    _OUTGOING_QUEUE = None


def _unacknowledged_bytes(connection: socket.socket) -> int:
    answer = fcntl.ioctl(connection.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    return int(struct.unpack("i", answer)[0])


# How long a finished send waits for the printer to close its side of the connection.
CLOSE_WAIT_SECONDS = 0.5


def _wait_for_close(connection: socket.socket, deadline: float) -> None:
    """Read and drop what the printer sends until it closes, for at most :data:`CLOSE_WAIT_SECONDS`.

    Closing a socket with unread bytes in it (a status byte the printer sent) resets the
    connection, and a reset can make the printer drop the end of the job it has not printed yet.
    Every byte has been handed over by now, so a printer that keeps the connection open is fine.
    """
    stop = min(deadline, time.monotonic() + CLOSE_WAIT_SECONDS)
    with contextlib.suppress(OSError):
        while (remaining := stop - time.monotonic()) > 0:
            connection.settimeout(remaining)
            if not connection.recv(4096):
                return


@dataclass(frozen=True)
class NoPrinter:
    """A kiosk without a printer: jobs are accepted and dropped (tickets are shown on screen)."""

    def send(self, data: bytes) -> None:
        """Discard the job."""

    def describe(self) -> str:
        """``no printer``."""
        return "no printer"


_USB_IDS = re.compile(r"^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$")


def connection_from_url(url: str) -> PrinterConnection:
    """The connection a printer URL names; nothing is opened until a job is sent.

    Accepted forms: ``file:///path/printer.bin``, ``network://HOST[:PORT]``, ``usb://VID:PID`` (hex),
    ``serial:///dev/ttyUSB0?baudrate=19200``, ``cups://NAME`` and ``none``.
    """
    text = url.strip()
    if text.lower() in ("none", "none://"):
        return NoPrinter()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _PARSERS:
        raise ValueError(f"printer URL {url!r} has no known scheme; use {ACCEPTED_FORMS}")
    try:
        query = {key: values[-1] for key, values in parse_qs(parts.query, strict_parsing=bool(parts.query)).items()}
    except ValueError:
        raise ValueError(f"printer URL {url!r} has an unreadable query; use {ACCEPTED_FORMS}") from None
    return _PARSERS[scheme](url, parts.netloc, parts.path, query)


def _file(url: str, netloc: str, path: str, query: dict[str, str]) -> PrinterConnection:
    _no_options(url, query, allowed=())
    if netloc not in ("", "localhost") or not path.startswith("/"):
        raise ValueError(
            f"printer URL {url!r} needs an absolute path with three slashes, e.g. file:///var/lib/printer.bin"
        )
    if path.endswith("/"):
        raise ValueError(f"printer URL {url!r} names a folder; give a file, e.g. file:///var/lib/printer.bin")
    return FilePrinter(Path(path))


def _network(url: str, netloc: str, path: str, query: dict[str, str]) -> PrinterConnection:
    _no_options(url, query, allowed=("timeout",))
    parts = urlsplit(url.strip())
    try:
        port = DEFAULT_NETWORK_PORT if parts.port is None else parts.port
    except ValueError:  # not a number, or beyond 65535
        port = 0
    if not parts.hostname or port == 0 or path not in ("", "/") or "@" in netloc:
        raise ValueError(f"printer URL {url!r} needs a host and an optional port, e.g. network://10.0.0.5:9100")
    return NetworkPrinter(parts.hostname, port, _seconds(url, query))


def _usb(url: str, netloc: str, path: str, query: dict[str, str]) -> PrinterConnection:
    _no_options(url, query, allowed=("out_ep", "in_ep", "timeout"))
    ids = _USB_IDS.match(netloc)
    if ids is None or path not in ("", "/"):
        raise ValueError(f"printer URL {url!r} needs a vendor and product ID in hex, e.g. usb://04b8:0202")
    endpoints = {name: _integer(url, name, query[name], base=16) for name in ("out_ep", "in_ep") if name in query}
    return UsbPrinter(
        int(ids.group(1), 16),
        int(ids.group(2), 16),
        out_endpoint=endpoints.get("out_ep", 0x01),
        in_endpoint=endpoints.get("in_ep", 0x82),
        timeout=_seconds(url, query),
    )


def _serial(url: str, netloc: str, path: str, query: dict[str, str]) -> PrinterConnection:
    _no_options(url, query, allowed=("baudrate", "timeout"))
    # serial:///dev/ttyUSB0 on Linux and macOS, serial://COM3 on Windows.
    device = path if not netloc else netloc + path
    if not device or device == "/":
        raise ValueError(f"printer URL {url!r} needs a serial device, e.g. serial:///dev/ttyUSB0?baudrate=19200")
    baudrate = _integer(url, "baudrate", query["baudrate"]) if "baudrate" in query else 9600
    return SerialPrinter(device, baudrate, _seconds(url, query))


def _cups(url: str, netloc: str, path: str, query: dict[str, str]) -> PrinterConnection:
    _no_options(url, query, allowed=())
    if not netloc or path not in ("", "/"):
        raise ValueError(f"printer URL {url!r} needs a CUPS queue name, e.g. cups://Receipt_Printer")
    return CupsQueue(netloc)


def _no_options(url: str, query: dict[str, str], *, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        accepted = ", ".join(allowed) if allowed else "none"
        raise ValueError(f"printer URL {url!r} has unknown option {unknown[0]!r} (accepted options: {accepted})")


def _integer(url: str, name: str, value: str, *, base: int = 10) -> int:
    try:
        number = int(value, base)
    except ValueError:
        number = 0
    if number <= 0:
        raise ValueError(f"printer URL {url!r}: option {name} must be a positive whole number (got {value!r})")
    return number


def _seconds(url: str, query: dict[str, str]) -> float:
    if "timeout" not in query:
        return DEFAULT_TIMEOUT_SECONDS
    try:
        seconds = float(query["timeout"])
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 60:
        raise ValueError(f"printer URL {url!r}: timeout must be a number of seconds above 0, up to 60")
    return seconds


_PARSERS: dict[str, Callable[[str, str, str, dict[str, str]], PrinterConnection]] = {
    "file": _file,
    "network": _network,
    "usb": _usb,
    "serial": _serial,
    "cups": _cups,
}
