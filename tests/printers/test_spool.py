"""The print worker's pass: tickets taken at the kiosk come out of the printer once, in order, even across a crash."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, Service
from desk.store import PrintJob, Store
from printers.connections import FilePrinter, NoPrinter, PrinterUnavailable
from printers.profile import profile_named
from printers.spool import (
    BACKOFF_SECONDS,
    NOT_PRINTED,
    PRINTER_ALERTS,
    PrinterAlert,
    PrintSpool,
    QueueTicketRenderer,
    SpoolReport,
)
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


class PowerCut(BaseException):
    """The kiosk PC loses power: nothing after this line of the worker runs."""


class PrinterWhosePcLosesPowerMidJob(SwitchablePrinter):
    """The job reaches the paper, then the process dies before the journal hears of it."""

    def send(self, data: bytes) -> None:
        super().send(data)
        raise PowerCut


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
        jobs = [job for status in ("queued", "sending", "sent", "failed") for job in tx.print_jobs(status)]
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

    assert report == SpoolReport(sent=2)
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


def test_a_broken_printer_fails_the_job_which_is_retried_after_a_pause_and_printed_once(
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

    retry_at = clock.now() + timedelta(seconds=BACKOFF_SECONDS[0])
    assert (report.sent, report.failed, report.last_error) == (0, 1, "cannot print on test printer: switched off")
    assert report.next_attempt_at == retry_at
    assert report.alerts == ("cannot print on test printer: switched off",), "staff are told"
    [job] = journal(store)
    assert (job.status, job.attempts, job.next_attempt_at) == ("failed", 1, retry_at)
    assert not printer_file.exists()

    printer.on = True
    too_early = spool.send_pending()
    assert (too_early.sent, too_early.failed, too_early.next_attempt_at) == (0, 0, retry_at), "the retry is not due"
    assert too_early.alerts == report.alerts, "the alert stays until the printer has been tried again"
    clock.advance(seconds=BACKOFF_SECONDS[0])
    assert spool.send_pending() == SpoolReport(sent=1), "printed, and the alert is closed"
    assert spool.send_pending() == SpoolReport()

    [job] = journal(store)
    assert (job.status, job.attempts, job.last_error) == ("sent", 2, "")
    assert printed_numbers(printer_file) == ["C001"]


def test_each_failed_attempt_waits_longer_before_the_next(
    queue: QueueDesk, spool: PrintSpool, printer: SwitchablePrinter, clock: FixedClock
) -> None:
    queue.take_number(Service.INQUIRY)
    printer.on = False

    pauses = []
    for _ in range(len(BACKOFF_SECONDS) + 1):
        report = spool.send_pending()
        assert report.failed == 1 and report.next_attempt_at is not None
        pauses.append(report.wait_seconds(clock.now(), idle=600))
        clock.advance(seconds=pauses[-1])

    assert pauses == [*BACKOFF_SECONDS, BACKOFF_SECONDS[-1]]
    assert report.wait_seconds(clock.now() - timedelta(minutes=5), idle=10) == 10, "never longer than the idle wait"
    assert report.wait_seconds(clock.now() + timedelta(minutes=5), idle=10) == 0, "overdue: at once"
    assert SpoolReport().wait_seconds(clock.now(), idle=10) == 10, "nothing waits: the idle wait"


def test_a_pass_stops_at_the_first_failure_and_the_tickets_behind_wait_in_order(
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

    report = spool.send_pending()
    assert (report.sent, report.failed, report.held) == (1, 1, 1)
    # The third owner's screen hears at once that its ticket waits: no attempt was made for it.
    assert [(job.status, job.attempts) for job in journal(store)] == [("sent", 1), ("failed", 1), ("failed", 0)]
    assert journal(store)[2].last_error == "waiting behind job 2: cannot print on test printer: paper jam"

    clock.advance(seconds=BACKOFF_SECONDS[0])
    assert spool.send_pending() == SpoolReport(sent=2)
    assert printed_numbers(printer_file) == ["A001", "A002", "A003"]


def test_a_number_taken_while_the_printer_prints_comes_out_in_the_same_pass(
    store: Store, clock: FixedClock, printer_file: Path
) -> None:
    queue = QueueDesk(store, clock, SequentialIds("SUNNY"))
    queue.take_number(Service.INQUIRY)

    class PrinterNextToABusyKiosk(SwitchablePrinter):
        def send(self, data: bytes) -> None:
            super().send(data)
            if len(printed_numbers(printer_file)) == 1:
                queue.take_number(Service.INQUIRY)  # the next owner taps while the first ticket prints

    spool = PrintSpool(store, PrinterNextToABusyKiosk(printer_file), clock, renderer_for(store))

    assert spool.send_pending().sent == 2
    assert printed_numbers(printer_file) == ["A001", "A002"]


def test_failed_jobs_are_given_up_after_the_maximum_attempts(
    queue: QueueDesk, spool: PrintSpool, printer: SwitchablePrinter, clock: FixedClock
) -> None:
    queue.take_number(Service.INQUIRY)
    printer.on = False
    for _ in range(2):
        spool.send_pending(max_attempts=2)
        clock.advance(minutes=5)
    printer.on = True

    given_up = spool.send_pending(max_attempts=2)
    assert (given_up.sent, given_up.failed, given_up.next_attempt_at) == (0, 0, None), "two attempts: left for staff"
    assert spool.send_pending(max_attempts=3).sent == 1


def test_an_unknown_job_kind_fails_that_job_and_the_others_still_print(
    queue: QueueDesk, spool: PrintSpool, store: Store, clock: FixedClock, printer_file: Path
) -> None:
    with store.transaction() as tx:
        tx.add_print_job("event_pass", "SUNNY-V000001", {}, at=clock.now())
    queue.take_number(Service.INQUIRY)

    report = spool.send_pending()

    assert (report.sent, report.failed) == (1, 1)
    assert "no layout prints 'event_pass' jobs" in report.last_error
    assert report.alerts == (), "the printer is fine: nothing for staff to fix on it"
    failed, sent = journal(store)
    assert failed.status == "failed" and "known kinds: queue_ticket" in failed.last_error
    assert sent.status == "sent"
    assert printed_numbers(printer_file) == ["A001"]


def test_a_ticket_printed_just_before_a_power_cut_is_printed_again_marked_reprint(
    queue: QueueDesk, store: Store, clock: FixedClock, printer_file: Path
) -> None:
    queue.take_number(Service.INQUIRY, lang="en")
    dying = PrintSpool(store, PrinterWhosePcLosesPowerMidJob(printer_file), clock, renderer_for(store))
    with pytest.raises(PowerCut):
        dying.send_pending()
    [job] = journal(store)
    assert (job.status, job.attempts) == ("sending", 1), "the journal shows the send was cut short"

    # The kiosk PC starts again: a new store connection, a new worker.
    store.close()
    store.open()
    restarted = PrintSpool(store, SwitchablePrinter(printer_file), clock, renderer_for(store))
    assert restarted.recover_interrupted() == [job.id]
    assert restarted.send_pending().sent == 1

    tickets = printer_file.read_bytes().split(b"\x1b@")[1:]
    assert len(tickets) == 2
    first = decode(b"\x1b@" + tickets[0]).lines[0]
    second = decode(b"\x1b@" + tickets[1]).lines[0]
    assert first.text != "** REPRINT **" and second.text == "** REPRINT **"
    [job] = journal(store)
    assert (job.status, job.attempts, job.reprint) == ("sent", 2, True)
    assert restarted.recover_interrupted() == [], "recovery happens once"


def test_two_workers_on_one_store_never_print_a_ticket_twice(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "site.sqlite3"
    stores = [Store(path), Store(path)]  # two processes, each with its own connection
    for store in stores:
        store.open()
    queue = QueueDesk(stores[0], clock, SequentialIds("SUNNY"))
    for _ in range(12):
        queue.take_number(Service.INQUIRY)
    printed: list[bytes] = []

    class SlowPrinter:
        def send(self, data: bytes) -> None:
            time.sleep(0.005)  # long enough for the other worker to look at the same job
            printed.append(data)

        def describe(self) -> str:
            return "slow printer"

    spools = [PrintSpool(store, SlowPrinter(), clock, renderer_for(store)) for store in stores]
    workers = [threading.Thread(target=spool.send_pending) for spool in spools]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)

    numbers = [line.text for data in printed for line in decode(data).lines if line.style.width == 4]
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 13)]
    assert {job.attempts for job in journal(stores[0])} == {1}
    for store in stores:
        store.close()


def test_without_a_printer_every_job_is_closed_as_not_printed_and_no_alert_claims_otherwise(
    queue: QueueDesk, store: Store, clock: FixedClock
) -> None:
    spool = PrintSpool(store, NoPrinter(), clock, renderer_for(store))
    first = queue.take_number(Service.INQUIRY).ticket
    second = queue.take_number(Service.REPAIR).ticket
    with store.transaction() as tx:  # left over from when the kiosk had a printer
        tx.raise_alert(PRINTER_ALERTS, PrinterAlert.PAPER_OUT, "test printer is out of paper", at=clock.now())

    report = spool.send_pending()

    assert report == SpoolReport(not_printed=2)
    with store.transaction() as tx:
        closed = tx.print_jobs(NOT_PRINTED)
        assert tx.pending_print_jobs() == [] and tx.print_jobs("sent") == []
        assert tx.open_alerts() == []
        assert tx.print_job_status(first.id) == tx.print_job_status(second.id) == "not printed"
    assert [(job.ref, job.attempts, job.last_error) for job in closed] == [
        (first.id, 0, "this site has no printer"), (second.id, 0, "this site has no printer")]
    assert spool.send_pending() == SpoolReport(), "a closed job is never tried again"
