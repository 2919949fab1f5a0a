"""The figures of a span of months, read from the store: what the dashboard shows and the monthly report prints.

:func:`load_inputs` reads only the records a span needs (its repairs, tickets, complaints and events,
the charges billed for it or still unpaid in it); :func:`build_figures` is pure and puts every
table together with the summary's key figures and the committee's open decisions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from desk.clock import Clock
from desk.events import Event, Signup
from desk.feedback import Feedback
from desk.ledger import Charge, PaymentStatus
from desk.meetings import Decision, Meeting, OpenDecision, open_decisions
from desk.queue import QueueTicket
from desk.repairs import Repair
from desk.report_figures import (
    PaidAt,
    Span,
    Table,
    arrears_by_age,
    average,
    collection_by_building,
    collection_by_month,
    rate,
    table,
)
from desk.report_service_figures import (
    complaints_by_department,
    complaints_by_topic,
    events_turnout,
    queue_by_hour,
    queue_by_service,
    ratings,
    repairs_by_category,
    repairs_by_department,
    satisfaction,
)
from desk.store import Store, Transaction
from desk.units import Unit

# The charts in the order the dashboard and the report show them.
CHART_KEYS = ("collection_month", "collection_building", "arrears", "repairs_category", "repairs_department",
              "ratings", "complaints_department", "complaints_topic", "queue_hour", "queue_service", "events")

# The key figures of the summary page and the dashboard's cards, in showing order.
SUMMARY_KEYS = ("billed", "collected", "collection_rate", "arrears_total", "repairs_opened", "repairs_closed",
                "repairs_overdue", "within_sla", "average_rating", "reopen_rate", "complaints", "tickets",
                "average_wait", "event_signups", "event_attended", "open_decisions", "overdue_decisions")


@dataclass(frozen=True)
class ReportInputs:
    """The records a span's figures are worked out from."""

    units: Sequence[Unit] = ()
    charges: Sequence[Charge] = ()
    paid_at: PaidAt = field(default_factory=dict)  # the payments confirmed since the span began
    repairs: Sequence[Repair] = ()
    feedback: Sequence[Feedback] = ()
    tickets: Sequence[QueueTicket] = ()
    events: Sequence[Event] = ()
    signups: Sequence[Signup] = ()
    meetings: Sequence[Meeting] = ()
    decisions: Sequence[Decision] = ()


@dataclass(frozen=True)
class ReportFigures:
    """Every table of a span, its key figures, and the committee's decisions still open."""

    span: Span
    as_of: datetime
    summary: Table
    tables: dict[str, Table]
    decisions: list[OpenDecision]

    def charts(self) -> list[Table]:
        """The chart tables in showing order."""
        return [self.tables[key] for key in CHART_KEYS]


def build_figures(inputs: ReportInputs, span: Span, now: datetime) -> ReportFigures:
    """All of a span's figures from its records (pure)."""
    tables = {
        "collection_month": collection_by_month(inputs.units, inputs.charges, inputs.paid_at, span, now),
        "collection_building": collection_by_building(inputs.units, inputs.charges, inputs.paid_at, span, now),
        "arrears": arrears_by_age(inputs.charges, inputs.paid_at, span, now),
        "repairs_category": repairs_by_category(inputs.repairs, span, now),
        "repairs_department": repairs_by_department(inputs.repairs, span, now),
        "ratings": ratings(inputs.repairs, span),
        "satisfaction": satisfaction(inputs.repairs, span),
        "complaints_department": complaints_by_department(inputs.feedback, span),
        "complaints_topic": complaints_by_topic(inputs.feedback, span),
        "queue_hour": queue_by_hour(inputs.tickets, span),
        "queue_service": queue_by_service(inputs.tickets, span),
        "events": events_turnout(inputs.events, inputs.signups, span),
    }
    as_of = span.as_of(now)
    # Decisions are listed as they stand today (the sheet keeps no history of them), overdue against today.
    decisions = open_decisions(list(inputs.decisions), list(inputs.meetings), now.astimezone(span.tz).date())
    return ReportFigures(span, as_of, _summary(tables, inputs.tickets, span, decisions), tables, decisions)


