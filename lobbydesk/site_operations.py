"""The wiring of the site's own health into one site: the Operations page, ``/healthz``'s facts, e-mail alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from admin.sections import ConsoleSection
from desk.health import Finding, HealthFacts, check_health
from lobbydesk.area import Area
from lobbydesk.health_facts import CachedFacts, gather_facts, health_limits

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.health_watch import HealthWatch
    from lobbydesk.site import Site


class OperationsArea(Area):
    """How the site is doing, gathered from its settings' store, disk and backups by the site's clock."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.limits = health_limits(site.settings)
        self.facts = CachedFacts(self.gather)

    def gather(self) -> HealthFacts:
        """Look now (blocks)."""
        return gather_facts(self.site.settings, self.site.clock.now())

    def findings(self) -> list[Finding]:
        """The checks on recent facts (blocks when it must gather)."""
        return check_health(self.facts.get(), self.limits)

    def console_sections(self) -> list[ConsoleSection]:
        """The Operations page."""
        from admin.operations_console import OperationsConsole  # NiceGUI only where the console is served

        return [OperationsConsole(self.facts.get, self.facts.fresh, self.limits).section()]

    def mail_watch(self) -> HealthWatch | None:
        """The watch that mails new troubles, or None when the site has no mail server."""
        if not self.site.settings.smtp_host:
            return None
        from lobbydesk.health_watch import HealthWatch  # NiceGUI's run only where the server runs
        from lobbydesk.mailer import AlertMailer

        mailer = AlertMailer(self.site.settings, self.site.store, self.site.community_name)
        return HealthWatch(self.facts, self.limits, mailer)
