"""The front-desk queue: tickets, their display numbers and the rule that issues them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.store import Store, Transaction


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


class TicketStatus(enum.StrEnum):
    """A ticket's life: waiting -> called -> served | no-show; waiting -> cancelled."""

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


@dataclass(frozen=True)
class IssuedTicket:
    """A ticket just committed, with the number of people waiting ahead of it."""

    ticket: QueueTicket
    ahead: int


class QueueDesk:
    """Issues queue tickets and answers questions about the waiting line."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def take_number(self, service: Service, *, lang: str = "en", print_ticket: bool = True) -> IssuedTicket:
        """Issue the next number for a service, journal its print job, commit, and return it.

        Numbering and the insert share one ``BEGIN IMMEDIATE`` transaction, so two screens (or two
        processes) tapping at the same moment can never get the same number.
        """
        now = self._clock.now()
        letter = SERVICE_LETTERS[service]
        with self._store.transaction() as tx:
            sequence = tx.next_in_sequence(f"queue:{self._ids.site_code}:{now.date().isoformat()}:{letter}")
            ticket = QueueTicket(
                id=self._ids.new(QueueTicket.ID_KIND),
                number=f"{letter}{sequence:03d}",
                service=service,
                issued_at=now,
            )
            ahead = len(self._waiting(tx, service, now))
            tx.put(ticket, actor="kiosk", at=now)
            if print_ticket:
                tx.add_print_job("queue_ticket", ticket.id, {"ahead": ahead, "lang": lang}, at=now)
        return IssuedTicket(ticket, ahead)

    def get(self, ticket_id: str) -> QueueTicket | None:
        """The ticket with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(QueueTicket, ticket_id)

    def people_ahead(self, ticket: QueueTicket) -> int:
        """How many tickets of the same service are still waiting ahead of this one."""
        if ticket.status is not TicketStatus.WAITING:
            return 0
        with self._store.transaction() as tx:
            waiting = self._waiting(tx, ticket.service, ticket.issued_at)
        return sum(1 for other in waiting if (other.issued_at, other.number) < (ticket.issued_at, ticket.number))

    def waiting_count(self, service: Service) -> int:
        """How many of today's tickets for a service are waiting now."""
        with self._store.transaction() as tx:
            return len(self._waiting(tx, service, self._clock.now()))

    def waiting_tickets(self) -> list[QueueTicket]:
        """Today's waiting tickets of every service, in the order they were taken."""
        with self._store.transaction() as tx:
            now = self._clock.now()
            return sorted(
                (ticket for service in Service for ticket in self._waiting(tx, service, now)),
                key=lambda ticket: ticket.issued_at,
            )

    def _waiting(self, tx: Transaction, service: Service, now: datetime) -> list[QueueTicket]:
        """Today's waiting tickets for a service (tickets from earlier days no longer count)."""
        tickets = tx.find(
            QueueTicket,
            "json_extract(body, '$.service') = ? AND json_extract(body, '$.status') = ?",
            (service.value, TicketStatus.WAITING.value),
        )
        today = now.date()
        return [t for t in tickets if t.issued_at.astimezone(now.tzinfo).date() == today]
