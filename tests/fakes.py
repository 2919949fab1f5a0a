"""Small fakes of the outside world, and helpers for reading screens, shared by the stories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nicegui import ui
from nicegui.testing.user import User

from desk.ids import SequentialIds

if TYPE_CHECKING:
    from lobbydesk.site import Site


class FakeMonotonic:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def label_texts(user: User, marker: str) -> list[str]:
    """The texts of the labels a simulated browser shows with this marker."""
    return [element.text for element in user.find(marker=marker).elements if isinstance(element, ui.label)]


# Every tab of a site's workbook, in the order the sync creates them: Settings, one per record kind, Problems.
EVERY_TAB = [
    "Settings", "Queue", "Units", "Residents", "Repairs", "Feedback", "ServiceLevels", "Routing", "EmergencySigns",
    "FeeRules", "MeterReadings", "Charges", "Payments", "Arrears",
    "Notices", "Policies", "Events", "Signups", "Visitors", "MoveIns", "Parcels", "Services",
    "ServiceRequests", "Keys", "Rounds", "RoundVisits", "Votes", "Ballots",
    "Meetings", "Decisions", "Report", "Problems",
]


class ScriptedIds(SequentialIds):
    """Gives the IDs it is told to, in order: random IDs do repeat, and the store must notice."""

    def __init__(self, script: list[str]) -> None:
        super().__init__("SUNNY")
        self.script = list(script)

    def new(self, kind: str) -> str:
        return self.script.pop(0)


def todays_ticket_id(site: Site, number: str) -> str:
    """The ID of today's waiting ticket with this number (the demo's history holds past days' tickets too)."""
    return next(ticket.id for ticket in site.queue.waiting_tickets() if ticket.number == number)
