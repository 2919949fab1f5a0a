"""The staff routes: ``/staff/login``, the console ``/staff`` and the lobby display ``/display``."""

from __future__ import annotations

from nicegui import ui

from admin.auth import build_login_page, current_staff
from admin.console import Console
from admin.context import AdminContext
from admin.display import LobbyDisplay


def register_admin_pages(admin: AdminContext) -> None:
    """Add the staff pages to the NiceGUI app."""

    @ui.page("/staff/login", title=f"{admin.community_name} · staff")
    def staff_login(next: str = "/staff") -> None:
        build_login_page(admin, next)

    @ui.page("/staff", title=f"{admin.community_name} · front desk")
    def staff_console() -> None:
        staff = current_staff(admin)
        if staff is None:
            ui.navigate.to("/staff/login")
            return
        Console(admin, staff).build()

    @ui.page("/display", title=f"{admin.community_name} · now serving")
    def lobby_display() -> None:
        LobbyDisplay(admin).build()
