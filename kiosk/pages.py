"""The kiosk's routes: the lobby screen ``/``, the phone status page ``/t/<ID>``, and the features' own."""

from __future__ import annotations

from nicegui import ui

from kiosk.context import KioskContext
from kiosk.frame import KIOSK_CSS, KIOSK_PRIMARY
from kiosk.screen import KioskScreen
from kiosk.status_page import TicketStatusView


def register_pages(kiosk: KioskContext) -> None:
    """Add the kiosk's pages to the NiceGUI app."""

    @ui.page("/")
    def lobby_screen() -> None:
        ui.page_title(kiosk.community_name())
        ui.add_css(KIOSK_CSS)
        ui.colors(primary=KIOSK_PRIMARY)
        KioskScreen(kiosk).start()

    @ui.page("/t/{ticket_id}")
    def ticket_status(ticket_id: str, lang: str = "") -> None:
        ui.page_title(kiosk.community_name())
        ui.colors(primary=KIOSK_PRIMARY)
        TicketStatusView(kiosk, ticket_id, lang).build(kiosk.status_refresh_seconds)

    for feature in kiosk.features:
        feature.register_pages()
