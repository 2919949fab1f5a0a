"""Stories of the year archive's rules: what a closed year gives up, what stays live, and when to suggest it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desk.archive import TabSize, YearNotOverError, archive_suggestion, plan_archive
from desk.events import Event, Signup
from desk.feedback import Feedback, FeedbackCategory, FeedbackKind, FeedbackStatus
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.queue import QueueTicket, Service, TicketStatus
from desk.records import Record
from desk.repairs import Repair, RepairCategory, RepairStatus
from desk.visitors import Visitor, VisitPurpose

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZONE)


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ZONE)


def charge(cid: str, period: str, *, paid_by: str = "", kind: EntryKind = EntryKind.CHARGE, refers_to: str = "",
           amount: str = "100.00", created: datetime | None = None) -> Charge:
    year, month = (int(part) for part in period.split("-"))
    return Charge(id=cid, unit="SUNNY-U1", kind=kind, fee="Property fee", period=period, amount=Decimal(amount),
                  paid_by=paid_by, refers_to=refers_to, created_at=created or at(year, month, 1))


def payment(pid: str, charges: str, status: PaymentStatus, created: datetime) -> Payment:
    return Payment(id=pid, unit="SUNNY-U1", amount=Decimal("100.00"), charges=charges, status=status,
                   created_at=created)


def repair(rid: str, reported: datetime, status: RepairStatus, done_at: datetime | None = None) -> Repair:
    return Repair(id=rid, number="R0001", unit="SUNNY-U1", category=RepairCategory.PLUMBING, reported_at=reported,
                  due_at=reported + timedelta(days=2), status=status, done_at=done_at)


def ticket(tid: str, issued: datetime, status: TicketStatus = TicketStatus.SERVED) -> QueueTicket:
    return QueueTicket(id=tid, number="A001", service=Service.INQUIRY, issued_at=issued, status=status)


def moving(
    records: list[Record], year: int = 2025, now: datetime = NOW, before: frozenset[str] = frozenset()
) -> set[str]:
    return plan_archive(year, records, now, before).ids()


def test_a_paid_charge_and_its_payment_move_but_an_unpaid_one_of_the_same_year_stays() -> None:
    records: list[Record] = [
        charge("C-PAID", "2025-06", paid_by="Y-1"),
        charge("C-OPEN", "2025-07"),
        payment("Y-1", "C-PAID", PaymentStatus.CONFIRMED, at(2025, 6, 10)),
    ]
    assert moving(records) == {"C-PAID", "Y-1"}


def test_a_pending_payment_never_moves_nor_does_a_payment_whose_charge_stays_live() -> None:
    records: list[Record] = [
        charge("C-A", "2025-03", paid_by="Y-DONE"),
        charge("C-B", "2026-01", paid_by="Y-DONE"),  # paid ahead with last year's money: next year's charge
        payment("Y-DONE", "C-A C-B", PaymentStatus.CONFIRMED, at(2025, 12, 20)),
        charge("C-C", "2025-04"),
        payment("Y-WAIT", "C-C", PaymentStatus.PENDING, at(2025, 4, 3)),
    ]
    assert moving(records) == {"C-A"}


def test_a_charge_waived_in_full_moves_with_its_waiver_and_a_late_fee_follows_its_payment() -> None:
    records: list[Record] = [
        charge("C-W", "2025-02"),
        charge("C-WAIVER", "2025-02", kind=EntryKind.WAIVER, refers_to="C-W", created=at(2025, 2, 20)),
        charge("C-P", "2025-05", paid_by="Y-1"),
        payment("Y-1", "C-P", PaymentStatus.CONFIRMED, at(2025, 6, 1)),
        charge("C-LATE", "2025-05", kind=EntryKind.LATE_FEE, refers_to="Y-1", paid_by="Y-1", amount="3.00"),
        # A refund made this year, of a payment of last year, waits for this year's archive.
        charge("C-REFUND", "2026-01", kind=EntryKind.REFUND, refers_to="Y-1", created=at(2026, 1, 5)),
    ]
    assert moving(records) == {"C-W", "C-WAIVER", "C-P", "Y-1", "C-LATE"}


def test_a_payment_follows_charges_an_earlier_archive_took() -> None:
    records: list[Record] = [payment("Y-LATE", "C-OLD", PaymentStatus.CONFIRMED, at(2025, 1, 3))]
    assert moving(records) == set()
    assert moving(records, before=frozenset({"C-OLD"})) == {"Y-LATE"}


def test_repairs_move_once_closed_and_past_the_week_an_owner_may_reopen_them() -> None:
    records: list[Record] = [
        repair("R-DONE", at(2025, 3, 1), RepairStatus.DONE, done_at=at(2025, 3, 2)),
        repair("R-CANCELLED", at(2025, 4, 1), RepairStatus.CANCELLED),
        repair("R-IN-HAND", at(2025, 5, 1), RepairStatus.IN_PROGRESS),
        repair("R-LATE-DEC", at(2025, 12, 30), RepairStatus.DONE, done_at=at(2025, 12, 31)),
        repair("R-THIS-YEAR", at(2026, 1, 3), RepairStatus.DONE, done_at=at(2026, 1, 4)),
    ]
    assert moving(records) == {"R-DONE", "R-CANCELLED", "R-LATE-DEC"}
    # On 3 January, the repair done on 31 December may still be reopened: it stays live.
    assert moving(records, now=at(2026, 1, 3)) == {"R-DONE", "R-CANCELLED"}


def test_tickets_visitors_events_and_signups_of_the_year_move_closed_feedback_too() -> None:
    event = Event(id="E-1", title_zh="春节联欢", starts=at(2025, 2, 1, 14), ends=at(2025, 2, 1, 16), capacity=10)
    event_next_year = Event(id="E-2", title_zh="元宵", starts=at(2026, 2, 12, 14), capacity=10)
    records: list[Record] = [
        ticket("T-1", at(2025, 8, 8)),
        ticket("T-2", at(2025, 8, 8), TicketStatus.WAITING),  # a past day's queue is over, whatever it said
        ticket("T-3", at(2026, 1, 2)),
        event, event_next_year,
        Signup(id="S-1", event="E-1", unit="SUNNY-U1", people=1, pass_number="0001", line=1, signed_at=at(2025, 1, 20)),
        Signup(id="S-2", event="E-2", unit="SUNNY-U1", people=1, pass_number="0002", line=1,
               signed_at=at(2025, 12, 20)),
        Visitor(id="V-1", pass_number="V001", unit="SUNNY-U1", name="王伟", purpose=VisitPurpose.VISIT,
                arrived_at=at(2025, 9, 9), valid_until=at(2025, 9, 9, 14)),
        Feedback(id="F-CLOSED", kind=FeedbackKind.COMPLAINT, category=FeedbackCategory.CLEANING,
                 filed_at=at(2025, 5, 5), status=FeedbackStatus.CLOSED),
        Feedback(id="F-ANSWERED", kind=FeedbackKind.INQUIRY, category=FeedbackCategory.FEES,
                 filed_at=at(2025, 5, 6), status=FeedbackStatus.ANSWERED),
    ]
    assert moving(records) == {"T-1", "T-2", "E-1", "S-1", "V-1", "F-CLOSED"}


def test_the_current_year_cannot_be_archived() -> None:
    with pytest.raises(YearNotOverError, match="2026 is not over"):
        plan_archive(2026, [], NOW)


def test_the_plan_counts_by_tab() -> None:
    plan = plan_archive(2025, [ticket("T-1", at(2025, 1, 1)), ticket("T-2", at(2025, 1, 2))], NOW)
    assert plan.counts() == {"Queue": 2}
    assert plan.count() == 2


def test_a_tab_over_its_row_limit_suggests_archiving_the_oldest_closed_year() -> None:
    sizes = [TabSize("Charges", 61_200, 17), TabSize("Queue", 9_000, 12)]
    suggestion = archive_suggestion(sizes, 2023, date(2026, 3, 2), google=False)
    assert suggestion is not None
    assert "Charges has 61,200 rows" in suggestion
    assert suggestion.endswith("rows of 2023 can be archived: lobbydesk archive --year 2023")


def test_google_cells_over_80_percent_suggest_an_archive_and_a_small_workbook_suggests_nothing() -> None:
    sizes = [TabSize("Charges", 40_000, 17), TabSize("Queue", 45_000, 12), TabSize("Repairs", 45_000, 25)]
    assert archive_suggestion(sizes, 2024, date(2026, 3, 2), google=False) is None
    on_google = archive_suggestion(sizes, 2024, date(2026, 3, 2), google=True, cell_limit=2_000_000)
    assert on_google is not None and "of Google's 2,000,000 cells" in on_google
    assert archive_suggestion([TabSize("Queue", 10, 12)], 2024, date(2026, 3, 2), google=True) is None


def test_nothing_is_suggested_when_only_the_current_year_is_live() -> None:
    assert archive_suggestion([TabSize("Queue", 90_000, 12)], 2026, date(2026, 3, 2), google=False) is None
    assert archive_suggestion([TabSize("Queue", 90_000, 12)], None, date(2026, 3, 2), google=False) is None
