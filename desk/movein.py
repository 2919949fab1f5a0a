"""Move-in: a new owner starts it at the kiosk with a queue number; staff work its checklist.

The checklist: documents signed, keys handed over, the meters read at move-in. A case is done only
when all three are; the readings then also become the unit's first meter readings (through
``record_readings``, the fees area's MeterReadings rows, when the site wires it).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from desk.clock import Clock
from desk.ids import IdFactory
from desk.queue import IssuedTicket, QueueDesk, QueueTicket, Service
from desk.records import Owner, Record, column
from desk.store import Store, Transaction


class MoveInStatus(enum.StrEnum):
    """Where a move-in stands."""

    WAITING = "waiting"
    IN_PROGRESS = "in progress"
    DONE = "done"


# The meters read at move-in: field name, words for staff, unit of measure.
METERS: tuple[tuple[str, str, str], ...] = (
    ("water", "Water 水", "m³"),
    ("electricity", "Electricity 电", "kWh"),
    ("gas", "Gas 燃气", "m³"),
)

# Takes a unit's meter readings into the fees area (MeterReadings rows), inside the case's transaction:
# (transaction, unit ID, {meter: reading}, read at, actor).
RecordReadings = Callable[[Transaction, str, dict[str, Decimal], datetime, str], None]


class MoveIn(Record):
    """One unit's move-in case and its checklist."""

    TAB = "MoveIns"
    ID_KIND = "H"

    unit: str = column("Unit", Owner.KIOSK, min_length=1)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    number: str = column("Queue number", Owner.KIOSK, default="", max_length=10)
    ticket: str = column("Ticket", Owner.KIOSK, default="")
    started_at: datetime = column("Started", Owner.KIOSK)
    status: MoveInStatus = column("Status", Owner.STAFF, default=MoveInStatus.WAITING)
    documents_signed: bool = column("Documents signed", Owner.STAFF, default=False)
    keys_handed: bool = column("Keys handed over", Owner.STAFF, default=False)
    water: Decimal | None = column("Water m3", Owner.STAFF, default=None, ge=0, max_digits=12, decimal_places=2)
    electricity: Decimal | None = column("Electricity kWh", Owner.STAFF, default=None, ge=0, max_digits=12,
                                         decimal_places=2)
    gas: Decimal | None = column("Gas m3", Owner.STAFF, default=None, ge=0, max_digits=12, decimal_places=2)
    finished_at: datetime | None = column("Finished", Owner.KIOSK, default=None)
    note: str = column("Note", Owner.STAFF, default="", max_length=200)

    def readings(self) -> dict[str, Decimal]:
        """The meter readings taken so far, by meter."""
        return {name: value for name, _, _ in METERS if (value := getattr(self, name)) is not None}

    def missing(self) -> list[str]:
        """What the checklist still lacks, in words for staff; empty when the case may be finished."""
        lacking = [] if self.documents_signed else ["documents signed"]
        lacking += [] if self.keys_handed else ["keys handed over"]
        lacking += [f"{words} reading" for name, words, _ in METERS if getattr(self, name) is None]
        return lacking

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """A finished move-in stays done; "done" typed in the sheet needs the whole checklist."""
        if not isinstance(proposed, MoveIn) or proposed.status is self.status:
            return {}
        if self.status is MoveInStatus.DONE:
            return {"status": "a finished move-in stays done"}
        if proposed.status is MoveInStatus.DONE and proposed.missing():
            return {"status": "the checklist still lacks " + ", ".join(proposed.missing())}
        return {}


class MoveInError(ValueError):
    """A checklist step that cannot be taken now; the message says why."""


@dataclass(frozen=True)
class MoveInStarted:
    """A case just opened at the kiosk, with its queue ticket."""

    case: MoveIn
    issued: IssuedTicket


