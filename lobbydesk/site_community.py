"""The wiring of the community desk into one site: notices, policies, events, visitors, move-in, owner file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection, UnitFacts
from desk.events import EventDesk
from desk.movein import MoveInDesk
from desk.movein_readings import MoveInReadings
from desk.notices import NoticeBoard
from desk.owner_file import OwnerFiles, OwnersOfRecord
from desk.policies import PolicyBook
from desk.visitors import VisitorDesk
from kiosk.context import SignageSource
from kiosk.features import KioskFeature
from lobbydesk.area import Area
from printers.community_renderers import community_renderers
from printers.renderers import RenderJob

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.site import Site


class CommunityArea(Area):
    """Everything of the community desk one site runs, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.notices = NoticeBoard(site.store, site.clock)
        self.policies = PolicyBook(site.store, site.clock)
        self.events = EventDesk(site.store, site.clock, site.ids)
        self.visitors = VisitorDesk(site.store, site.clock, site.ids)
        self.movein = MoveInDesk(site.store, site.clock, site.ids, site.queue, record_readings=MoveInReadings(site.ids))
        self.owner_files = OwnerFiles(site.store, site.clock)
        self.owners_of_record = OwnersOfRecord(site.store, site.clock)

    def renderers(self) -> dict[str, RenderJob]:
        """Event passes, visitor passes, policy answers."""
        site = self.site
        return community_renderers(site.store, community_name=site.community_name, base_url=site.settings.base_url,
                                   profile=site.profile, tz=site.settings.zone, now=site.clock.now,
                                   default_language=site.default_language)

    def signage(self) -> SignageSource:
        """The idle screen's notices: the lobby shows every building's."""
        return SignageSource(notices=lambda lang: self.notices.texts(lang),
                             after_seconds=self.site.settings.idle_seconds)

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """Events, policies, notices, visitors, move-in."""
        from kiosk.events_feature import EventsFeature  # NiceGUI only where the kiosk is served
        from kiosk.movein_feature import MoveInFeature
        from kiosk.notices_feature import NoticesFeature
        from kiosk.policies_feature import PoliciesFeature
        from kiosk.visitors_feature import VisitorsFeature

        return [
            EventsFeature(self.events, wake_printer, community_name=self.site.community_name,
                          languages=self.site.settings.languages),
            PoliciesFeature(self.policies, wake_printer),
            NoticesFeature(self.notices),
            VisitorsFeature(self.visitors, self.site.units, wake_printer),
            MoveInFeature(self.movein, self.site.units, wake_printer),
        ]

    def console_sections(self) -> list[ConsoleSection]:
        """Events check-in, today's visitors, move-in checklists, owner files."""
        from admin.events_console import EventsConsole
        from admin.movein_console import MoveInConsole
        from admin.owner_file_console import OwnerFileConsole
        from admin.visitors_console import VisitorsConsole

        return [
            ConsoleSection("events", "Events 活动", EventsConsole(self.events).build),
            ConsoleSection("visitors", "Visitors 访客", VisitorsConsole(self.visitors).build),
            ConsoleSection("movein", "Move-in 入住", MoveInConsole(self.movein).build),
            ConsoleSection("owners", "Owner file 业主档案", OwnerFileConsole(self.owner_files).build),
        ]

    def unit_facts(self) -> list[UnitFacts]:
        """The "Next events: …" and open move-in lines for a called owner's unit."""
        return [self.events.unit_facts, self.movein.unit_facts]

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Waitlists move up, move-ins done in the sheet settle, Owner of record follows a sale (in that order)."""
        return [self._move_waitlists_up, self._settle_move_ins, self._follow_owners_of_record]

    def lobby_notices(self) -> list[str]:
        """The lobby display's ticker: every notice showing today."""
        return self.notices.ticker_lines()

    def _move_waitlists_up(self) -> None:
        self.events.move_waitlists_up()

    def _settle_move_ins(self) -> None:
        self.movein.settle_done_in_sheet()

    def _follow_owners_of_record(self) -> None:
        self.owners_of_record.follow_residents()
