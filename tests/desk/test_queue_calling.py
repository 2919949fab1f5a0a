"""Stories of the desk calling numbers: priority first, recall, served, no-show, transfer, waits."""

from __future__ import annotations

import pytest

from desk.clock import FixedClock
from desk.ids import SequentialIds
from desk.queue import QueueDesk, QueueError, Service, ServiceConfig, TicketStatus
from desk.store import Store


def test_counters_call_priority_tickets_first_then_in_order(queue: QueueDesk, clock: FixedClock) -> None:
    first = queue.take_number(Service.INQUIRY).ticket
    clock.advance(minutes=1)
    second = queue.take_number(Service.INQUIRY).ticket
    clock.advance(minutes=1)
    elderly = queue.take_number(Service.INQUIRY, priority=True)

    assert elderly.ahead == 0, "a priority ticket is ahead of everyone without priority"
    assert queue.people_ahead(second) == 2

    clock.advance(minutes=3)
    called = [queue.call_next("1"), queue.call_next("2")]
    assert called[0] is not None and called[0].counter == "1"
    queue.serve(called[0].id)  # counter 1 is done with its owner before calling the next
    called.append(queue.call_next("1"))
    assert [t.number if t else None for t in called] == ["A003", "A001", "A002"]
    assert called[1] is not None and called[1].wait_minutes == 5
    assert first.id in {t.id for t in queue.called_tickets()}
    assert called[2] is not None
    queue.serve(called[2].id)
    assert queue.call_next("1") is None


def test_calling_next_while_an_owner_is_at_the_counter_asks_what_became_of_them(
    queue: QueueDesk, clock: FixedClock
) -> None:
    """An owner who never came must not be recorded as served in 0 minutes because the clerk moved on."""
    first = queue.take_number(Service.INQUIRY).ticket
    queue.take_number(Service.INQUIRY)
    queue.call_next("1")
    clock.advance(minutes=1)
    with pytest.raises(QueueError, match="A001 is still at counter 1: mark it served, a no-show or back in line"):
        queue.call_next("1")
    still = queue.get(first.id)
    assert still is not None and still.status is TicketStatus.CALLED

    clock.advance(minutes=3)
    queue.serve(first.id)
    second = queue.call_next("1")
    done = queue.get(first.id)
    assert done is not None and (done.status, done.service_minutes) == (TicketStatus.SERVED, 4)
    assert [t.id for t in queue.called_tickets()] == [second.id if second else None]


def test_an_owner_who_stepped_away_goes_back_in_line_at_their_place(queue: QueueDesk, clock: FixedClock) -> None:
    first = queue.take_number(Service.INQUIRY).ticket
    clock.advance(minutes=1)
    queue.take_number(Service.INQUIRY)
    queue.call_next("1")
    back = queue.back_in_line(first.id)
    assert (back.status, back.counter, back.called_at) == (TicketStatus.WAITING, "", None)
    assert [t.number for t in queue.waiting_tickets()] == ["A001", "A002"], "taken first, so first again"
    again = queue.call_next("1")
    assert again is not None and again.id == first.id


def test_the_waiting_line_is_listed_in_the_order_it_will_be_called(queue: QueueDesk, clock: FixedClock) -> None:
    queue.take_number(Service.REPAIR)
    clock.advance(minutes=1)
    queue.take_number(Service.INQUIRY)
    clock.advance(minutes=1)
    queue.take_number(Service.PAYMENT, priority=True)
    assert [t.number for t in queue.waiting_tickets()] == ["C001", "D001", "A001"]


def test_a_counter_calls_only_the_services_it_serves(store: Store, clock: FixedClock) -> None:
    services = {s: ServiceConfig(letter, counters=("3",) if s is Service.PAYMENT else ("1",))
                for s, letter in zip(Service, "ABCDEF", strict=True)}
    queue = QueueDesk(store, clock, SequentialIds("SUNNY"), services)
    queue.take_number(Service.INQUIRY)
    payment = queue.take_number(Service.PAYMENT).ticket
    called = queue.call_next("3")
    assert called is not None and called.id == payment.id
    queue.serve(called.id)
    assert queue.call_next("3") is None


