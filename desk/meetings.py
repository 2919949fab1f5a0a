"""The owners' committee's meetings and the decisions they took, as staff keep them in the workbook.

Staff type both tabs (rows come from staff); lobbydesk only reads them: the console and the monthly
report list the decisions still open, and flag those past their due date. Consultations and votes
are another feature's; a meeting here is only its date, agenda, attendees and minutes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from desk.records import Owner, Record, column


class MeetingStatus(enum.StrEnum):
    """Whether a meeting is ahead, took place or was called off."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Meeting(Record):
    """One meeting of the owners' committee with the property office."""

    TAB = "Meetings"
    ID_KIND = "MT"
    ROWS_FROM = Owner.STAFF

    held_on: date = column("Date", Owner.STAFF)
    agenda: str = column("Agenda", Owner.STAFF, default="", max_length=1000)
    attendees: str = column("Attendees", Owner.STAFF, default="", max_length=500)
    minutes: str = column("Minutes", Owner.STAFF, default="", max_length=5000)
    status: MeetingStatus = column("Status", Owner.STAFF, default=MeetingStatus.PLANNED)


class DecisionStatus(enum.StrEnum):
    """A decision is open until whoever is responsible has carried it out."""

    OPEN = "open"
    DONE = "done"


class Decision(Record):
    """One decision a meeting took: what, who carries it out, by when, and whether it is done."""

    TAB = "Decisions"
    ID_KIND = "DC"
    ROWS_FROM = Owner.STAFF

    meeting: str = column("Meeting", Owner.STAFF, default="", max_length=40)  # the meeting's ID or date
    text: str = column("Decision", Owner.STAFF, min_length=1, max_length=1000)
    responsible: str = column("Responsible", Owner.STAFF, default="", max_length=60)
    due: date | None = column("Due", Owner.STAFF, default=None)
    status: DecisionStatus = column("Status", Owner.STAFF, default=DecisionStatus.OPEN)


@dataclass(frozen=True)
class OpenDecision:
    """A decision still open, with the meeting that took it and whether it is past due."""

    decision: Decision
    meeting_date: date | None
    overdue: bool


def open_decisions(decisions: list[Decision], meetings: list[Meeting], today: date) -> list[OpenDecision]:
    """The open decisions, overdue first, then by due date (none last), then by meeting."""
    dated = {m.id: m.held_on for m in meetings}
    found = [
        OpenDecision(d, dated.get(d.meeting) or _date_in(d.meeting), d.due is not None and d.due < today)
        for d in decisions
        if d.status is DecisionStatus.OPEN
    ]
    return sorted(found, key=lambda o: (not o.overdue, o.decision.due or date.max, o.meeting_date or date.max,
                                        o.decision.id))


def _date_in(text: str) -> date | None:
    """A meeting named by its date (``2026-11-20``) rather than its ID."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
