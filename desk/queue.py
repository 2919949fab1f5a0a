"""The front-desk queue: tickets, their display numbers and the rules that issue and call them."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.store import Store, Transaction
from desk.units import natural_order


class Service(enum.StrEnum):
    """What an owner came to the desk for."""

    INQUIRY = "inquiry"
    COMPLAINT = "complaint"
    PAYMENT = "payment"
    REPAIR = "repair"
    MOVE_IN = "move-in"
    OTHER = "other"


# Each service has its own letter and its own daily sequence: A001, B001, …
SERVICE_LETTERS: dict[Service, str] = {
    Service.INQUIRY: "A",
    Service.COMPLAINT: "B",
    Service.PAYMENT: "C",
    Service.REPAIR: "D",
    Service.MOVE_IN: "E",
    Service.OTHER: "F",
}


@dataclass(frozen=True)
class ServiceConfig:
    """How the desk runs one service: its ticket letter, the counters serving it, usual minutes."""

    letter: str
    counters: tuple[str, ...] = ("1", "2")
    usual_minutes: float = 5.0


DEFAULT_SERVICES: dict[Service, ServiceConfig] = {
    service: ServiceConfig(letter) for service, letter in SERVICE_LETTERS.items()
}

# Where the desk's service configuration comes from, read inside the caller's transaction: the
# Settings tab as the sync last took it, so staff changes apply without a restart.
ServiceConfigs = Callable[[Transaction], Mapping[Service, ServiceConfig]]


class TicketStatus(enum.StrEnum):
    """A ticket's life: waiting -> called -> served | no-show | waiting (transferred, or back in line);
    waiting -> cancelled."""

    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    NO_SHOW = "no-show"
    CANCELLED = "cancelled"


class QueueTicket(Record):
    """One number taken at the kiosk."""

    TAB = "Queue"
    ID_KIND = "T"

    number: str = column("Number", Owner.KIOSK, pattern=r"^[A-Z]\d{3,}$")
    service: Service = column("Service", Owner.KIOSK)
    issued_at: datetime = column("Issued", Owner.KIOSK)
    status: TicketStatus = column("Status", Owner.STAFF, default=TicketStatus.WAITING)
    counter: str = column("Counter", Owner.STAFF, default="", max_length=20)
    priority: bool = column("Priority", Owner.KIOSK, default=False)
    unit: str = column("Unit", Owner.KIOSK, default="", max_length=40)
    called_at: datetime | None = column("Called", Owner.KIOSK, default=None)
    served_at: datetime | None = column("Served", Owner.KIOSK, default=None)
    wait_minutes: int | None = column("Wait min", Owner.KIOSK, default=None, ge=0)
    service_minutes: int | None = column("Service min", Owner.KIOSK, default=None, ge=0)


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket just committed, with the people waiting ahead and the estimated wait."""

    ticket: QueueTicket
    ahead: int
    wait_minutes: int = 0


class QueueError(ValueError):
    """A queue action that does not apply to the ticket as it is now; the message says why."""


def _minutes(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() / 60))


