"""The print worker against a network printer that runs out of paper, opens, goes quiet, slows down, vanishes."""

from __future__ import annotations

import dataclasses

import pytest

from desk.clock import FixedClock
from desk.queue import QueueDesk, Service
from desk.store import PrintJob, Store
from printers.connections import connection_from_url
from printers.profile import profile_named
from printers.spool import HOLD_RECHECK_SECONDS, PrintSpool, QueueTicketRenderer
from printers.status import PrinterCondition
from tests.printers.conftest import SHANGHAI
from tests.printers.escpos_decoder import decode
from tests.printers.fake_printer import FakeNetworkPrinter, Mode


def spool_for(store: Store, fake: FakeNetworkPrinter, clock: FixedClock, **profile_changes: object) -> PrintSpool:
    renderer = QueueTicketRenderer(
        store,
        community_name="阳光花园 Sunny Garden",
        status_url=lambda ticket_id: f"https://desk.example.org/t/{ticket_id}",
        profile=dataclasses.replace(profile_named("80mm"), **profile_changes),  # type: ignore[arg-type]
        tz=SHANGHAI,
    )
    return PrintSpool(store, connection_from_url(fake.url(timeout=0.3)), clock, renderer)


def the_job(store: Store) -> PrintJob:
    with store.transaction() as tx:
        [job] = [job for status in ("queued", "sending", "sent", "failed") for job in tx.print_jobs(status)]
    return job


def open_alerts(store: Store) -> list[str]:
    with store.transaction() as tx:
        return [alert.code for alert in tx.open_alerts("printer")]


def big_numbers(job: bytes) -> list[str]:
    return [line.text for line in decode(job).lines if line.style.width == 4]


def test_an_online_printer_is_asked_first_then_prints_the_ticket(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter
) -> None:
    queue.take_number(Service.INQUIRY)

    report = spool_for(store, fake_printer, clock).send_pending()

    assert report.sent == 1 and report.printer_status is not None
    assert report.printer_status.condition is PrinterCondition.ONLINE
    assert fake_printer.status_queries == 3
    assert [big_numbers(job) for job in fake_printer.jobs] == [["A001"]]
    assert open_alerts(store) == []


def test_paper_near_its_end_still_prints_and_tells_staff_until_the_roll_is_changed(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter
) -> None:
    spool = spool_for(store, fake_printer, clock)
    fake_printer.switch_to(Mode.PAPER_NEAR_END)
    queue.take_number(Service.INQUIRY)

    report = spool.send_pending()

    assert report.sent == 1
    assert report.alerts == (f"network 127.0.0.1:{fake_printer.port}: paper is running out, change the roll soon",)
    assert open_alerts(store) == ["paper_near_end"]

    fake_printer.switch_to(Mode.ONLINE)
    queue.take_number(Service.INQUIRY)
    assert spool.send_pending().alerts == ()
    assert [big_numbers(job) for job in fake_printer.jobs] == [["A001"], ["A002"]]


@pytest.mark.parametrize(("mode", "alert"), [(Mode.PAPER_OUT, "paper_out"), (Mode.COVER_OPEN, "cover_open")])
def test_a_printer_that_cannot_print_gets_no_job_the_owner_sees_failed_and_staff_are_alerted(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter, mode: Mode, alert: str
) -> None:
    spool = spool_for(store, fake_printer, clock)
    fake_printer.switch_to(mode)
    ticket = queue.take_number(Service.PAYMENT).ticket

    report = spool.send_pending()

    assert (report.sent, report.failed, report.held) == (0, 0, 1)
    assert fake_printer.jobs == []
    job = the_job(store)
    assert (job.status, job.attempts) == ("failed", 0), "waiting for the printer is not an attempt"
    assert job.last_error.startswith("waiting for the printer:") and mode.value in job.last_error
    with store.transaction() as tx:
        assert tx.print_job_status(ticket.id) == "failed", "the kiosk shows the ticket and asks for a photo"
    assert open_alerts(store) == [alert]
    assert report.wait_seconds(clock.now(), idle=60) == HOLD_RECHECK_SECONDS

    # Staff fix it; the next check prints the ticket, once, with no REPRINT mark.
    fake_printer.switch_to(Mode.ONLINE)
    clock.advance(seconds=HOLD_RECHECK_SECONDS)
    assert spool.send_pending().sent == 1
    [printed] = fake_printer.jobs
    assert big_numbers(printed) == ["C001"]
    assert "** 补打 **" not in decode(printed).texts
    assert (the_job(store).status, the_job(store).attempts) == ("sent", 1)
    assert open_alerts(store) == []


def test_a_silent_printer_is_sent_its_jobs_without_waiting_each_time(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter
) -> None:
    fake_printer.switch_to(Mode.SILENT)
    for _ in range(3):
        queue.take_number(Service.INQUIRY)

    report = spool_for(store, fake_printer, clock).send_pending()

    assert report.sent == 3
    assert report.printer_status is not None and report.printer_status.condition is PrinterCondition.NO_ANSWER
    assert fake_printer.status_queries == 1, "asked once per pass: it never answers"
    assert [big_numbers(job) for job in fake_printer.jobs] == [["A001"], ["A002"], ["A003"]]
    assert open_alerts(store) == []


def test_a_refused_connection_keeps_the_tickets_waiting_until_the_printer_is_back(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter
) -> None:
    spool = spool_for(store, fake_printer, clock)
    fake_printer.switch_to(Mode.REFUSED)
    queue.take_number(Service.INQUIRY)
    queue.take_number(Service.REPAIR)

    report = spool.send_pending()

    assert (report.sent, report.held) == (0, 2)
    assert "refused" in report.last_error
    assert open_alerts(store) == ["unreachable"]

    fake_printer.switch_to(Mode.ONLINE)
    clock.advance(seconds=HOLD_RECHECK_SECONDS)
    assert spool.send_pending().sent == 2
    assert [big_numbers(job) for job in fake_printer.jobs] == [["A001"], ["D001"]]
    assert open_alerts(store) == []


def test_a_slow_printer_that_could_not_take_a_whole_job_gets_it_again_marked_reprint(
    queue: QueueDesk, store: Store, clock: FixedClock, fake_printer: FakeNetworkPrinter
) -> None:
    # A printer without a Chinese font or QR command: the ticket is drawn, some 27 KB.
    spool = spool_for(store, fake_printer, clock, chinese_font=False, native_qr=False)
    fake_printer.switch_to(Mode.SLOW)
    queue.take_number(Service.INQUIRY, lang="en")

    report = spool.send_pending()

    assert report.failed == 1 and "the printer" in report.last_error
    job = the_job(store)
    assert (job.status, job.attempts, job.reprint) == ("failed", 1, True), "part of it may be on paper"

    fake_printer.switch_to(Mode.ONLINE)
    clock.advance(minutes=1)
    assert spool.send_pending().sent == 1
    retried = decode(fake_printer.jobs[-1])
    assert retried.lines[0].text == "** REPRINT **"
    assert "A001" in retried.texts
