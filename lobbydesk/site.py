"""One site's parts built from its settings: the store, the rules, the printer, the workbook."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

from admin.announcer import Announcer
from admin.context import AdminContext
from admin.sections import ConsoleSection, UnitFacts
from desk.clock import Clock
from desk.credentials import Credentials
from desk.ids import IdFactory
from desk.print_journal import NOT_PRINTED
from desk.queue import QueueDesk, Service, ServiceConfig
from desk.signin import SignIn
from desk.site_settings import SiteSettings, current_site_settings
from desk.staff_sessions import StaffSessions
from desk.store import PrintJob, Store, Transaction
from desk.units import UnitDirectory
from desk.words import Language, in_language
from kiosk.context import KioskContext
from kiosk.features import KioskFeature
from lobbydesk.area import Area
from lobbydesk.settings import Settings
from lobbydesk.site_committee import CommitteeArea
from lobbydesk.site_community import CommunityArea
from lobbydesk.site_desk_services import DeskServicesArea
from lobbydesk.site_fees import FeesArea
from lobbydesk.site_handover import HandoverArea
from lobbydesk.site_operations import OperationsArea
from lobbydesk.site_repairs import RepairsArea
from lobbydesk.site_reports import ReportsArea
from lobbydesk.site_rounds import RoundsArea
from printers.connections import NoPrinter, PrinterConnection, PrinterUnavailable, connection_from_url
from printers.profile import profile_named
from printers.renderers import QUEUE_TICKET, RendererByKind, RenderJob, job_language
from printers.spool import PrintSpool, QueueTicketRenderer
from sync.backend import WorkbookBackend
from sync.engine import SYNCED_KINDS, SyncEngine
from sync.urls import backend_from_url

log = logging.getLogger(__name__)

# After quiet cycles the rules after the sync still run this often, for those that follow the clock.
RULES_AT_LEAST_EVERY = timedelta(minutes=1)


def workbook_from_settings(settings: Settings) -> WorkbookBackend:
    """The site's workbook backend, not yet opened: the URL, with the Google account and API base if any."""
    return backend_from_url(
        settings.workbook,
        google_service_account=settings.google_service_account,
        google_api_base=settings.google_api_base,
        xlsx_read_helper=settings.sync_read_helper,
    )