class MoveInDesk:
    """Opens move-in cases at the kiosk and keeps their checklists."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, queue: QueueDesk,
                 record_readings: RecordReadings | None = None) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._queue = queue
        self._record_readings = record_readings

    def start(self, unit_id: str, unit_label: str, *, lang: str = "zh") -> MoveInStarted:
        """Take a move-in queue number for the unit and open its case (or reuse the unit's open one)."""
        opened: list[MoveIn] = []

        def open_case(tx: Transaction, ticket: QueueTicket) -> None:
            now = self._clock.now()
            still_open = next((c for c in tx.find(MoveIn, "json_extract(body, '$.unit') = ?", (unit_id,))
                               if c.status is not MoveInStatus.DONE), None)
            if still_open is None:
                case = MoveIn(id=tx.new_id(self._ids, MoveIn), unit=unit_id, unit_label=unit_label,
                              number=ticket.number, ticket=ticket.id, started_at=now)
            else:  # the owner came back another day: same checklist, new number
                case = _changed(still_open, number=ticket.number, ticket=ticket.id)
            tx.put(case, actor="kiosk", at=now)
            opened.append(case)

        # One transaction: a crash can never leave a move-in number without its case.
        issued = self._queue.take_number(Service.MOVE_IN, lang=lang, unit=unit_id, along=open_case)
        case = opened[0]
        return MoveInStarted(case, issued)

    def open_cases(self) -> list[MoveIn]:
        """Cases not yet done, oldest first."""
        with self._store.transaction() as tx:
            cases = tx.find(MoveIn)
        return sorted((c for c in cases if c.status is not MoveInStatus.DONE), key=lambda c: c.started_at)

    def get(self, case_id: str) -> MoveIn | None:
        """A case by ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(MoveIn, case_id)

    def tick(self, case_id: str, *, actor: str, documents_signed: bool | None = None,
             keys_handed: bool | None = None, readings: dict[str, Decimal] | None = None) -> MoveIn:
        """Update the checklist: a box ticked or unticked, meter readings taken."""
        changes: dict[str, Any] = {"status": MoveInStatus.IN_PROGRESS}
        if documents_signed is not None:
            changes["documents_signed"] = documents_signed
        if keys_handed is not None:
            changes["keys_handed"] = keys_handed
        for meter, value in (readings or {}).items():
            if meter not in {name for name, _, _ in METERS}:
                raise MoveInError(f"there is no {meter} meter on the checklist")
            if value < 0:
                raise MoveInError(f"a {meter} reading cannot be negative")
            changes[meter] = value
        now = self._clock.now()
        with self._store.transaction() as tx:
            case = self._open(tx, case_id)
            changed = _changed(case, **changes)
            tx.put(changed, actor=actor, at=now)
        return changed

    def finish(self, case_id: str, *, actor: str) -> MoveIn:
        """Close a case whose checklist is complete; its readings become the unit's meter readings."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            case = self._open(tx, case_id)
            if case.missing():
                raise MoveInError(f"{case.unit_label}: the checklist still lacks {', '.join(case.missing())}")
            done = _changed(case, status=MoveInStatus.DONE, finished_at=now)
            tx.put(done, actor=actor, at=now)
            if self._record_readings is not None:
                self._record_readings(tx, case.unit, case.readings(), now, actor)
        return done

    def unit_facts(self, unit_id: str) -> list[str]:
        """The console's line about a unit's open move-in, for the clerk who calls its number."""
        with self._store.transaction() as tx:
            cases = tx.find(MoveIn, "json_extract(body, '$.unit') = ?", (unit_id,))
        open_case = next((c for c in cases if c.status is not MoveInStatus.DONE), None)
        if open_case is None:
            return []
        still = ", ".join(open_case.missing()) or "nothing: ready to finish"
        return [f"Move-in 入住 {open_case.number}: still to do {still} (checklist at /staff/movein)"]

    def settle_done_in_sheet(self) -> list[MoveIn]:
        """Cases staff set to done in the sheet get their finish time and meter readings; idempotent."""
        now = self._clock.now()
        settled = []
        with self._store.transaction() as tx:
            for case in tx.find(MoveIn, "json_extract(body, '$.status') = ?", (MoveInStatus.DONE.value,)):
                if case.finished_at is not None:
                    continue
                done = _changed(case, finished_at=now)
                tx.put(done, actor="staff (sheet)", at=now)
                if self._record_readings is not None:
                    self._record_readings(tx, case.unit, case.readings(), now, "staff (sheet)")
                settled.append(done)
        return settled

    @staticmethod
    def _open(tx: Transaction, case_id: str) -> MoveIn:
        case = tx.get(MoveIn, case_id)
        if case is None:
            raise MoveInError(f"there is no move-in {case_id}")
        if case.status is MoveInStatus.DONE:
            raise MoveInError(f"the move-in of {case.unit_label} is done")
        return case


def _changed(case: MoveIn, **changes: Any) -> MoveIn:
    return MoveIn.model_validate({**case.model_dump(), **changes})
