"""The wiring of repairs and feedback into one site: rules, kiosk tiles, phone pages, console, slip, sheet rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection, UnitFacts
from desk.emergencies import seed_emergency_signs
from desk.feedback import FeedbackDesk
from desk.handoff import HandOffs
from desk.ids import IdFactory
from desk.repairs import RepairDesk
from desk.service_levels import seed_service_levels
from kiosk.features import KioskFeature
from kiosk.repairs_context import RepairsKiosk
from lobbydesk.area import Area
from printers.renderers import RenderJob
from printers.repair_renderer import REPAIR_SLIP, RepairSlipRenderer

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from admin.repairs_console import RepairsConsole
    from lobbydesk.site import Site


class RepairsArea(Area):
    """Everything of repairs and feedback one site runs, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.repairs = RepairDesk(site.store, site.clock, site.ids)
        self.feedback = FeedbackDesk(site.store, site.clock, site.ids)
        self.photo_folder = site.settings.data_dir / "photos"
        self.handoffs = HandOffs(site.store, site.clock, self.repairs, self.photo_folder, self.photo_url)

    @cached_property
    def console(self) -> RepairsConsole:
        """The repairs page, made when the server first asks (the sync child never does)."""
        from admin.repairs_console import RepairsConsole  # NiceGUI only where the console is served
        from desk.repair_work import RepairWork

        return RepairsConsole(self.repairs, RepairWork(self.site.store, self.site.clock), self.site.clock,
                              self.site.open_alerts)

    def status_url(self, repair_id: str) -> str:
        """Where a phone follows a repair."""
        return f"{self.site.settings.base_url}/r/{repair_id}"

    def handoff_url(self, token: str) -> str:
        """The one-time phone form."""
        return f"{self.site.settings.base_url}/m/{token}"

    def photo_url(self, photo_name: str) -> str:
        """Where the sheet's Photos column links a photo."""
        return f"{self.site.settings.base_url}/photos/{photo_name}"

    def duty_phone(self) -> str:
        """The 24-hour duty phone as staff last set it in the Settings tab (empty: none)."""
        return self.site.site_settings().duty_phone

    def slip_renderer(self) -> RenderJob:
        """Prints ``repair_slip`` jobs."""
        return RepairSlipRenderer(self.site.store, community_name=self.site.community_name,
                                  status_url=self.status_url, profile=self.site.profile, tz=self.site.settings.zone,
                                  default_language=self.site.default_language, duty_phone=self.duty_phone)

    def renderers(self) -> dict[str, RenderJob]:
        """The print kinds this area adds."""
        return {REPAIR_SLIP: self.slip_renderer()}

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """Report a repair, complaint / suggestion, my requests."""
        from kiosk.feedback_flow import FeedbackFeature  # NiceGUI only where the kiosk is served
        from kiosk.repairs_mine import MyRequestsFeature
        from kiosk.repairs_report import ReportRepairFeature

        kiosk = RepairsKiosk(
            repairs=self.repairs, feedback=self.feedback, handoffs=self.handoffs, units=self.site.units,
            clock=self.site.clock, community_name=self.site.community_name,
            languages=list(self.site.settings.languages), status_url=self.status_url, handoff_url=self.handoff_url,
            photo_folder=self.photo_folder, print_outcome=self.site.print_outcome,
            wake_printer=wake_printer, duty_phone=self.duty_phone,
        )
        return [ReportRepairFeature(kiosk), FeedbackFeature(kiosk), MyRequestsFeature(kiosk)]

    def console_sections(self) -> list[ConsoleSection]:
        """The Repairs and the Feedback pages."""
        from admin.feedback_console import FeedbackConsole  # NiceGUI only where the console is served

        return [self.console.section(), FeedbackConsole(self.console.work, self.site.clock.now).section()]

    def unit_facts(self) -> list[UnitFacts]:
        """The called owner's open repairs."""
        return [self.console.unit_facts]

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Note done repairs, flag overdue ones, close the alerts of emergencies staff have taken; forget old senders.

        Who made an anonymous suggestion is forgotten once the limits no longer need it
        (:meth:`desk.feedback.FeedbackDesk.forget_anonymous_senders`).
        """
        return [self.review, self.forget_anonymous_senders]

    def seed_tabs(self) -> None:
        """Write the default service levels, routing table and emergency signs as rows once (the demo does).

        Staff then edit the rows. A site does not do it by itself: rows appearing after a cycle would be
        changes nobody made. Until the tabs have rows, the same defaults apply from the code. The IDs are
        random even when the site's are sequential (tests, demos), so they do not shift the numbers of
        what owners do next.
        """
        ids = IdFactory(self.site.ids.site_code)
        seed_service_levels(self.site.store, self.site.clock, ids)
        self.feedback.seed_routing(ids)
        seed_emergency_signs(self.site.store, self.site.clock, ids)

    def review(self) -> None:
        """See :meth:`desk.repairs.RepairDesk.review`."""
        self.repairs.review()

    def forget_anonymous_senders(self) -> None:
        """See :meth:`desk.feedback.FeedbackDesk.forget_anonymous_senders`."""
        self.feedback.forget_anonymous_senders()
