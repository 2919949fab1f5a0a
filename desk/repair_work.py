"""What a clerk does to repairs and feedback from the console: assign, move along, note, answer.

Every change is a new version of the same record the workbook shows (``tx.put`` with the clerk as
actor), so the next sync writes it to the sheet, and a change typed in the sheet comes back the
same way. Status changes follow the repair's life (``desk/repair_status.py``); one it does not
allow is refused with the reason in both languages, as the sheet refuses it into Problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk.clock import Clock
from desk.feedback import Department, Feedback, FeedbackStatus
from desk.repair_status import ALLOWED, OPEN, OPEN_SQL, RepairStatus
from desk.repairs import Repair
from desk.service_levels import Urgency
from desk.store import HistoryEntry, Store

RECENT_CLOSED = 200  # closed repairs listed at most: years of them pile up, a clerk looks at the latest


class RepairWorkError(ValueError):
    """A change the rules do not allow; the message says why, in English and Chinese."""


@dataclass(frozen=True)
class RepairFilter:
    """Which repairs the console lists: empty means any."""

    statuses: frozenset[RepairStatus] = frozenset()
    department: Department | None = None
    building: str = ""
    overdue_only: bool = False
    urgent_only: bool = False

    def keeps(self, repair: Repair) -> bool:
        """Whether ``repair`` passes every filter set."""
        return ((not self.statuses or repair.status in self.statuses)
                and (self.department is None or repair.department is self.department)
                and (not self.building or self.building in (repair.building, _building_of(repair.unit_label)))
                and (not self.overdue_only or repair.overdue)
                and (not self.urgent_only or repair.urgency is not Urgency.NORMAL))


def _building_of(unit_label: str) -> str:
    return unit_label.split("-", 1)[0] if "-" in unit_label else ""


def pressing_first(repair: Repair) -> tuple[int, int, datetime]:
    """The order a clerk works in: emergencies, then urgent, then overdue, then by due time."""
    urgency = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.NORMAL: 2}[repair.urgency]
    return (urgency, 0 if repair.overdue else 1, repair.due_at)


class RepairWork:
    """The console's changes to repairs and feedback, each one a new version signed by the clerk."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def now(self) -> datetime:
        """The site's time (the SLA clock runs on it)."""
        return self._clock.now()

    def listed(self, wanted: RepairFilter) -> list[Repair]:
        """Open repairs and the latest closed ones that pass ``wanted``, the most pressing first."""
        with self._store.transaction() as tx:
            open_ones = tx.find(Repair, OPEN_SQL)
            closed = [] if wanted.statuses and wanted.statuses <= OPEN else \
                tx.find(Repair, f"NOT ({OPEN_SQL})")[-RECENT_CLOSED:]
        return sorted((r for r in [*open_ones, *closed] if wanted.keeps(r)), key=pressing_first)

    def get(self, repair_id: str) -> Repair | None:
        """One repair as stored now."""
        with self._store.transaction() as tx:
            return tx.get(Repair, repair_id)

    def history(self, record_id: str) -> list[HistoryEntry]:
        """Every version of a repair or feedback row, oldest first: who changed what, when."""
        with self._store.transaction() as tx:
            return tx.history_entries(record_id)

    def assign(self, repair_id: str, *, department: Department, assignee: str, by: str) -> Repair:
        """Give a repair to a department and a person; a new one becomes assigned."""
        repair = self._require(repair_id)
        changes: dict[str, Any] = {"department": department, "assignee": assignee.strip()[:60]}
        if repair.status in (RepairStatus.NEW, RepairStatus.REOPENED):
            changes["status"] = RepairStatus.ASSIGNED
        return self._put(repair, changes, by)

    def move(self, repair_id: str, status: RepairStatus, *, by: str) -> Repair:
        """Move a repair to ``status`` if its life allows it (done records when)."""
        repair = self._require(repair_id)
        if status not in ALLOWED[repair.status]:
            raise RepairWorkError(f"a {repair.status.value} repair cannot become {status.value} · "
                                  f"当前状态不能改为该状态")
        changes: dict[str, Any] = {"status": status}
        if status is RepairStatus.DONE:
            changes["done_at"] = self._clock.now()
        elif repair.done_at is not None:
            changes["done_at"] = None
        return self._put(repair, changes, by)

    def write_notes(self, repair_id: str, *, to_owner: str, internal: str, by: str) -> Repair:
        """The note the owner sees (kiosk, slip page) and the one only staff see."""
        repair = self._require(repair_id)
        return self._put(repair, {"note_to_owner": to_owner.strip()[:500], "internal_note": internal.strip()[:1000]},
                         by)

    def open_feedback(self) -> list[Feedback]:
        """Feedback staff have not closed, oldest first."""
        with self._store.transaction() as tx:
            rows = tx.find(Feedback, "json_extract(body, '$.status') != ?", (FeedbackStatus.CLOSED.value,))
        return sorted(rows, key=lambda f: (f.filed_at, f.id))

    def answer(self, feedback_id: str, response: str, *, by: str, close: bool = False) -> Feedback:
        """Answer an owner's feedback (answered, or closed when nothing more will happen)."""
        with self._store.transaction() as tx:
            feedback = tx.get(Feedback, feedback_id)
            if feedback is None:
                raise RepairWorkError(f"there is no feedback {feedback_id} · 没有这条反馈")
            if not response.strip():
                raise RepairWorkError("write the answer first · 请先填写回复")
            status = FeedbackStatus.CLOSED if close else FeedbackStatus.ANSWERED
            answered = Feedback.model_validate({**feedback.model_dump(), "response": response.strip()[:1000],
                                                "status": status})
            tx.put(answered, actor=by, at=self._clock.now())
        return answered

    def _require(self, repair_id: str) -> Repair:
        repair = self.get(repair_id)
        if repair is None:
            raise RepairWorkError(f"there is no repair {repair_id} · 没有这张报修单")
        return repair

    def _put(self, repair: Repair, changes: dict[str, Any], by: str) -> Repair:
        with self._store.transaction() as tx:
            current = tx.get(Repair, repair.id)
            if current != repair:  # changed meanwhile (the sheet, another clerk): decide again on what is there
                raise RepairWorkError("someone else changed this repair just now; look again · "
                                      "该报修单刚被他人修改，请刷新")
            changed = Repair.model_validate({**repair.model_dump(), **changes})
            tx.put(changed, actor=by, at=self._clock.now())
        return changed

