"""The dashboard's figures add up to the rows they come from, and say what a manager expects of a month."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.events import Event, Signup, SignupStatus
from desk.feedback import Department, Feedback, FeedbackCategory, FeedbackKind
from desk.ledger import Charge, EntryKind, Payment, PaymentStatus
from desk.meetings import Decision, DecisionStatus, Meeting, open_decisions
from desk.queue import QueueTicket, Service
from desk.repairs import Repair, RepairCategory, RepairStatus
from desk.report_data import ReportInputs, build_figures, load_inputs
from desk.report_figures import (
    Span,
    arrears_by_age,
    collection_by_building,
    collection_by_month,
    collection_cells,
    paid_at_of,
)
from desk.report_service_figures import (
    complaints_by_department,
    complaints_by_topic,
    queue_by_hour,
    queue_by_service,
    ratings,
    repairs_by_category,
    repairs_by_department,
    satisfaction,
)
from desk.store import Store
from desk.units import Unit

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 20, 15, 0, tzinfo=TZ)
DECEMBER = Span.month("2026-12", TZ)
UNITS = [Unit(id=f"U{b}{r}", building=str(b), room=f"{r}01") for b in (1, 2, 3) for r in (1, 2)]


def _charge(number: int, unit: str, period: str, amount: str, *, paid_by: str = "", due: date | None = None,
            kind: EntryKind = EntryKind.CHARGE, refers_to: str = "") -> Charge:
    return Charge(id=f"C{number}", unit=unit, kind=kind, fee="Property fee", period=period, amount=Decimal(amount),
                  due=due, paid_by=paid_by, refers_to=refers_to, created_at=datetime(2026, 9, 1, tzinfo=TZ))


def _payment(number: int, confirmed: datetime) -> Payment:
    return Payment(id=f"P{number}", unit="U11", amount=Decimal("1"), created_at=confirmed,
                   status=PaymentStatus.CONFIRMED, confirmed_at=confirmed)


def _repair(number: int, category: RepairCategory, reported: datetime, *, hours_to_fix: float | None,
            due_hours: float = 48, rating: int | None = None, reopened: int = 0,
            department: Department = Department.ENGINEERING) -> Repair:
    done = reported + timedelta(hours=hours_to_fix) if hours_to_fix is not None else None
    return Repair(id=f"R{number}", number=f"R{number:04d}", unit="U11", category=category, department=department,
                  reported_at=reported, due_at=reported + timedelta(hours=due_hours),
                  status=RepairStatus.DONE if done else RepairStatus.ASSIGNED, done_at=done, rating=rating,
                  reopened=reopened)


def test_building_1_collected_all_of_december_and_building_2_half_until_a_late_payment():
    charges = [_charge(1, "U11", "2026-12", "100.00", paid_by="P1"),
               _charge(2, "U21", "2026-12", "100.00", paid_by="P2"),
               _charge(3, "U22", "2026-12", "100.00", paid_by="P3"),  # paid only in January
               _charge(4, "U21", "2026-11", "999.00")]  # another month
    payments = [_payment(1, datetime(2026, 12, 5, tzinfo=TZ)), _payment(2, datetime(2026, 12, 6, tzinfo=TZ)),
                _payment(3, datetime(2027, 1, 3, tzinfo=TZ))]

    later = datetime(2027, 1, 10, tzinfo=TZ)
    by_building = collection_by_building(UNITS, charges, paid_at_of(payments), DECEMBER, later)

    assert by_building.rows == ("1", "2")
    assert by_building.cell("1", "rate") == Decimal("100.0")
    assert by_building.cell("2", "billed") == Decimal("200.00")
    assert by_building.cell("2", "rate") == Decimal("50.0"), "December's figures stand at December's end"
    by_month = collection_by_month(UNITS, charges, paid_at_of(payments), Span("2026-11", "2026-12", TZ), later)
    assert by_month.cell("2026-11", "2") == Decimal("0.0")
    assert by_month.cell("2026-11", "1") is None, "building 1 was billed nothing in November"


def test_a_waiver_lowers_what_was_billed_and_arrears_age_into_their_buckets():
    charges = [_charge(1, "U11", "2026-09", "300.00", due=date(2026, 9, 15)),
               _charge(2, "U11", "2026-11", "200.00", due=date(2026, 11, 15)),
               _charge(3, "U11", "2026-11", "50.00", kind=EntryKind.WAIVER, refers_to="C2")]

    arrears = arrears_by_age(charges, {}, Span("2026-11", "2026-12", TZ), NOW)

    assert arrears.cell("2026-11", "1-30") == Decimal("150.00"), "15 days overdue at November's end, after waiver"
    assert arrears.cell("2026-11", "61-90") == Decimal("300.00")
    assert arrears.cell("2026-12", "31-60") == Decimal("150.00"), "December stands at today, the 20th"
    assert arrears.cell("2026-12", "over 90") == Decimal("300.00")
    assert arrears.cell("2026-12", "total") == Decimal("450.00")


def test_repairs_count_opened_closed_late_and_within_the_service_level():
    early = datetime(2026, 12, 2, 9, tzinfo=TZ)
    repairs = [_repair(1, RepairCategory.PLUMBING, early, hours_to_fix=10, rating=5),
               _repair(2, RepairCategory.PLUMBING, early, hours_to_fix=60, rating=2, reopened=1),
               _repair(3, RepairCategory.PLUMBING, early, hours_to_fix=None),  # open and past due by the 20th
               _repair(4, RepairCategory.HEATING, NOW - timedelta(hours=2), hours_to_fix=None)]

    table = repairs_by_category(repairs, DECEMBER, NOW)

    assert table.cell("plumbing", "opened") == 3
    assert table.cell("plumbing", "closed") == 2
    assert table.cell("plumbing", "overdue") == 2
    assert table.cell("plumbing", "within_sla") == Decimal("50.0")
    assert table.cell("heating", "overdue") == 0 and table.cell("heating", "within_sla") is None
    mood = satisfaction(repairs, DECEMBER)
    assert mood.cell("average_rating", "value") == Decimal("3.50")
    assert mood.cell("reopen_rate", "value") == Decimal("50.0")


def test_open_decisions_list_the_overdue_first_and_leave_done_ones_out():
    meeting = Meeting(id="MT1", held_on=date(2026, 11, 20))
    decisions = [Decision(id="D1", meeting="MT1", text="Bins", due=date(2026, 12, 30)),
                 Decision(id="D2", meeting="MT1", text="Parking list", due=date(2026, 12, 1)),
                 Decision(id="D3", meeting="2026-10-02", text="Lift", status=DecisionStatus.DONE),
                 Decision(id="D4", meeting="2026-10-02", text="Budget")]

    found = open_decisions(decisions, [meeting], NOW.date())

    assert [(o.decision.text, o.overdue) for o in found] == [("Parking list", True), ("Bins", False),
                                                             ("Budget", False)]
    assert found[0].meeting_date == date(2026, 11, 20) and found[2].meeting_date == date(2026, 10, 2)


# The properties: whatever the records, the figures add up to them.

def _moment() -> st.SearchStrategy[datetime]:
    """Half-hours from late November to late December: some in the span, some before it."""
    start = datetime(2026, 11, 25, tzinfo=TZ)
    return st.integers(0, 24 * 60).map(lambda halves: start + timedelta(minutes=halves * 30))


charges = st.lists(st.tuples(st.sampled_from([u.id for u in UNITS]), st.sampled_from(["2026-11", "2026-12"]),
                             st.integers(1, 50_000), st.booleans()), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(charges)
def test_billed_and_collected_over_buildings_add_up_to_the_months_charges(rows):
    made = [_charge(n, unit, period, f"{cents / 100:.2f}", paid_by="P1" if paid else "")
            for n, (unit, period, cents, paid) in enumerate(rows)]
    span = Span("2026-11", "2026-12", TZ)
    payments = [_payment(1, datetime(2026, 11, 3, tzinfo=TZ))]

    table = collection_by_building(UNITS, made, paid_at_of(payments), span, NOW)

    assert table.total("billed") == sum((c.amount for c in made), Decimal(0))
    assert table.total("collected") == sum((c.amount for c in made if c.paid_by), Decimal(0))
    cells = collection_cells(UNITS, made, paid_at_of(payments), span, NOW)
    assert sum((c.billed for c in cells.values()), Decimal(0)) == table.total("billed")


repairs = st.lists(st.tuples(st.sampled_from(list(RepairCategory)), st.sampled_from(list(Department)), _moment(),
                             st.none() | st.integers(1, 200), st.none() | st.integers(1, 5)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(repairs)
def test_repairs_over_categories_and_departments_add_up_and_ratings_count_the_rated(rows):
    made = [_repair(n, category, reported, hours_to_fix=hours, rating=rating if hours else None,
                    department=department)
            for n, (category, department, reported, hours, rating) in enumerate(rows)]

    by_category = repairs_by_category(made, DECEMBER, NOW)
    by_department = repairs_by_department(made, DECEMBER, NOW)

    opened = sum(1 for r in made if DECEMBER.holds(r.reported_at))
    closed_in_span = [r for r in made if DECEMBER.holds(r.done_at)]
    assert by_category.total("opened") == by_department.total("opened") == opened
    assert by_category.total("closed") == by_department.total("closed") == len(closed_in_span)
    assert by_category.total("overdue") == by_department.total("overdue")
    stars = ratings(made, DECEMBER)
    assert stars.total("repairs") == sum(1 for r in closed_in_span if r.rating is not None)
    assert satisfaction(made, DECEMBER).cell("closed", "value") == len(closed_in_span)


tickets = st.lists(st.tuples(st.sampled_from(list(Service)), _moment(), st.none() | st.integers(0, 90)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tickets, st.lists(st.tuples(st.sampled_from(list(FeedbackKind)), st.sampled_from(list(FeedbackCategory)),
                                   _moment()), max_size=30))
def test_queue_and_complaints_add_up_over_hours_services_departments_and_topics(ticket_rows, feedback_rows):
    made = [QueueTicket(id=f"T{n}", number=f"A{n:03d}", service=service, issued_at=issued, wait_minutes=wait)
            for n, (service, issued, wait) in enumerate(ticket_rows)]
    filed = [Feedback(id=f"F{n}", kind=kind, category=topic, filed_at=at)
             for n, (kind, topic, at) in enumerate(feedback_rows)]

    taken = sum(1 for t in made if DECEMBER.holds(t.issued_at))
    assert queue_by_hour(made, DECEMBER).total("tickets") == taken
    assert queue_by_service(made, DECEMBER).total("tickets") == taken
    complaints = sum(1 for f in filed if f.kind is FeedbackKind.COMPLAINT and DECEMBER.holds(f.filed_at))
    assert complaints_by_department(filed, DECEMBER).total("complaints") == complaints
    assert complaints_by_topic(filed, DECEMBER).total("complaints") == complaints


def test_the_summary_of_an_empty_month_says_nothing_rather_than_zero_percent():
    figures = build_figures(ReportInputs(), DECEMBER, NOW)

    assert figures.summary.cell("collection_rate", "value") is None
    assert figures.summary.cell("average_rating", "value") is None
    assert figures.summary.cell("tickets", "value") == 0
    assert [t.key for t in figures.charts()][:3] == ["collection_month", "collection_building", "arrears"]


def test_events_count_people_signed_up_waiting_and_attending():
    event = Event(id="E1", title_zh="茶话会", title_en="Tea", starts=datetime(2026, 12, 12, 15, tzinfo=TZ), capacity=6)
    signups = [Signup(id=f"S{n}", event="E1", unit="U11", people=people, pass_number=f"000{n}", line=n,
                      signed_at=NOW - timedelta(days=20), status=status)
               for n, (people, status) in enumerate([(2, SignupStatus.ATTENDED), (3, SignupStatus.SIGNED_UP),
                                                     (2, SignupStatus.WAITLISTED), (1, SignupStatus.CANCELLED)],
                                                    start=1)]

    table = build_figures(ReportInputs(events=[event], signups=signups), DECEMBER, NOW).tables["events"]

    assert table.values == ((6, 5, 2, 2),)
    assert table.labels["E1"] == ("12-12 茶话会", "12-12 Tea")


def test_the_stored_books_give_the_same_collection_as_the_records_when_read_for_the_figures(store: Store) -> None:
    charges = [_charge(1, "U11", "2026-12", "100.00", paid_by="P1"),
               _charge(2, "U21", "2026-12", "100.00", paid_by="P2"),
               _charge(3, "U22", "2026-12", "100.00", paid_by="P3", due=date(2026, 12, 10))]  # paid in January
    payments = [_payment(1, datetime(2026, 12, 5, tzinfo=TZ)), _payment(2, datetime(2026, 12, 6, tzinfo=TZ)),
                _payment(3, datetime(2027, 1, 3, tzinfo=TZ)),
                Payment(id="P4", unit="U12", amount=Decimal("1"), created_at=datetime(2026, 12, 7, tzinfo=TZ))]
    with store.transaction() as tx:
        for record in (*UNITS, *charges, *payments):
            tx.put(record, actor="staff", at=NOW)
        inputs = load_inputs(tx, DECEMBER)
    later = datetime(2027, 1, 10, tzinfo=TZ)

    assert inputs.paid_at == paid_at_of(payments), "the confirmed ones, when; the pending one is no payment yet"
    figures = build_figures(inputs, DECEMBER, later)
    assert figures.tables["collection_building"].cell("2", "rate") == Decimal("50.0")
    assert figures.tables["arrears"].cell("2026-12", "total") == Decimal("100.00"), "unpaid at December's end"
