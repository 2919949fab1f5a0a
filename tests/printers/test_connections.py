"""Sending jobs: to a file, to a real TCP printer on 127.0.0.1, and failing clearly when we cannot."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from printers.connections import (
    CupsQueue,
    FilePrinter,
    NetworkPrinter,
    NoPrinter,
    PrinterUnavailable,
    SerialPrinter,
    UsbPrinter,
    connection_from_url,
)
from tests.printers.fake_printer import FakeNetworkPrinter


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_file_printer_appends_job_after_job_and_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "spool" / "kiosk" / "printer.bin"
    printer = connection_from_url(f"file://{path}")

    printer.send(b"first job\n")
    printer.send(b"second job\n")

    assert path.read_bytes() == b"first job\nsecond job\n"
    assert printer.describe() == f"file {path}"


def test_a_file_printer_that_cannot_write_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where a folder should be")
    printer = connection_from_url(f"file://{tmp_path / 'not-a-folder' / 'printer.bin'}")

    with pytest.raises(PrinterUnavailable, match="cannot write to file"):
        printer.send(b"job")


def test_a_network_printer_receives_the_exact_bytes_of_each_job(fake_printer: FakeNetworkPrinter) -> None:
    printer = connection_from_url(f"network://127.0.0.1:{fake_printer.port}")
    big_job = bytes(range(256)) * 1024  # 256 KiB, every byte value: nothing is altered or lost

    printer.send(b"\x1b@ticket one\n")
    printer.send(big_job)

    # Sent means the printer has every byte, not merely that the kernel took them.
    assert fake_printer.jobs == [b"\x1b@ticket one\n", big_job]
    assert printer.describe() == f"network 127.0.0.1:{fake_printer.port}"


def test_a_refused_connection_is_reported_quickly() -> None:
    printer = connection_from_url(f"network://127.0.0.1:{unused_port()}")

    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match=r"cannot print on network 127\.0\.0\.1:\d+: .*refused"):
        printer.send(b"job")
    assert time.monotonic() - started < 1


def test_a_printer_that_stops_reading_cannot_hold_the_worker_past_the_timeout() -> None:
    # It accepts connections (the kernel does, from the backlog) but never reads: paper out.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        printer = connection_from_url(f"network://127.0.0.1:{silent.getsockname()[1]}?timeout=0.3")

        started = time.monotonic()
        with pytest.raises(PrinterUnavailable, match=r"timed out|took \d+ of \d+ bytes") as failure:
            printer.send(b"x" * 64 * 1024 * 1024)
        elapsed = time.monotonic() - started

    assert elapsed < 1.5, f"send took {elapsed:.2f} s with a 0.3 s timeout"
    assert failure.value.maybe_printed, "part of the job went out: a retry must say REPRINT"


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux tells how much of a send was acknowledged")
def test_a_job_the_kernel_buffers_but_the_printer_never_reads_is_not_sent() -> None:
    # 100 KB fits in the kernel's buffers on both sides' machines, but no printer read it.
    with socket.create_server(("127.0.0.1", 0)) as never_reads:
        never_reads.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        printer = connection_from_url(f"network://127.0.0.1:{never_reads.getsockname()[1]}?timeout=0.2")

        with pytest.raises(PrinterUnavailable, match=r"the printer took \d+ of 100000 bytes"):
            printer.send(b"x" * 100_000)


def test_none_discards_jobs() -> None:
    printer = connection_from_url("none")

    printer.send(b"nobody prints this")

    assert printer == NoPrinter()
    assert printer.describe() == "no printer"


def test_every_form_of_url_names_its_printer_without_touching_it() -> None:
    assert connection_from_url("network://10.0.0.5") == NetworkPrinter("10.0.0.5", 9100)
    assert connection_from_url("network://printer.lan:9101?timeout=1.5") == NetworkPrinter("printer.lan", 9101, 1.5)
    assert connection_from_url("network://[fe80::1]:9100").describe() == "network [fe80::1]:9100"
    assert connection_from_url("usb://04b8:0202") == UsbPrinter(0x04B8, 0x0202)
    assert connection_from_url("usb://0416:5011?out_ep=0x03&in_ep=0x81") == UsbPrinter(
        0x0416, 0x5011, out_endpoint=0x03, in_endpoint=0x81
    )
    assert connection_from_url("usb://04b8:0202").describe() == "usb 04b8:0202"
    assert connection_from_url("serial:///dev/ttyUSB0?baudrate=19200") == SerialPrinter("/dev/ttyUSB0", 19200)
    assert connection_from_url("serial://COM3") == SerialPrinter("COM3", 9600)
    assert connection_from_url("serial:///dev/ttyS1").describe() == "serial /dev/ttyS1 at 9600 baud"
    assert connection_from_url("cups://Receipt_Printer") == CupsQueue("Receipt_Printer")
    assert connection_from_url("file:///var/lib/lobbydesk/printer.bin") == FilePrinter(
        Path("/var/lib/lobbydesk/printer.bin")
    )


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("", "no known scheme"),
        ("10.0.0.5:9100", "no known scheme"),
        ("http://10.0.0.5:9100", "no known scheme.*network://HOST"),
        ("file://printer.bin", "absolute path with three slashes"),
        ("file:///var/lib/", "names a folder"),
        ("network://", "needs a host"),
        ("network://10.0.0.5:printer", "needs a host and an optional port"),
        ("network://10.0.0.5:70000", "needs a host and an optional port"),
        ("network://10.0.0.5:9100?timeout=soon", "timeout must be a number of seconds"),
        ("network://10.0.0.5:9100?tiemout=3", "unknown option 'tiemout'"),
        ("usb://epson", "vendor and product ID in hex"),
        ("usb://04b8:0202?out_ep=zz", "out_ep must be a positive whole number"),
        ("serial://", "needs a serial device"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be a positive whole number"),
        ("cups://", "needs a CUPS queue name"),
    ],
)
def test_a_bad_url_is_refused_with_one_clear_sentence(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint) as refusal:
        connection_from_url(url)
    assert repr(url) in str(refusal.value), "the message names the URL it refuses"


def _missing(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return True
    return False


@pytest.mark.skipif(not _missing("usb"), reason="pyusb is installed here")
def test_usb_without_pyusb_says_what_to_install() -> None:
    with pytest.raises(PrinterUnavailable, match="usb 04b8:0202: USB printing needs the pyusb package"):
        connection_from_url("usb://04b8:0202").send(b"job")


@pytest.mark.skipif(not _missing("serial"), reason="pyserial is installed here")
def test_serial_without_pyserial_says_what_to_install() -> None:
    with pytest.raises(PrinterUnavailable, match="serial printing needs the pyserial package"):
        connection_from_url("serial:///dev/ttyUSB0").send(b"job")


@pytest.mark.skipif(not _missing("cups"), reason="pycups is installed here")
def test_cups_without_pycups_says_what_to_install() -> None:
    with pytest.raises(PrinterUnavailable, match="CUPS printing needs the pycups package"):
        connection_from_url("cups://Receipt").send(b"job")


def test_a_serial_printer_receives_the_job_through_a_pseudo_terminal() -> None:
    pytest.importorskip("serial")
    import os
    import pty

    controller, device = pty.openpty()
    try:
        connection_from_url(f"serial://{os.ttyname(device)}?baudrate=19200").send(b"\x1b@serial job\n")
        received = os.read(controller, 1024)
    finally:
        os.close(controller)
        os.close(device)

    assert received == b"\x1b@serial job\n"


def test_a_missing_serial_device_is_unavailable(tmp_path: Path) -> None:
    pytest.importorskip("serial")

    with pytest.raises(PrinterUnavailable, match="cannot print on serial"):
        connection_from_url(f"serial://{tmp_path / 'ttyUSB9'}").send(b"job")


def test_a_serial_printer_that_never_reads_cannot_hold_the_worker_forever() -> None:
    pytest.importorskip("serial")
    import os
    import pty

    controller, device = pty.openpty()  # nobody reads the controller side: the buffer fills up
    url = f"serial://{os.ttyname(device)}?baudrate=4000000&timeout=0.2"
    job = b"x" * 256 * 1024  # 0.66 s on the wire at 4 Mbaud, so the budget is about 1.5 s
    try:
        started = time.monotonic()
        with pytest.raises(PrinterUnavailable, match="cannot print on serial"):
            connection_from_url(url).send(job)
        elapsed = time.monotonic() - started
    finally:
        os.close(controller)
        os.close(device)

    assert elapsed < 3, f"send took {elapsed:.2f} s"
