"""Payments: pending until money arrives, then a gap-free receipt number, charges paid, the late fee booked."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from desk.clock import FixedClock
from desk.fee_overview import history_starts, overview_of
from desk.ids import SequentialIds
from desk.ledger import Charge, EntryKind, PaymentStatus
from desk.payments import RECEIPT, PaymentDesk, PaymentError
from desk.store import Store
from desk.webhook import Notification, NotificationRefusedError
from tests.desk.test_ledger import bill


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds("SUNNY")


@pytest.fixture
def desk(store: Store, clock: FixedClock, ids: SequentialIds) -> PaymentDesk:
    return PaymentDesk(store, clock, ids)


def notice(reference: str, amount: str, transaction: str = "PSP-1") -> Notification:
    return Notification(transaction, reference, Decimal(amount), datetime(2026, 11, 27, 1, 0, tzinfo=UTC))


def test_open_charges_are_oldest_first_with_their_late_fee_and_the_payment_adds_it(
    desk: PaymentDesk, store: Store, ids: SequentialIds
) -> None:
    december = bill(store, ids, Decimal("235.00"), date(2026, 12, 15))
    october = bill(store, ids, Decimal("235.00"), date(2026, 10, 15))  # 43 days late on 11-27

    account = desk.account("SUNNY-U1")

    assert [(c.charge.id, c.late_fee, c.days_overdue) for c in account.open_charges] == [
        (october, Decimal("5.05"), 43), (december, Decimal("0.00"), 0)]  # 235 x 0.05 % x 43 = 5.0525
    assert account.overdue == Decimal("240.05")
    payment = desk.start_payment("SUNNY-U1", [october, december], "emvco")
    assert (payment.amount, payment.late_fee, payment.status) == (Decimal("475.05"), Decimal("5.05"),
                                                                   PaymentStatus.PENDING)
    assert desk.account("SUNNY-U1").open_charges == ()
    assert [c.charge.id for c in desk.account("SUNNY-U1").awaiting] == [october, december]


def test_confirming_numbers_the_receipt_pays_the_charges_and_books_the_late_fee(
    desk: PaymentDesk, store: Store, ids: SequentialIds
) -> None:
    october = bill(store, ids, Decimal("235.00"), date(2026, 10, 15))
    payment = desk.start_payment("SUNNY-U1", [october], "emvco")

    confirmed = desk.confirm(payment.id, by="wang").payment

    assert (confirmed.status, confirmed.receipt_number, confirmed.confirmed_by) == (
        PaymentStatus.CONFIRMED, "2026-000001", "wang")
    with store.transaction() as tx:
        rows = [(c.kind, c.amount, c.paid_by) for c in tx.find(Charge)]
    assert rows == [(EntryKind.CHARGE, Decimal("235.00"), payment.id),
                    (EntryKind.LATE_FEE, Decimal("5.05"), payment.id)]
    account = desk.account("SUNNY-U1")
    assert (account.balance, account.open_charges, account.overdue) == (Decimal("0.00"), (), Decimal("0.00"))


def test_receipt_numbers_follow_each_other_without_gaps_and_restart_each_year(
    desk: PaymentDesk, store: Store, ids: SequentialIds, clock: FixedClock
) -> None:
    payments = [desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
                for _ in range(4)]
    desk.cancel(payments[1].id, by="wang")  # a payment that never came takes no number
    numbers = [desk.confirm(p.id, by="wang").payment.receipt_number for p in (payments[0], payments[2])]
    desk.confirm(payments[0].id, by="wang")  # confirming again takes no number either
    clock.advance(days=40)  # 2027
    numbers.append(desk.confirm(payments[3].id, by="wang").payment.receipt_number)
    assert numbers == ["2026-000001", "2026-000002", "2027-000001"]


def test_a_receipt_prints_only_for_money_that_arrived(desk: PaymentDesk, store: Store, ids: SequentialIds) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    assert desk.print_receipt(payment.id, "zh", payment.unit) is False
    desk.confirm(payment.id, by="wang")
    assert desk.print_receipt(payment.id, "zh", payment.unit) is True
    assert desk.print_receipt(payment.id, "en", payment.unit) is True
    with store.transaction() as tx:
        jobs = [(job.kind, job.ref, job.payload) for job in tx.print_jobs("queued")]
    assert jobs == [(RECEIPT, payment.id, {"lang": "zh", "reprint": False}),
                    (RECEIPT, payment.id, {"lang": "en", "reprint": True})]


def test_a_receipt_prints_only_for_its_own_unit(desk: PaymentDesk, store: Store, ids: SequentialIds) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.confirm(payment.id, by="wang")

    assert desk.print_receipt(payment.id, "zh", "SUNNY-U2") is False  # whoever signed in next, at another unit

    with store.transaction() as tx:
        assert tx.print_jobs("queued") == []
        assert tx.print_job_status(payment.id) is None


def test_a_provider_notice_confirms_its_payment_once(desk: PaymentDesk, store: Store, ids: SequentialIds) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("482.35"), date(2026, 12, 15))], "emvco")
    first = desk.confirm_by_provider(notice(payment.id, "482.35"))
    again = desk.confirm_by_provider(notice(payment.id, "482.35"))
    assert (first.newly, again.newly) == (True, False)
    assert (again.payment.receipt_number, again.payment.provider_transaction) == ("2026-000001", "PSP-1")


@pytest.mark.parametrize(
    ("reference", "amount", "transaction", "reason"),
    [
        ("SUNNY-Y999999", "482.35", "PSP-2", "unknown-reference"),
        (None, "482.34", "PSP-2", "wrong-amount"),
        (None, "482.350001", "PSP-2", "wrong-amount"),
        (None, "482.35", "PSP-OLD", "replay"),
    ],
)
def test_a_notice_that_does_not_match_a_pending_payment_is_refused(
    desk: PaymentDesk, store: Store, ids: SequentialIds, reference: str | None, amount: str, transaction: str,
    reason: str,
) -> None:
    earlier = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.confirm_by_provider(notice(earlier.id, "10.00", "PSP-OLD"))
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("482.35"), date(2026, 12, 15))], "emvco")

    with pytest.raises(NotificationRefusedError) as refused:
        desk.confirm_by_provider(notice(reference or payment.id, amount, transaction))

    assert refused.value.reason == reason
    assert desk.payment(payment.id).status is PaymentStatus.PENDING  # type: ignore[union-attr]


def test_a_notice_for_a_cancelled_payment_is_refused(desk: PaymentDesk, store: Store, ids: SequentialIds) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.cancel(payment.id, by="wang")
    with pytest.raises(NotificationRefusedError, match="cancelled, not pending"):
        desk.confirm_by_provider(notice(payment.id, "10.00"))


def test_a_charge_already_in_a_pending_payment_cannot_be_paid_twice(
    desk: PaymentDesk, store: Store, ids: SequentialIds
) -> None:
    charge = bill(store, ids, Decimal("10.00"), date(2026, 12, 15))
    desk.start_payment("SUNNY-U1", [charge], "emvco")
    with pytest.raises(PaymentError, match="not open for payment"):
        desk.start_payment("SUNNY-U1", [charge], "emvco")


def test_a_notice_for_a_payment_staff_confirmed_first_only_notes_the_transaction(
    desk: PaymentDesk, store: Store, ids: SequentialIds
) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.confirm(payment.id, by="wang")

    again = desk.confirm_by_provider(notice(payment.id, "10.00", "PSP-7"))

    assert (again.newly, again.payment.receipt_number, again.payment.provider_transaction) == (
        False, "2026-000001", "PSP-7")
    assert desk.confirm_by_provider(notice(payment.id, "10.00", "PSP-7")).newly is False
    with pytest.raises(NotificationRefusedError, match="not pending"):
        desk.confirm_by_provider(notice(payment.id, "10.00", "PSP-8"))  # a second, different transaction


# What the owner reads: each sum on its own, and a year of payments.


def test_a_pending_payment_is_waiting_for_confirmation_never_owed_nor_overdue(
    desk: PaymentDesk, store: Store, ids: SequentialIds, clock: FixedClock
) -> None:
    october = bill(store, ids, Decimal("235.00"), date(2026, 10, 15))  # 43 days late: 5.05 late fee
    december = bill(store, ids, Decimal("235.00"), date(2026, 12, 15))
    before = overview_of(desk.account("SUNNY-U1"), clock.now())
    assert (before.due, before.overdue, before.late_fees, before.awaiting) == (
        Decimal("475.05"), Decimal("240.05"), Decimal("5.05"), Decimal("0.00"))

    desk.start_payment("SUNNY-U1", [october], "emvco")  # the owner scanned the QR for October

    after = overview_of(desk.account("SUNNY-U1"), clock.now())
    assert (after.due, after.overdue, after.late_fees, after.awaiting, after.paid_this_month) == (
        Decimal("235.00"), Decimal("0.00"), Decimal("0.00"), Decimal("240.05"), Decimal("0.00"))
    assert [item.charge.id for item in desk.account("SUNNY-U1").open_charges] == [december]


def test_paid_this_month_counts_payments_confirmed_in_the_calendar_month_of_the_site(
    desk: PaymentDesk, store: Store, ids: SequentialIds, clock: FixedClock
) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("80.00"), date(2026, 12, 15))], "emvco")
    clock.advance(days=3, hours=14)  # 2026-11-30 23:00 in Shanghai, 15:00 UTC: still November there
    desk.confirm(payment.id, by="wang")
    assert overview_of(desk.account("SUNNY-U1"), clock.now()).paid_this_month == Decimal("80.00")

    clock.advance(hours=2)  # December 1st, 01:00
    assert overview_of(desk.account("SUNNY-U1"), clock.now()).paid_this_month == Decimal("0.00")


def test_the_history_lists_a_year_of_payments_newest_first_with_what_each_paid_and_its_receipt(
    desk: PaymentDesk, store: Store, ids: SequentialIds, clock: FixedClock
) -> None:
    too_old = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.confirm(too_old.id, by="wang")  # 2026-11-27: a year and a day before the last look
    clock.advance(days=30)
    october = bill(store, ids, Decimal("235.00"), date(2026, 10, 15))
    parking = bill(store, ids, Decimal("150.00"), date(2026, 12, 20))
    printed = desk.start_payment("SUNNY-U1", [october, parking], "emvco")
    desk.confirm(printed.id, by="wang")
    desk.print_receipt(printed.id, "zh", printed.unit)
    clock.advance(days=30)
    given_up = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("20.00"), date(2027, 2, 15))], "emvco")
    desk.cancel(given_up.id, by="wang")
    waiting = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("30.00"), date(2027, 2, 15))], "emvco")
    clock.advance(days=306)  # 2027-11-28

    history = desk.history("SUNNY-U1")

    assert [(entry.payment.id, entry.on, entry.payment.status) for entry in history] == [
        (waiting.id, date(2027, 1, 26), PaymentStatus.PENDING),
        (given_up.id, date(2027, 1, 26), PaymentStatus.CANCELLED),
        (printed.id, date(2026, 12, 27), PaymentStatus.CONFIRMED),
    ]
    paid = history[2]
    assert [charge.id for charge in paid.paid_for] == [october, parking]
    late = Decimal("8.58") + Decimal("0.53")  # October 73 days late, parking 7: 0.05 % a day of each
    assert (paid.payment.late_fee, paid.payment.receipt_number) == (late, "2026-000002")
    assert (paid.has_receipt, paid.receipt_printed) == (True, True)
    assert [(e.has_receipt, e.receipt_printed) for e in history[:2]] == [(False, False), (False, False)]


def test_the_history_begins_a_year_back_and_a_leap_day_looks_back_to_the_28th() -> None:
    assert history_starts(date(2027, 11, 28)) == date(2026, 11, 28)
    assert history_starts(date(2028, 2, 29)) == date(2027, 2, 28)


def test_every_receipt_printed_after_the_first_is_journalled_as_a_copy(
    desk: PaymentDesk, store: Store, ids: SequentialIds
) -> None:
    payment = desk.start_payment("SUNNY-U1", [bill(store, ids, Decimal("10.00"), date(2026, 12, 15))], "emvco")
    desk.confirm(payment.id, by="wang")
    assert [e.receipt_printed for e in desk.history("SUNNY-U1")] == [False]

    for _ in range(3):
        desk.print_receipt(payment.id, "en", payment.unit)

    with store.transaction() as tx:
        copies = [job.payload["reprint"] for job in tx.print_jobs("queued")]
    assert copies == [False, True, True]
    assert [e.receipt_printed for e in desk.history("SUNNY-U1")] == [True]
