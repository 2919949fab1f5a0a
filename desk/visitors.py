"""Visitors who register at the kiosk: whom they visit, why, and a dated pass; security sees today's."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.store import Store

VISITOR_PASS = "visitor_pass"  # noqa: S105 - a print job kind, not a secret


class VisitPurpose(enum.StrEnum):
    """Why someone comes in."""

    VISIT = "visit"
    DELIVERY = "delivery"
    SERVICE = "service"
    OTHER = "other"


class Visitor(Record):
    """One visitor's registration and pass; security may note when they left."""

    TAB = "Visitors"
    ID_KIND = "V"

    pass_number: str = column("Pass number", Owner.KIOSK, pattern=r"^V\d{3,}$")
    unit: str = column("Unit", Owner.KIOSK, min_length=1)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    name: str = column("Visitor", Owner.KIOSK, min_length=1, max_length=40)
    purpose: VisitPurpose = column("Purpose", Owner.KIOSK)
    arrived_at: datetime = column("Arrived", Owner.KIOSK)
    valid_until: datetime = column("Valid until", Owner.KIOSK)
    left_at: datetime | None = column("Left", Owner.STAFF, default=None)
    note: str = column("Note", Owner.STAFF, default="", max_length=200)


class VisitorError(ValueError):
    """A registration that cannot be taken; the message says why."""


class VisitorDesk:
    """Registers visitors, prints their passes, lists today's for security."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, pass_hours: float = 4.0) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self.pass_hours = pass_hours

    def register(self, unit_id: str, unit_label: str, name: str, purpose: VisitPurpose, *, lang: str = "zh",
                 print_pass: bool = True) -> Visitor:
        """Record a visitor and journal their pass, valid for ``pass_hours`` but never past midnight."""
        name = " ".join(name.split())
        if not name:
            raise VisitorError("a visitor gives a name")
        now = self._clock.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
        with self._store.transaction() as tx:
            number = tx.next_in_sequence(f"visitor:{self._ids.site_code}:{now.date().isoformat()}")
            visitor = Visitor(
                id=tx.new_id(self._ids, Visitor), pass_number=f"V{number:03d}", unit=unit_id, unit_label=unit_label,
                name=name[:40], purpose=purpose, arrived_at=now,
                valid_until=min(now + timedelta(hours=self.pass_hours), midnight - timedelta(minutes=1)),
            )
            tx.put(visitor, actor="kiosk", at=now)
            if print_pass:
                tx.add_print_job(VISITOR_PASS, visitor.id, {"lang": lang}, at=now)
        return visitor

    def today(self) -> list[Visitor]:
        """Today's visitors, latest first."""
        now = self._clock.now()
        since = datetime.combine(now.date(), datetime.min.time(), now.tzinfo)
        with self._store.transaction() as tx:
            recent = tx.find(Visitor, "json_extract(body, '$.arrived_at') >= ?",
                             ((since - timedelta(days=1)).isoformat(),))
        today = [v for v in recent if v.arrived_at.astimezone(now.tzinfo).date() == now.date()]
        return sorted(today, key=lambda v: v.arrived_at, reverse=True)

    def get(self, visitor_id: str) -> Visitor | None:
        """A visitor by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Visitor, visitor_id)

    def mark_left(self, visitor_id: str, *, actor: str) -> Visitor:
        """Note that a visitor left (security, at the gate)."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            visitor = tx.get(Visitor, visitor_id)
            if visitor is None:
                raise VisitorError(f"there is no visitor {visitor_id}")
            if visitor.left_at is not None:
                return visitor
            left = _changed(visitor, left_at=now)
            tx.put(left, actor=actor, at=now)
        return left


def _changed(visitor: Visitor, **changes: Any) -> Visitor:
    return Visitor.model_validate({**visitor.model_dump(), **changes})
