"""What the staff pages need from the rest of the site, passed in by the wiring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from admin.announcer import Announcer
from admin.sections import ConsoleSection, UnitFacts
from desk.clock import Clock
from desk.credentials import Credentials
from desk.queue import QueueDesk
from desk.units import UnitDirectory

if TYPE_CHECKING:  # the gate is NiceGUI's side; the sync child loads this module without it
    from admin.auth import StaffGate


@dataclass
class AdminContext:
    """The services and settings the staff console and the lobby display run on."""

    community_name: Callable[[], str]  # read at each redraw: staff may rename it in the Settings tab
    queue: QueueDesk
    units: UnitDirectory
    credentials: Credentials
    announcer: Announcer
    clock: Clock
    print_pin_slip: Callable[[str, str], None]
    open_alerts: Callable[[], list[str]]
    gate: StaffGate  # every staff action passes it, with the live session
    sections: list[ConsoleSection] = field(default_factory=list)  # staff pages besides the queue
    unit_facts: list[UnitFacts] = field(default_factory=list)  # lines about a called owner's unit
    notices: Callable[[], list[str]] = lambda: []  # what the lobby display scrolls
    display_refresh_seconds: float = 1.0
    console_refresh_seconds: float = 2.0
