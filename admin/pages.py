"""The staff routes: ``/staff/login``, the console ``/staff`` and the lobby display ``/display``."""

from __future__ import annotations

from nicegui import ui

from admin.auth import build_login_page, current_staff
from admin.console import Console
from admin.context import AdminContext
from admin.display import LobbyDisplay


def register_admin_pages(admin: AdminContext) -> None:
    """Add the staff pages to the NiceGUI app."""

    @ui.page("/staff/login")
    def staff_login(next: str = "/staff") -> None:
        ui.page_title(f"{admin.community_name()} · staff")
        build_login_page(admin, next)

    @ui.page("/staff")
    def staff_console() -> None:
        ui.page_title(f"{admin.community_name()} · front desk")
        staff = current_staff(admin)
        if staff is None:
            ui.navigate.to("/staff/login")
            return
        Console(admin, staff).build()

    @ui.page("/display")
    def lobby_display() -> None:
        ui.page_title(f"{admin.community_name()} · now serving")
        LobbyDisplay(admin).build()
