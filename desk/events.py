"""Community events staff keep in the Events tab, and the sign-ups owners make at the kiosk.

Capacity counts people, not units. A sign-up takes a place when the people fit and nobody is on
the waitlist; otherwise it joins the waitlist. A cancellation, a raised capacity or a sign-up staff
cancelled in the sheet moves the waitlist up strictly in the order people signed up: the first in
line who does not fit stops the line, so nobody is passed over for being a larger party. Every
change of a sign-up and the promotions it causes happen in one store transaction.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desk.clock import Clock
from desk.ids import IdFactory
from desk.records import Owner, Record, column
from desk.store import Store, Transaction

EVENT_PASS = "event_pass"  # noqa: S105 - a print job kind, not a secret


class EventStatus(enum.StrEnum):
    """Whether an event still takes place."""

    OPEN = "open"
    CANCELLED = "cancelled"


class Event(Record):
    """One community event: what, when, where, how many people, when sign-up is open."""

    TAB = "Events"
    ID_KIND = "E"
    ROWS_FROM = Owner.STAFF

    title_zh: str = column("Title (zh)", Owner.STAFF, default="", max_length=80)
    title_en: str = column("Title (en)", Owner.STAFF, default="", max_length=80)
    starts: datetime = column("Starts", Owner.STAFF)
    ends: datetime | None = column("Ends", Owner.STAFF, default=None)
    place: str = column("Place", Owner.STAFF, default="", max_length=80)
    capacity: int = column("Capacity (people)", Owner.STAFF, ge=0)
    per_unit: int = column("People per unit", Owner.STAFF, default=2, ge=1)
    signup_opens: datetime | None = column("Sign-up opens", Owner.STAFF, default=None)
    signup_closes: datetime | None = column("Sign-up closes", Owner.STAFF, default=None)
    status: EventStatus = column("Status", Owner.STAFF, default=EventStatus.OPEN)
    taken: int = column("Places taken", Owner.KIOSK, default=0, ge=0)
    waiting: int = column("On waitlist", Owner.KIOSK, default=0, ge=0)

    def title(self, lang: str) -> str:
        """The title in a language, or in the other one when staff wrote only that."""
        first, other = (self.title_zh, self.title_en) if lang == "zh" else (self.title_en, self.title_zh)
        return first or other

    def signup_open(self, now: datetime) -> bool:
        """Whether owners may sign up now: the event is on, the window opened and has not closed."""
        if self.status is not EventStatus.OPEN:
            return False
        if self.signup_opens is not None and now < self.signup_opens:
            return False
        closes = self.signup_closes or self.starts
        return now < closes


class SignupStatus(enum.StrEnum):
    """A sign-up's life: signed-up | waitlisted -> signed-up (moved up) -> attended; any -> cancelled."""

    SIGNED_UP = "signed-up"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"


HOLDS_A_PLACE = (SignupStatus.SIGNED_UP, SignupStatus.ATTENDED)
ACTIVE = (SignupStatus.SIGNED_UP, SignupStatus.WAITLISTED, SignupStatus.ATTENDED)


class Signup(Record):
    """One unit signed up for one event, with how many people and its pass number."""

    TAB = "Signups"
    ID_KIND = "S"

    event: str = column("Event", Owner.KIOSK, min_length=1)
    event_title: str = column("Event title", Owner.KIOSK, default="", max_length=80)
    unit: str = column("Unit", Owner.KIOSK, min_length=1)
    unit_label: str = column("Unit label", Owner.KIOSK, default="", max_length=40)
    people: int = column("People", Owner.KIOSK, ge=1)
    pass_number: str = column("Pass number", Owner.KIOSK, pattern=r"^\d{4,}$")
    line: int = column("Place in line", Owner.KIOSK, ge=1)
    signed_at: datetime = column("Signed up", Owner.KIOSK)
    status: SignupStatus = column("Status", Owner.STAFF, default=SignupStatus.SIGNED_UP)
    moved_up_at: datetime | None = column("Moved up", Owner.KIOSK, default=None)
    attended_at: datetime | None = column("Attended", Owner.KIOSK, default=None)

    def change_refused(self, proposed: Record) -> dict[str, str]:
        """Staff may mark attended or cancel in the sheet; a place comes only from the waitlist's order."""
        if not isinstance(proposed, Signup) or proposed.status is self.status:
            return {}
        if self.status is SignupStatus.CANCELLED:
            return {"status": "a cancelled sign-up stays cancelled; the owner signs up again at the kiosk"}
        if self.status is SignupStatus.WAITLISTED and proposed.status in HOLDS_A_PLACE:
            return {"status": "the waitlist moves up by itself in order; raise the event's capacity to make room"}
        return {}


