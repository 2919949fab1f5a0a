"""One site's parts built from its settings: the store, the rules, the printer, the workbook."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from desk.clock import Clock
from desk.ids import IdFactory
from desk.queue import QueueDesk
from desk.store import Store
from desk.words import Language
from kiosk.context import KioskContext
from lobbydesk.settings import Settings
from printers.connections import PrinterConnection, connection_from_url
from printers.profile import profile_named
from printers.spool import PrintSpool, QueueTicketRenderer
from sync.backend import WorkbookBackend, backend_from_url
from sync.engine import SYNCED_KINDS, SyncEngine


def workbook_from_settings(settings: Settings) -> WorkbookBackend:
    """The site's workbook backend, not yet opened: the URL, with the Google account and API base if any."""
    return backend_from_url(
        settings.workbook,
        google_service_account=settings.google_service_account,
        google_api_base=settings.google_api_base,
    )


class Site:
    """The wiring of one community's server; :meth:`open` before use, :meth:`close` after."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        ids: IdFactory | None = None,
        printer: PrinterConnection | None = None,
        workbook: WorkbookBackend | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock or Clock(settings.zone)
        self.ids = ids or IdFactory(settings.site_code)
        self.store = Store(settings.store_path)
        self.queue = QueueDesk(self.store, self.clock, self.ids)
        self.printer = printer or connection_from_url(settings.printer)
        self.profile = profile_named(settings.printer_profile)
        self.workbook = workbook or workbook_from_settings(settings)
        self.sync = SyncEngine(self.store, self.workbook, SYNCED_KINDS, self.clock)
        renderer = QueueTicketRenderer(
            store=self.store,
            community_name=settings.community_name,
            status_url=self.status_url,
            profile=self.profile,
            tz=settings.zone,
            default_language=cast(Language, settings.languages[0]),  # settings checked it is zh or en
        )
        self.spool = PrintSpool(self.store, self.printer, self.clock, renderer)

    def open(self) -> None:
        """Open the store and the workbook."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store.open()
        self.workbook.open()

    def close(self) -> None:
        """Close what :meth:`open` opened."""
        self.workbook.close()
        self.store.close()

    def status_url(self, record_id: str) -> str:
        """Where a phone follows a ticket."""
        return f"{self.settings.base_url}/t/{record_id}"

    def print_outcome(self, ref: str) -> str | None:
        """The journal status of the newest print job for a record, or None."""
        with self.store.transaction() as tx:
            return tx.print_job_status(ref)

    def kiosk_context(self, wake_printer: Callable[[], None]) -> KioskContext:
        """What the kiosk pages need, with the print worker's wake-up call."""
        return KioskContext(
            community_name=self.settings.community_name,
            languages=list(self.settings.languages),
            queue=self.queue,
            clock=self.clock,
            status_url=self.status_url,
            print_outcome=self.print_outcome,
            wake_printer=wake_printer,
            idle_seconds=self.settings.idle_seconds,
        )
