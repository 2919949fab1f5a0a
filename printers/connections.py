"""Printer connections: one narrow seam that sends a job's bytes, opened and closed per job.

A connection is made from a URL without touching anything; only :meth:`PrinterConnection.send`
does I/O, and every failure it meets comes out as :class:`PrinterUnavailable`.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

DEFAULT_TIMEOUT_SECONDS = 3.0
DEFAULT_NETWORK_PORT = 9100

ACCEPTED_FORMS = (
    "file:///path/printer.bin, network://HOST[:PORT][?timeout=SECONDS], usb://VID:PID[?out_ep=0x01&in_ep=0x82], "
    "serial:///dev/ttyUSB0[?baudrate=19200], cups://NAME or none"
)


class PrinterUnavailable(Exception):  # noqa: N818 - reads as the state it reports: "printer unavailable"
    """The printer could not take the job: unplugged, switched off, unreachable, or misconfigured."""


class PrinterConnection(Protocol):
    """Somewhere to send a finished job's bytes."""

    def send(self, data: bytes) -> None:
        """Open, send every byte, close; raises :class:`PrinterUnavailable` on any failure."""

    def describe(self) -> str:
        """A short human description, e.g. ``network 10.0.0.5:9100``."""


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
        """Connect, send within the timeout, close.

        The timeout bounds the connect and, separately, the whole send: a printer that accepts
        the connection but stops reading (paper out, cover open) cannot hold the worker longer.
        """
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as connection:
                deadline = time.monotonic() + self.timeout
                view = memoryview(data)
                while view:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise TimeoutError(f"sent {len(data) - len(view)} of {len(data)} bytes")
                    connection.settimeout(remaining)
                    view = view[connection.send(view) :]
                connection.shutdown(socket.SHUT_WR)
        except OSError as error:
            raise PrinterUnavailable(f"cannot print on {self.describe()}: {_reason(error)}") from error

    def describe(self) -> str:
        """``network HOST:PORT``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"network {host}:{self.port}"


@dataclass(frozen=True)
class UsbPrinter:
    """A USB printer, through python-escpos and pyusb."""

    vendor_id: int
    product_id: int
    out_endpoint: int = 0x01
    in_endpoint: int = 0x82
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def send(self, data: bytes) -> None:
        """Find the device, write the job, release the device."""

        def make_printer() -> Any:
            from escpos.printer import Usb
            from escpos.printer.usb import is_usable

            if not is_usable():
                raise PrinterUnavailable(f"{self.describe()}: USB printing needs the pyusb package (and libusb)")
            return Usb(
                self.vendor_id,
                self.product_id,
                timeout=int(self.timeout * 1000),
                in_ep=self.in_endpoint,
                out_ep=self.out_endpoint,
            )

        _send_through_escpos(self.describe(), make_printer, data)

    def describe(self) -> str:
        """``usb VID:PID``."""
        return f"usb {self.vendor_id:04x}:{self.product_id:04x}"


@dataclass(frozen=True)
class SerialPrinter:
    """A printer on a serial port, through python-escpos and pyserial."""

    device: str
    baudrate: int = 9600
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def send(self, data: bytes) -> None:
        """Open the port, write the job, flush and close."""

        def make_printer() -> Any:
            from escpos.printer import Serial
            from escpos.printer.serial import is_usable

            if not is_usable():
                raise PrinterUnavailable(f"{self.describe()}: serial printing needs the pyserial package")
            return Serial(self.device, baudrate=self.baudrate, timeout=self.timeout)

        def bound_writes(printer: Any) -> None:
            # With hardware flow control a switched-off printer would block a write forever. Allow
            # the time the bytes need on the wire (10 bits a byte), twice over, plus the timeout.
            printer.device.write_timeout = self.timeout + 2 * len(data) * 10 / self.baudrate

        _send_through_escpos(self.describe(), make_printer, data, after_open=bound_writes)

    def describe(self) -> str:
        """``serial DEVICE at N baud``."""
        return f"serial {self.device} at {self.baudrate} baud"


@dataclass(frozen=True)
class CupsQueue:
    """A raw CUPS queue, through python-escpos and pycups."""

    name: str

    def send(self, data: bytes) -> None:
        """Submit the job as raw data to the queue."""

        def make_printer() -> Any:
            from escpos.printer import CupsPrinter
            from escpos.printer.cups import is_usable

            if not is_usable():
                raise PrinterUnavailable(f"{self.describe()}: CUPS printing needs the pycups package")
            return CupsPrinter(self.name)

        _send_through_escpos(self.describe(), make_printer, data)

    def describe(self) -> str:
        """``cups NAME``."""
        return f"cups {self.name}"


@dataclass(frozen=True)
class NoPrinter:
    """A kiosk without a printer: jobs are accepted and dropped (tickets are shown on screen)."""

    def send(self, data: bytes) -> None:
        """Discard the job."""

    def describe(self) -> str:
        """``no printer``."""
        return "no printer"


def _send_through_escpos(
    description: str,
    make_printer: Callable[[], Any],
    data: bytes,
    *,
    after_open: Callable[[Any], None] | None = None,
) -> None:
    """Open a python-escpos printer, write raw bytes, close it; every failure is PrinterUnavailable."""
    printer = None
    try:
        printer = make_printer()
        printer.open()
        if after_open is not None:
            after_open(printer)
        printer._raw(data)
        # Closing flushes a serial port and submits a CUPS job, so it belongs to the send.
        printer.close()
        printer = None
    except PrinterUnavailable:
        raise
    except Exception as error:  # python-escpos and its backends raise many unrelated types
        raise PrinterUnavailable(f"cannot print on {description}: {_reason(error)}") from error
    finally:
        if printer is not None:
            # After a failure the device may still be held; releasing it must not mask the error.
            with contextlib.suppress(Exception):
                printer.close()


def _reason(error: BaseException) -> str:
    """An error as one readable phrase, even for exceptions without a message (e.g. timeouts)."""
    text = str(error).strip() or type(error).__name__
    return " ".join(text.split())


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