class EventError(ValueError):
    """A sign-up, cancellation or check-in that cannot be done; the message says why, for staff."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # a short key the kiosk turns into words in the owner's language


@dataclass(frozen=True)
class SignupOutcome:
    """A sign-up just committed: the place it got, or its place on the waitlist (1 = next)."""

    signup: Signup
    event: Event
    waitlist_place: int = 0


@dataclass(frozen=True)
class CheckIn:
    """A pass checked at the door: the sign-up, and whether it had been checked in before."""

    signup: Signup
    event: Event
    already: bool


class EventDesk:
    """Signs units up for events, cancels, moves the waitlist up, checks people in."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def now(self) -> datetime:
        """The desk's clock now (the kiosk asks whether a sign-up window is open)."""
        return self._clock.now()

    def upcoming(self) -> list[Event]:
        """Events still to come (or under way), soonest first, cancelled ones left out."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            events = tx.find(Event)
        coming = [e for e in events if e.status is EventStatus.OPEN and (e.ends or e.starts) >= now]
        return sorted(coming, key=lambda e: (e.starts, e.id))

    def get(self, event_id: str) -> Event | None:
        """The event with this ID, or None."""
        with self._store.transaction() as tx:
            return tx.get(Event, event_id)

    def signup(self, signup_id: str) -> Signup | None:
        """The sign-up with this ID (whatever its status), or None."""
        with self._store.transaction() as tx:
            return tx.get(Signup, signup_id)

    def signups(self, event_id: str) -> list[Signup]:
        """An event's sign-ups in the order they were made."""
        with self._store.transaction() as tx:
            return _signups(tx, event_id)

    def signups_of_unit(self, unit_id: str) -> list[Signup]:
        """A unit's sign-ups that still count (not cancelled), in the order they were made."""
        with self._store.transaction() as tx:
            return self.signups_of_unit_in(tx, unit_id)

    def waitlist_place(self, signup: Signup) -> int:
        """Where a waitlisted sign-up stands in its event's waitlist (1 = next); 0 when it is not waiting."""
        if signup.status is not SignupStatus.WAITLISTED:
            return 0
        waiting = [s for s in self.signups(signup.event) if s.status is SignupStatus.WAITLISTED]
        return next((n for n, s in enumerate(waiting, start=1) if s.id == signup.id), 0)

    def sign_up(
        self, event_id: str, unit_id: str, unit_label: str, people: int, *, lang: str = "zh", print_pass: bool = True
    ) -> SignupOutcome:
        """Sign a unit up with some people: a place if they fit and nobody waits, else the waitlist.

        A pass is journalled for printing only when the sign-up holds a place.
        """
        now = self._clock.now()
        with self._store.transaction() as tx:
            event = tx.get(Event, event_id)
            if event is None:
                raise EventError("unknown", f"there is no event {event_id}")
            if not event.signup_open(now):
                raise EventError("closed", f"sign-up for {event.title('en')} is not open now")
            if not 1 <= people <= event.per_unit:
                raise EventError("too-many", f"{event.title('en')} takes 1 to {event.per_unit} people per unit")
            signups = _signups(tx, event_id)
            if any(s.unit == unit_id and s.status in ACTIVE for s in signups):
                raise EventError("already", f"{unit_label or unit_id} is already signed up for {event.title('en')}")
            taken = sum(s.people for s in signups if s.status in HOLDS_A_PLACE)
            waiting = [s for s in signups if s.status is SignupStatus.WAITLISTED]
            fits = not waiting and taken + people <= event.capacity
            signup = Signup(
                id=tx.new_id(self._ids, Signup),
                event=event.id,
                event_title=event.title("zh")[:80],
                unit=unit_id,
                unit_label=unit_label,
                people=people,
                pass_number=f"{tx.next_in_sequence(f'event-pass:{self._ids.site_code}'):04d}",
                line=tx.next_in_sequence(f"event-line:{event.id}"),
                signed_at=now,
                status=SignupStatus.SIGNED_UP if fits else SignupStatus.WAITLISTED,
            )
            tx.put(signup, actor="kiosk", at=now)
            if fits and print_pass:
                tx.add_print_job(EVENT_PASS, signup.id, {"lang": lang}, at=now)
            event = _count(tx, event, [*signups, signup], now)
        return SignupOutcome(signup, event, 0 if fits else len(waiting) + 1)

    def cancel(self, signup_id: str, *, actor: str = "kiosk") -> list[Signup]:
        """Cancel a sign-up and move the waitlist up into the places it frees; returns who moved up."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            signup = tx.get(Signup, signup_id)
            if signup is None:
                raise EventError("unknown", f"there is no sign-up {signup_id}")
            if signup.status not in (SignupStatus.SIGNED_UP, SignupStatus.WAITLISTED):
                raise EventError(signup.status.value, f"pass {signup.pass_number} is {signup.status.value}")
            tx.put(_changed(signup, status=SignupStatus.CANCELLED), actor=actor, at=now)
            return self._move_up(tx, signup.event, now)

    def move_waitlists_up(self) -> list[Signup]:
        """Fill every event's free places from its waitlist, e.g. after staff raised a capacity or
        cancelled a sign-up in the sheet; idempotent, so it runs after every sync."""
        now = self._clock.now()
        moved: list[Signup] = []
        with self._store.transaction() as tx:
            for event in tx.find(Event):
                if (event.ends or event.starts) >= now:
                    moved += self._move_up(tx, event.id, now)
        return moved

    def check_in(self, code: str, *, actor: str) -> CheckIn:
        """Mark a pass attended, found by its pass number or its sign-up ID (the QR code carries the ID)."""
        code = code.strip().upper()
        now = self._clock.now()
        with self._store.transaction() as tx:
            signup = tx.get(Signup, code)
            if signup is None and code.isdigit():
                found = tx.find(Signup, "json_extract(body, '$.pass_number') = ?", (code.zfill(4),))
                signup = found[0] if found else None
            if signup is None:
                raise EventError("unknown", f"no pass {code}")
            event = tx.get(Event, signup.event)
            if event is None:
                raise EventError("unknown", f"pass {signup.pass_number} is for an event no longer in the sheet")
            if signup.status is SignupStatus.ATTENDED:
                return CheckIn(signup, event, already=True)
            if signup.status is not SignupStatus.SIGNED_UP:
                raise EventError(signup.status.value, f"pass {signup.pass_number} is {signup.status.value}, "
                                 "not signed up")
            attended = _changed(signup, status=SignupStatus.ATTENDED, attended_at=now)
            tx.put(attended, actor=actor, at=now)
        return CheckIn(attended, event, already=False)

    def print_pass(self, signup_id: str, lang: str) -> None:
        """Journal a pass again (after moving up from the waitlist, or a lost one)."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            signup = tx.get(Signup, signup_id)
            if signup is None or signup.status not in HOLDS_A_PLACE:
                raise EventError("no-place", f"sign-up {signup_id} holds no place")
            tx.add_print_job(EVENT_PASS, signup.id, {"lang": lang}, at=now)

    def _move_up(self, tx: Transaction, event_id: str, now: datetime) -> list[Signup]:
        event = tx.get(Event, event_id)
        signups = _signups(tx, event_id)
        if event is None:
            return []
        moved: list[Signup] = []
        if event.status is EventStatus.OPEN:
            taken = sum(s.people for s in signups if s.status in HOLDS_A_PLACE)
            for waiting in (s for s in signups if s.status is SignupStatus.WAITLISTED):
                if taken + waiting.people > event.capacity:
                    break  # strictly in order: a smaller party behind does not jump the line
                up = _changed(waiting, status=SignupStatus.SIGNED_UP, moved_up_at=now)
                tx.put(up, actor="waitlist", at=now)
                moved.append(up)
                taken += waiting.people
        if moved:
            by_id = {s.id: s for s in moved}
            signups = [by_id.get(s.id, s) for s in signups]
        _count(tx, event, signups, now)
        return moved

    def unit_facts(self, unit_id: str) -> list[str]:
        """The console's "Next events: …" line for a unit; empty when it is signed up for none."""
        now = self._clock.now()
        with self._store.transaction() as tx:
            parts = []
            for signup in self.signups_of_unit_in(tx, unit_id):
                event = tx.get(Event, signup.event)
                if event is None or (event.ends or event.starts) < now:
                    continue
                state = {SignupStatus.WAITLISTED: "waitlisted", SignupStatus.ATTENDED: "attended"}.get(
                    signup.status, f"pass {signup.pass_number}")
                parts.append(f"{event.title('en')} {event.starts:%m-%d %H:%M} ({signup.people}, {state})")
        return [f"Next events 活动: {'; '.join(parts)}"] if parts else []

    @staticmethod
    def signups_of_unit_in(tx: Transaction, unit_id: str) -> list[Signup]:
        """A unit's active sign-ups, read inside a transaction."""
        found = tx.find(Signup, "json_extract(body, '$.unit') = ?", (unit_id,))
        return sorted((s for s in found if s.status in ACTIVE), key=lambda s: s.signed_at)


def _signups(tx: Transaction, event_id: str) -> list[Signup]:
    found = tx.find(Signup, "json_extract(body, '$.event') = ?", (event_id,))
    return sorted(found, key=lambda s: (s.line, s.signed_at, s.id))


def _count(tx: Transaction, event: Event, signups: list[Signup], now: datetime) -> Event:
    """Keep the event's "Places taken" and "On waitlist" columns true; written only when they change."""
    taken = sum(s.people for s in signups if s.status in HOLDS_A_PLACE)
    waiting = sum(s.people for s in signups if s.status is SignupStatus.WAITLISTED)
    if (event.taken, event.waiting) == (taken, waiting):
        return event
    counted = Event.model_validate({**event.model_dump(), "taken": taken, "waiting": waiting})
    tx.put(counted, actor="kiosk", at=now)
    return counted


def _changed(signup: Signup, **changes: Any) -> Signup:
    return Signup.model_validate({**signup.model_dump(), **changes})