def _summary(tables: dict[str, Table], tickets: Sequence[QueueTicket], span: Span,
             decisions: list[OpenDecision]) -> Table:
    """The key figures of the report's first page."""
    money = tables["collection_building"]
    repairs = tables["repairs_category"]
    closed = repairs.total("closed")
    in_time = sum((v * c / 100 for v, c in zip(repairs.column("within_sla"), repairs.column("closed"), strict=True)
                   if v is not None and c), Decimal(0))
    waits = [t.wait_minutes for t in tickets if span.holds(t.issued_at) and t.wait_minutes is not None]
    events = tables["events"]
    arrears = tables["arrears"]
    rows: dict[str, Decimal | None] = {
        "billed": money.total("billed"),
        "collected": money.total("collected"),
        "collection_rate": rate(money.total("collected"), money.total("billed")),
        "arrears_total": arrears.values[-1][-1] if arrears.values else None,
        "repairs_opened": repairs.total("opened"),
        "repairs_closed": closed,
        "repairs_overdue": repairs.total("overdue"),
        "within_sla": rate(in_time.quantize(Decimal(1)), closed),
        "average_rating": tables["satisfaction"].cell("average_rating", "value"),
        "reopen_rate": tables["satisfaction"].cell("reopen_rate", "value"),
        "complaints": tables["complaints_topic"].total("complaints"),
        "tickets": tables["queue_service"].total("tickets"),
        "average_wait": average(waits),
        "event_signups": events.total("signed_up"),
        "event_attended": events.total("attended"),
        "open_decisions": Decimal(len(decisions)),
        "overdue_decisions": Decimal(sum(1 for d in decisions if d.overdue)),
    }
    return table("summary", list(rows), ("value",), [[value] for value in rows.values()])


def load_inputs(tx: Transaction, span: Span) -> ReportInputs:
    """The records ``span`` needs, read with conditions on their dates so old years stay on disk."""
    # Stored times carry the site's offset; a day's margin either side makes text comparison safe.
    low = (span.start - timedelta(days=1)).isoformat()
    high = (span.end + timedelta(days=1)).isoformat()
    months = span.months
    # All the money figures need of a payment is when it was confirmed: no records built for a year of them.
    paid_at: dict[str, datetime | None] = {}
    later = []
    for payment_id, fields in tx.payment_times_since(low):
        status, confirmed_at, created_at = json.loads(fields)
        later.append(payment_id)
        if status == PaymentStatus.CONFIRMED.value:
            moment = confirmed_at or created_at
            paid_at[payment_id] = datetime.fromisoformat(moment) if moment else None
    charges = tx.find(
        Charge,
        "json_extract(body, '$.kind') = 'waiver' OR (json_extract(body, '$.kind') = 'charge' AND ("
        "json_extract(body, '$.period') IN (SELECT value FROM json_each(?)) OR (json_extract(body, '$.due') < ? AND ("
        "json_extract(body, '$.paid_by') = '' OR "
        "json_extract(body, '$.paid_by') IN (SELECT value FROM json_each(?))))))",
        # The lists as one JSON parameter each: a statement with a placeholder per payment (23,000 on the large
        # demo) took 4 MB, held in the connection's statement cache. [""]: what an empty list of placeholders matched.
        (json.dumps(list(months) or [""]), span.end.date().isoformat(), json.dumps(later or [""])),
    )
    events = tx.find(Event, "json_extract(body, '$.starts') BETWEEN ? AND ?", (low, high))
    event_ids = [e.id for e in events]
    return ReportInputs(
        units=tx.find(Unit),
        charges=charges,
        paid_at=paid_at,
        repairs=tx.find(Repair, "json_extract(body, '$.reported_at') BETWEEN ? AND ? OR "
                                "json_extract(body, '$.done_at') BETWEEN ? AND ?", (low, high, low, high)),
        feedback=tx.find(Feedback, "json_extract(body, '$.filed_at') BETWEEN ? AND ?", (low, high)),
        tickets=tx.find(QueueTicket, "json_extract(body, '$.issued_at') BETWEEN ? AND ?", (low, high)),
        events=events,
        signups=tx.find(Signup, f"json_extract(body, '$.event') IN ({_marks(event_ids)})", event_ids),
        meetings=tx.find(Meeting),
        decisions=tx.find(Decision),
    )


def _marks(values: Sequence[str]) -> str:
    """SQL placeholders for an IN list (an empty list matches nothing)."""
    return ", ".join("?" for _ in values) or "''"


class ReportDesk:
    """The figures of any span of months, as of now."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def figures(self, span: Span) -> ReportFigures:
        """Read the span's records and work out its figures."""
        with self._store.transaction() as tx:
            inputs = load_inputs(tx, span)
        return build_figures(inputs, span, self._clock.now())

    def span(self, first: str, last: str | None = None) -> Span:
        """A span of months in the site's zone."""
        return Span(first, last or first, self._clock.tz)

    def this_month(self) -> str:
        """The current month, ``2026-12``."""
        return f"{self._clock.now():%Y-%m}"
