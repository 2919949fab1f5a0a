"""Special services the desk offers on request (a ladder, the meeting room, copies): the list staff keep, the requests.

Staff keep the ``Services`` tab (names, rules, fee, whether a clerk is needed, active). An owner
requests one at the kiosk and takes a slip; staff work the request in the console or the sheet.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Highlight, Owner, Record, column
from desk.store import Store

SERVICE_SLIP = "service_slip"
DETAILS_MAX = 200


class SpecialService(Record):
    """One service the desk offers, as staff describe it in the Services tab."""

    TAB = "Services"
    ID_KIND = "J"
    ROWS_FROM = Owner.STAFF

    name_zh: str = column("Name zh", Owner.STAFF, min_length=1, max_length=40)
    name_en: str = column("Name en", Owner.STAFF, default="", max_length=60)
    rules_zh: str = column("Rules zh", Owner.STAFF, default="", max_length=400)
    rules_en: str = column("Rules en", Owner.STAFF, default="", max_length=600)
    fee: Decimal | None = column("Fee", Owner.STAFF, default=None, ge=0)
    needs_clerk: bool = column("Clerk needed", Owner.STAFF, default=True)
    active: bool = column("Active", Owner.STAFF, default=True)
    order: int = column("Order", Owner.STAFF, default=100)

    def name(self, lang: str) -> str:
        """The service's name in a language (Chinese when no English was typed)."""
        return self.name_en if lang == "en" and self.name_en else self.name_zh

    def rules(self, lang: str) -> str:
        """Its rules in a language (Chinese when no English was typed)."""
        return self.rules_en if lang == "en" and self.rules_en else self.rules_zh


class RequestStatus(enum.StrEnum):
    """A request's states: ``requested`` -> ``in progress`` -> ``done``; ``cancelled`` from either open state."""

    REQUESTED = "requested"
    IN_PROGRESS = "in progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATES = (RequestStatus.REQUESTED, RequestStatus.IN_PROGRESS)
NEXT_STATES: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    RequestStatus.REQUESTED: (RequestStatus.IN_PROGRESS, RequestStatus.DONE, RequestStatus.CANCELLED),
    RequestStatus.IN_PROGRESS: (RequestStatus.DONE, RequestStatus.CANCELLED),
    RequestStatus.DONE: (),
    RequestStatus.CANCELLED: (),
}


class ServiceRequest(Record):
    """An owner's request for a special service, made at the kiosk."""

    TAB = "ServiceRequests"
    ID_KIND = "Z"
    HIGHLIGHTS = (Highlight("status", "waiting for a clerk to pick it up", equals=("requested",)),)

    service: str = column("Service", Owner.KIOSK, min_length=1)
    service_name: str = column("Service name", Owner.KIOSK, default="", max_length=60)
    unit: str = column("Unit", Owner.KIOSK, min_length=1)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    details: str = column("Details", Owner.KIOSK, default="", max_length=DETAILS_MAX)
    requested_at: datetime = column("Requested", Owner.KIOSK)
    status: RequestStatus = column("Status", Owner.STAFF, default=RequestStatus.REQUESTED)
    handled_by: str = column("Handled by", Owner.STAFF, default="", max_length=60)
    note: str = column("Note", Owner.STAFF, default="", max_length=200)

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """A closed request stays closed: staff open a new one instead."""
        if not isinstance(proposed, ServiceRequest) or proposed.status == self.status:
            return {}
        if proposed.status not in NEXT_STATES[self.status]:
            return {"status": f"a request that is {self.status.value} cannot become {proposed.status.value}"}
        return {}


class ServiceError(ValueError):
    """A request or change that cannot be taken; the message says why."""


class SpecialServices:
    """The active services for the kiosk, requests from owners, and staff moving them on."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def active(self) -> list[SpecialService]:
        """The services owners may request now, in staff's order."""
        with self._store.transaction() as tx:
            services = tx.find(SpecialService)
        return sorted((s for s in services if s.active), key=lambda s: (s.order, s.name_zh))

    def request(self, service_id: str, unit_id: str, unit_label: str, details: str, *, lang: str = "zh",
                print_slip: bool = True) -> ServiceRequest:
        """Record an owner's request and journal its slip, in one transaction."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            service = tx.get(SpecialService, service_id)
            if service is None or not service.active:
                raise ServiceError("this service is not offered now")
            request = ServiceRequest(id=tx.new_id(self._ids, ServiceRequest), service=service.id,
                                     service_name=service.name(lang)[:60], unit=unit_id, unit_label=unit_label,
                                     details=" ".join(details.split())[:DETAILS_MAX], requested_at=now)
            tx.put(request, actor="kiosk", at=now)
            if print_slip:
                tx.add_print_job(SERVICE_SLIP, request.id, {"lang": lang}, at=now)
        return request

    def get(self, request_id: str) -> ServiceRequest | None:
        """A request by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(ServiceRequest, request_id)

    def service(self, service_id: str) -> SpecialService | None:
        """A service by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(SpecialService, service_id)

    def open_requests(self) -> list[ServiceRequest]:
        """Requests not yet done or cancelled, oldest first."""
        with self._store.transaction() as tx:
            requests = tx.find(ServiceRequest)
        return sorted((r for r in requests if r.status in OPEN_STATES), key=lambda r: r.requested_at)

    def move(self, request_id: str, status: RequestStatus, *, staff: str, actor: str) -> ServiceRequest:
        """Move a request on (see :class:`RequestStatus`); ``staff`` becomes who handles it."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            request = tx.get(ServiceRequest, request_id)
            if request is None:
                raise ServiceError(f"there is no request {request_id}")
            if status not in NEXT_STATES[request.status]:
                raise ServiceError(f"a request that is {request.status.value} cannot become {status.value}")
            moved = _changed(request, status=status, handled_by=staff[:60])
            tx.put(moved, actor=actor, at=now)
        return moved


def _changed(record: ServiceRequest, **changes: Any) -> ServiceRequest:
    return ServiceRequest.model_validate({**record.model_dump(), **changes})

