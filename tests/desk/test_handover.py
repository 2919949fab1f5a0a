"""The handover sums up a morning at the desk: what happened in the shift counts, what is open is what is open now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.handover import (
    HANDOVER,
    HandoverDesk,
    HandoverSummary,
    OpenMoveIn,
    QueueFigures,
    shift_start,
    since_clock_time,
)
from desk.ids import SequentialIds
from desk.ledger import Payment, PaymentStatus
from desk.movein import MoveIn, MoveInStatus
from desk.queue import QueueDesk, QueueTicket, Service, TicketStatus
from desk.repairs import Repair, RepairCategory, RepairStatus, Urgency
from desk.store import Store
from desk.visitors import VisitorDesk, VisitPurpose
from tests.desk.conftest import SHANGHAI

OPENING_HOURS = (("08:00", "12:00"), ("13:30", "18:00"))


def today(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(2026, 11, 27, hour, minute, tzinfo=SHANGHAI) + timedelta(days=days)


def set_clock(clock: FixedClock, moment: datetime) -> None:
    clock.advance(seconds=(moment - clock.now()).total_seconds())


@pytest.fixture
def morning_clock() -> FixedClock:
    return FixedClock(today(7, 0))


@pytest.fixture
def handover(store: Store, morning_clock: FixedClock) -> HandoverDesk:
    """A desk open 08:00-12:00 and 13:30-18:00, after the morning below, at noon."""
    ids = SequentialIds("SUNNY")
    _queue_morning(QueueDesk(store, morning_clock, ids), store, morning_clock)
    _repairs(store)
    _payments(store)
    _visitors(VisitorDesk(store, morning_clock, ids), morning_clock)
    _move_ins_and_alerts(store)
    set_clock(morning_clock, today(12, 0))
    return HandoverDesk(store, morning_clock, opening_hours=lambda _tx: OPENING_HOURS)


def _queue_morning(queue: QueueDesk, store: Store, clock: FixedClock) -> None:
    with store.transaction() as tx:  # yesterday's owner who never came back: not waiting today
        tx.put(QueueTicket(id="SUNNY-T900001", number="A099", service=Service.INQUIRY, issued_at=today(17, days=-1)),
               actor="kiosk", at=today(17, days=-1))
    steps: list[tuple[datetime, Callable[[], object]]] = [
        (today(7, 30), lambda: queue.take_number(Service.INQUIRY, print_ticket=False)),  # A001, before the shift
        (today(7, 40), lambda: queue.call_next("1", {Service.INQUIRY})),
        (today(7, 45), lambda: queue.serve(_number(queue, "A001"))),
        (today(7, 50), lambda: queue.take_number(Service.REPAIR, print_ticket=False)),  # D001, still waiting
        (today(8, 10), lambda: queue.take_number(Service.INQUIRY, print_ticket=False)),  # A002
        (today(8, 15), lambda: queue.take_number(Service.INQUIRY, print_ticket=False)),  # A003
        (today(8, 20), lambda: queue.call_next("1", {Service.INQUIRY})),  # A002 waited 10
        (today(8, 26), lambda: queue.serve(_number(queue, "A002"))),  # 6 at the counter
        (today(8, 30), lambda: queue.call_next("2", {Service.INQUIRY})),  # A003 waited 15
        (today(8, 34), lambda: queue.no_show(_number(queue, "A003"))),
        (today(8, 40), lambda: queue.take_number(Service.PAYMENT, print_ticket=False)),  # C001
        (today(8, 45), lambda: queue.call_next("1", {Service.PAYMENT})),  # waited 5
        (today(8, 53), lambda: queue.serve(_number(queue, "C001"))),  # 8 at the counter
        (today(9, 0), lambda: queue.take_number(Service.INQUIRY, print_ticket=False)),  # A004, waiting
    ]
    for moment, step in steps:
        set_clock(clock, moment)
        step()


def _number(queue: QueueDesk, number: str) -> str:
    return next(t.id for t in queue.called_tickets() if t.number == number)


def _repair(number: str, reported: datetime, due: datetime, status: RepairStatus, *, done: datetime | None = None,
            urgency: Urgency = Urgency.NORMAL) -> Repair:
    return Repair(id=f"SUNNY-{number}", number=number, unit="SUNNY-U1", unit_label="3-1202",
                  category=RepairCategory.PLUMBING, urgency=urgency, reported_at=reported, due_at=due, status=status,
                  done_at=done)


def _repairs(store: Store) -> None:
    with store.transaction() as tx:
        for repair in [
            _repair("R0001", today(10, days=-1), today(10), RepairStatus.IN_PROGRESS),  # overdue since 10:00
            _repair("R0002", today(8, 30), today(8, 30, days=1), RepairStatus.NEW),  # reported in the shift
            _repair("R0003", today(15, days=-1), today(15, days=1), RepairStatus.DONE, done=today(11)),
            _repair("R0004", today(7), today(9), RepairStatus.ASSIGNED, urgency=Urgency.EMERGENCY),  # overdue
            _repair("R0005", today(9, days=-7), today(9, days=-6), RepairStatus.DONE, done=today(9, days=-6)),
            _repair("R0006", today(9, 30), today(9, 30, days=1), RepairStatus.CANCELLED),  # reported, then dropped
        ]:
            tx.put(repair, actor="test", at=repair.reported_at)


def _payment(number: int, amount: str, status: PaymentStatus, confirmed: datetime | None = None) -> Payment:
    return Payment(id=f"SUNNY-Y{number:06d}", unit="SUNNY-U1", amount=Decimal(amount), created_at=today(7, days=-1),
                   status=status, confirmed_at=confirmed, receipt_number=f"2026-{number:06d}" if confirmed else "")


def _payments(store: Store) -> None:
    with store.transaction() as tx:
        for payment in [
            _payment(1, "210.33", PaymentStatus.CONFIRMED, today(9, 15)),
            _payment(2, "1000.05", PaymentStatus.CONFIRMED, today(11, 59)),
            _payment(3, "99.00", PaymentStatus.CONFIRMED, today(18, days=-1)),  # the day before
            _payment(4, "45.00", PaymentStatus.PENDING),
            _payment(5, "12.00", PaymentStatus.CANCELLED),
        ]:
            tx.put(payment, actor="test", at=today(7, days=-1))


def _visitors(visitors: VisitorDesk, clock: FixedClock) -> None:
    set_clock(clock, today(7, 0))
    visitors.register("SUNNY-U1", "3-1202", "Early Bird", VisitPurpose.DELIVERY, print_pass=False)  # pass ends 11:00
    set_clock(clock, today(8, 30))
    gone = visitors.register("SUNNY-U1", "3-1202", "Li Wei", VisitPurpose.VISIT, print_pass=False)
    set_clock(clock, today(9, 10))
    visitors.register("SUNNY-U2", "5-301", "Zhang Min", VisitPurpose.SERVICE, print_pass=False)  # still in
    visitors.mark_left(gone.id, actor="security")


def _move_ins_and_alerts(store: Store) -> None:
    with store.transaction() as tx:
        tx.put(MoveIn(id="SUNNY-H1", unit="SUNNY-U2", unit_label="5-301", number="E001", started_at=today(10),
                      documents_signed=True), actor="kiosk", at=today(10))
        tx.put(MoveIn(id="SUNNY-H2", unit="SUNNY-U3", unit_label="1-801", started_at=today(9, days=-2),
                      status=MoveInStatus.DONE, documents_signed=True, keys_handed=True, water=Decimal(1),
                      electricity=Decimal(2), gas=Decimal(3)), actor="staff", at=today(9, days=-2))
        tx.raise_alert("printer", "paper_out", "printer is out of paper: load a new roll", at=today(11, 30))
        tx.raise_alert("printer", "cover_open", "the cover is open", at=today(8))
        tx.clear_alerts("printer", keep=["paper_out"], at=today(8, 5))


def test_the_shift_starts_at_the_desks_opening_and_ends_now(handover: HandoverDesk) -> None:
    summary = handover.summary()

    assert (summary.since, summary.until) == (today(8), today(12))


def test_the_queue_counts_tickets_taken_served_and_missed_in_the_shift_and_those_waiting_now(
    handover: HandoverDesk,
) -> None:
    summary = handover.summary()

    assert summary.queue == (
        (Service.INQUIRY, QueueFigures(taken=3, served=1, no_shows=1, waiting=1, average_wait=Decimal("12.5"),
                                       average_service=Decimal("6.0"))),
        (Service.PAYMENT, QueueFigures(taken=1, served=1, average_wait=Decimal("5.0"),
                                       average_service=Decimal("8.0"))),
        # Taken before the shift and still waiting: the next clerk must call it.
        (Service.REPAIR, QueueFigures(waiting=1)),
    )
    assert summary.queue_total == QueueFigures(taken=4, served=2, no_shows=1, waiting=2,
                                               average_wait=Decimal("10.0"), average_service=Decimal("7.0"))


def test_a_ticket_at_a_counter_is_neither_served_nor_waiting(handover: HandoverDesk, store: Store,
                                                             morning_clock: FixedClock) -> None:
    QueueDesk(store, morning_clock, SequentialIds("SUNNY")).call_next("2", {Service.INQUIRY})  # A004, waited 180

    total = handover.summary().queue_total

    assert (total.waiting, total.at_counter, total.served) == (1, 1, 2)
    assert total.average_wait == Decimal("52.5")  # (10 + 15 + 5 + 180) / 4


def test_a_ticket_staff_marked_served_in_the_sheet_counts_as_served_without_times(
    handover: HandoverDesk, store: Store
) -> None:
    with store.transaction() as tx:
        tx.put(QueueTicket(id="SUNNY-T900002", number="A005", service=Service.INQUIRY, issued_at=today(11),
                           status=TicketStatus.SERVED, counter="1"), actor="sheet", at=today(11, 30))

    total = handover.summary().queue_total

    assert (total.taken, total.served, total.average_service) == (5, 3, Decimal("7.0")), "no minutes to average"


def test_repairs_reported_and_done_in_the_shift_and_those_open_and_overdue_now(handover: HandoverDesk) -> None:
    repairs = handover.summary().repairs

    assert (repairs.opened, repairs.done, repairs.still_open) == (2, 1, 3)
    assert [(r.number, r.urgency, r.due_at) for r in repairs.overdue] == [
        ("R0004", Urgency.EMERGENCY, today(9)), ("R0001", Urgency.NORMAL, today(10))]
    assert repairs.overdue[0].place == "3-1202"


def test_payments_confirmed_in_the_shift_are_counted_and_summed_to_the_cent(handover: HandoverDesk) -> None:
    payments = handover.summary().payments

    assert (payments.confirmed, payments.total, payments.pending) == (2, Decimal("1210.38"), 1)


def test_what_is_still_open_visitors_in_move_ins_and_alerts(handover: HandoverDesk) -> None:
    summary = handover.summary()

    assert summary.visitors_in == 1  # one left, one's pass ran out at 11:00
    assert summary.move_ins == (OpenMoveIn("5-301", "E001", (
        "keys handed over", "Water 水 reading", "Electricity 电 reading", "Gas 燃气 reading")),)
    assert summary.alerts == ("printer is out of paper: load a new roll",)


def test_an_afternoon_shift_leaves_the_morning_out(handover: HandoverDesk, morning_clock: FixedClock) -> None:
    set_clock(morning_clock, today(18))

    summary = handover.summary(today(13, 30))

    assert (summary.queue_total.taken, summary.queue_total.served, summary.queue_total.waiting) == (0, 0, 2)
    assert (summary.repairs.opened, summary.repairs.done, summary.payments.confirmed) == (0, 0, 0)
    assert summary.payments.total == Decimal("0.00")


def test_printing_journals_the_summary_itself_so_a_late_slip_says_what_the_press_saw(
    handover: HandoverDesk, store: Store, morning_clock: FixedClock
) -> None:
    summary, ref = handover.print_handover(clerk="wang")

    with store.transaction() as tx:
        (job,) = tx.pending_print_jobs()
    assert (job.kind, job.ref, ref) == (HANDOVER, "handover:2026-11-27T12:00:00+08:00", job.ref)
    set_clock(morning_clock, today(12, 30))
    QueueDesk(store, morning_clock, SequentialIds("SUNNY")).take_number(Service.INQUIRY, print_ticket=False)
    assert HandoverSummary.from_payload(job.payload) == summary
    assert summary.clerk == "wang" and summary.queue_total.taken == 4


@pytest.mark.parametrize(("now", "hours", "start"), [
    (today(12), OPENING_HOURS, today(8)),
    (today(19), OPENING_HOURS, today(8)),  # after closing: still the whole day
    (today(7, 30), OPENING_HOURS, today(7, 30) - timedelta(hours=8)),  # not open yet today: the last 8 hours
    (today(12), (), today(4)),  # no hours set: the last 8 hours
])
def test_a_shift_starts_at_todays_opening_once_the_desk_opened_else_8_hours_ago(
    now: datetime, hours: tuple[tuple[str, str], ...], start: datetime
) -> None:
    assert shift_start(now, hours) == start


def test_since_a_clock_time_is_today_or_for_a_night_shift_yesterday() -> None:
    assert since_clock_time(today(12), "08:00") == today(8)
    assert since_clock_time(today(6), "22:00") == today(22, days=-1)
    with pytest.raises(ValueError, match="not a time like 08:00"):
        since_clock_time(today(12), "8 o'clock")
