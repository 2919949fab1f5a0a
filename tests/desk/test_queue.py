"""Stories of the front-desk queue: numbers, their daily sequence, and screens racing each other."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import datetime
from pathlib import Path

import pytest

from desk.clock import FixedClock
from desk.ids import IdFactory, SequentialIds
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.store import Store
from tests.desk.conftest import SHANGHAI
from tests.fakes import ScriptedIds


def test_numbers_carry_the_service_letter_and_count_up_per_service(queue: QueueDesk) -> None:
    first = queue.take_number(Service.INQUIRY).ticket
    second = queue.take_number(Service.INQUIRY).ticket
    payment = queue.take_number(Service.PAYMENT).ticket

    assert (first.number, second.number, payment.number) == ("A001", "A002", "C001")
    assert first.status is TicketStatus.WAITING
    assert first.issued_at == datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)


def test_each_ticket_knows_how_many_are_waiting_ahead(queue: QueueDesk, store: Store, clock: FixedClock) -> None:
    first = queue.take_number(Service.INQUIRY)
    clock.advance(seconds=30)
    second = queue.take_number(Service.INQUIRY)
    clock.advance(seconds=30)
    other_service = queue.take_number(Service.REPAIR)

    assert (first.ahead, second.ahead, other_service.ahead) == (0, 1, 0)
    assert queue.people_ahead(second.ticket) == 1

    with store.transaction() as tx:
        served = QueueTicket.model_validate({**first.ticket.model_dump(), "status": "served", "counter": "1"})
        tx.put(served, actor="staff", at=clock.now())
    assert queue.people_ahead(second.ticket) == 0
    assert queue.waiting_count(Service.INQUIRY) == 1


def test_the_sequence_restarts_at_local_midnight_not_utc_midnight(store: Store) -> None:
    # 07:59 in Shanghai is 23:59 UTC the day before: the local day decides.
    clock = FixedClock(datetime(2026, 11, 27, 23, 59, tzinfo=SHANGHAI))
    queue = QueueDesk(store, clock, SequentialIds("SUNNY"))
    assert queue.take_number(Service.INQUIRY).ticket.number == "A001"
    assert queue.take_number(Service.INQUIRY).ticket.number == "A002"

    clock.advance(minutes=2)
    after_midnight = queue.take_number(Service.INQUIRY)
    assert after_midnight.ticket.number == "A001"
    assert after_midnight.ahead == 0, "yesterday's leftover tickets are not ahead of today's"


def test_a_restart_keeps_the_days_sequence(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "site.sqlite3"
    store = Store(path)
    store.open()
    QueueDesk(store, clock, SequentialIds("SUNNY")).take_number(Service.REPAIR)
    QueueDesk(store, clock, SequentialIds("SUNNY")).take_number(Service.REPAIR)
    store.close()

    reopened = Store(path)
    reopened.open()
    ticket = QueueDesk(reopened, clock, IdFactory("SUNNY")).take_number(Service.REPAIR).ticket
    reopened.close()
    assert ticket.number == "D003"


def test_every_ticket_is_journalled_for_printing_in_the_same_commit(queue: QueueDesk, store: Store) -> None:
    issued = queue.take_number(Service.PAYMENT, lang="zh")
    silent = queue.take_number(Service.PAYMENT, print_ticket=False)

    with store.transaction() as tx:
        jobs = tx.print_jobs("queued")
    assert [(job.kind, job.ref, job.payload) for job in jobs] == [
        ("queue_ticket", issued.ticket.id, {"ahead": 0, "lang": "zh", "wait_minutes": 0})
    ]
    assert silent.ticket.id not in {job.ref for job in jobs}


def test_two_screens_tapping_at_once_never_share_a_number(queue: QueueDesk) -> None:
    numbers: list[str] = []
    barrier = threading.Barrier(8)

    def tap() -> None:
        barrier.wait()
        for _ in range(25):
            numbers.append(queue.take_number(Service.INQUIRY).ticket.number)

    threads = [threading.Thread(target=tap) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(numbers) == 200
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 201)]


def _take_numbers_in_another_process(path: str, count: int, results: multiprocessing.Queue[str]) -> None:
    store = Store(Path(path))
    store.open()
    queue = QueueDesk(store, FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)), IdFactory("SUNNY"))
    for _ in range(count):
        results.put(queue.take_number(Service.PAYMENT).ticket.number)
    store.close()


def test_two_server_processes_on_one_store_never_share_a_number(tmp_path: Path) -> None:
    path = tmp_path / "site.sqlite3"
    Store(path).open()
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue[str] = context.Queue()
    workers = [
        context.Process(target=_take_numbers_in_another_process, args=(str(path), 30, results)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    numbers = [results.get(timeout=60) for _ in range(60)]
    for worker in workers:
        worker.join(timeout=60)

    assert sorted(numbers) == [f"C{n:03d}" for n in range(1, 61)]


def test_a_ticket_never_takes_the_id_of_an_older_one(store: Store, clock: FixedClock) -> None:
    first = QueueDesk(store, clock, SequentialIds("SUNNY")).take_number(Service.INQUIRY).ticket
    assert first.id == "SUNNY-T000001"
    repeating = QueueDesk(store, clock, ScriptedIds(["SUNNY-T000001", "SUNNY-T7K3M9P"]))

    second = repeating.take_number(Service.INQUIRY).ticket

    assert second.id == "SUNNY-T7K3M9P"
    assert repeating.get(first.id) == first  # the random part repeated, and the older ticket is still there


def test_what_goes_along_with_a_ticket_is_written_with_it_or_not_at_all(queue: QueueDesk, store: Store) -> None:
    def fails(tx: object, ticket: QueueTicket) -> None:
        raise RuntimeError("the power went out")

    with pytest.raises(RuntimeError):
        queue.take_number(Service.MOVE_IN, along=fails)

    with store.transaction() as tx:
        assert tx.find(QueueTicket) == [] and tx.pending_print_jobs() == []
    assert queue.take_number(Service.MOVE_IN).ticket.number == "E001"  # the number was not used up
