"""The staff routes: ``/staff/login``, the console ``/staff`` and the lobby display ``/display``."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from nicegui import ui

from admin.auth import StaffPage
from admin.console import Console
from admin.context import AdminContext
from admin.display import LobbyDisplay
from admin.frame import staff_header
from admin.login import build_login_page
from admin.sections import ConsoleSection


def register_admin_pages(admin: AdminContext) -> None:
    """Add the staff pages to the NiceGUI app."""

    @ui.page("/staff/login")
    def staff_login(request: Request, next: str = "/staff") -> None:
        ui.page_title(f"{admin.community_name()} · staff")
        # Behind a reverse proxy this is the proxy's, unless uvicorn trusts its X-Forwarded-For (forwarded_allow_ips).
        build_login_page(admin, next, address=request.client.host if request.client else "")

    @ui.page("/staff")
    def staff_console() -> None:
        ui.page_title(f"{admin.community_name()} · front desk")
        staff = admin.gate.current()
        if staff is None:
            ui.navigate.to("/staff/login")
            return
        Console(admin, StaffPage(admin.gate, staff)).build()

    for section in admin.sections:
        _register_section(admin, section)

    @ui.page("/display")
    def lobby_display() -> None:
        ui.page_title(f"{admin.community_name()} · now serving")
        LobbyDisplay(admin).build()


def _register_section(admin: AdminContext, section: ConsoleSection) -> None:
    @ui.page(f"/staff/{section.path}")
    def staff_section(request: Request) -> None:
        ui.page_title(f"{admin.community_name()} · {section.title}")
        staff = admin.gate.current()
        if staff is None:
            # The whole address, query included: a scanned pass (?checkin=ID) still checks in after login.
            wanted = f"/staff/{section.path}" + (f"?{request.url.query}" if request.url.query else "")
            ui.navigate.to(f"/staff/login?next={quote(wanted, safe='/')}")
            return
        page = StaffPage(admin.gate, staff, section.roles)
        staff_header(admin.community_name, page, admin.sections, here=section.path)
        if staff.role not in section.roles:
            ui.label("This page is for managers 仅限经理").classes("text-xl p-6").mark("not-allowed")
            return
        section.build(page)
