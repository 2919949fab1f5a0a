"""The shift handover: what the desk did in a shift and what it leaves open, read in one transaction.

A shift runs from ``since`` to ``until`` (both included; ``until`` is now). What *happened* counts
when it happened inside the shift (a ticket taken, served or missed, a repair reported or done, a
payment confirmed); what is *open* counts as it stands at ``until`` (tickets still waiting today,
repairs still open and those past their due time, pending payments, visitors still in, move-ins
not finished, alerts nobody cleared). The summary is plain data: the print job carries it as its
payload, so the slip says what the store said when the clerk pressed Print, even when it prints later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pydantic import TypeAdapter

from desk.clock import Clock
from desk.ledger import Payment, PaymentStatus
from desk.money import ZERO, total
from desk.movein import MoveIn, MoveInStatus
from desk.queue import QueueTicket, Service, TicketStatus
from desk.repair_status import OPEN_SQL
from desk.repairs import Repair, RepairCategory, RepairStatus, Urgency
from desk.store import Store, Transaction
from desk.visitors import Visitor

HANDOVER = "handover"  # the print job kind
DEFAULT_SHIFT = timedelta(hours=8)
# Stored times are ISO text with the offset they were written in; a look-up by text reaches this much
# further back, and the exact comparison is made on the parsed times.
_LOOKUP_MARGIN = timedelta(days=2)

OpeningHours = Sequence[tuple[str, str]]  # ("08:00", "12:00"), as the Settings tab gives them


@dataclass(frozen=True)
class QueueFigures:
    """One line of the queue: tickets taken, served and missed in the shift, waiting now, average minutes."""

    taken: int = 0
    served: int = 0
    no_shows: int = 0
    waiting: int = 0
    at_counter: int = 0  # called and not yet finished
    average_wait: Decimal | None = None  # minutes from taking the number to being called, one decimal
    average_service: Decimal | None = None  # minutes at the counter, one decimal

    @property
    def anything(self) -> bool:
        """Whether the line has anything to say."""
        return any((self.taken, self.served, self.no_shows, self.waiting, self.at_counter))


@dataclass(frozen=True)
class OverdueRepair:
    """An open repair past its due time, as the next clerk needs to chase it."""

    number: str
    place: str
    category: RepairCategory
    urgency: Urgency
    status: RepairStatus
    due_at: datetime


@dataclass(frozen=True)
class RepairFigures:
    """Repairs reported and done in the shift, still open now, and the overdue ones (soonest due first)."""

    opened: int = 0
    done: int = 0
    still_open: int = 0
    overdue: tuple[OverdueRepair, ...] = ()


@dataclass(frozen=True)
class PaymentFigures:
    """Payments confirmed in the shift and their total; how many still wait for a confirmation."""

    confirmed: int = 0
    total: Decimal = ZERO
    pending: int = 0


@dataclass(frozen=True)
class OpenMoveIn:
    """A move-in not finished: the unit, its queue number, what its checklist still lacks."""

    unit_label: str
    number: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class HandoverSummary:
    """Everything one handover slip or PDF says."""

    since: datetime
    until: datetime
    queue: tuple[tuple[Service, QueueFigures], ...] = ()  # services with anything to say, in the kiosk's order
    queue_total: QueueFigures = field(default_factory=QueueFigures)
    repairs: RepairFigures = field(default_factory=RepairFigures)
    payments: PaymentFigures = field(default_factory=PaymentFigures)
    visitors_in: int = 0
    move_ins: tuple[OpenMoveIn, ...] = ()
    alerts: tuple[str, ...] = ()
    clerk: str = ""  # who hands over

    def to_payload(self) -> dict[str, Any]:
        """The summary as JSON-ready data, for a print job's payload."""
        payload: dict[str, Any] = _ADAPTER.dump_python(self, mode="json")
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> HandoverSummary:
        """The summary a print job carries; ValueError when the payload is not one."""
        return _ADAPTER.validate_python(payload)


_ADAPTER: TypeAdapter[HandoverSummary] = TypeAdapter(HandoverSummary)


def shift_start(now: datetime, opening_hours: OpeningHours = ()) -> datetime:
    """Today's first opening of the desk, once it has opened; otherwise (or with no hours set) 8 hours ago."""
    if opening_hours:
        first = min(start for start, _end in opening_hours)
        opened = datetime.combine(now.date(), time.fromisoformat(first), now.tzinfo)
        if opened <= now:
            return opened
    return now - DEFAULT_SHIFT


def since_clock_time(now: datetime, hhmm: str) -> datetime:
    """``HH:MM`` as the latest such moment not after ``now`` (a night shift's 22:00 is yesterday's)."""
    try:
        at = time.fromisoformat(hhmm.strip())
    except ValueError:
        raise ValueError(f"{hhmm!r} is not a time like 08:00") from None
    start = datetime.combine(now.date(), at.replace(second=0, microsecond=0), now.tzinfo)
    return start if start <= now else start - timedelta(days=1)


