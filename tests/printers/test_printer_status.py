"""Asking a real connection how the printer is: the fake network printer in each of its moods, and serial."""

from __future__ import annotations

import os
import pty
import threading
import time

import pytest

from printers.connections import NetworkPrinter, PrinterUnavailable, connection_from_url
from printers.status import PrinterCondition
from tests.printers.fake_printer import FakeNetworkPrinter, Mode


def network_printer(fake: FakeNetworkPrinter, timeout: float = 0.3) -> NetworkPrinter:
    printer = connection_from_url(fake.url(timeout))
    assert isinstance(printer, NetworkPrinter)
    return printer


@pytest.mark.parametrize(
    ("mode", "condition", "must_wait"),
    [
        (Mode.ONLINE, PrinterCondition.ONLINE, False),
        (Mode.PAPER_NEAR_END, PrinterCondition.PAPER_NEAR_END, False),
        (Mode.PAPER_OUT, PrinterCondition.PAPER_OUT, True),
        (Mode.COVER_OPEN, PrinterCondition.COVER_OPEN, True),
        (Mode.SLOW, PrinterCondition.ONLINE, False),
    ],
)
def test_the_printer_says_how_it_is(
    fake_printer: FakeNetworkPrinter, mode: Mode, condition: PrinterCondition, must_wait: bool
) -> None:
    fake_printer.switch_to(mode)

    status = network_printer(fake_printer).read_status()

    assert status.condition is condition
    assert status.must_wait is must_wait
    assert fake_printer.status_queries == 3
    assert fake_printer.jobs == [], "asking prints nothing"


def test_a_silent_printer_costs_one_short_wait_and_still_takes_jobs(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.switch_to(Mode.SILENT)
    printer = network_printer(fake_printer, timeout=0.2)

    started = time.monotonic()
    status = printer.read_status()
    waited = time.monotonic() - started
    printer.send(b"\x1b@ticket\n")

    assert status.condition is PrinterCondition.NO_ANSWER
    assert 0.15 < waited < 0.6
    assert fake_printer.status_queries == 1, "no second question after the first went unanswered"
    assert fake_printer.jobs == [b"\x1b@ticket\n"]


def test_a_refused_printer_is_unavailable_at_once_and_back_when_it_listens_again(
    fake_printer: FakeNetworkPrinter,
) -> None:
    printer = network_printer(fake_printer)
    fake_printer.switch_to(Mode.REFUSED)

    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match=r"cannot reach network 127\.0\.0\.1:\d+: .*refused"):
        printer.read_status()
    with pytest.raises(PrinterUnavailable, match="refused") as refusal:
        printer.send(b"job")
    assert time.monotonic() - started < 0.5
    assert not refusal.value.maybe_printed, "nothing left: a retry is not a reprint"

    fake_printer.switch_to(Mode.ONLINE)
    assert printer.read_status().condition is PrinterCondition.ONLINE


def test_a_slow_printer_takes_a_small_job_and_fails_a_big_one_within_bounds(fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.switch_to(Mode.SLOW)
    printer = network_printer(fake_printer, timeout=0.5)

    printer.send(b"\x1b@small ticket\n")
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable, match=r"took \d+ of 20000 bytes|too slow") as failure:
        printer.send(b"x" * 20_000)
    elapsed = time.monotonic() - started

    assert fake_printer.jobs[0] == b"\x1b@small ticket\n"
    # The slowest printer is given 2 s for 20 KB on top of the 0.5 s timeout; this one is slower.
    assert elapsed < 2.7, f"took {elapsed:.2f} s"
    assert failure.value.maybe_printed


def test_a_serial_printer_answers_status_over_its_line() -> None:
    pytest.importorskip("serial")
    controller, device = pty.openpty()
    asked = bytearray()

    def printer_out_of_paper() -> None:
        # Answer each DLE EOT n as an Epson printer without paper would.
        answers = {1: 0x1A, 2: 0x32, 4: 0x7E}
        while len(asked) < 9:
            asked.extend(os.read(controller, 3))
            if len(asked) % 3 == 0:
                os.write(controller, bytes([answers[asked[-1]]]))

    answering = threading.Thread(target=printer_out_of_paper, daemon=True)
    answering.start()
    try:
        status = connection_from_url(f"serial://{os.ttyname(device)}?timeout=0.5").read_status()  # type: ignore[attr-defined]
        answering.join(timeout=2)
    finally:
        os.close(controller)
        os.close(device)

    assert status.condition is PrinterCondition.PAPER_OUT
    assert bytes(asked) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"


def test_a_serial_printer_that_says_nothing_has_no_answer() -> None:
    pytest.importorskip("serial")
    controller, device = pty.openpty()
    try:
        status = connection_from_url(f"serial://{os.ttyname(device)}?timeout=0.2").read_status()  # type: ignore[attr-defined]
    finally:
        os.close(controller)
        os.close(device)

    assert status.condition is PrinterCondition.NO_ANSWER
