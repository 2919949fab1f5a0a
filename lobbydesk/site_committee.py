"""The wiring of the owners' committee into one site: votes at the kiosk, their receipts, the managers' page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection
from desk.votes import Vote, VoteDesk
from desk.votes_tally import Tally
from kiosk.features import KioskFeature
from lobbydesk.area import Area
from printers.renderers import RenderJob
from printers.vote_receipt import vote_receipt_renderers

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.site import Site


class CommitteeArea(Area):
    """The owners' votes one site runs, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.votes = VoteDesk(site.store, site.clock, site.ids)

    def renderers(self) -> dict[str, RenderJob]:
        """The vote receipt."""
        site = self.site
        return vote_receipt_renderers(site.store, community_name=site.community_name, profile=site.profile,
                                      tz=site.settings.zone, default_language=site.default_language)

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """The Votes tile, shown while a vote is open."""
        from kiosk.votes_feature import VotesFeature  # NiceGUI only where the kiosk is served

        return [VotesFeature(self.votes, wake_printer)]

    def console_sections(self) -> list[ConsoleSection]:
        """The Votes page."""
        from admin.votes_console import VotesConsole  # NiceGUI only where the console is served

        return [VotesConsole(self.votes, pdf=self.pdf).section()]

    def pdf(self, vote: Vote, counted: Tally) -> bytes:
        """A vote's result as an A4 PDF; NoChineseFontError when the machine has no Chinese font."""
        from lobbydesk.vote_pdf import vote_pdf  # fpdf2 only where a PDF is asked for

        return vote_pdf(vote, counted, community_name=self.site.community_name(), tz=self.site.settings.zone,
                        printed_at=self.site.clock.now())
