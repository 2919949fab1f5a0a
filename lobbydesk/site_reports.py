"""The wiring of the dashboard and the monthly report into one site: figures, the Report tab, the PDF, the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection
from desk.report_data import ReportDesk, ReportFigures
from desk.report_tab import ReportTab
from lobbydesk.area import Area

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.site import Site


class ReportsArea(Area):
    """The figures one site reports on, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.desk = ReportDesk(site.store, site.clock)
        self.tab = ReportTab(site.store, site.clock, site.ids)

    def pdf(self, figures: ReportFigures, lang: str) -> bytes:
        """The monthly report as an A4 PDF; NoChineseFontError when the machine has no Chinese font."""
        from lobbydesk.report_pdf import report_pdf  # fpdf2 and matplotlib only where a report is asked for

        site = self.site
        return report_pdf(figures, community_name=site.community_name(), lang=lang, tz=site.settings.zone,
                          printed_at=site.clock.now())

    def month_pdf(self, month: str, lang: str) -> bytes:
        """The report of one month (``2026-12``), as of now."""
        return self.pdf(self.desk.figures(self.desk.span(month)), lang)

    @staticmethod
    def pdf_name(figures: ReportFigures, lang: str) -> str:
        """``report-2026-12-zh.pdf``, or ``report-2026-10-2026-12-en.pdf`` for a range."""
        span = figures.span
        months = span.first if span.first == span.last else f"{span.first}-{span.last}"
        return f"report-{months}-{lang}.pdf"

    def console_sections(self) -> list[ConsoleSection]:
        """The Dashboard page (managers)."""
        from admin.dashboard_console import DashboardConsole  # NiceGUI only where the console is served

        return [DashboardConsole(self.desk, pdf=self.pdf, pdf_name=self.pdf_name).section()]

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Bring the Report tab up to date (at most every quarter of an hour)."""
        return [self.refresh_report_tab]

    def refresh_report_tab(self) -> None:
        """Rewrite the Report tab's figures that changed."""
        self.tab.refresh()