class QueueDesk:
    """Issues queue tickets, calls them to counters and answers questions about the line."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: IdFactory,
        services: Mapping[Service, ServiceConfig] | ServiceConfigs | None = None,
        no_show_after_minutes: float = 3.0,
    ) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        fixed = dict(DEFAULT_SERVICES if services is None or callable(services) else services)
        self._configs: ServiceConfigs = services if callable(services) else (lambda _tx: fixed)
        self.no_show_after_minutes = no_show_after_minutes
        self._snapshot: dict[str, QueueTicket] = {}  # today's tickets by ID
        self._snapshot_day: date | None = None
        self._snapshot_revision = 0

    def take_number(
        self,
        service: Service,
        *,
        lang: str = "en",
        print_ticket: bool = True,
        unit: str = "",
        priority: bool = False,
        letter: str | None = None,
        along: Callable[[Transaction, QueueTicket], None] | None = None,
    ) -> IssuedTicket:
        """Issue the next number for a service, journal its print job, commit, and return it.

        Numbering and the insert share one ``BEGIN IMMEDIATE`` transaction, so two screens (or two
        processes) tapping at the same moment can never get the same number. ``letter`` overrides the
        service's configured letter (staff set letters in the workbook's Settings tab). ``along`` writes
        what belongs with the ticket (a move-in case) in the same transaction: both or neither.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            letter = letter or self._configs(tx)[service].letter
            sequence = tx.next_in_sequence(f"queue:{self._ids.site_code}:{now.date().isoformat()}:{letter}")
            ticket = QueueTicket(
                id=tx.new_id(self._ids, QueueTicket),
                number=f"{letter}{sequence:03d}",
                service=service,
                issued_at=now,
                unit=unit,
                priority=priority,
            )
            waiting = self._waiting(tx, service, now)
            ahead = sum(1 for other in waiting if other.priority or not priority)
            wait = self._estimate(tx, service, ahead, now)
            tx.put(ticket, actor="kiosk", at=now)
            if along is not None:
                along(tx, ticket)
            if print_ticket:
                payload = {"ahead": ahead, "lang": lang, "wait_minutes": wait}
                tx.add_print_job("queue_ticket", ticket.id, payload, at=now)
        return IssuedTicket(ticket, ahead, wait)

    def service_configs(self) -> dict[Service, ServiceConfig]:
        """How each service runs now: its letter, the counters serving it, its usual minutes."""
        with self._store.transaction() as tx:
            return dict(self._configs(tx))

    def counters(self) -> list[str]:
        """Every counter that serves some service, in natural order."""
        named = {counter for config in self.service_configs().values() for counter in config.counters}
        return sorted(named, key=natural_order)

    def get(self, ticket_id: str) -> QueueTicket | None:
        """The ticket with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(QueueTicket, ticket_id)

    def people_ahead(self, ticket: QueueTicket) -> int:
        """How many tickets of the same service will be called before this one."""
        if ticket.status is not TicketStatus.WAITING:
            return 0
        with self._store.transaction() as tx:
            line = self._line(self._waiting(tx, ticket.service, self._clock.now()))
        return next((place for place, other in enumerate(line) if other.id == ticket.id), len(line))

    def estimated_wait(self, ticket: QueueTicket) -> int:
        """Minutes until this ticket is likely called, from the people ahead and recent service times."""
        ahead = self.people_ahead(ticket)
        with self._store.transaction() as tx:
            return self._estimate(tx, ticket.service, ahead, self._clock.now())

    def waiting_count(self, service: Service) -> int:
        """How many of today's tickets for a service are waiting now."""
        with self._store.transaction() as tx:
            return len(self._waiting(tx, service, self._clock.now()))

    def waiting_counts(self) -> dict[Service, int]:
        """How many of today's tickets wait now, per service, in one look at the store."""
        with self._store.transaction() as tx:
            waiting = self._today(tx, TicketStatus.WAITING, self._clock.now())
        return {service: sum(1 for t in waiting if t.service is service) for service in Service}

    def waiting_tickets(self) -> list[QueueTicket]:
        """Today's waiting tickets of every service, in the order they will be called: priority first."""
        with self._store.transaction() as tx:
            return self._line(self._today(tx, TicketStatus.WAITING, self._clock.now()))

    def called_tickets(self) -> list[QueueTicket]:
        """Today's tickets called to a counter and not yet finished, latest call first."""
        with self._store.transaction() as tx:
            called = self._today(tx, TicketStatus.CALLED, self._clock.now())
        return sorted(called, key=lambda t: t.called_at or t.issued_at, reverse=True)

    def call_next(self, counter: str, services: set[Service] | None = None) -> QueueTicket | None:
        """Call the next ticket for a counter: priority first, then the order taken; None if nobody waits.

        A counter still holding a called ticket must say what became of it first (served, no-show or
        back in line): finishing it as served by itself would record an owner who never came as served.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            serving = services or {s for s, config in self._configs(tx).items() if counter in config.counters}
            for current in self._today(tx, TicketStatus.CALLED, now):
                if current.counter == counter:
                    raise QueueError(f"{current.number} is still at counter {counter}: mark it served, a no-show "
                                     f"or back in line first · 请先处理 {current.number}：完成、过号或退回排队")
            waiting = [t for s in serving for t in self._waiting(tx, s, now)]
            if not waiting:
                return None
            ticket = self._line(waiting)[0]
            called = _changed(ticket, status=TicketStatus.CALLED, counter=counter, called_at=now,
                              wait_minutes=_minutes(ticket.issued_at, now))
            tx.put(called, actor=f"counter {counter}", at=now)
        return called

    def recall(self, ticket_id: str) -> QueueTicket:
        """Call a called ticket again (the display repeats it); the ticket itself does not change."""
        ticket = self._require(ticket_id, {TicketStatus.CALLED}, "recall")
        return ticket

    def serve(self, ticket_id: str) -> QueueTicket:
        """Mark a called ticket served, recording how long the service took."""
        now = self._clock.now()
        ticket = self._require(ticket_id, {TicketStatus.CALLED}, "mark served")
        started = ticket.called_at or now
        return self._put(ticket, status=TicketStatus.SERVED, served_at=now, service_minutes=_minutes(started, now))

    def no_show(self, ticket_id: str) -> QueueTicket:
        """Mark a called ticket a no-show, once the owner had ``no_show_after_minutes`` to come."""
        now = self._clock.now()
        ticket = self._require(ticket_id, {TicketStatus.CALLED}, "mark a no-show")
        ready = self.no_show_ready_at(ticket)
        if now < ready:
            left = max(1, round((ready - now).total_seconds() / 60))
            raise QueueError(f"{ticket.number} was called only just now; wait {left} more minute(s) first · "
                             f"{ticket.number} 刚叫号，请再等 {left} 分钟")
        return self._put(ticket, status=TicketStatus.NO_SHOW)

    def no_show_ready_at(self, ticket: QueueTicket) -> datetime:
        """When a called owner has had time enough to come, so that a no-show may be recorded."""
        return (ticket.called_at or self._clock.now()) + timedelta(minutes=self.no_show_after_minutes)

    def back_in_line(self, ticket_id: str) -> QueueTicket:
        """Return a called ticket to its line, at its place by time taken (the owner stepped away)."""
        ticket = self._require(ticket_id, {TicketStatus.CALLED}, "return to the line")
        return self._put(ticket, status=TicketStatus.WAITING, counter="", called_at=None, wait_minutes=None)

    def transfer(self, ticket_id: str, service: Service) -> QueueTicket:
        """Send a ticket to another service's line, keeping its number and its place by time taken."""
        ticket = self._require(ticket_id, {TicketStatus.WAITING, TicketStatus.CALLED}, "transfer")
        if ticket.service is service:
            raise QueueError(f"{ticket.number} is already in the {service.value} line · 已在该业务排队")
        return self._put(ticket, service=service, status=TicketStatus.WAITING, counter="", called_at=None,
                         wait_minutes=None)

    def _require(self, ticket_id: str, statuses: set[TicketStatus], action: str) -> QueueTicket:
        ticket = self.get(ticket_id)
        if ticket is None:
            raise QueueError(f"there is no ticket {ticket_id} · 没有这个号码")
        if ticket.status not in statuses:
            raise QueueError(f"cannot {action} {ticket.number}: it is {ticket.status.value} · "
                             f"{ticket.number} 的状态不允许此操作")
        return ticket

    def _put(self, ticket: QueueTicket, **changes: Any) -> QueueTicket:
        changed = _changed(ticket, **changes)
        with self._store.transaction() as tx:
            tx.put(changed, actor=f"counter {ticket.counter}" if ticket.counter else "desk", at=self._clock.now())
        return changed

    def _estimate(self, tx: Transaction, service: Service, ahead: int, now: datetime) -> int:
        """People ahead x the recent average service time, shared over the counters serving it."""
        config = self._configs(tx)[service]
        served = [t.service_minutes for t in self._today(tx, TicketStatus.SERVED, now)
                  if t.service is service and t.service_minutes is not None][-10:]
        per_person = sum(served) / len(served) if served else config.usual_minutes
        return round(ahead * per_person / max(1, len(config.counters)))

    @staticmethod
    def _line(tickets: list[QueueTicket]) -> list[QueueTicket]:
        """Calling order: priority tickets first, then the order they were taken."""
        return sorted(tickets, key=lambda t: (not t.priority, t.issued_at, t.number))

    def _waiting(self, tx: Transaction, service: Service, now: datetime) -> list[QueueTicket]:
        """Today's waiting tickets for a service (tickets from earlier days no longer count)."""
        return [t for t in self._today(tx, TicketStatus.WAITING, now) if t.service is service]

    def _today(self, tx: Transaction, status: TicketStatus, now: datetime) -> list[QueueTicket]:
        """Today's tickets in a status, from a snapshot shared by every screen and kept up to date.

        Many screens poll the queue every second and every tap writes a ticket: re-reading and
        re-validating all of the day's tickets each time would make the server's work grow with
        screens x tickets, so after the day's first read only the tickets written since are read.
        """
        revision, today = tx.last_revision(), now.date()
        if self._snapshot_day != today:
            since = datetime.combine(today, datetime.min.time(), now.tzinfo) - timedelta(days=1)
            recent = tx.find(QueueTicket, "json_extract(body, '$.issued_at') >= ?", (since.isoformat(),))
            self._snapshot = {t.id: t for t in recent if t.issued_at.astimezone(now.tzinfo).date() == today}
            self._snapshot_day, self._snapshot_revision = today, revision
        elif self._snapshot_revision != revision:
            for ticket in tx.changed_since(QueueTicket, self._snapshot_revision):
                if ticket.issued_at.astimezone(now.tzinfo).date() == today:
                    self._snapshot[ticket.id] = ticket
                else:
                    self._snapshot.pop(ticket.id, None)
            self._snapshot_revision = revision
        return [t for t in self._snapshot.values() if t.status is status]


def _changed(ticket: QueueTicket, **changes: Any) -> QueueTicket:
    """A validated copy of a ticket with some fields changed."""
    return QueueTicket.model_validate({**ticket.model_dump(), **changes})
