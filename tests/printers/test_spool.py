"""The print worker's pass: tickets taken at the kiosk come out of the printer once, in order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.queue import QueueDesk, Service
from desk.store import PrintJob, Store
from printers.connections import FilePrinter, PrinterUnavailable, connection_from_url
from printers.profile import profile_named
from printers.spool import PrintSpool, QueueTicketRenderer, RenderError, SpoolReport, UnknownJobKindError
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import decode


class SwitchablePrinter:
    """A file printer behind a power switch: switched off, it refuses jobs like an unplugged one."""

    def __init__(self, path: Path) -> None:
        self.file = FilePrinter(path)
        self.on = True

    def send(self, data: bytes) -> None:
        if not self.on:
            raise PrinterUnavailable("cannot print on test printer: switched off")
        self.file.send(data)

    def describe(self) -> str:
        return "test printer"


def status_url(ticket_id: str) -> str:
    return f"https://desk.example.org/t/{ticket_id}"


def renderer_for(store: Store, **changes: object) -> QueueTicketRenderer:
    options: dict[str, object] = {
        "community_name": "阳光花园 Sunny Garden",
        "status_url": status_url,
        "profile": profile_named("default"),
        "tz": SHANGHAI,
        **changes,
    }
    return QueueTicketRenderer(store, **options)  # type: ignore[arg-type]


def journal(store: Store) -> list[PrintJob]:
    with store.transaction() as tx:
        jobs = [job for status in ("queued", "sent", "failed") for job in tx.print_jobs(status)]
    return sorted(jobs, key=lambda job: job.id)


def printed_numbers(path: Path) -> list[str]:
    """The big numbers on paper, in the order they were printed."""
    return [line.text for line in decode(path.read_bytes()).lines if line.style.width == 4]


@pytest.fixture
def printer_file(tmp_path: Path) -> Path:
    return tmp_path / "printer.bin"


@pytest.fixture
def printer(printer_file: Path) -> SwitchablePrinter:
    return SwitchablePrinter(printer_file)


@pytest.fixture
def spool(store: Store, printer: SwitchablePrinter, clock: FixedClock) -> PrintSpool:
    return PrintSpool(store, printer, clock, renderer_for(store))


def test_tickets_taken_at_the_kiosk_come_out_of_the_printer(
    queue: QueueDesk, spool: PrintSpool, store: Store, printer_file: Path
) -> None:
    first = queue.take_number(Service.INQUIRY, lang="en").ticket
    second = queue.take_number(Service.REPAIR, lang="zh").ticket

    report = spool.send_pending()

    assert report == SpoolReport(sent=2, failed=0, last_error="")
    assert printed_numbers(printer_file) == ["A001", "D001"]
    paper = decode(printer_file.read_bytes())
    assert [qr.payload for qr in paper.qr_codes] == [status_url(first.id), status_url(second.id)]
    assert "Inquiry" in paper.texts and "报修" in paper.texts, "each ticket speaks its owner's language"
    assert paper.texts.count("2026-11-27 09:15") == 2
    assert [(job.status, job.attempts, job.last_error) for job in journal(store)] == [("sent", 1, "")] * 2


def test_a_sent_job_is_not_sent_again(queue: QueueDesk, spool: PrintSpool, printer_file: Path) -> None:
    queue.take_number(Service.INQUIRY)
    spool.send_pending()

    assert spool.send_pending() == SpoolReport()
    assert printed_numbers(printer_file) == ["A001"]


def test_a_broken_printer_fails_the_job_which_is_retried_and_printed_once(
    queue: QueueDesk,
    spool: PrintSpool,
    store: Store,
    printer: SwitchablePrinter,
    printer_file: Path,
    clock: FixedClock,
) -> None:
    queue.take_number(Service.PAYMENT)
    printer.on = False

    report = spool.send_pending()

    assert report == SpoolReport(sent=0, failed=1, last_error="cannot print on test printer: switched off")
    [job] = journal(store)
    assert (job.status, job.attempts, job.last_error) == ("failed", 1, "cannot print on test printer: switched off")
    assert not printer_file.exists()

    printer.on = True
    clock.advance(seconds=30)
    assert spool.send_pending() == SpoolReport(sent=1)
    assert spool.send_pending() == SpoolReport()

    [job] = journal(store)
    assert (job.status, job.attempts, job.last_error) == ("sent", 2, "")
    assert printed_numbers(printer_file) == ["C001"]


def test_a_pass_stops_at_the_first_failure_so_tickets_print_in_the_order_taken(
    queue: QueueDesk, store: Store, clock: FixedClock, printer_file: Path
) -> None:
    for _ in range(3):
        queue.take_number(Service.INQUIRY)

    class PrinterThatJamsOnTheSecondJob(SwitchablePrinter):
        jobs = 0

        def send(self, data: bytes) -> None:
            self.jobs += 1
            if self.jobs == 2:
                raise PrinterUnavailable("cannot print on test printer: paper jam")
            super().send(data)

    spool = PrintSpool(store, PrinterThatJamsOnTheSecondJob(printer_file), clock, renderer_for(store))

    assert spool.send_pending() == SpoolReport(sent=1, failed=1, last_error="cannot print on test printer: paper jam")
    assert [job.status for job in journal(store)] == ["sent", "failed", "queued"]

    assert spool.send_pending() == SpoolReport(sent=2)
    assert printed_numbers(printer_file) == ["A001", "A002", "A003"]


def test_a_real_network_printer_that_is_down_fails_the_job(queue: QueueDesk, store: Store, clock: FixedClock) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spool = PrintSpool(store, connection_from_url(f"network://127.0.0.1:{port}"), clock, renderer_for(store))
    queue.take_number(Service.INQUIRY)

    report = spool.send_pending()

    assert report.failed == 1 and "refused" in report.last_error
    [job] = journal(store)
    assert job.status == "failed" and f"network 127.0.0.1:{port}" in job.last_error


def test_failed_jobs_are_given_up_after_the_maximum_attempts(
    queue: QueueDesk, spool: PrintSpool, store: Store, printer: SwitchablePrinter
) -> None:
    queue.take_number(Service.INQUIRY)
    printer.on = False
    spool.send_pending(max_attempts=2)
    spool.send_pending(max_attempts=2)
    printer.on = True

    assert spool.send_pending(max_attempts=2) == SpoolReport(), "two attempts made: left for staff"
    assert spool.send_pending(max_attempts=3) == SpoolReport(sent=1)


def test_an_unknown_job_kind_fails_that_job_and_the_others_still_print(
    queue: QueueDesk, spool: PrintSpool, store: Store, clock: FixedClock, printer_file: Path
) -> None:
    with store.transaction() as tx:
        tx.add_print_job("event_pass", "SUNNY-V000001", {}, at=clock.now())
    queue.take_number(Service.INQUIRY)

    report = spool.send_pending()

    assert (report.sent, report.failed) == (1, 1)
    assert "no layout prints 'event_pass' jobs" in report.last_error
    failed, sent = journal(store)
    assert failed.status == "failed" and "known kinds: queue_ticket" in failed.last_error
    assert sent.status == "sent"
    assert printed_numbers(printer_file) == ["A001"]


def test_the_renderer_explains_jobs_it_cannot_print(queue: QueueDesk, store: Store) -> None:
    render = renderer_for(store)
    ticket = queue.take_number(Service.INQUIRY).ticket

    def job(**changes: object) -> PrintJob:
        base = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0}, "queued", 0, "")
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    with pytest.raises(UnknownJobKindError, match="'receipt'"):
        render(job(kind="receipt"))
    with pytest.raises(RenderError, match="SUNNY-T999999 of print job 1 is not in the store"):
        render(job(ref="SUNNY-T999999"))
    with pytest.raises(RenderError, match="whole number of people ahead"):
        render(job(payload={}))
    with pytest.raises(RenderError, match="whole number of people ahead"):
        render(job(payload={"ahead": True}))
    with pytest.raises(RenderError, match="language 'fr'"):
        render(job(payload={"ahead": 0, "lang": "fr"}))


def test_the_renderer_prints_in_the_jobs_language_and_the_sites_time_zone(queue: QueueDesk, store: Store) -> None:
    from zoneinfo import ZoneInfo

    ticket = queue.take_number(Service.MOVE_IN).ticket
    job = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 2, "lang": "en", "reprint": True}, "queued", 0, "")

    paper = decode(renderer_for(store, tz=ZoneInfo("UTC"))(job))

    assert "Move-in" in paper.texts
    assert "2 people ahead of you" in paper.texts
    assert "2026-11-27 01:15" in paper.texts, "09:15 in Shanghai is 01:15 UTC"
    assert paper.lines[0].text == "** REPRINT **"


def test_jobs_without_a_language_use_the_default(queue: QueueDesk, store: Store) -> None:
    ticket = queue.take_number(Service.COMPLAINT).ticket
    job = PrintJob(1, "queue_ticket", ticket.id, {"ahead": 0}, "queued", 0, "")

    assert "投诉" in decode(renderer_for(store)(job)).texts
    assert "Complaint" in decode(renderer_for(store, default_language="en")(job)).texts
