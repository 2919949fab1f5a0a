"""Reading and changing queue tickets in the store, as the sync stories need to."""

from __future__ import annotations

from desk.clock import FixedClock
from desk.queue import QueueTicket
from desk.store import Store


def stored(store: Store, ticket_id: str) -> QueueTicket:
    with store.transaction() as tx:
        ticket = tx.get(QueueTicket, ticket_id)
    assert ticket is not None
    return ticket


def console_changes(store: Store, clock: FixedClock, ticket_id: str, **changes: object) -> None:
    """The staff console (not the sheet) changes a ticket in the store."""
    with store.transaction() as tx:
        ticket = tx.get(QueueTicket, ticket_id)
        assert ticket is not None
        tx.put(QueueTicket.model_validate(ticket.model_dump() | changes), actor="console", at=clock.now())
