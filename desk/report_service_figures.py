"""The service figures of the dashboard and the monthly report: repairs, ratings, complaints, the queue, events.

Pure, like :mod:`desk.report_figures`, whose :class:`Span` and :class:`Table` they share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from desk.events import HOLDS_A_PLACE, Event, EventStatus, Signup, SignupStatus
from desk.feedback import Department, Feedback, FeedbackCategory, FeedbackKind
from desk.queue import QueueTicket, Service
from desk.repair_status import RepairStatus
from desk.repairs import Repair
from desk.report_figures import Span, Table, average, rate, table
from desk.service_levels import RepairCategory

REPAIR_COLUMNS = ("opened", "closed", "overdue", "within_sla")


def _late(repair: Repair, as_of: datetime) -> bool:
    """Done after its due time, or still open past it (a cancelled repair is never late)."""
    if repair.status is RepairStatus.CANCELLED:
        return False
    if repair.status is RepairStatus.DONE and repair.done_at is not None:
        return repair.done_at > repair.due_at
    return repair.due_at < as_of


def _closed_in(repairs: Sequence[Repair], span: Span) -> list[Repair]:
    return [r for r in repairs if r.status is RepairStatus.DONE and span.holds(r.done_at)]


def _repairs_by(key: str, kinds: Sequence[str], repairs: Sequence[Repair], span: Span, now: datetime,
                of: str) -> Table:
    """Per ``of`` (a repair's field): opened and closed in the span, opened ones that ran late, closed in time (%)."""
    as_of = span.as_of(now)
    opened: Counter[str] = Counter()
    late: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    in_time: Counter[str] = Counter()
    for repair in repairs:
        name = str(getattr(repair, of).value)
        if span.holds(repair.reported_at):
            opened[name] += 1
            late[name] += _late(repair, as_of)
    for repair in _closed_in(repairs, span):
        name = str(getattr(repair, of).value)
        closed[name] += 1
        in_time[name] += repair.done_at is not None and repair.done_at <= repair.due_at
    return table(key, kinds, REPAIR_COLUMNS,
                 [[Decimal(opened[k]), Decimal(closed[k]), Decimal(late[k]), rate(in_time[k], closed[k])]
                  for k in kinds])


def repairs_by_category(repairs: Sequence[Repair], span: Span, now: datetime) -> Table:
    """Per repair category: opened, closed, overdue, and the share closed within the service level (%)."""
    return _repairs_by("repairs_category", [c.value for c in RepairCategory], repairs, span, now, "category")


def repairs_by_department(repairs: Sequence[Repair], span: Span, now: datetime) -> Table:
    """Per department: opened, closed, overdue, and the share closed within the service level (%)."""
    return _repairs_by("repairs_department", [d.value for d in Department], repairs, span, now, "department")


def ratings(repairs: Sequence[Repair], span: Span) -> Table:
    """How many repairs closed in the span got each rating, 1 to 5."""
    counted = Counter(r.rating for r in _closed_in(repairs, span) if r.rating is not None)
    stars = [str(star) for star in range(1, 6)]
    return table("ratings", stars, ("repairs",), [[Decimal(counted[int(star)])] for star in stars])


def satisfaction(repairs: Sequence[Repair], span: Span) -> Table:
    """Of the repairs closed in the span: the average rating, how many were rated, and the reopen rate (%)."""
    closed = _closed_in(repairs, span)
    rated = [r.rating for r in closed if r.rating is not None]
    reopened = sum(1 for r in closed if r.reopened > 0)
    rows = {"average_rating": average(rated), "rated": Decimal(len(rated)), "closed": Decimal(len(closed)),
            "reopened": Decimal(reopened), "reopen_rate": rate(reopened, len(closed))}
    return table("satisfaction", list(rows), ("value",), [[value] for value in rows.values()])


def _complaints(feedback: Sequence[Feedback], span: Span) -> list[Feedback]:
    return [f for f in feedback if f.kind is FeedbackKind.COMPLAINT and span.holds(f.filed_at)]


def complaints_by_department(feedback: Sequence[Feedback], span: Span) -> Table:
    """Complaints filed in the span, per department they were routed to."""
    counted = Counter(f.department.value for f in _complaints(feedback, span))
    kinds = [d.value for d in Department]
    return table("complaints_department", kinds, ("complaints",), [[Decimal(counted[k])] for k in kinds])


def complaints_by_topic(feedback: Sequence[Feedback], span: Span) -> Table:
    """Complaints filed in the span, per topic the owner chose."""
    counted = Counter(f.category.value for f in _complaints(feedback, span))
    kinds = [c.value for c in FeedbackCategory]
    return table("complaints_topic", kinds, ("complaints",), [[Decimal(counted[k])] for k in kinds])


def _waits(tickets: Sequence[QueueTicket], span: Span, key: str, row_of: dict[str, list[QueueTicket]],
           rows: Sequence[str]) -> Table:
    values = []
    for row in rows:
        taken = row_of.get(row, [])
        waits = [t.wait_minutes for t in taken if t.wait_minutes is not None]
        values.append([Decimal(len(taken)), average(waits)])
    return table(key, rows, ("tickets", "average_wait"), values)


def queue_by_hour(tickets: Sequence[QueueTicket], span: Span) -> Table:
    """Per hour of the day a number was taken: numbers taken and the average wait (minutes) until called."""
    by_hour: dict[str, list[QueueTicket]] = defaultdict(list)
    for ticket in tickets:
        if span.holds(ticket.issued_at):
            by_hour[f"{ticket.issued_at.astimezone(span.tz).hour:02d}"].append(ticket)
    return _waits(tickets, span, "queue_hour", by_hour, sorted(by_hour))


def queue_by_service(tickets: Sequence[QueueTicket], span: Span) -> Table:
    """Per service: numbers taken in the span and the average wait (minutes) until called."""
    by_service: dict[str, list[QueueTicket]] = defaultdict(list)
    for ticket in tickets:
        if span.holds(ticket.issued_at):
            by_service[ticket.service.value].append(ticket)
    return _waits(tickets, span, "queue_service", by_service, [s.value for s in Service])


def events_turnout(events: Sequence[Event], signups: Sequence[Signup], span: Span) -> Table:
    """Per event held in the span (not cancelled): its capacity, people signed up, waitlisted and attended."""
    held = sorted((e for e in events if span.holds(e.starts) and e.status is EventStatus.OPEN),
                  key=lambda e: (e.starts, e.id))
    people: dict[tuple[str, str], int] = defaultdict(int)
    for signup in signups:
        if signup.status in HOLDS_A_PLACE:
            people[(signup.event, "signed_up")] += signup.people
        if signup.status is SignupStatus.WAITLISTED:
            people[(signup.event, "waitlisted")] += signup.people
        if signup.status is SignupStatus.ATTENDED:
            people[(signup.event, "attended")] += signup.people
    columns = ("capacity", "signed_up", "waitlisted", "attended")
    values = [[Decimal(e.capacity), *(Decimal(people[(e.id, c)]) for c in columns[1:])] for e in held]
    labels = {e.id: (f"{e.starts.astimezone(span.tz):%m-%d} {e.title('zh')}",
                     f"{e.starts.astimezone(span.tz):%m-%d} {e.title('en')}") for e in held}
    return table("events", [e.id for e in held], columns, values, labels)
