"""The wiring of the desk's services into one site: parcels on the shelf, special services, keys in custody."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from admin.sections import ConsoleSection, UnitFacts
from desk.key_custody import KeyDesk
from desk.parcels import ParcelDesk
from desk.special_services import SpecialServices
from kiosk.features import KioskFeature
from lobbydesk.area import Area
from printers.parcel_slips import desk_services_renderers
from printers.renderers import RenderJob

if TYPE_CHECKING:  # the site builds this area; importing it at run time would go round in a circle
    from lobbydesk.site import Site


class DeskServicesArea(Area):
    """Parcels, special services and key custody of one site, built from the site's shared parts."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.parcels = ParcelDesk(site.store, site.clock, site.ids, overdue_days=self._overdue_days,
                                  photo_folder=site.repairs.photo_folder, photo_url=site.repairs.photo_url)
        self.services = SpecialServices(site.store, site.clock, site.ids)
        self.keys = KeyDesk(site.store, site.clock, site.ids)

    def renderers(self) -> dict[str, RenderJob]:
        """Shelf labels, service slips, key receipts."""
        site = self.site
        return desk_services_renderers(site.store, community_name=site.community_name, profile=site.profile,
                                       tz=site.settings.zone, default_language=site.default_language)

    def kiosk_features(self, wake_printer: Callable[[], None]) -> list[KioskFeature]:
        """Special services, and the owner's parcels (which also tells a signed-in owner of them)."""
        from kiosk.parcels_feature import ParcelsFeature  # NiceGUI only where the kiosk is served
        from kiosk.services_feature import SpecialServicesFeature

        return [SpecialServicesFeature(self.services, wake_printer), ParcelsFeature(self.parcels)]

    def console_sections(self) -> list[ConsoleSection]:
        """Parcels at the desk; service requests and keys."""
        from admin.parcels_console import ParcelsConsole
        from admin.services_console import ServicesConsole

        find_unit = self.site.community.owner_files.find_unit
        overdue_days = self._overdue_days
        return [
            ConsoleSection("parcels", "Parcels 包裹", ParcelsConsole(self.parcels, find_unit, overdue_days).build),
            ConsoleSection("services", "Services 特约服务",
                           ServicesConsole(self.services, self.keys, find_unit, self.site.clock).build),
        ]

    def _overdue_days(self) -> int:
        return self.site.site_settings().parcel_overdue_days

    def unit_facts(self) -> list[UnitFacts]:
        """"2 parcels waiting" for a called owner's unit."""
        return [self._parcel_facts]

    def after_sync_steps(self) -> list[Callable[[], None]]:
        """Colour parcels left too long and keys held past their date."""
        return [self.parcels.flag_overdue, self.keys.flag_expired]

    def _parcel_facts(self, unit_id: str) -> list[str]:
        waiting = self.parcels.waiting(unit_id)
        if not waiting:
            return []
        codes = ", ".join(f"{p.pickup_code} ({p.shelf})" if p.shelf else p.pickup_code for p in waiting)
        return [f"{len(waiting)} parcels waiting 包裹待取: {codes}"]