def test_served_tickets_record_how_long_the_service_took(queue: QueueDesk, clock: FixedClock) -> None:
    queue.take_number(Service.PAYMENT)
    called = queue.call_next("2")
    assert called is not None
    clock.advance(minutes=7)
    served = queue.serve(called.id)
    assert served.status is TicketStatus.SERVED
    assert served.service_minutes == 7
    assert served.served_at == clock.now()
    with pytest.raises(QueueError, match="it is served"):
        queue.serve(called.id)


def test_the_estimated_wait_learns_from_recent_service_times(queue: QueueDesk, clock: FixedClock) -> None:
    for _ in range(2):
        queue.take_number(Service.REPAIR)
        called = queue.call_next("1")
        assert called is not None
        clock.advance(minutes=10)
        queue.serve(called.id)
    queue.take_number(Service.REPAIR)
    queue.take_number(Service.REPAIR)
    newcomer = queue.take_number(Service.REPAIR)
    # Two ahead, ten minutes each, two counters serving repairs.
    assert newcomer.ahead == 2
    assert newcomer.wait_minutes == 10
    assert queue.estimated_wait(newcomer.ticket) == 10


def test_a_no_show_needs_the_owner_to_have_had_time_to_come(queue: QueueDesk, clock: FixedClock) -> None:
    queue.take_number(Service.OTHER)
    called = queue.call_next("1")
    assert called is not None
    clock.advance(minutes=1)
    with pytest.raises(QueueError, match="wait 2 more minute"):
        queue.no_show(called.id)
    clock.advance(minutes=2)
    assert queue.no_show(called.id).status is TicketStatus.NO_SHOW


def test_a_transferred_ticket_keeps_its_number_and_its_place(queue: QueueDesk, clock: FixedClock) -> None:
    early = queue.take_number(Service.INQUIRY).ticket
    clock.advance(minutes=5)
    queue.take_number(Service.PAYMENT)
    called = queue.call_next("1", {Service.INQUIRY})
    assert called is not None and called.id == early.id

    moved = queue.transfer(early.id, Service.PAYMENT)
    assert (moved.number, moved.service, moved.status, moved.counter) == ("A001", Service.PAYMENT,
                                                                         TicketStatus.WAITING, "")
    assert queue.people_ahead(moved) == 0, "taken earlier, so first in the payment line"
    with pytest.raises(QueueError, match="already in the payment line"):
        queue.transfer(early.id, Service.PAYMENT)


def test_recall_is_only_for_called_tickets(queue: QueueDesk) -> None:
    waiting = queue.take_number(Service.INQUIRY).ticket
    with pytest.raises(QueueError, match="cannot recall A001: it is waiting"):
        queue.recall(waiting.id)
    with pytest.raises(QueueError, match="no ticket"):
        queue.recall("SUNNY-TNOPE")


def test_a_desk_sees_what_another_desk_on_the_same_store_did(store: Store, clock: FixedClock) -> None:
    kiosk = QueueDesk(store, clock, SequentialIds("SUNNY"))
    console = QueueDesk(store, clock, SequentialIds("SUNNY"))  # another process's view of the same store
    first = kiosk.take_number(Service.INQUIRY).ticket
    second = kiosk.take_number(Service.INQUIRY).ticket
    assert [t.number for t in kiosk.waiting_tickets()] == ["A001", "A002"]  # the kiosk's snapshot is built

    called = console.call_next("1")
    assert called is not None and called.id == first.id

    assert [t.number for t in kiosk.waiting_tickets()] == ["A002"]
    assert [(t.number, t.counter) for t in kiosk.called_tickets()] == [("A001", "1")]
    clock.advance(days=1)
    assert kiosk.waiting_tickets() == [] and kiosk.get(second.id) is not None  # a new day starts empty


def test_the_waiting_count_per_service_is_one_look(queue: QueueDesk) -> None:
    queue.take_number(Service.INQUIRY)
    queue.take_number(Service.INQUIRY)
    queue.take_number(Service.PAYMENT)
    queue.call_next("1")

    counts = queue.waiting_counts()

    assert (counts[Service.INQUIRY], counts[Service.PAYMENT], counts[Service.REPAIR]) == (1, 1, 0)