class Site:
    """The wiring of one community's server; :meth:`open` before use and :meth:`close` after, or use ``with``."""

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
        # A site built only from its settings can be built again in another process (the sync child).
        self.rebuildable = (clock, ids, printer, workbook) == (None, None, None, None) and not (
            settings.workbook.startswith("memory:")
        )
        self.clock = clock or Clock(settings.zone)
        self.ids = ids or IdFactory(settings.site_code)
        # What the workbook's Settings tab starts with, before staff change anything.
        self.site_defaults = SiteSettings(community_name=settings.community_name)
        self.store = Store(settings.store_path, clock=self.clock)  # an upgrade's notices dated in local time
        self.queue = QueueDesk(self.store, self.clock, self.ids, services=self._service_configs,
                               no_show_after_minutes=settings.no_show_minutes)
        self.units = UnitDirectory(self.store, self.clock)
        self.credentials = Credentials(self.store, self.clock)
        self.sign_in = SignIn(self.units, self.credentials, settings.lobby_screen_networks)
        self.announcer = Announcer()
        self.printer = printer or connection_from_url(settings.printer)
        self.profile = profile_named(settings.printer_profile, chinese_text=settings.printer_chinese)
        self.workbook = workbook or workbook_from_settings(settings)
        self.sync = SyncEngine(
            self.store, self.workbook, SYNCED_KINDS, self.clock,
            ids=self.ids, site_defaults=self.site_defaults,
        )
        self.default_language = cast(Language, settings.languages[0])  # settings checked it is zh or en
        self.repairs = RepairsArea(self)
        self.fees = FeesArea(self)
        self.community = CommunityArea(self)
        self.handover = HandoverArea(self)
        self.operations = OperationsArea(self)
        self.desk_services = DeskServicesArea(self)
        self.committee = CommitteeArea(self)
        self.reports = ReportsArea(self)
        self.rounds = RoundsArea(self)
        # Asked in this order for tiles, staff pages, facts, rules and notices.
        self._rules_run_at: datetime | None = None  # when the rules after the sync last ran
        self.areas: list[Area] = [self.repairs, self.fees, self.community, self.handover, self.operations,
                                  self.desk_services, self.committee, self.reports, self.rounds]
        renderers: dict[str, RenderJob] = {QUEUE_TICKET: self._queue_ticket}
        for area in self.areas:
            renderers.update(area.renderers())
        self.spool = PrintSpool(self.store, self.printer, self.clock, RendererByKind(renderers))

    def site_settings(self) -> SiteSettings:
        """The Settings tab's values as the sync last took them (staff edits apply without a restart)."""
        with self.store.transaction() as tx:
            return current_site_settings(tx, self.site_defaults)

    def _service_configs(self, tx: Transaction) -> dict[Service, ServiceConfig]:
        """Letters, counters and usual minutes from the Settings tab, read in the queue's transaction."""
        return current_site_settings(tx, self.site_defaults).service_configs()

    def community_name(self) -> str:
        """The community's name as staff last set it in the Settings tab."""
        return self.site_settings().community_name

    def open(self) -> None:
        """Open the store and the workbook."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store.open()
        self.workbook.open()

    def close(self) -> None:
        """Close what :meth:`open` opened."""
        self.workbook.close()
        self.store.close()

    def __enter__(self) -> Site:
        self.open()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def status_url(self, record_id: str) -> str:
        """Where a phone follows a ticket."""
        return f"{self.settings.base_url}/t/{record_id}"

    def _queue_ticket(self, job: PrintJob) -> bytes:
        """A queue ticket whose QR code opens ``/t/<ID>`` in the language the ticket was taken in, as on screen."""
        language = job_language(job, self.default_language)
        renderer = QueueTicketRenderer(
            store=self.store,
            community_name=self.community_name,
            status_url=lambda ticket_id: in_language(self.status_url(ticket_id), language),
            profile=self.profile,
            tz=self.settings.zone,
            default_language=self.default_language,
        )
        return renderer(job)

    def print_outcome(self, ref: str) -> str | None:
        """The journal status of the newest print job for a record, or None.

        Without a printer a job is ``not printed`` from the start, so the screen says so at once
        instead of "printing" until the spool's next pass closes the job.
        """
        with self.store.transaction() as tx:
            status = tx.print_job_status(ref)
        if status in ("queued", "failed") and isinstance(self.printer, NoPrinter):
            return NOT_PRINTED
        return status

    def kiosk_context(self, wake_printer: Callable[[], None]) -> KioskContext:
        """What the kiosk pages need, with the print worker's wake-up call."""
        return KioskContext(
            community_name=self.community_name,
            languages=list(self.settings.languages),
            queue=self.queue,
            clock=self.clock,
            status_url=self.status_url,
            print_outcome=self.print_outcome,
            wake_printer=wake_printer,
            sign_in=self.sign_in,
            site_settings=self.site_settings,
            idle_seconds=self.settings.idle_seconds,
            features=self.kiosk_features(wake_printer),
            signage=self.rounds.signage(self.community.signage()),
        )

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """The kiosk's home tiles besides taking a number, each with the services it runs on."""
        return [feature for area in self.areas for feature in area.kiosk_features(wake_printer)]

    def console_sections(self) -> list[ConsoleSection]:
        """The staff pages besides the queue console."""
        from admin.search_console import SearchConsole  # NiceGUI only where the console is served
        from desk.search import search

        finder = SearchConsole(lambda typed: search(self.store, typed, self.clock.now()), self.clock.now)
        return [*(section for area in self.areas for section in area.console_sections()), finder.section()]

    def unit_facts(self) -> list[UnitFacts]:
        """What the console says about a called owner's unit besides its residents."""
        return [facts for area in self.areas for facts in area.unit_facts()]

    def after_sync(self, *, quiet: bool = False) -> None:
        """Act on what staff changed in the sheet (a payment confirmed, a repair done); after every cycle.

        Each step must be idempotent: a cycle that fails halfway runs them all again next time. After a
        ``quiet`` cycle (the workbook and the store as the last full cycle left them) nothing new came from
        the sheet, so the steps run only once a minute, for the rules that follow the clock (a parcel
        overdue, a round missed): on the large demo they cost 0.7 s of CPU, too much for every idle look.
        """
        now = self.clock.now()
        if quiet and self._rules_run_at is not None and now - self._rules_run_at < RULES_AT_LEAST_EVERY:
            return
        self._rules_run_at = now
        for step in self.after_sync_steps():
            try:
                step()
            except Exception:  # one rule failing must not hold up the others; it runs again next cycle
                log.exception("acting on the sheet's changes failed in %s; the next cycle retries", step)

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """The rules that react to the sheet, in order."""
        return [step for area in self.areas for step in area.after_sync_steps()]

    def lobby_notices(self) -> list[str]:
        """The notices the lobby display scrolls now."""
        return [notice for area in self.areas for notice in area.lobby_notices()]

    def admin_context(self) -> AdminContext:
        """What the staff console and the lobby display need."""
        from admin.auth import StaffGate

        return AdminContext(
            community_name=self.community_name,
            queue=self.queue,
            units=self.units,
            credentials=self.credentials,
            announcer=self.announcer,
            clock=self.clock,
            print_pin_slip=self.print_pin_slip,
            open_alerts=self.open_alerts,
            gate=StaffGate(StaffSessions(self.clock)),
            sections=self.console_sections(),
            unit_facts=self.unit_facts(),
            notices=self.lobby_notices,
        )

    def open_alerts(self) -> list[str]:
        """What staff must see to now (the printer is out of paper, ...)."""
        with self.store.transaction() as tx:
            return [alert.message for alert in tx.open_alerts()]

    def print_pin_slip(self, unit_id: str, pin: str) -> None:
        """Print a unit's new PIN straight away; raises PrinterUnavailable if it cannot.

        A PIN slip never goes through the print journal: the journal is stored, and a PIN must
        never be stored in the clear.
        """
        from printers.layouts import pin_slip
        from printers.slips import PinSlip

        if isinstance(self.printer, NoPrinter):
            raise PrinterUnavailable("this site has no printer")
        unit = self.units.get(unit_id)
        language = self.default_language
        slip = PinSlip(
            community_name=self.community_name(),
            pin=pin,
            purpose="kiosk sign-in" if language == "en" else "自助机登录",
            unit=unit.label if unit else unit_id,
            issued_at=self.clock.now(),
            language=language,
        )
        self.printer.send(pin_slip(slip, self.profile))
