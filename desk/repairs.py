"""Repair requests: the record staff work in the Repairs tab, and the rules owners meet at the kiosk.

A repair's life is in :mod:`desk.repair_status`; its due time in :mod:`desk.service_levels`; the
words that make it an emergency by themselves in :mod:`desk.emergencies`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from desk.clock import Clock
from desk.emergencies import EmergencySign, current_signs, sign_in_text
from desk.feedback import Department, Feedback, file_dissatisfaction
from desk.ids import IdFactory
from desk.records import Highlight, Owner, Record, column
from desk.repair_status import ALLOWED, NEEDS_REVIEW_SQL, OPEN, OPEN_SQL, RepairStatus
from desk.service_levels import RepairCategory, Urgency, due_time
from desk.store import Store, Transaction

__all__ = ["OPEN", "OPEN_SQL", "RepairCategory", "RepairStatus", "Urgency"]

REPAIRS_PER_UNIT_PER_DAY = 10
DUPLICATE_WINDOW = timedelta(hours=1)
REOPEN_WITHIN = timedelta(days=7)
FREE_TEXT_MAX = 300
DESCRIPTION_MAX = 600  # phrases, free text, and what the owner adds on the phone
PHOTOS_MAX = 3
ALERT_SOURCE = "repairs"


class Location(enum.StrEnum):
    """Where the problem is."""

    UNIT = "my unit"
    PUBLIC = "public area"


class VisitWindow(enum.StrEnum):
    """When the owner would like the technician to come."""

    ANY = "any time"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    WEEKEND = "weekend"


class RatingReason(enum.StrEnum):
    """Why an owner was not happy with a repair."""

    SLOW = "slow"
    POOR_WORK = "poor work"
    IMPOLITE = "impolite"
    NOT_FIXED = "not fixed"


# Who takes a repair until staff choose otherwise.
DEFAULT_DEPARTMENT: dict[RepairCategory, Department] = {
    **{category: Department.ENGINEERING for category in RepairCategory},
    RepairCategory.CLEANING: Department.CLEANING,
}


class Repair(Record):
    """One repair request, reported at the kiosk and worked by staff in the Repairs tab."""

    TAB = "Repairs"
    ID_KIND = "R"
    HIGHLIGHTS = (
        Highlight("urgency", "emergencies stand out", equals=(Urgency.EMERGENCY.value,)),
        Highlight("overdue", "open past its due time", equals=("TRUE",), colour="FFEB9C"),
    )

    number: str = column("Number", Owner.KIOSK, pattern=r"^R\d{4,}$")
    unit: str = column("Unit ID", Owner.KIOSK, min_length=1, max_length=40)
    unit_label: str = column("Unit", Owner.KIOSK, default="", max_length=20)
    location: Location = column("Where", Owner.KIOSK, default=Location.UNIT)
    building: str = column("Building", Owner.KIOSK, default="", max_length=20)
    floor: str = column("Floor", Owner.KIOSK, default="", max_length=6)
    category: RepairCategory = column("Category", Owner.KIOSK)
    urgency: Urgency = column("Urgency", Owner.KIOSK, default=Urgency.NORMAL)
    visit_window: VisitWindow = column("Preferred visit", Owner.KIOSK, default=VisitWindow.ANY)
    description: str = column("Description", Owner.KIOSK, default="", max_length=DESCRIPTION_MAX)
    photos: str = column("Photos", Owner.KIOSK, default="", max_length=1000)  # links, one per line
    reported_at: datetime = column("Reported", Owner.KIOSK)
    due_at: datetime = column("Due", Owner.KIOSK)
    overdue: bool = column("Overdue", Owner.KIOSK, default=False)
    language: str = column("Language", Owner.KIOSK, default="zh", pattern=r"^(zh|en)$")
    status: RepairStatus = column("Status", Owner.STAFF, default=RepairStatus.NEW)
    department: Department = column("Department", Owner.STAFF, default=Department.ENGINEERING)
    assignee: str = column("Assignee", Owner.STAFF, default="", max_length=60)
    scheduled_at: datetime | None = column("Scheduled", Owner.STAFF, default=None)
    note_to_owner: str = column("Note to owner", Owner.STAFF, default="", max_length=500)
    internal_note: str = column("Internal note", Owner.STAFF, default="", max_length=1000)
    done_at: datetime | None = column("Done at", Owner.KIOSK, default=None)
    rating: int | None = column("Rating", Owner.KIOSK, default=None, ge=1, le=5)
    rating_reasons: str = column("Rating reasons", Owner.KIOSK, default="", max_length=100)
    reopened: int = column("Times reopened", Owner.KIOSK, default=0, ge=0)

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """A status change the life of a repair does not allow (done -> new) is not taken."""
        if not isinstance(proposed, Repair) or proposed.status == self.status:
            return {}
        if proposed.status in ALLOWED[self.status]:
            return {}
        allowed = ", ".join(sorted(status.value for status in ALLOWED[self.status]))
        return {"status": f"a {self.status.value} repair cannot become {proposed.status.value}; "
                          f"it may become: {allowed}"}

    @property
    def is_open(self) -> bool:
        """Whether staff still have work to do on it."""
        return self.status in OPEN

    def place(self) -> str:
        """Where, in words staff read: ``3-1202`` or ``public area, building 3 floor 12``."""
        if self.location is Location.UNIT:
            return self.unit_label
        floor = f" floor {self.floor}" if self.floor else ""
        return f"public area, building {self.building}{floor}"


@dataclass(frozen=True)
class RepairReport:
    """What an owner said at the kiosk, before it becomes a repair."""

    unit_id: str
    unit_label: str
    category: RepairCategory
    phrases: Sequence[str] = ()
    free_text: str = ""
    urgency: Urgency = Urgency.NORMAL
    visit_window: VisitWindow = VisitWindow.ANY
    location: Location = Location.UNIT
    building: str = ""
    floor: str = ""
    language: str = "zh"

    def description(self) -> str:
        """The chosen phrases, then the owner's own words, as one text (kept exactly as typed)."""
        parts = [*self.phrases, self.free_text.strip()]
        return "; ".join(part for part in parts if part)


