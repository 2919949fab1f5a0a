"""The wiring of fees and payments into one site: rules, kiosk tile, notice endpoint, console, receipt, sheet rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection, UnitFacts
from desk.arrears import ArrearsReport
from desk.billing import Billing, BillingOutcome, Period
from desk.ledger_index import LedgerIndex
from desk.payment_qr import PayeeDetails
from desk.payments import RECEIPT, PaymentDesk
from kiosk.features import KioskFeature
from lobbydesk.area import Area
from printers.receipt_renderer import ReceiptRenderer
from printers.renderers import RenderJob

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from admin.payments_console import PaymentsConsole
    from lobbydesk.site import Site


class FeesArea(Area):
    """Everything of fees and payments one site runs, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.payments = PaymentDesk(site.store, site.clock, site.ids)
        self.billing = Billing(site.store, site.clock, site.ids)
        # An index of its own, without payments: the report runs in the sync child, the accounts in the server.
        self.arrears = ArrearsReport(site.store, site.clock, site.ids, LedgerIndex(with_payments=False))

    @cached_property
    def console(self) -> PaymentsConsole:
        """The payments and billing pages, made when the server first asks (the sync child never does)."""
        from admin.payments_console import PaymentsConsole  # NiceGUI only where the console is served

        return PaymentsConsole(self.payments, self.bill, lambda: self.site.clock.now().date())

    def payee(self) -> PayeeDetails:
        """Who is paid and how, as the Settings tab says now."""
        return self.site.site_settings().payee()

    def bill(self, period: Period, dry_run: bool) -> BillingOutcome:
        """Run (or dry-run) the billing of a period with the Settings tab's heating season."""
        return self.billing.run(period, self.site.site_settings().season(), dry_run=dry_run)

    def status_url(self, payment_id: str) -> str:
        """Where a phone follows a payment (the receipt's QR code)."""
        return f"{self.site.settings.base_url}/p/{payment_id}"

    def renderers(self) -> dict[str, RenderJob]:
        """The print kinds this area adds: receipts."""
        site = self.site
        return {RECEIPT: ReceiptRenderer(site.store, community_name=site.community_name, status_url=self.status_url,
                                         profile=site.profile, tz=site.settings.zone,
                                         default_language=site.default_language)}

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """Pay fees."""
        from kiosk.payments_feature import PayFeesFeature  # NiceGUI only where the kiosk is served

        settings = self.site.settings
        return [PayFeesFeature(self.payments, self.payee, webhook_secret=lambda: settings.payment_webhook_secret,
                               status_url=self.status_url, wake_printer=wake_printer)]

    def console_sections(self) -> list[ConsoleSection]:
        """Payments (every clerk) and billing (managers)."""
        return self.console.sections()

    def unit_facts(self) -> list[UnitFacts]:
        """The balance line of a called owner's unit."""
        return [self.console.balance_fact]

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Finish payments staff confirmed in the sheet, then bring the Arrears tab up to date."""
        return [self.settle_confirmed, self.refresh_arrears]

    def settle_confirmed(self) -> None:
        """Receipt numbers and paid charges for payments confirmed in the sheet (idempotent)."""
        self.payments.settle_confirmed()

    def refresh_arrears(self) -> None:
        """Rewrite the Arrears rows that changed (idempotent)."""
        self.arrears.refresh()