def summarize(tx: Transaction, since: datetime, until: datetime, *, clerk: str = "") -> HandoverSummary:
    """The handover of the shift from ``since`` to ``until``, from one transaction's view of the store."""
    if since > until:
        raise ValueError(f"a shift cannot start ({since:%Y-%m-%d %H:%M}) after it ends ({until:%Y-%m-%d %H:%M})")
    day_start = datetime.combine(until.date(), time(), until.tzinfo)
    lookup = (min(since, day_start) - _LOOKUP_MARGIN).isoformat()
    in_shift = _Shift(since, until)
    tickets = tx.find(QueueTicket, "json_extract(body, '$.issued_at') >= ?", (lookup,))
    still_today = [t for t in tickets if day_start <= t.issued_at <= until]
    by_service = tuple((service, figures) for service in Service
                       if (figures := _queue_figures(in_shift, [t for t in tickets if t.service is service],
                                                     [t for t in still_today if t.service is service])).anything)
    repairs = tx.find(Repair, f"{OPEN_SQL} OR json_extract(body, '$.reported_at') >= ? "
                              "OR json_extract(body, '$.done_at') >= ?", (lookup, lookup))
    payments = tx.find(Payment, "json_extract(body, '$.status') = ? OR (json_extract(body, '$.status') = ? "
                                "AND json_extract(body, '$.confirmed_at') >= ?)",
                       (PaymentStatus.PENDING.value, PaymentStatus.CONFIRMED.value, lookup))
    visitors = tx.find(Visitor, "json_extract(body, '$.left_at') IS NULL AND json_extract(body, '$.arrived_at') >= ?",
                       (lookup,))
    cases = tx.find(MoveIn, "json_extract(body, '$.status') != ?", (MoveInStatus.DONE.value,))
    return HandoverSummary(
        since=since, until=until, queue=by_service, queue_total=_queue_figures(in_shift, tickets, still_today),
        repairs=_repair_figures(in_shift, repairs), payments=_payment_figures(in_shift, payments),
        visitors_in=sum(1 for v in visitors if v.arrived_at <= until < v.valid_until),
        move_ins=tuple(OpenMoveIn(c.unit_label or c.unit, c.number, tuple(c.missing()))
                       for c in sorted(cases, key=lambda c: c.started_at)),
        alerts=tuple(alert.message for alert in tx.open_alerts()),
        clerk=clerk,
    )


class HandoverDesk:
    """Sums up the shift for the clerk who takes over, and journals its slip like any other print job."""

    def __init__(self, store: Store, clock: Clock,
                 opening_hours: Callable[[Transaction], OpeningHours] = lambda _tx: ()) -> None:
        self._store = store
        self._clock = clock
        self._opening_hours = opening_hours

    def summary(self, since: datetime | None = None, *, clerk: str = "") -> HandoverSummary:
        """The shift until now, from ``since`` (default: today's opening, or the last 8 hours)."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            return summarize(tx, since or shift_start(now, self._opening_hours(tx)), now, clerk=clerk)

    def print_handover(self, since: datetime | None = None, *, clerk: str = "") -> tuple[HandoverSummary, str]:
        """Sum up the shift and journal its slip in the same transaction; the summary and the job's reference."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            summary = summarize(tx, since or shift_start(now, self._opening_hours(tx)), now, clerk=clerk)
            ref = f"handover:{now.isoformat(timespec='seconds')}"
            tx.add_print_job(HANDOVER, ref, summary.to_payload(), at=now)
        return summary, ref


@dataclass(frozen=True)
class _Shift:
    since: datetime
    until: datetime

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.since <= moment <= self.until


def _queue_figures(shift: _Shift, tickets: list[QueueTicket], still_today: list[QueueTicket]) -> QueueFigures:
    """Taken, served and missed in the shift; waiting and at a counter now (today's tickets only)."""
    # Staff may mark a ticket served in the sheet, where its times are not theirs to type: it counts when last seen.
    served = [t for t in tickets if t.status is TicketStatus.SERVED and (t.served_at or t.called_at or t.issued_at)
              in shift]
    called = [t for t in tickets if t.called_at in shift]
    return QueueFigures(
        taken=sum(1 for t in tickets if t.issued_at in shift),
        served=len(served),
        no_shows=sum(1 for t in tickets if t.status is TicketStatus.NO_SHOW and (t.called_at or t.issued_at) in shift),
        waiting=sum(1 for t in still_today if t.status is TicketStatus.WAITING),
        at_counter=sum(1 for t in still_today if t.status is TicketStatus.CALLED),
        average_wait=_average(t.wait_minutes for t in called),
        average_service=_average(t.service_minutes for t in served),
    )


def _average(minutes: Iterable[int | None]) -> Decimal | None:
    known = [m for m in minutes if m is not None]
    if not known:
        return None
    return (Decimal(sum(known)) / len(known)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _repair_figures(shift: _Shift, repairs: list[Repair]) -> RepairFigures:
    still_open = [r for r in repairs if r.is_open]
    overdue = sorted((r for r in still_open if r.due_at < shift.until), key=lambda r: (r.due_at, r.number))
    return RepairFigures(
        opened=sum(1 for r in repairs if r.reported_at in shift),
        done=sum(1 for r in repairs if r.status is RepairStatus.DONE and r.done_at in shift),
        still_open=len(still_open),
        overdue=tuple(OverdueRepair(r.number, r.place(), r.category, r.urgency, r.status, r.due_at) for r in overdue),
    )


def _payment_figures(shift: _Shift, payments: list[Payment]) -> PaymentFigures:
    confirmed = [p for p in payments if p.status is PaymentStatus.CONFIRMED and p.confirmed_at in shift]
    return PaymentFigures(
        confirmed=len(confirmed),
        total=total([p.amount for p in confirmed]),
        pending=sum(1 for p in payments if p.status is PaymentStatus.PENDING),
    )
