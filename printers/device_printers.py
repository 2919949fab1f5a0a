"""Printers reached through python-escpos's device drivers: USB (pyusb), serial (pyserial), CUPS (pycups).

Each opens its device per job and releases it after, like the network printer, so an unplugged
cable costs one failed job, never a stuck device handle.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from printers.printer_seam import DEFAULT_TIMEOUT_SECONDS, STATUS_ANSWER_SECONDS, PrinterUnavailable, reason
from printers.status import PrinterStatus, read_status


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
        _send_through_escpos(self.describe(), self._make_printer, data)

    def read_status(self) -> PrinterStatus:
        """Ask the printer's status over the USB in endpoint."""
        answer_ms = int(min(self.timeout, STATUS_ANSWER_SECONDS) * 1000)

        def exchange_with(printer: Any) -> Callable[[bytes], bytes]:
            def exchange(query: bytes) -> bytes:
                printer._raw(query)
                try:
                    reply = bytes(printer.device.read(self.in_endpoint, 16, answer_ms))
                except Exception:  # pyusb's timeout error; any read failure means no answer
                    return b""
                # Some USB bridges put their own status bytes first; the printer's answer is last.
                return reply[-1:]

            return exchange

        with _opened(self.describe(), self._make_printer) as printer:
            return read_status(exchange_with(printer))

    def describe(self) -> str:
        """``usb VID:PID``."""
        return f"usb {self.vendor_id:04x}:{self.product_id:04x}"

    def _make_printer(self) -> Any:
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


@dataclass(frozen=True)
class SerialPrinter:
    """A printer on a serial port, through python-escpos and pyserial."""

    device: str
    baudrate: int = 9600
    timeout: float = DEFAULT_TIMEOUT_SECONDS

    def send(self, data: bytes) -> None:
        """Open the port, write the job, flush and close."""

        def bound_writes(printer: Any) -> None:
            # With hardware flow control a switched-off printer would block a write forever. Allow
            # the time the bytes need on the wire (10 bits a byte), twice over, plus the timeout.
            printer.device.write_timeout = self.timeout + 2 * len(data) * 10 / self.baudrate

        _send_through_escpos(self.describe(), self._make_printer, data, after_open=bound_writes)

    def read_status(self) -> PrinterStatus:
        """Ask the printer's status over the serial line."""
        with _opened(self.describe(), self._make_printer) as printer:
            port = printer.device
            port.timeout = min(self.timeout, STATUS_ANSWER_SECONDS)
            port.write_timeout = self.timeout
            # Bytes the printer sent earlier (automatic status, XON) would pass for an answer.
            port.reset_input_buffer()

            def exchange(query: bytes) -> bytes:
                port.write(query)
                answer: bytes = port.read(1)
                return answer

            return read_status(exchange)

    def describe(self) -> str:
        """``serial DEVICE at N baud``."""
        return f"serial {self.device} at {self.baudrate} baud"

    def _make_printer(self) -> Any:
        from escpos.printer import Serial
        from escpos.printer.serial import is_usable

        if not is_usable():
            raise PrinterUnavailable(f"{self.describe()}: serial printing needs the pyserial package")
        return Serial(self.device, baudrate=self.baudrate, timeout=self.timeout)


@dataclass(frozen=True)
class CupsQueue:
    """A raw CUPS queue, through python-escpos and pycups; CUPS keeps the printer's status to itself."""

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


def _send_through_escpos(
    description: str,
    make_printer: Callable[[], Any],
    data: bytes,
    *,
    after_open: Callable[[Any], None] | None = None,
) -> None:
    """Open a python-escpos printer, write raw bytes, close it; every failure is PrinterUnavailable."""
    writing = False
    try:
        with _opened(description, make_printer) as printer:
            if after_open is not None:
                after_open(printer)
            writing = True
            printer._raw(data)
            # Closing flushes a serial port and submits a CUPS job, so it belongs to the send.
            printer.close()
    except PrinterUnavailable as error:
        # Once writing began, part of the job may be in the printer already.
        raise PrinterUnavailable(str(error), maybe_printed=writing) from error.__cause__


@contextlib.contextmanager
def _opened(description: str, make_printer: Callable[[], Any]) -> Iterator[Any]:
    """A python-escpos printer opened for one job; any failure comes out as PrinterUnavailable."""
    printer = None
    try:
        printer = make_printer()
        printer.open()
        yield printer
    except PrinterUnavailable:
        raise
    except Exception as error:  # python-escpos and its backends raise many unrelated types
        raise PrinterUnavailable(f"cannot print on {description}: {reason(error)}") from error
    finally:
        if printer is not None:
            # After a failure the device may still be held; releasing it must not mask the error.
            with contextlib.suppress(Exception):
                printer.close()