class RepairRefusedError(ValueError):
    """A report or an action the rules do not take; ``code`` says why, ``existing`` points at the first."""

    def __init__(self, code: str, message: str, existing: Repair | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.existing = existing


class RepairDesk:
    """Takes repair reports, lets owners rate or reopen them, and keeps due times and alerts current."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def report(self, report: RepairReport, *, print_slip: bool = True) -> Repair:
        """Check the limits, commit the repair with its due time and slip (and an alert if an emergency)."""
        if len(report.free_text) > FREE_TEXT_MAX:
            raise RepairRefusedError("too-long", f"at most {FREE_TEXT_MAX} characters of your own words")
        description = report.description()
        if not description:
            raise RepairRefusedError("empty", "choose what is wrong or say it in a few words")
        if report.location is Location.PUBLIC and not report.building:
            raise RepairRefusedError("where", "say which building the public area is in")
        now = self._clock.now()
        with self._store.transaction() as tx:
            self._check_limits(tx, report, description, now)
            urgency, visit_window = _urgency_and_visit(tx, report, description)
            sequence = tx.next_in_sequence(f"repairs:{self._ids.site_code}")
            repair = Repair(
                id=tx.new_id(self._ids, Repair), number=f"R{sequence:04d}", unit=report.unit_id,
                unit_label=report.unit_label, location=report.location,
                building=report.building if report.location is Location.PUBLIC else "",
                floor=report.floor if report.location is Location.PUBLIC else "",
                category=report.category, urgency=urgency, visit_window=visit_window,
                description=description, reported_at=now,
                due_at=due_time(tx, report.category, urgency, now), language=report.language,
                department=DEFAULT_DEPARTMENT[report.category],
            )
            tx.put(repair, actor="kiosk", at=now)
            if repair.urgency is Urgency.EMERGENCY:
                tx.raise_alert(ALERT_SOURCE, repair.id, emergency_alert(repair), at=now)
            if print_slip:
                urgent = repair.urgency is not Urgency.NORMAL
                tx.add_print_job("repair_slip", repair.id, {"lang": report.language, "urgent": urgent}, at=now)
        return repair

    def _check_limits(self, tx: Transaction, report: RepairReport, description: str, now: datetime) -> None:
        mine = tx.find(Repair, "json_extract(body, '$.unit') = ?", (report.unit_id,))
        today = [r for r in mine if r.reported_at.astimezone(now.tzinfo).date() == now.date()]
        if len(today) >= REPAIRS_PER_UNIT_PER_DAY:
            raise RepairRefusedError("limit", f"at most {REPAIRS_PER_UNIT_PER_DAY} repair requests a day for one unit")
        for earlier in sorted(mine, key=lambda r: r.reported_at):
            same = (earlier.category, earlier.location, earlier.building, earlier.floor, earlier.description) == (
                report.category, report.location,
                report.building if report.location is Location.PUBLIC else "",
                report.floor if report.location is Location.PUBLIC else "", description)
            if same and earlier.status is not RepairStatus.CANCELLED and now - earlier.reported_at < DUPLICATE_WINDOW:
                raise RepairRefusedError("duplicate", f"this was reported {earlier.number} already", existing=earlier)

    def emergency_signs(self) -> list[EmergencySign]:
        """The signs that make a report an emergency, as staff keep them (the built-in ones until then)."""
        with self._store.transaction() as tx:
            return current_signs(tx)

    def get(self, repair_id: str) -> Repair | None:
        """The repair with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Repair, repair_id)

    def for_unit(self, unit_id: str) -> list[Repair]:
        """A unit's repairs, newest first."""
        with self._store.transaction() as tx:
            found = tx.find(Repair, "json_extract(body, '$.unit') = ?", (unit_id,))
        return sorted(found, key=lambda r: r.reported_at, reverse=True)

    def open_repairs(self) -> list[Repair]:
        """Every repair staff still work on, emergencies first, then the soonest due."""
        with self._store.transaction() as tx:
            found = [r for r in tx.find(Repair, OPEN_SQL) if r.is_open]
        order = list(Urgency)[::-1]
        return sorted(found, key=lambda r: (order.index(r.urgency), r.due_at))

    def can_rate(self, repair: Repair) -> bool:
        """Whether the owner may rate it now: done, and not rated yet."""
        return repair.status is RepairStatus.DONE and repair.rating is None

    def can_reopen(self, repair: Repair) -> bool:
        """Whether the owner may reopen it now: done within the last 7 days."""
        done_at = repair.done_at or repair.reported_at
        return repair.status is RepairStatus.DONE and self._clock.now() - done_at <= REOPEN_WITHIN

    def rate(
        self, repair_id: str, unit_id: str, stars: int, reasons: Sequence[RatingReason] = (), *, language: str = "",
    ) -> Feedback | None:
        """Record the owner's 1-5 rating; 2 or fewer also files a complaint routed to the center (returned).

        The complaint is written in ``language``, the one the owner rates in (the repair's when not given),
        so what they read back under "My requests" is in their words.
        """
        # The words name this module's own enums, so they are imported here rather than at the top.
        from desk.repair_words import rating_complaint

        if not 1 <= stars <= 5:
            raise RepairRefusedError("stars", "a rating is 1 to 5 stars")
        now = self._clock.now()
        with self._store.transaction() as tx:
            repair = self._owned(tx, repair_id, unit_id)
            if not self.can_rate(repair):
                raise RepairRefusedError("not-ratable", f"{repair.number} is {repair.status.value}"
                                    + (" and rated already" if repair.rating else ""))
            reasons_text = ", ".join(reason.value for reason in reasons)
            tx.put(_changed(repair, rating=stars, rating_reasons=reasons_text), actor="owner", at=now)
            if stars > 2:
                return None
            language = language or repair.language
            return file_dissatisfaction(
                tx, self._ids, repair_id=repair.id, unit_id=unit_id, unit_label=repair.unit_label,
                text=rating_complaint(repair.number, repair.category, stars, reasons, language), language=language,
                at=now,
            )

    def reopen(self, repair_id: str, unit_id: str) -> Repair:
        """The owner says it is not fixed: back to staff as ``reopened``, within 7 days of done."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            repair = self._owned(tx, repair_id, unit_id)
            if not self.can_reopen(repair):
                raise RepairRefusedError("not-reopenable", f"{repair.number} reopens only within 7 days of done")
            due = due_time(tx, repair.category, repair.urgency, now)
            reopened = _changed(repair, status=RepairStatus.REOPENED, done_at=None, reopened=repair.reopened + 1,
                                rating=None, rating_reasons="", due_at=due)
            tx.put(reopened, actor="owner", at=now)
        return reopened

    def add_details(
        self, tx: Transaction, repair_id: str, text: str, photo_links: Sequence[str], at: datetime
    ) -> Repair:
        """Add what the owner typed and photographed on the phone, in the caller's transaction."""
        repair = tx.get(Repair, repair_id)
        if repair is None:
            raise RepairRefusedError("unknown", f"there is no repair {repair_id}")
        text = text.strip()
        if len(text) > FREE_TEXT_MAX:
            raise RepairRefusedError("too-long", f"at most {FREE_TEXT_MAX} characters")
        description = "; ".join(part for part in (repair.description, text) if part)
        if len(description) > DESCRIPTION_MAX:
            raise RepairRefusedError("too-long", "the description is full; tell the desk the rest")
        photos = [link for link in repair.photos.splitlines() if link] + list(photo_links)
        if len(photos) > PHOTOS_MAX:
            raise RepairRefusedError("photos", f"at most {PHOTOS_MAX} photos")
        changed = _changed(repair, description=description, photos="\n".join(photos))
        tx.put(changed, actor="owner (phone)", at=at)
        return changed

    def review(self) -> int:
        """After each sync: note when repairs were done, flag overdue ones, close alerts staff have seen to.

        Idempotent: only what differs is written. Returns how many repairs changed.
        """
        now = self._clock.now()
        changed = 0
        with self._store.transaction() as tx:
            waiting_emergencies = []
            for repair in tx.find(Repair, NEEDS_REVIEW_SQL):
                updates: dict[str, Any] = {}
                if repair.status is RepairStatus.DONE and repair.done_at is None:
                    updates["done_at"] = now
                elif repair.status is not RepairStatus.DONE and repair.done_at is not None:
                    updates["done_at"] = None
                overdue = repair.is_open and now > repair.due_at
                if overdue != repair.overdue:
                    updates["overdue"] = overdue
                if updates:
                    tx.put(_changed(repair, **updates), actor="desk", at=now)
                    changed += 1
                if repair.urgency is Urgency.EMERGENCY and repair.status in (RepairStatus.NEW, RepairStatus.REOPENED):
                    waiting_emergencies.append(repair.id)
            tx.clear_alerts(ALERT_SOURCE, keep=waiting_emergencies, at=now)
        return changed

    def _owned(self, tx: Transaction, repair_id: str, unit_id: str) -> Repair:
        repair = tx.get(Repair, repair_id)
        if repair is None or repair.unit != unit_id:
            raise RepairRefusedError("unknown", f"there is no repair {repair_id} for this unit")
        return repair


def _urgency_and_visit(tx: Transaction, report: RepairReport, description: str) -> tuple[Urgency, VisitWindow]:
    """An emergency sign in the words makes the report an emergency whatever urgency was chosen.

    Nobody visits a public place by appointment, and an emergency is now: neither keeps a visit time.
    """
    urgency = report.urgency
    if sign_in_text(current_signs(tx), description) is not None:
        urgency = Urgency.EMERGENCY
    if urgency is Urgency.EMERGENCY or report.location is Location.PUBLIC:
        return urgency, VisitWindow.ANY
    return urgency, report.visit_window


def emergency_alert(repair: Repair) -> str:
    """The line every console page shows until staff take the emergency."""
    return f"EMERGENCY repair {repair.number}: {repair.category.value} at {repair.place()} 紧急报修"


def _changed(repair: Repair, **changes: Any) -> Repair:
    """A validated copy of a repair with some fields changed."""
    return Repair.model_validate({**repair.model_dump(), **changes})
