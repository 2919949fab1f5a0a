"""What one of the desk's areas (repairs, fees, community life, the handover) hands the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the areas' own modules import NiceGUI only where pages are served
    from admin.context import AdminContext
    from admin.sections import ConsoleSection, UnitFacts
    from kiosk.features import KioskFeature
    from printers.renderers import RenderJob


class Area:
    """An area of the desk: its slips, kiosk tiles, staff pages, unit facts, rules after a sync and lobby notices.

    Each method answers "nothing" here, so an area says only what it has; the site asks every area the
    same questions in the same order.
    """

    def renderers(self) -> dict[str, RenderJob]:
        """The slips it prints, by print-job kind."""
        return {}

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """Its home tiles on the kiosk."""
        return []

    def console_sections(self) -> list[ConsoleSection]:
        """Its staff pages."""
        return []

    def register_pages(self, admin: AdminContext) -> None:
        """Add its pages outside the kiosk and ``/staff/`` (a phone page behind the staff login) to the app."""

    def unit_facts(self) -> list[UnitFacts]:
        """What it tells the console about a called owner's unit."""
        return []

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Its rules that react to the sheet after every cycle (each idempotent)."""
        return []

    def lobby_notices(self) -> list[str]:
        """What it puts on the lobby display's scroll."""
        return []
