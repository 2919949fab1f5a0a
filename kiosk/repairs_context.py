"""What the repair and feedback screens and the phone pages need from the site, passed in by the wiring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desk.clock import Clock
from desk.feedback import FeedbackDesk
from desk.handoff import HandOffs
from desk.repairs import RepairDesk
from desk.units import UnitDirectory


@dataclass
class RepairsKiosk:
    """The rules, addresses and folders of one site's repairs and feedback."""

    repairs: RepairDesk
    feedback: FeedbackDesk
    handoffs: HandOffs
    units: UnitDirectory
    clock: Clock
    community_name: Callable[[], str]
    languages: list[str]
    status_url: Callable[[str], str]  # a repair's phone page /r/<ID>
    handoff_url: Callable[[str], str]  # the phone form /m/<token>
    photo_folder: Path
    print_outcome: Callable[[str], str | None]
    wake_printer: Callable[[], None]
    duty_phone: Callable[[], str]  # the 24-hour duty phone staff set, shown in an emergency ("" for none)
    print_wait_seconds: float = 15.0
    status_refresh_seconds: float = 3.0
