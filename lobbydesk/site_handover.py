"""The wiring of the shift handover into one site: the summary's rules, its slip, its console page."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection
from desk.handover import HANDOVER, HandoverDesk, HandoverSummary, OpeningHours
from desk.site_settings import current_site_settings
from desk.store import Transaction
from lobbydesk.area import Area
from printers.handover_slip import handover_renderer
from printers.renderers import RenderJob

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.site import Site


class HandoverArea(Area):
    """The handover one site runs, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.desk = HandoverDesk(site.store, site.clock, opening_hours=self.opening_hours)

    def opening_hours(self, tx: Transaction) -> OpeningHours:
        """The desk's hours as staff last set them in the Settings tab (a shift starts at the first)."""
        return current_site_settings(tx, self.site.site_defaults).opening_hours

    def renderers(self) -> dict[str, RenderJob]:
        """The handover slip."""
        site = self.site
        return {HANDOVER: handover_renderer(community_name=site.community_name, profile=site.profile,
                                            tz=site.settings.zone, now=site.clock.now)}

    def pdf(self, summary: HandoverSummary) -> bytes:
        """The summary as an A4 PDF; NoChineseFontError when the machine has no Chinese font."""
        from lobbydesk.handover_pdf import handover_pdf  # fpdf2 only where a PDF is asked for

        return handover_pdf(summary, community_name=self.site.community_name(), tz=self.site.settings.zone,
                            printed_at=self.site.clock.now())

    def pdf_name(self, summary: HandoverSummary) -> str:
        """``handover-2026-11-27-1230.pdf``: the shift's end, in the site's zone."""
        until: datetime = summary.until.astimezone(self.site.settings.zone)
        return f"handover-{until:%Y-%m-%d-%H%M}.pdf"

    def console_sections(self) -> list[ConsoleSection]:
        """The Handover page."""
        from admin.handover_console import HandoverConsole  # NiceGUI only where the console is served

        site = self.site
        console = HandoverConsole(self.desk, pdf=self.pdf, pdf_name=self.pdf_name,
                                  print_now=site.spool.send_pending, print_outcome=site.print_outcome,
                                  tz=site.settings.zone)
        return [console.section()]
